"""The engine's own exceptions: both are ValueErrors, so callers can catch one family."""

from __future__ import annotations

import math


class NonFiniteError(ValueError):
    """Training produced a loss or gradient that is nan or infinite.

    Raised by ``train_on_batch`` *before* the update is applied, so the weights stay at the
    last finite state. The usual cause is a learning rate that is too large.
    """

    def __init__(self, quantity: str, value: float, learning_rate: float) -> None:
        self.quantity = quantity  # "the loss" or "the gradient of layer 2 (dense_1)"
        self.value = value
        self.learning_rate = float(learning_rate)
        self.suggested_learning_rate = self.learning_rate / 10.0
        shown = "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        super().__init__(
            f"Training diverged: {quantity} became {shown} at learning rate "
            f"{self.learning_rate:g}; try {self.suggested_learning_rate:g} or smaller."
        )


class ModelFileError(ValueError):
    """A model file that cannot be loaded: unreadable, corrupt, or not a model of ours."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"Cannot load model file '{self.path}': {reason}")
