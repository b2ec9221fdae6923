"""Neuron surgery: change one weight or bias by hand, switch a unit off, prune the weakest.

Every operation changes the model's arrays in place and returns an ``Undo`` that puts the old
values back, so a view can try a change, show the new prediction and test accuracy at once,
and take it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Undo:
    """The old values of the cells an operation changed: ``undo()`` restores them."""

    changes: list[tuple[np.ndarray, tuple, np.ndarray]] = field(default_factory=list)

    def keep(self, array: np.ndarray, index: tuple) -> None:
        self.changes.append((array, index, np.array(array[index], copy=True)))

    def undo(self) -> None:
        for array, index, old in reversed(self.changes):
            array[index] = old
        self.changes.clear()


def _layer(model, layer: int):
    if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < len(model.layers):
        raise ValueError(f"layer must be 0..{len(model.layers) - 1}, got {layer!r}")
    return model.layers[layer]


def _finite(value: float) -> float:
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"a weight must be a finite number, got {value!r}")
    return value


def set_weight(model, layer: int, row: int, column: int, value: float) -> Undo:
    """kernel[row, column] of ``layer`` = value: the weight from input ``row`` to unit
    ``column``."""
    kernel = _layer(model, layer).kernel
    if not (0 <= row < kernel.shape[0] and 0 <= column < kernel.shape[1]):
        raise ValueError(f"no weight ({row}, {column}) in a kernel of shape {kernel.shape}")
    undo = Undo()
    undo.keep(kernel, (row, column))
    kernel[row, column] = _finite(value)
    return undo


def set_bias(model, layer: int, unit: int, value: float) -> Undo:
    bias = _layer(model, layer).bias
    if not 0 <= unit < bias.shape[0]:
        raise ValueError(f"no unit {unit} in a layer of {bias.shape[0]}")
    undo = Undo()
    undo.keep(bias, (unit,))
    bias[unit] = _finite(value)
    return undo


def switch_off(model, layer: int, unit: int) -> Undo:
    """Silence hidden unit ``unit`` of ``layer``: the next layer's weights from it become 0,
    so whatever it outputs no longer reaches anything (true for every activation)."""
    dense = _layer(model, layer)
    if layer == len(model.layers) - 1:
        raise ValueError("the output layer's units cannot be switched off; pick a hidden layer")
    if dense.activation == "maxout" or not 0 <= unit < dense.units:
        raise ValueError(f"no unit {unit} to switch off in layer {layer}")
    undo = Undo()
    undo.keep(model.layers[layer + 1].kernel, (unit, slice(None)))
    model.layers[layer + 1].kernel[unit, :] = 0
    return undo


def prune_weakest(model, fraction: float, layer: int | None = None) -> Undo:
    """Set the ``fraction`` of weights with the smallest size to 0, in each layer (or one)."""
    fraction = float(fraction)
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction!r}")
    undo = Undo()
    indices = range(len(model.layers)) if layer is None else [layer]
    for i in indices:
        kernel = _layer(model, i).kernel
        count = round(fraction * kernel.size)
        if count == 0:
            continue
        weakest = np.unravel_index(np.argsort(np.abs(kernel), axis=None)[:count], kernel.shape)
        undo.keep(kernel, weakest)
        kernel[weakest] = 0
    return undo
