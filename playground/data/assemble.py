"""Turning arrays read from a user's file into a checked Dataset.

Readers hand over uint8 images and integer labels; here the labels are checked against the
classes, a test set is split off when the source has none, and images are converted to the
chosen square size.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image

from playground.data.dataset import Dataset, DatasetError
from playground.data.loading import MAX_SIDE, LoadOptions
from playground.data.preprocessing import split_validation

# Without a test set of its own, this share of the examples becomes one (MNIST's 10k of 70k).
TEST_FRACTION = 1 / 7
CLASS_NAMES_FILE = "class_names.txt"
MAX_CLASSES = 1000
_MAX_NAMES_BYTES = 1 << 20


def square_side(pixels: int, source: str | Path) -> int:
    """The side of a square image of ``pixels`` pixels, or DatasetError."""
    side = math.isqrt(pixels)
    if side * side != pixels or not 2 <= side <= MAX_SIDE:
        raise DatasetError(
            source,
            f"{pixels} pixels per image do not make a square picture between 2x2 and "
            f"{MAX_SIDE}x{MAX_SIDE} (784 = 28x28 for MNIST)",
        )
    return side


def resize_image(image: Image.Image, side: int) -> np.ndarray:
    """A grey Pillow image as uint8 (side, side): area averaging to shrink, bicubic to grow."""
    if image.size == (side, side):
        return np.asarray(image, dtype=np.uint8)
    shrink = image.width >= side and image.height >= side
    method = Image.Resampling.BOX if shrink else Image.Resampling.BICUBIC
    return np.asarray(image.resize((side, side), method), dtype=np.uint8)


def resize_all(x: np.ndarray, side: int, options: LoadOptions, source: str | Path) -> np.ndarray:
    """uint8 images (n, h, w) converted to (n, side, side), reporting progress."""
    if x.shape[1:] == (side, side):
        return x
    out = np.empty((len(x), side, side), np.uint8)
    for i, image in enumerate(x):
        if i % 1000 == 0:
            options.tick(source, i, len(x))
        out[i] = resize_image(Image.fromarray(image, mode="L"), side)
    return out


def read_class_names(path: Path) -> tuple[str, ...] | None:
    """One class name per line from ``path``; None if there is no such file."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            raw = f.read(_MAX_NAMES_BYTES + 1)
        text = raw.decode("utf-8")
    except OSError as exc:
        raise DatasetError(path, f"cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise DatasetError(path, "class names must be UTF-8 text, one per line") from None
    if len(raw) > _MAX_NAMES_BYTES:
        raise DatasetError(path, "the file of class names is too large")
    names = tuple(line.strip() for line in text.splitlines() if line.strip())
    if not 2 <= len(names) <= MAX_CLASSES:
        raise DatasetError(path, f"name between 2 and {MAX_CLASSES} classes, one per line")
    return names


def labels_as_classes(
    y: np.ndarray, source: str | Path, n_classes: int | None, where: str = ""
) -> np.ndarray:
    """Integer labels as uint8/uint16 class numbers, each in 0..n_classes-1."""
    y = np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iuf":
        raise DatasetError(source, f"labels must be whole numbers, one per image{where}")
    if y.dtype.kind == "f" and not (np.isfinite(y).all() and (y == np.round(y)).all()):
        raise DatasetError(source, f"labels must be whole numbers{where}")
    top = MAX_CLASSES if n_classes is None else n_classes
    bad = np.flatnonzero((y < 0) | (y >= top))
    if bad.size:
        value = y[bad[0]]
        shown = int(value) if y.dtype.kind != "f" else float(value)
        raise DatasetError(
            source,
            f"label {shown} of example {int(bad[0]) + 1}{where} is outside the {top} classes "
            f"(0 to {top - 1})",
        )
    return y.astype(np.uint8 if y.size == 0 or y.max() < 256 else np.uint16)


def build_dataset(
    name: str,
    source: str | Path,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray] | None,
    class_names: tuple[str, ...] | None,
    options: LoadOptions,
    x_predict: np.ndarray | None = None,
) -> Dataset:
    """A Dataset of uint8 images (n, h, w); labels checked, a test set split off if needed."""
    n_classes = len(class_names) if class_names is not None else None
    x_train, y_train = train
    y_train = labels_as_classes(y_train, source, n_classes, " in the training set")
    if len(x_train) < 2:
        raise DatasetError(source, "the training set needs at least 2 examples")
    if test is None:
        # At least one example each side, however small the set.
        fraction = max(TEST_FRACTION, 1 / len(x_train))
        (x_train, y_train), (x_test, y_test) = split_validation(x_train, y_train, fraction, seed=0)
    else:
        x_test = test[0]
        y_test = labels_as_classes(test[1], source, n_classes, " in the test set")
        if len(x_test) == 0:
            raise DatasetError(source, "the test set is empty")
    if class_names is None:
        top = int(max(y_train.max(), y_test.max())) + 1
        class_names = tuple(str(c) for c in range(max(top, 2)))
    counts = np.bincount(y_train, minlength=len(class_names))
    empty = np.flatnonzero(counts[: len(class_names)] == 0)
    if empty.size:
        raise DatasetError(source, f"class {class_names[int(empty[0])]!r} has no training examples")
    side = options.image_size
    if side is not None:
        x_train = resize_all(x_train, side, options, source)
        x_test = resize_all(x_test, side, options, source)
        if x_predict is not None:
            x_predict = resize_all(x_predict, side, options, source)
    return Dataset(name, x_train, y_train, x_test, y_test, tuple(class_names), x_predict)
