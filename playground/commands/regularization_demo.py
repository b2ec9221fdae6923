"""``nn-playground regularization-demo``: the train/test gap of one overfitting run, and of the
same run with dropout, L2 and both (``playground.training.regularization_demo``)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from playground import arguments
from playground.training.regularization_demo import BASE, VARIANTS, describe, measure, table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--train-size",
        type=arguments.positive_int,
        default=BASE.train_size,
        metavar="N",
        help=f"Training digits (default: {BASE.train_size}).",
    )
    parser.add_argument(
        "--epochs",
        type=arguments.positive_int,
        default=BASE.epochs,
        metavar="E",
        help=f"Epochs of each run (default: {BASE.epochs}).",
    )
    parser.add_argument(
        "--seed",
        type=arguments.non_negative_int,
        default=BASE.seed,
        metavar="S",
        help="Seed of every run; the same seed prints the same table (default: 0).",
    )
    parser.add_argument(
        "--only",
        choices=list(VARIANTS),
        action="append",
        metavar="SETTING",
        help="Run only this setting (repeatable; default: all of "
        + ", ".join(repr(v) for v in VARIANTS)
        + ").",
    )


def main(args: argparse.Namespace) -> int:
    from playground.commands.common import dataset_or_fail
    from playground.commands.errors import EXIT_OK, CommandError
    from playground.training.preparation import prepare

    dataset = dataset_or_fail("mnist")
    if args.train_size > len(dataset.y_train):
        raise CommandError(f"--train-size {args.train_size} is more than the MNIST training set")
    base = replace(BASE, train_size=args.train_size, epochs=args.epochs, seed=args.seed)
    data = prepare(dataset, base)
    print(describe(base, len(data.y_test_labels)), flush=True)
    results = []
    for name in args.only or VARIANTS:
        print(f"training: {name} ...", file=sys.stderr, flush=True)
        results.append(measure(name, replace(base, **VARIANTS[name]), data))
    print(table(results))
    return EXIT_OK
