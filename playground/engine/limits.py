"""How large a network may be: one set of limits for building, saving and loading.

The figures are far above anything the lecture trains (784-500-500-10 has 648,010 parameters)
and far below what makes a laptop swap: weights, gradients and Adam's two slots hold four
float32 copies of every parameter, so MAX_PARAMETERS costs about 320 MB while training. They
are checked from declared sizes (a command-line option, a settings file, a model file's
description) *before* anything is allocated or decompressed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_LAYERS = 1000
MAX_UNITS = 65_536  # units x maxout pieces of one layer; also the widest input
MAX_PARAMETERS = 20_000_000
MAX_CLASSES = 1000  # a confusion matrix of 1000 x 1000 still draws; the output layer's width
MAX_PIECES = 64  # maxout pieces per unit
MAX_ELU_ALPHA = 100.0  # ELU's floor is -alpha; far larger ones overflow float32 in one step


class LimitError(ValueError):
    """A declared size above one of the limits; the message names the limit and why."""


@dataclass(frozen=True)
class LayerShape:
    """What a layer declares before it has weights: inputs, units, maxout pieces."""

    input_dim: int
    units: int
    pieces: int = 1

    @property
    def parameters(self) -> int:
        return (self.input_dim + 1) * self.units * self.pieces


def check_layer_count(count: int) -> None:
    if count > MAX_LAYERS:
        raise LimitError(
            f"{count:,} layers is more than the {MAX_LAYERS:,} this program builds, saves or loads"
        )


def check_width(what: str, width: int) -> None:
    """``what`` ("hidden layer 2", "the input") may have at most MAX_UNITS values."""
    if width > MAX_UNITS:
        raise LimitError(
            f"{what} is {width:,} wide, more than the limit of {MAX_UNITS:,} "
            "(its weights would not fit in memory)"
        )


def check_pieces(pieces: int) -> None:
    if pieces > MAX_PIECES:
        raise LimitError(f"{pieces:,} maxout pieces is more than the limit of {MAX_PIECES}")


def check_classes(count: int) -> None:
    if count > MAX_CLASSES:
        raise LimitError(
            f"{count:,} classes is more than the limit of {MAX_CLASSES:,} "
            "(one output unit and one confusion-matrix row each)"
        )


def check_shapes(shapes: Iterable[LayerShape]) -> int:
    """Check every limit for a network of these layers; returns its parameter count."""
    shapes = list(shapes)
    check_layer_count(len(shapes))
    total = 0
    for number, shape in enumerate(shapes, start=1):
        check_pieces(shape.pieces)
        check_width("the input" if number == 1 else f"the input of layer {number}", shape.input_dim)
        check_width(f"layer {number}", shape.units * shape.pieces)
        total += shape.parameters
    if total > MAX_PARAMETERS:
        raise LimitError(
            f"the network has {total:,} parameters, more than the limit of {MAX_PARAMETERS:,} "
            f"(about {4 * MAX_PARAMETERS * 4 // 1_000_000:,} MB while training with Adam)"
        )
    return total


def check_hidden(input_dim: int, hidden: Iterable[int], n_classes: int, pieces: int = 1) -> int:
    """The limits for an MLP given by its hidden sizes, as the app and the CLI build it."""
    check_classes(n_classes)
    widths = [int(u) for u in hidden]
    check_layer_count(len(widths) + 1)
    shapes = []
    previous = input_dim
    for units in widths:
        shapes.append(LayerShape(previous, units, pieces))
        previous = units
    shapes.append(LayerShape(previous, n_classes, 1))
    return check_shapes(shapes)
