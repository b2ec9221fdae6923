"""``nn-playground``: the desktop app with no arguments, or a headless sub-command.

Only the parser lives here. Command bodies are imported when they run, so ``--help`` is
instant, and commands provided by optional parts (the app's screenshots, exporters,
benchmarks) are imported only when named: a missing part disables its command alone.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from playground import __version__
from playground.commands import option_table
from playground.commands.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    CommandError,
)

PROG = "nn-playground"


class _Parser(argparse.ArgumentParser):
    """Usage mistakes end in one line on stderr and status 2, not a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


@dataclass(frozen=True)
class _External:
    """A sub-command whose arguments and body live in another module."""

    module: str
    add_arguments: str
    main: str
    help: str


EXTERNAL = {
    "screenshot": _External(
        "playground.gui.screenshot",
        "add_arguments",
        "main",
        "Save pictures of the app's window and views as PNG files.",
    ),
    "app-bench": _External(
        "playground.gui.benchmark",
        "add_arguments",
        "main",
        "Measure how fast the app redraws its views while training.",
    ),
    "bench": _External(
        "playground.benchmarks.cli",
        "add_arguments",
        "main",
        "Measure the engine's training speed for several batch sizes.",
    ),
    "speed-lab": _External(
        "playground.commands.speed_lab",
        "add_arguments",
        "main",
        "Time training at batch sizes 1, 10 and 100 as the lecture's Speed slide does.",
    ),
    "regularization-demo": _External(
        "playground.commands.regularization_demo",
        "add_arguments",
        "main",
        "Show overfitting, and dropout and L2 narrowing the train/test gap.",
    ),
    "export-keras": _External(
        "playground.export.cli",
        "add_keras_arguments",
        "main_keras",
        "Write a Keras script that builds the same network as a saved model.",
    ),
    "export-torch": _External(
        "playground.commands.export_torch",
        "add_arguments",
        "main",
        "Write a PyTorch script that builds, loads and trains the same network as a model file.",
    ),
    "export-onnx": _External(
        "playground.export.cli",
        "add_onnx_arguments",
        "main_onnx",
        "Export a saved model to an ONNX file.",
    ),
}


def _command_body(module: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        return importlib.import_module(f"playground.commands.{module}").run(args)

    return run


def _add_train(sub) -> None:
    p = sub.add_parser(
        "train",
        help="Train a network on MNIST (or another IDX data set) and report its test score.",
        description="Train a multilayer perceptron, show a progress bar per epoch, then print "
        "the loss and accuracy on the test set as the lecture's Keras demo does.",
    )
    option_table.add_train_options(p)
    p.set_defaults(func=_command_body("train"))


def _add_race(sub) -> None:
    p = sub.add_parser(
        "race",
        conflict_handler="resolve",  # the race's own --csv and --save replace train's
        help="Train 2-4 networks that differ in one setting and print one line for each.",
        description="Train networks that differ in one setting (--vary) in turn, from the same "
        "initial weights and the same order of examples, and print each one's test loss and "
        "accuracy.",
    )
    option_table.add_train_options(p)  # the train command's options, from the same table
    importlib.import_module("playground.commands.race").add_arguments(p)
    p.set_defaults(func=_command_body("race"))


def _add_evaluate(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="Print a saved model's loss and accuracy on the test set.",
        description="Load a saved model and print its total loss and accuracy on the test "
        "set, as the lecture's model.evaluate slide does.",
    )
    option_table.add_options(p, option_table.EVALUATE_OPTIONS)
    p.set_defaults(func=_command_body("evaluate"))


def _add_robustness(sub) -> None:
    p = sub.add_parser(
        "robustness",
        help="Print a saved model's accuracy on test digits damaged on purpose.",
        description="Damage the test digits with noise, rotation, shift and erased patches "
        "at growing strengths and print the accuracy for each as a table. With --threshold "
        "the network answers 'not sure' when its highest probability is below it.",
    )
    option_table.add_options(p, option_table.ROBUSTNESS_OPTIONS)
    p.set_defaults(func=_command_body("robustness"))


def _add_predict(sub) -> None:
    p = sub.add_parser(
        "predict",
        help="Classify one test digit or a picture of a handwritten digit.",
        description="Load a saved model, classify one image and print the predicted class "
        "with the probability of every class.",
    )
    option_table.add_predict_options(p)
    p.set_defaults(func=_command_body("predict"))


def _unavailable(name: str, spec: _External, exc: Exception) -> Callable[..., int]:
    def run(args: argparse.Namespace) -> int:
        print(
            f"{PROG} {name}: not available in this installation "
            f"({spec.module} cannot be imported: {exc})",
            file=sys.stderr,
        )
        return EXIT_FAILURE

    return run


def _add_external(sub, name: str, spec: _External, load: bool) -> None:
    p = sub.add_parser(name, help=spec.help, description=spec.help)
    if not load:
        return
    try:
        module = importlib.import_module(spec.module)
        add_arguments = getattr(module, spec.add_arguments)
        body = getattr(module, spec.main)
    except (ImportError, AttributeError) as exc:
        # Whatever follows the name is ignored: the command cannot run anyway.
        p.set_defaults(func=_unavailable(name, spec, exc), unavailable=True)
        return
    add_arguments(p)
    p.set_defaults(func=body)


def _named_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in argv (the global options take no values)."""
    for token in argv:
        if token == "--":
            return None
        if not token.startswith("-"):
            return token
    return None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The full parser; an external command's module is imported only if argv names it."""
    parser = _Parser(
        prog=PROG,
        description="A neural-network playground for MNIST. Without a command, opens the "
        "desktop app; the commands below work without a display.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="Show the version."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    _add_train(sub)
    _add_race(sub)
    _add_evaluate(sub)
    _add_robustness(sub)
    _add_predict(sub)
    named = _named_command(argv)
    for name, spec in EXTERNAL.items():
        _add_external(sub, name, spec, load=name == named)
    return parser


def _run_app() -> int:
    try:
        from playground.gui.app import run_app
    except ImportError as exc:
        print(f"{PROG}: the desktop app cannot start ({exc})", file=sys.stderr)
        return EXIT_FAILURE
    return run_app([sys.argv[0] if sys.argv and sys.argv[0] else PROG])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "unavailable", False):
        parser.parse_args(argv)  # reports the unrecognized arguments (status 2)
    if args.command is None:
        return _run_app()
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"{PROG} {args.command}: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print(f"{PROG} {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print(f"{PROG} {args.command}: error: out of memory", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (``... | head``): silence the final flush, as the Python docs
        # recommend, instead of printing a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except OSError as exc:  # a disk that filled up, a folder that vanished, ...
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{PROG} {args.command}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_FAILURE
