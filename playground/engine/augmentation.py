"""Image augmentation as Keras's layers: ``RandomRotation`` and ``RandomTranslation``.

The network sees flat rows of pixels; these layers view each row as a square image (784 =
28 x 28), turn or shift it by a random amount and flatten it again. They only change training
batches and must come before the first Dense layer. ``transform`` is the shared arithmetic: for
every output pixel it looks up where that pixel came from and mixes the four pixels around
that point (bilinear interpolation); points outside the image are filled as ``fill_mode`` says.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .training_layers import TrainingLayer

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("bilinear", "nearest")
_CHUNK = 1024  # images per block, so damaging a whole test set needs little memory


def image_side(width: int) -> int:
    """The side of the square image a row of ``width`` pixels holds (ValueError if none)."""
    side = math.isqrt(width)
    if side * side != width:
        raise ValueError(f"{width} inputs are not a square image; augmentation needs one")
    return side


def _fix(index: np.ndarray, n: int, fill_mode: str) -> np.ndarray:
    """Map pixel indices outside 0..n-1 back inside (constant fill is handled by the caller)."""
    if fill_mode == "reflect":  # d c b a | a b c d | d c b a
        index = np.mod(index, 2 * n)
        return np.where(index >= n, 2 * n - 1 - index, index)
    if fill_mode == "wrap":
        return np.mod(index, n)
    return np.clip(index, 0, n - 1)


def _sample(images, ys, xs, fill_mode, fill_value):
    """images[k, ys, xs] for integer coordinates, with the fill outside."""
    side = images.shape[1]
    rows = np.arange(len(images))[:, None, None]
    value = images[rows, _fix(ys, side, fill_mode), _fix(xs, side, fill_mode)]
    if fill_mode == "constant":
        inside = (ys >= 0) & (ys < side) & (xs >= 0) & (xs < side)
        value = np.where(inside, value, fill_value)
    return value


def transform(
    x: np.ndarray,
    degrees: np.ndarray | float,
    dx: np.ndarray | float,
    dy: np.ndarray | float,
    fill_mode: str = "constant",
    interpolation: str = "bilinear",
    fill_value: float = 0.0,
) -> np.ndarray:
    """Rows of ``x`` as images turned counter-clockwise by ``degrees`` about the centre, then
    moved ``dx`` pixels right and ``dy`` down (one value per row, or one for all)."""
    n, width = x.shape
    side = image_side(width)
    out = np.empty_like(x)
    params = [np.broadcast_to(np.asarray(v, np.float64), (n,)) for v in (degrees, dx, dy)]
    centre = (side - 1) / 2
    r, c = np.mgrid[0:side, 0:side].astype(np.float64) - centre
    for lo in range(0, n, _CHUNK):
        images = x[lo : lo + _CHUNK].reshape(-1, side, side)
        angle, tx, ty = (
            np.radians(p[lo : lo + _CHUNK]) if i == 0 else p[lo : lo + _CHUNK]
            for i, p in enumerate(params)
        )
        cos, sin = np.cos(angle)[:, None, None], np.sin(angle)[:, None, None]
        # Where each output pixel comes from: undo the shift, then turn back.
        cc, rr = c - tx[:, None, None], r - ty[:, None, None]
        xs = cos * cc - sin * rr + centre
        ys = sin * cc + cos * rr + centre
        if interpolation == "nearest":
            value = _sample(
                images, np.rint(ys).astype(int), np.rint(xs).astype(int), fill_mode, fill_value
            )
        else:
            x0, y0 = np.floor(xs).astype(int), np.floor(ys).astype(int)
            wx, wy = xs - x0, ys - y0
            value = sum(
                _sample(images, y0 + j, x0 + i, fill_mode, fill_value)
                * (wx if i else 1 - wx)
                * (wy if j else 1 - wy)
                for i in (0, 1)
                for j in (0, 1)
            )
        out[lo : lo + _CHUNK] = value.reshape(len(images), width)
    return out


def _range(name: str, factor: Any) -> tuple[float, float]:
    """Keras's factor: a number f means (-f, f); a pair is (lower, upper)."""
    pair = (-factor, factor) if isinstance(factor, (int, float)) else tuple(factor)
    if len(pair) != 2 or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in pair):
        raise ValueError(f"{name} must be a number or a (lower, upper) pair, got {factor!r}")
    lower, upper = float(min(pair)), float(max(pair))
    if lower < -1 or upper > 1:
        raise ValueError(f"{name} must lie between -1 and 1, got {factor!r}")
    return lower, upper


class _ImageLayer(TrainingLayer):
    input_only = True

    def __init__(self, fill_mode, interpolation, seed, fill_value, name):
        super().__init__(seed, name)
        if fill_mode not in FILL_MODES:
            raise ValueError(f"fill_mode must be one of {', '.join(FILL_MODES)}, got {fill_mode!r}")
        if interpolation not in INTERPOLATIONS:
            raise ValueError(
                f"interpolation must be one of {', '.join(INTERPOLATIONS)}, got {interpolation!r}"
            )
        self.fill_mode, self.interpolation = fill_mode, interpolation
        self.fill_value = float(fill_value)

    def _apply(self, x, degrees, dx, dy):
        return transform(x, degrees, dx, dy, self.fill_mode, self.interpolation, self.fill_value)

    def _fill_settings(self) -> dict[str, Any]:
        return {
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "fill_value": self.fill_value,
        }


class RandomRotation(_ImageLayer):
    """Turns each training image by a random angle drawn uniformly from ``factor`` times a
    full turn: ``factor=0.04`` is up to about 15 degrees either way."""

    class_name = "RandomRotation"

    def __init__(
        self,
        factor,
        fill_mode="reflect",
        interpolation="bilinear",
        seed=None,
        fill_value=0.0,
        name=None,
    ):
        super().__init__(fill_mode, interpolation, seed, fill_value, name)
        self.factor = _range("factor", factor)

    def call(self, x):
        degrees = 360.0 * self.rng.uniform(*self.factor, size=len(x))
        return self._apply(x, degrees, 0.0, 0.0)

    def settings(self):
        return {"factor": list(self.factor), **self._fill_settings()}


class RandomTranslation(_ImageLayer):
    """Moves each training image by a random amount: up to ``height_factor`` of its height
    down or up and ``width_factor`` of its width right or left."""

    class_name = "RandomTranslation"

    def __init__(
        self,
        height_factor,
        width_factor,
        fill_mode="reflect",
        interpolation="bilinear",
        seed=None,
        fill_value=0.0,
        name=None,
    ):
        super().__init__(fill_mode, interpolation, seed, fill_value, name)
        self.height_factor = _range("height_factor", height_factor)
        self.width_factor = _range("width_factor", width_factor)

    def call(self, x):
        side = image_side(x.shape[1])
        dy = side * self.rng.uniform(*self.height_factor, size=len(x))
        dx = side * self.rng.uniform(*self.width_factor, size=len(x))
        return self._apply(x, 0.0, dx, dy)

    def settings(self):
        return {
            "height_factor": list(self.height_factor),
            "width_factor": list(self.width_factor),
            **self._fill_settings(),
        }
