"""``nn-playground race``: train 2-4 networks that differ in one setting, one line each.

The train command's options give the shared settings; ``--vary SETTING=A,B`` the one that
differs. The variants train in turn from the same initial weights and the same order of
examples, then each prints its test loss (named, since two losses are not on one scale) and
accuracy.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys

from playground.arguments import output_file
from playground.atomic_file import write_text_atomically
from playground.commands.errors import EXIT_DIVERGED, EXIT_OK, CommandError

CSV_COLUMNS = ("variant", "loss_function", "test_loss", "test_accuracy", "updates", "epochs")


def _variation(text: str):
    from playground.training.race import parse_variation

    try:
        return parse_variation(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The race's own options, added after (and over) the train command's."""
    p.add_argument(
        "--vary",
        type=_variation,
        required=True,
        metavar="SETTING=A,B",
        help="The one setting that differs and its 2 to 4 values: activation, loss, optimizer, "
        "learning_rate, batch_size or depth (hidden layers as wide as the first), e.g. "
        "activation=sigmoid,relu.",
    )
    p.add_argument(
        "--csv",
        type=output_file,
        default=None,
        metavar="PATH",
        help="Also write the result lines to this CSV file.",
    )
    # A race saves no model and measures the test set once, at the end.
    p.add_argument("--save", help=argparse.SUPPRESS, default=None)
    p.add_argument("--test-every-epoch", help=argparse.SUPPRESS, action="store_true")


def _line(result, width: int) -> str:
    if result.diverged:
        return f"{result.name:<{width}}  diverged after {result.updates} updates"
    return (
        f"{result.name:<{width}}  test loss {result.test_loss:.4f} ({result.loss_name})  "
        f"accuracy {result.test_accuracy:.4f}  {result.updates} updates"
    )


def _csv_text(results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        loss = "" if not math.isfinite(r.test_loss) else f"{r.test_loss:.6g}"
        acc = "" if not math.isfinite(r.test_accuracy) else f"{r.test_accuracy:.6g}"
        writer.writerow([r.name, r.loss_name, loss, acc, r.updates, f"{r.epochs:.6g}"])
    return out.getvalue()


def _progress(epochs: int):
    """A line on stderr each time the race completes an epoch: every variant's last loss."""
    printed = [0]

    def on_tick(race) -> None:
        done = race.seen // race.n
        if done > printed[0]:
            printed[0] = done
            losses = ", ".join(
                f"{v.name} {'diverged' if v.diverged else f'{v.loss.last:.4f}'}"
                for v in race.variants
            )
            print(f"epoch {done}/{epochs}: mini-batch loss {losses}", file=sys.stderr, flush=True)

    return on_tick


def run(args: argparse.Namespace) -> int:
    from playground.commands.common import dataset_or_fail
    from playground.commands.train import _config, _prepare
    from playground.training.race import Race

    if args.save:
        raise CommandError("a race saves no model; train the variant you want with 'train --save'")
    if args.test_every_epoch:
        raise CommandError("a race measures the test set once, at the end; use 'train' for more")
    variation = args.vary
    dataset = dataset_or_fail(args.dataset, args.image_size)
    base = _config(args)
    if variation.setting == "batch_size":
        args.batch_size = min(variation.values)  # checked against the data as the train command
    data = _prepare(args, base, dataset)
    try:
        race = Race(base, variation, data, default_rates=args.learning_rate is None)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    names = ", ".join(v.name for v in race.variants)
    print(
        f"Racing {names} on {race.n} {dataset.name} examples for {base.epochs} "
        f"epoch{'s' if base.epochs != 1 else ''}: same initial weights, same order of examples.",
        file=sys.stderr,
        flush=True,
    )
    race.run(_progress(base.epochs))
    results = race.results()
    width = max(len(r.name) for r in results)
    for result in results:
        print(_line(result, width), flush=True)
    if args.csv:
        write_text_atomically(args.csv, _csv_text(results), newline="")
    return EXIT_DIVERGED if all(r.diverged for r in results) else EXIT_OK
