"""The robustness lab: accuracy on test digits damaged on purpose, and a confidence threshold.

Four kinds of damage, each with a strength ("level"): Gaussian ``noise`` (its standard
deviation, pixels clipped back to 0..1), ``rotation`` (degrees, turned one way or the other at
random), ``shift`` (pixels, in a random direction) and ``erase`` (a blank square patch of this
side at a random place). Every damage is drawn from ``seed``, so a table can be repeated.

With a ``threshold`` the network may answer "not sure": a digit whose highest probability is
below it is not counted as answered, and ``accuracy_when_sure`` is the accuracy on the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from playground.engine.augmentation import image_side, transform

DAMAGES: tuple[str, ...] = ("noise", "rotation", "shift", "erase")
# The levels the table and the curves use by default, mildest first.
DEFAULT_LEVELS: dict[str, tuple[float, ...]] = {
    "noise": (0.1, 0.2, 0.3, 0.5),
    "rotation": (10.0, 20.0, 30.0, 45.0),
    "shift": (1.0, 2.0, 3.0, 4.0),
    "erase": (4.0, 8.0, 12.0, 16.0),
}
UNITS = {"noise": "std", "rotation": "degrees", "shift": "pixels", "erase": "pixels"}


def damage(x: np.ndarray, kind: str, level: float, seed: int = 0) -> np.ndarray:
    """A damaged copy of the flat images ``x`` (rows of pixels in 0..1)."""
    if kind not in DAMAGES:
        raise ValueError(f"Unknown damage {kind!r}. Choose one of: {', '.join(DAMAGES)}.")
    level = float(level)
    if not np.isfinite(level) or level < 0:
        raise ValueError(f"the level of {kind} must be a number >= 0, got {level!r}")
    rng = np.random.default_rng(seed)
    n = len(x)
    if kind == "noise":
        return np.clip(x + rng.normal(0.0, level, x.shape).astype(x.dtype), 0, 1)
    if kind == "rotation":
        return transform(x, level * rng.choice([-1.0, 1.0], n), 0.0, 0.0)
    if kind == "shift":
        angle = rng.uniform(0, 2 * np.pi, n)
        return transform(x, 0.0, level * np.cos(angle), level * np.sin(angle))
    side = image_side(x.shape[1])
    size = min(round(level), side)
    out = x.copy().reshape(n, side, side)
    tops = rng.integers(0, side - size + 1, n)
    lefts = rng.integers(0, side - size + 1, n)
    for image, top, left in zip(out, tops, lefts, strict=True):
        image[top : top + size, left : left + size] = 0
    return out.reshape(n, -1)


@dataclass(frozen=True)
class RobustnessPoint:
    """The network's answers on one damaged copy of the test digits."""

    kind: str  # "none" for the undamaged digits
    level: float
    accuracy: float  # over all digits
    answered: float  # share with a top probability at or above the threshold
    accuracy_when_sure: float  # over the answered digits (nan when none is answered)


def score(probabilities: np.ndarray, labels: np.ndarray, threshold: float = 0.0) -> tuple:
    """(accuracy, answered share, accuracy when sure) of these outputs."""
    guesses = probabilities.argmax(axis=1)
    right = guesses == labels
    sure = probabilities.max(axis=1) >= threshold
    when_sure = float(right[sure].mean()) if sure.any() else float("nan")
    return float(right.mean()), float(sure.mean()), when_sure


def curve(
    model,
    x: np.ndarray,
    labels: np.ndarray,
    kind: str,
    levels: Sequence[float] | None = None,
    threshold: float = 0.0,
    seed: int = 0,
) -> list[RobustnessPoint]:
    """Accuracy against the strength of one damage (the undamaged digits first, at level 0)."""
    levels = DEFAULT_LEVELS[kind] if levels is None else levels
    points = [RobustnessPoint("none", 0.0, *score(model.predict(x, 1000), labels, threshold))]
    for level in levels:
        damaged = damage(x, kind, level, seed)
        points.append(
            RobustnessPoint(
                kind, float(level), *score(model.predict(damaged, 1000), labels, threshold)
            )
        )
    return points


def table(model, x, labels, threshold: float = 0.0, seed: int = 0) -> list[RobustnessPoint]:
    """The undamaged digits, then every damage at its default levels."""
    rows = curve(model, x, labels, DAMAGES[0], (), threshold, seed)
    for kind in DAMAGES:
        rows += curve(model, x, labels, kind, None, threshold, seed)[1:]
    return rows
