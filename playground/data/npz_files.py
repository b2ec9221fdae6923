"""A NumPy ``.npz`` in the layout of Keras' cached ``mnist.npz``: x_train, y_train, x_test,
y_test (the test pair optional: without it a seventh is held out).

Each member's header is read and checked before any data, so a declared shape that does not
match the member's real size, a compressed member that would unpack to more than the limit,
pickled objects or odd dtypes are refused with a message instead of filling memory.
"""

from __future__ import annotations

import lzma
import zipfile
import zlib
from pathlib import Path

import numpy as np

from playground.data.assemble import (
    CLASS_NAMES_FILE,
    build_dataset,
    read_class_names,
    square_side,
)
from playground.data.dataset import Dataset, DatasetError
from playground.data.loading import MAX_EXAMPLES, MAX_FILE_BYTES, LoadOptions, check_file_size

KEYS = ("x_train", "y_train", "x_test", "y_test")
# What a damaged archive raises inside zipfile (unknown method or version, bad stream).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
)


def _read_member(archive: zipfile.ZipFile, path: Path, key: str) -> np.ndarray:
    info = archive.getinfo(f"{key}.npy")
    if info.file_size > MAX_FILE_BYTES:
        raise DatasetError(path, f"{key} would unpack to {info.file_size:,} bytes, too many")
    try:
        with archive.open(info) as f:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version in ((2, 0), (3, 0)):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise ValueError(f"unknown .npy version {version}")
            if dtype.hasobject or dtype.kind not in "iuf" or dtype.itemsize > 8:
                raise DatasetError(path, f"{key} holds {dtype}; numbers are needed")
            count = int(np.prod(shape, dtype=np.int64)) if shape else 1
            nbytes = count * dtype.itemsize
            if nbytes > info.file_size:
                raise DatasetError(
                    path, f"{key} declares shape {shape} but the file holds fewer values"
                )
            array = np.empty(count, dtype=dtype)
            # a ZipExtFile reads straight into the array (typed as a plain IO by zipfile)
            got = f.readinto(memoryview(array).cast("B")) if nbytes else 0  # type: ignore[attr-defined, arg-type]
    except (*_ZIP_ERRORS, ValueError) as exc:
        if isinstance(exc, DatasetError):
            raise
        raise DatasetError(path, f"{key} is damaged ({exc})") from None
    if got != nbytes:
        raise DatasetError(path, f"{key} is cut short")
    return array.reshape(shape, order="F" if fortran else "C")


def _images(path: Path, key: str, x: np.ndarray) -> np.ndarray:
    """(n, h, w), (n, h, w, 1) or flat (n, pixels) images as uint8 (n, side, side)."""
    if x.ndim == 4 and x.shape[3] == 1:
        x = x[..., 0]
    if x.ndim == 2:
        side = square_side(x.shape[1], path)
        x = x.reshape(len(x), side, side)
    if x.ndim != 3 or x.shape[1] != x.shape[2]:
        raise DatasetError(
            path, f"{key} has shape {x.shape}; square images (n, side, side) are needed"
        )
    square_side(x.shape[1] * x.shape[2], path)
    if len(x) > MAX_EXAMPLES:
        raise DatasetError(path, f"{key} has more than {MAX_EXAMPLES:,} images")
    if x.dtype == np.uint8:
        return np.ascontiguousarray(x)
    if not np.isfinite(x).all():
        raise DatasetError(path, f"{key} holds values that are not finite")
    low, high = (float(x.min()), float(x.max())) if x.size else (0.0, 0.0)
    if x.dtype.kind == "f" and low >= 0.0 and high <= 1.0:
        return np.round(x * 255.0).astype(np.uint8)
    if low < 0 or high > 255:
        raise DatasetError(path, f"{key} pixels lie in {low:g}..{high:g}, not 0..255 or 0..1")
    return np.round(x).astype(np.uint8)


def load_npz(path: str | Path, options: LoadOptions | None = None) -> Dataset:
    """x_train, y_train (and x_test, y_test) from ``path``; class names from a
    ``class_names.txt`` beside it."""
    path = Path(path)
    options = options or LoadOptions()
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            missing = [k for k in ("x_train", "y_train") if f"{k}.npy" not in members]
            if missing:
                raise DatasetError(
                    path, f"no {' or '.join(missing)} in the archive (it needs {', '.join(KEYS)})"
                )
            has_test = {"x_test.npy", "y_test.npy"} <= members
            arrays = {}
            for i, key in enumerate(KEYS if has_test else KEYS[:2]):
                options.tick(path, i, 4)
                arrays[key] = _read_member(archive, path, key)
    except _ZIP_ERRORS as exc:
        raise DatasetError(path, f"not a readable .npz archive ({exc})") from None
    x_train = _images(path, "x_train", arrays["x_train"])
    if arrays["y_train"].shape != (len(x_train),):
        raise DatasetError(
            path, f"y_train has shape {arrays['y_train'].shape}; one label per image is needed"
        )
    test = None
    if has_test:
        x_test = _images(path, "x_test", arrays["x_test"])
        if x_test.shape[1:] != x_train.shape[1:]:
            raise DatasetError(path, "x_test's images differ in size from x_train's")
        if arrays["y_test"].shape != (len(x_test),):
            raise DatasetError(
                path, f"y_test has shape {arrays['y_test'].shape}; one label per image is needed"
            )
        test = (x_test, arrays["y_test"])
    names = read_class_names(path.with_name(CLASS_NAMES_FILE))
    options.tick(path, 4, 4)
    return build_dataset(path.stem, path, (x_train, arrays["y_train"]), test, names, options)
