"""The divergence safety net: the last weights known to be finite, taken every few seconds."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

INTERVAL = 2.0  # seconds between two checkpoints while training runs


@dataclass(frozen=True)
class Checkpoint:
    """A copy of the model's weights after ``updates`` updates, taken at ``taken_at``."""

    weights: list[np.ndarray]
    updates: int
    taken_at: float = field(default_factory=time.perf_counter)

    @classmethod
    def of(cls, model: Any, updates: int, now: float | None = None) -> Checkpoint:
        taken_at = time.perf_counter() if now is None else now
        return cls(model.get_weights(), updates, taken_at)  # get_weights copies

    def due(self, now: float) -> bool:
        return now - self.taken_at > INTERVAL

    def restore_if_not_finite(self, model: Any) -> bool:
        """After a NonFiniteError: the engine keeps the last finite weights; if some weight is
        nevertheless not finite, go back to this checkpoint. Returns True if restored."""
        if all(np.isfinite(w).all() for w in model.get_weights()):
            return False
        model.set_weights(self.weights)
        return True
