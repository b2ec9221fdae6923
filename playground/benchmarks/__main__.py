"""``python -m playground.benchmarks``: the same as ``nn-playground bench``."""

import argparse

from playground.benchmarks.cli import add_arguments, main

parser = argparse.ArgumentParser(prog="python -m playground.benchmarks")
add_arguments(parser)
raise SystemExit(main(parser.parse_args()))
