"""Keras's ``model.summary()`` table: layers, output shapes and parameter counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .layers import Dense


@dataclass(frozen=True)
class LayerSummary:
    """One row of ``summary()``."""

    name: str
    type: str
    output_shape: tuple[int | None, ...]
    params: int
    activation: str
    units: int
    pieces: int


def summary_rows(layers: Sequence[Dense]) -> list[LayerSummary]:
    return [
        LayerSummary(
            name=layer.name or "dense",
            type="Dense",
            output_shape=(None, layer.units),
            params=layer.count_params(),
            activation=layer.activation,
            units=layer.units,
            pieces=layer.pieces,
        )
        for layer in layers
    ]


def summary_lines(name: str, rows: list[LayerSummary], itemsize: int) -> list[str]:
    """The table as Keras prints it, for a model called ``name``."""
    widths = (29, 26, 10)
    rule = "_" * sum(widths)
    lines = [f'Model: "{name}"', rule]
    lines.append(
        f"{' Layer (type)':<{widths[0]}}{'Output Shape':<{widths[1]}}{'Param #':>{widths[2]}}"
    )
    lines.append("=" * sum(widths))
    for index, row in enumerate(rows):
        shape = "(" + ", ".join("None" if d is None else str(d) for d in row.output_shape) + ")"
        kind = row.type if row.activation == "linear" else f"{row.type}, {row.activation}"
        lines.append(
            f"{' ' + row.name + ' (' + kind + ')':<{widths[0]}}{shape:<{widths[1]}}"
            f"{row.params:>{widths[2]},}"
        )
        lines.append(rule if index == len(rows) - 1 else "")
    total = sum(row.params for row in rows)
    size = total * itemsize
    shown = f"{size / 2**20:.2f} MB" if size >= 2**20 else f"{size / 2**10:.2f} KB"
    lines.append(f"Total params: {total:,} ({shown})")
    lines.append(f"Trainable params: {total:,} ({shown})")
    lines.append("Non-trainable params: 0 (0.00 B)")
    return lines
