"""The activation functions the concept views draw, taken from the engine itself.

The views must show exactly what the network computes, so f and f' come from
``playground.engine.activations``. Maxout is drawn as the lecture draws it, for one input x:
its k linear pieces w_i x + b_i are fed to the engine's maxout as one unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from playground.engine import activations


def forward(name: str, z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    return np.asarray(activations.get(name, alpha=alpha).forward(z), dtype=np.float64)


def derivative(name: str, z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    return np.asarray(activations.get(name, alpha=alpha).derivative(z), dtype=np.float64)


@dataclass(frozen=True)
class Piece:
    """One linear piece w*x + b of a maxout unit."""

    w: float
    b: float


def maxout(x: np.ndarray, pieces: Sequence[Piece]) -> tuple[np.ndarray, np.ndarray]:
    """max_i(w_i x + b_i) and its derivative d/dx (the slope of the winning piece).

    Uses the engine's maxout: one unit whose k pre-activations are the pieces' values.
    """
    x = np.asarray(x, dtype=np.float64)
    z = np.stack([p.w * x + p.b for p in pieces], axis=-1)  # (n, k): k pieces of one unit
    unit = activations.get("maxout", pieces=len(pieces))
    value = np.asarray(unit.forward(z), dtype=np.float64)[:, 0]
    # d max / dz_i is 1 for the winning piece; dz_i / dx = w_i.
    slope = np.asarray(unit.derivative(z), dtype=np.float64) @ np.array([p.w for p in pieces])
    return value, slope


def softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """softmax(z / T) with the engine's softmax: T < 1 sharpens, T > 1 evens out (T > 0)."""
    if not temperature > 0:
        raise ValueError(f"the temperature must be above 0, got {temperature!r}")
    scaled = np.asarray(z, dtype=np.float64) / float(temperature)
    return np.asarray(activations.get("softmax").forward(scaled[None, :]), np.float64)[0]
