"""The bundled MNIST digits, loaded like ``keras.datasets.mnist.load_data()``.

The first load decompresses the four IDX files, checks them against ``SHA256SUMS.uncompressed``
and stores the arrays in the user cache; later loads read that cache (a few hundred
milliseconds at most) and fall back to the bundled files if it is missing or damaged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from playground.data import cache
from playground.data.checksums import read_sums
from playground.data.dataset import IMAGE_SHAPE, Dataset, DatasetError
from playground.data.idx import read_idx
from playground.resources import resource_path

FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
SUMS_FILE = "SHA256SUMS.uncompressed"
CLASS_NAMES = tuple(str(d) for d in range(10))

Arrays = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def mnist_dir() -> Path:
    return resource_path("mnist")


def _find(folder: Path, stem: str) -> Path:
    # Some copies (Kaggle's) spell the names "train-images.idx3-ubyte".
    dotted = stem.replace("-idx", ".idx")
    for name in (f"{stem}.gz", stem, f"{dotted}.gz", dotted):
        if (folder / name).is_file():
            return folder / name
    raise DatasetError(folder / f"{stem}.gz", "no such file")


def check_arrays(source: str | Path, arrays: dict[str, np.ndarray]) -> None:
    """Raise DatasetError unless the four arrays have the MNIST layout and agree in length."""
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.dtype != np.uint8 or x.ndim != 3 or x.shape[1:] != IMAGE_SHAPE:
            raise DatasetError(
                source,
                f"{split} images must be uint8 of shape (n, 28, 28), "
                f"not {x.dtype} {tuple(x.shape)}",
            )
        if y.dtype != np.uint8 or y.ndim != 1:
            raise DatasetError(
                source, f"{split} labels must be uint8 of shape (n,), not {y.dtype} {y.shape}"
            )
        if len(x) != len(y):
            raise DatasetError(
                source, f"{len(x)} {split} images but {len(y)} labels; the counts must agree"
            )
        if len(x) == 0:
            raise DatasetError(source, f"the {split} set is empty")


def read_folder_arrays(folder: Path, sums: dict[str, str] | None) -> dict[str, np.ndarray]:
    """Read the four standard files of ``folder``, verifying them when ``sums`` is given."""
    arrays = {}
    for key, stem in FILES.items():
        path = _find(folder, stem)
        expected = None
        if sums is not None:
            expected = sums.get(stem)
            if expected is None:
                raise DatasetError(folder / SUMS_FILE, f"no checksum for {stem}")
        arrays[key] = read_idx(path, sha256=expected)
    check_arrays(folder, arrays)
    return arrays


def _cache_folder(sums_path: Path) -> Path:
    key = hashlib.sha256(sums_path.read_bytes()).hexdigest()[:16]
    return cache.user_cache_dir() / f"mnist-{key}"


def load_arrays(*, use_cache: bool = True) -> dict[str, np.ndarray]:
    folder = mnist_dir()
    sums_path = folder / SUMS_FILE
    sums = read_sums(sums_path)
    entry = _cache_folder(sums_path) if use_cache else None
    if entry is not None:
        arrays = cache.load_arrays(entry, tuple(FILES))
        if arrays is not None:
            try:
                check_arrays(entry, arrays)
                return arrays
            except DatasetError:
                pass
    arrays = read_folder_arrays(folder, sums)
    if entry is not None:
        cache.save_arrays(entry, arrays)
    return arrays


def load_data(*, use_cache: bool = True) -> Arrays:
    """``((x_train, y_train), (x_test, y_test))``: uint8, (60000, 28, 28), (60000,), ...

    Raises DatasetError if the bundled files are missing, corrupt or fail their checksum.
    """
    a = load_arrays(use_cache=use_cache)
    return (a["x_train"], a["y_train"]), (a["x_test"], a["y_test"])


def load_mnist(*, use_cache: bool = True) -> Dataset:
    (x_train, y_train), (x_test, y_test) = load_data(use_cache=use_cache)
    return Dataset("MNIST", x_train, y_train, x_test, y_test, CLASS_NAMES)
