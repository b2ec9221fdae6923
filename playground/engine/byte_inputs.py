"""Inputs kept as bytes and scaled only when rows are taken.

MNIST's 60,000 training images are 47 MB as bytes and 188 MB as float32. ``ByteInputs``
holds the bytes and gives float rows on demand, ``x = byte * scale`` computed in float32
exactly as ``x.astype(np.float32) * np.float32(scale)`` does, so a model trains on the same
numbers, bit for bit, with a quarter of the memory.

``fit``, ``evaluate`` and ``predict`` take a ``ByteInputs`` where they take an array; the
batches they cut from it (``x[lo:hi]``, ``np.take(x, rows, axis=0, out=batch)``) are float
arrays. Anything else that needs the whole array gets it from ``np.asarray(x)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class ByteInputs:
    """``(n, features)`` uint8 values that read as ``value * scale`` in ``dtype``."""

    __slots__ = ("dtype", "raw", "scale")

    def __init__(self, raw: np.ndarray, scale: float, dtype: Any = np.float32) -> None:
        raw = np.asarray(raw)
        if raw.dtype != np.uint8 or raw.ndim != 2:
            raise ValueError(f"ByteInputs holds 2-D uint8 rows, got {raw.dtype} {raw.shape}")
        self.raw = raw
        self.scale = np.float32(scale)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise ValueError(f"ByteInputs reads as floats, not {self.dtype}")

    @property
    def shape(self) -> tuple[int, int]:
        return self.raw.shape

    @property
    def ndim(self) -> int:
        return 2

    @property
    def nbytes(self) -> int:
        return self.raw.nbytes

    def __len__(self) -> int:
        return len(self.raw)

    def __repr__(self) -> str:
        return f"ByteInputs(shape={self.shape}, scale={float(self.scale)!r}, dtype={self.dtype})"

    def with_dtype(self, dtype: Any) -> ByteInputs:
        """The same bytes read as ``dtype`` (the float32 value, rounded to it)."""
        if np.dtype(dtype) == self.dtype:
            return self
        return ByteInputs(self.raw, self.scale, dtype)

    def rows(self, key: slice | np.ndarray) -> ByteInputs:
        """Some rows, still as bytes (no float copy is made)."""
        return ByteInputs(self.raw[key], self.scale, self.dtype)

    def _scaled(self, raw: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        # uint8 times a float32 scalar is float32 arithmetic (NumPy's promotion rules).
        if self.dtype == np.float32:
            return np.multiply(raw, self.scale, out=out)
        values = np.multiply(raw, self.scale).astype(self.dtype)
        if out is None:
            return values
        out[...] = values
        return out

    def __getitem__(self, key) -> np.ndarray:
        """Rows (or entries) as floats: ``x[lo:hi]``, ``x[indices]``, ``x[i, j]``."""
        return self._scaled(self.raw[key])

    def take(self, indices, axis: int = 0, out: np.ndarray | None = None, mode: str = "raise"):
        """Rows by index as floats, into ``out`` if given (what ``np.take`` calls)."""
        if axis != 0:
            raise ValueError("ByteInputs.take takes rows (axis=0) only")
        return self._scaled(np.take(self.raw, indices, axis=0, mode=mode), out)  # type: ignore[call-overload]

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        return self._scaled(self.raw)  # NumPy casts it to a dtype asked for


# Inputs read a batch at a time: a float array, or bytes scaled as they are read.
Rows = np.ndarray | ByteInputs


def as_rows(x) -> Rows:
    """``x`` as an array, or as it is if it is kept as bytes (to be read in batches)."""
    return x if isinstance(x, ByteInputs) else np.asarray(x)
