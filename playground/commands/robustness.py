"""``nn-playground robustness MODEL``: accuracy on damaged test digits, as a table."""

from __future__ import annotations

import argparse
import math

from playground.commands.common import check_fits, dataset_or_fail, model_or_fail
from playground.commands.errors import EXIT_OK
from playground.data.preprocessing import flatten_scale
from playground.training import robustness


def _percent(value: float) -> str:
    return "-" if math.isnan(value) else f"{100 * value:.1f}%"


def run(args: argparse.Namespace) -> int:
    model = model_or_fail(args.model)
    dataset = dataset_or_fail(args.dataset, args.image_size)
    check_fits(model, dataset)
    x, labels = flatten_scale(dataset.x_test), dataset.y_test.astype(int)
    if args.test_size is not None:
        x, labels = x[: args.test_size], labels[: args.test_size]
    rows = robustness.table(model, x, labels, args.threshold, args.seed)
    sure = args.threshold > 0
    header = f"{'damage':<10}{'level':>12}{'accuracy':>10}"
    if sure:
        header += f"{'answered':>10}{'right when sure':>17}"
    print(
        f"{len(x)} {dataset.name} test digits" + (f", threshold {args.threshold:g}" if sure else "")
    )
    print(header)
    for row in rows:
        unit = robustness.UNITS.get(row.kind, "")
        level = f"{row.level:g} {unit}".strip() if row.kind != "none" else "-"
        line = f"{row.kind:<10}{level:>12}{_percent(row.accuracy):>10}"
        if sure:
            line += f"{_percent(row.answered):>10}{_percent(row.accuracy_when_sure):>17}"
        print(line)
    return EXIT_OK
