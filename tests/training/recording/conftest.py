"""What the recorder tests share: a clock the test moves by hand, and a moment of one array."""

from __future__ import annotations

import numpy as np

from playground.training.recording.moment import Moment


class HandClock:
    """A clock that stands still until the test sets ``now``: writing costs no time on it."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def moment_at(updates: int, n_weights: int = 100) -> Moment:
    """A moment after ``updates`` updates whose one weight array holds that number."""
    return Moment(
        updates, {"updates": updates}, {"weights/0": np.full(n_weights, updates, np.float32)}
    )
