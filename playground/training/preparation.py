"""One data-preparation pipeline for the window, the command line and the benchmarks.

From a data set and the run's settings: a per-class subset of the training set, a seeded
validation split, the test subset, flattened and scaled inputs, and the targets the loss
needs. The same settings and seed give the same examples wherever training runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.data.preprocessing import (
    flatten_scale,
    flatten_scale_rows,
    one_hot,
    split_validation,
    stratified_indices,
)
from playground.engine.byte_inputs import Rows
from playground.training.config import TrainingConfig
from playground.training.vocabulary import canonical_loss


@dataclass(frozen=True)
class PreparedData:
    """Float32 inputs of shape (n, features) and integer labels; ``x_val`` is None without
    a validation split. Training and validation images stay bytes, scaled a batch at a time
    (``ByteInputs``: the same numbers in a quarter of the memory)."""

    x_train: Rows
    y_train_labels: np.ndarray
    x_val: Rows | None
    y_val_labels: np.ndarray | None
    x_test: np.ndarray
    y_test_labels: np.ndarray
    image_shape: tuple[int, ...]
    n_classes: int
    sparse: bool  # the loss takes class indices, not one-hot rows

    def targets(self, labels: np.ndarray) -> np.ndarray:
        """What the loss compares the output with: class indices or one-hot rows."""
        if self.sparse:
            return labels.astype(np.int64)
        return one_hot(labels, self.n_classes)

    @property
    def input_dim(self) -> int:
        return int(self.x_train.shape[1])


def subset_indices(
    labels: np.ndarray, n: int, seed: int, note: Callable[[str], None] | None = None
) -> np.ndarray:
    """Same count per class when the classes allow it, else a plain seeded random choice
    (``note`` hears why)."""
    try:
        return stratified_indices(labels, n, seed)
    except ValueError as exc:
        if note is not None:
            note(f"{exc}; taking a random subset instead")
        rng = np.random.default_rng(seed)
        return np.sort(rng.choice(len(labels), n, replace=False))


def prepare(
    dataset, config: TrainingConfig, note: Callable[[str], None] | None = None
) -> PreparedData:
    """The examples a run with ``config`` trains, validates and tests on (ValueError if the
    settings do not fit the data); ``note`` hears of a subset that cannot be per class."""
    x, y = dataset.x_train, np.asarray(dataset.y_train)
    if config.train_size is not None and config.train_size < len(y):
        idx = subset_indices(y, config.train_size, config.seed, note)
        x, y = x[idx], y[idx]
    n_val = config.n_validation(len(dataset.y_train))
    x_val = y_val = None
    if n_val >= 1:
        (x, y), (x_val, y_val) = split_validation(x, y, n_val / len(y), seed=config.seed)
    xt, yt = dataset.x_test, np.asarray(dataset.y_test)
    if config.test_size is not None and config.test_size < len(yt):
        idx = subset_indices(yt, config.test_size, config.seed + 1)
        xt, yt = xt[idx], yt[idx]
    return PreparedData(
        x_train=flatten_scale_rows(x),
        y_train_labels=y.astype(np.intp),
        x_val=None if x_val is None else flatten_scale_rows(x_val),
        y_val_labels=None if y_val is None else y_val.astype(np.intp),
        x_test=flatten_scale(xt),
        y_test_labels=yt.astype(np.intp),
        image_shape=tuple(dataset.x_train.shape[1:]) or (1,),
        n_classes=len(dataset.class_names),
        sparse=canonical_loss(config.loss) == "sparse_categorical_crossentropy",
    )
