"""``Sequential.fit``: epochs of shuffled mini-batches, with Keras's callbacks and validation."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from . import checks, inference
from .byte_inputs import ByteInputs, Rows
from .callbacks import Callback, CallbackList, History

if TYPE_CHECKING:
    from .model import Sequential


def fit(
    model: Sequential,
    x,
    y,
    batch_size: int | None,
    epochs: int,
    verbose: int,
    callbacks: Sequence[Callback] | None,
    validation_split: float,
    validation_data: tuple | None,
    shuffle: bool,
    initial_epoch: int,
) -> History:
    """Train for ``epochs`` passes over the data in mini-batches of ``batch_size`` (32)."""
    model.compiled()
    batch_size = 32 if batch_size is None else checks.positive_int("batch_size", batch_size)
    epochs = checks.positive_int("epochs", epochs)
    x, y, validation = _split_validation(model, x, y, validation_split, validation_data)
    n = len(x)
    if n == 0:
        raise ValueError("there are no training examples")
    steps = math.ceil(n / batch_size)
    history = History()
    params = {"epochs": epochs, "steps": steps, "batch_size": batch_size, "verbose": verbose}
    hooks = CallbackList([history, *(callbacks or [])], model, params)
    model.stop_training = False
    hooks.train_begin({})
    gathered: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    epoch_logs: dict[str, float] = {}
    for epoch in range(initial_epoch, epochs):
        started = time.perf_counter()
        hooks.epoch_begin(epoch, {})
        order = model._shuffle_rng.permutation(n) if shuffle else None
        loss_sum, correct, seen = _epoch(model, x, y, batch_size, order, gathered, hooks)
        epoch_logs = {"loss": loss_sum / seen}
        if model.metrics:
            epoch_logs["accuracy"] = correct / seen
        if model.regularized:  # the penalty's share of "loss", for its own curve
            epoch_logs["regularization_loss"] = model.last_regularization_loss
        if validation is not None:
            with model._lock:
                values = inference.evaluate(model, *validation, max(batch_size, 256))
            epoch_logs["val_loss"] = values[0]
            if model.metrics:
                epoch_logs["val_accuracy"] = values[1]
        hooks.epoch_end(epoch, epoch_logs)
        if verbose:
            seconds = time.perf_counter() - started
            shown = " - ".join(f"{k}: {v:.4f}" for k, v in epoch_logs.items())
            print(f"Epoch {epoch + 1}/{epochs}\n{steps}/{steps} - {seconds:.1f}s - {shown}")
        if model.stop_training:
            break
    hooks.train_end(epoch_logs)
    return history


def _split_validation(
    model: Sequential, x, y, validation_split: float, validation_data: tuple | None
) -> tuple[Rows, np.ndarray, tuple[Rows, np.ndarray] | None]:
    """The checked training arrays and the checked validation pair (None without one)."""
    x, y = model._check_rows_xy(x, y)
    if not 0.0 <= validation_split < 1.0:
        raise ValueError(f"validation_split must be in [0, 1), got {validation_split!r}")
    if validation_data is None and validation_split > 0:
        # Like Keras: the last fraction of the data, taken before any shuffling.
        split_at = int(len(x) * (1.0 - validation_split))
        cut = x.rows if isinstance(x, ByteInputs) else x.__getitem__  # bytes stay bytes
        head, tail = slice(None, split_at), slice(split_at, None)
        return cut(head), y[head], (cut(tail), y[tail])
    if validation_data is None:
        return x, y, None
    x_val, y_val = validation_data[0], validation_data[1]
    return x, y, model._check_rows_xy(x_val, y_val)


def _epoch(model: Sequential, x, y, batch_size, order, gathered, hooks) -> tuple[float, int, int]:
    """One pass over the data; returns (sum of batch losses * sizes, correct, seen)."""
    # One permutation per epoch; each batch is gathered into a reused contiguous array.
    n, loss_sum, correct, seen = len(x), 0.0, 0, 0
    for step in range(math.ceil(n / batch_size)):
        lo, hi = step * batch_size, min(n, (step + 1) * batch_size)
        if order is None:
            xb, yb = x[lo:hi], y[lo:hi]
        else:
            size = hi - lo
            if size not in gathered:
                gathered[size] = (np.empty((size, x.shape[1]), x.dtype), y[:size].copy())
            xb, yb = gathered[size]
            np.take(x, order[lo:hi], axis=0, out=xb, mode="clip")
            np.take(y, order[lo:hi], axis=0, out=yb, mode="clip")
        hooks.batch_begin(step, {})
        with model._lock:
            loss, batch_correct = model._train_step(xb, yb)
        loss_sum += loss * (hi - lo)
        correct += batch_correct
        seen += hi - lo
        batch_logs = {"loss": loss}
        if model.metrics:
            batch_logs["accuracy"] = batch_correct / (hi - lo)
        if model.regularized:
            batch_logs["regularization_loss"] = model.last_regularization_loss
        hooks.batch_end(step, batch_logs)
        if model.stop_training:
            break
    return loss_sum, correct, seen
