"""``Sequential.evaluate`` and ``predict``: the forward pass in batches, without training.

Both run on checked arrays under the model's lock (the caller holds it) and reuse the fast
path's work arrays, which do the same arithmetic as ``Dense.forward``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import losses, regularizers
from .byte_inputs import Rows

if TYPE_CHECKING:
    from .model import Sequential


def evaluate(model: Sequential, x: Rows, y: np.ndarray, batch_size: int) -> list[float]:
    """[mean loss (+ the weight penalty, as Keras adds it), accuracy if asked for]."""
    if len(x) == 0:
        raise ValueError("cannot evaluate on 0 examples")
    loss_fn = model.compiled()[0]
    total, correct = 0.0, 0
    # A diverged network gives inf and NaN outputs: the loss says so, without warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for lo in range(0, len(x), batch_size):
            xb, yb = x[lo : lo + batch_size], y[lo : lo + batch_size]
            buf = model._fast.work_arrays(model.layers, len(xb), model.dtype, training=False)
            out = model._fast.forward(model.layers, xb, buf)
            per_example = loss_fn.per_example(yb, out, buf.z[-1])
            total += float(np.sum(per_example, dtype=np.float64))
            correct += losses.count_correct(yb, out, loss_fn.sparse)
    values = [total / len(x) + regularizers.penalty(model.layers)]
    if model.metrics:
        values.append(correct / len(x))
    return values


def predict(model: Sequential, x: Rows, batch_size: int) -> np.ndarray:
    """The network's outputs for every row of ``x``, shape (n, units)."""
    result = np.empty((len(x), model.output_dim), dtype=model.dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        for lo in range(0, len(x), batch_size):
            xb = x[lo : lo + batch_size]
            buf = model._fast.work_arrays(model.layers, len(xb), model.dtype, training=False)
            result[lo : lo + len(xb)] = model._fast.forward(model.layers, xb, buf)
    return result
