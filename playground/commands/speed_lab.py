"""``nn-playground speed-lab``: the lecture's Speed slide measured on this machine.

Each batch size is warmed up, then trains 10,000 examples three times from the same start;
the line gives the median seconds per epoch with the spread, the updates per epoch and the
learning rate used. The last line orders the batch sizes from the fastest epoch to the slowest,
so several runs can be compared.
"""

from __future__ import annotations

import argparse

from playground.arguments import positive_int
from playground.commands.errors import EXIT_OK, CommandError


def _batch_sizes(text: str) -> tuple[int, ...]:
    sizes = tuple(positive_int(part.strip()) for part in text.split(","))
    if len(set(sizes)) != len(sizes) or not 1 <= len(sizes) <= 6:
        raise argparse.ArgumentTypeError("give 1 to 6 different batch sizes, e.g. 1,10,100")
    return sizes


def add_arguments(p: argparse.ArgumentParser) -> None:
    from playground.training.speed_lab import MIN_SAMPLES, REPEATS

    p.add_argument(
        "--batch-sizes",
        type=_batch_sizes,
        default=(1, 10, 100),
        metavar="B,B,...",
        help="Batch sizes to time (default: 1,10,100).",
    )
    p.add_argument(
        "--repeats",
        type=positive_int,
        default=REPEATS,
        metavar="N",
        help=f"Timings per batch size; the median is shown with the spread (default: {REPEATS}).",
    )
    p.add_argument(
        "--examples",
        type=positive_int,
        default=MIN_SAMPLES,
        metavar="N",
        help=f"Examples each timing trains, at least {MIN_SAMPLES:,} (default: {MIN_SAMPLES:,}, "
        "one epoch of the lab's training set).",
    )


def _line(r) -> str:
    low, high = r.spread
    state = "diverged" if r.diverged else f"last loss {r.final_loss:.3f}"
    return (
        f"batch {r.batch_size:>5,}: {r.seconds_per_epoch:7.2f} s per epoch "
        f"({low:.2f}-{high:.2f} over {len(r.repeat_seconds)}), "
        f"{r.updates_per_epoch:,} updates per epoch, {r.samples_per_second:,.0f} examples/s, "
        f"lr {r.learning_rate:.3g}, {state}"
    )


def main(args: argparse.Namespace) -> int:
    from playground.commands.common import dataset_or_fail
    from playground.training.blas_threads import limit_blas_threads
    from playground.training.speed_lab import (
        LAB_CONFIG,
        MIN_SAMPLES,
        clearly_ordered,
        measure,
        order_by_speed,
        rate_text,
    )

    if args.examples < MIN_SAMPLES:
        raise CommandError(f"--examples {args.examples}: at least {MIN_SAMPLES:,} give a fair time")
    config = LAB_CONFIG.replace(train_size=max(LAB_CONFIG.train_size or 0, args.examples))
    dataset = dataset_or_fail("mnist")
    if max(args.batch_sizes) > config.n_train(len(dataset.y_train)):
        raise CommandError("a batch size is larger than the training set")
    layers = "-".join(map(str, config.hidden))
    print(
        f"Speed lab: 784-{layers}-10 {config.activation}, {config.optimizer}, "
        f"{args.examples:,} examples per timing, warm-up first, median of {args.repeats} "
        "(one BLAS thread; other programs on the machine widen the spread).",
        flush=True,
    )
    print(rate_text(config.learning_rate, args.batch_sizes), flush=True)
    with limit_blas_threads(1):
        results = measure(
            config,
            args.batch_sizes,
            args.examples,
            on_result=lambda r: print(_line(r), flush=True),
            dataset=dataset,
            repeats=args.repeats,
            warm_up=True,
            scale_rates=True,
        )
    order = ", ".join(f"{b:,}" for b in order_by_speed(results))
    apart = "the spreads do not overlap" if clearly_ordered(results) else "the spreads overlap"
    print(f"Fastest epoch to slowest: {order} ({apart})", flush=True)
    return EXIT_OK if results else 1
