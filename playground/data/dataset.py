"""The data set a model trains on, and the one error every loader raises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

IMAGE_SHAPE = (28, 28)  # MNIST's, and what IDX folders must hold


class DatasetError(ValueError):
    """A data-set file or folder that cannot be used; names the path and what is wrong."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class Dataset:
    """Images as uint8 (n, height, width) and labels as uint8 (n,), Keras' MNIST layout.

    ``x_predict`` holds images without labels (a CSV test file as Kaggle gives it), used for
    predictions only; None when there are none.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    x_predict: np.ndarray | None = None

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def input_dim(self) -> int:
        return int(np.prod(self.x_train.shape[1:]))

    @property
    def image_shape(self) -> tuple[int, int]:
        """(height, width) of one image."""
        height, width = self.x_train.shape[1:3]
        return int(height), int(width)

    def class_counts(self) -> np.ndarray:
        """Training examples per class, one count for each of ``class_names``."""
        return np.bincount(self.y_train, minlength=self.num_classes)[: self.num_classes]
