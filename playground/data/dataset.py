"""The data set a model trains on, and the one error every loader raises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

IMAGE_SHAPE = (28, 28)


class DatasetError(ValueError):
    """A data-set file or folder that cannot be used; names the path and what is wrong."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class Dataset:
    """Images as uint8 (n, 28, 28) and labels as uint8 (n,), Keras' MNIST layout."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def input_dim(self) -> int:
        return int(np.prod(self.x_train.shape[1:]))
