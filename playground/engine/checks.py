"""The model's inputs checked once at its boundary, with one clear message each."""

from __future__ import annotations

import math

import numpy as np

from .byte_inputs import ByteInputs, Rows, as_rows
from .losses import Loss


def positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def two_dimensional(x) -> Rows:
    x = as_rows(x)  # bytes are 2-D by construction
    if x.ndim != 2:
        raise ValueError(
            f"x must be a 2-D array (examples, features), got shape {x.shape}; "
            "flatten images first, e.g. x.reshape(len(x), -1)"
        )
    return x


def inputs(x: Rows, input_dim: int, dtype: np.dtype) -> Rows:
    """``x`` as a contiguous array of the model's dtype, with finite values of its width;
    inputs kept as bytes stay bytes, read in the model's dtype."""
    if x.shape[1] != input_dim:
        raise ValueError(
            f"x has {x.shape[1]} features per example, but the model expects {input_dim}"
        )
    if isinstance(x, ByteInputs):  # finite by construction
        return x.with_dtype(dtype)
    x = np.ascontiguousarray(x, dtype=dtype)
    # A float64 sum is finite exactly when every float32 entry is (it cannot overflow),
    # and unlike isfinite(x) it needs no temporary as large as x.
    if not math.isfinite(np.sum(x, dtype=np.float64)):
        raise ValueError("x contains nan or infinite values")
    return x


def targets(y, loss_fn: Loss, units: int, dtype: np.dtype, n: int) -> np.ndarray:
    """``y`` as the loss wants it: integer labels (sparse) or rows of ``units`` values."""
    y = np.asarray(y)
    if loss_fn.sparse:
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            raise ValueError(
                f"sparse_categorical_crossentropy needs integer labels of shape (n,), got "
                f"shape {y.shape}; for one-hot rows use categorical_crossentropy"
            )
        whole = np.issubdtype(y.dtype, np.floating) and bool(np.all(y == np.round(y)))
        if not (np.issubdtype(y.dtype, np.integer) or whole):
            raise ValueError("sparse_categorical_crossentropy needs integer labels")
        if y.size and (y.min() < 0 or y.max() >= units):
            raise ValueError(f"labels must be between 0 and {units - 1}")
        y = np.ascontiguousarray(y, dtype=np.intp)
    else:
        if y.ndim != 2 or y.shape[1] != units:
            raise ValueError(
                f"y has shape {y.shape}, but the model has {units} outputs: give rows of "
                f"{units} values (one-hot for categorical_crossentropy), or integer labels "
                "with loss='sparse_categorical_crossentropy'"
            )
        y = np.ascontiguousarray(y, dtype=dtype)
    if len(y) != n:
        raise ValueError(f"x has {n} examples but y has {len(y)}")
    return y
