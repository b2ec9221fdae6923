"""Adagrad (as keras/src/optimizers/adagrad.py)."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, number


class Adagrad(Optimizer):
    """Per-parameter step sizes that shrink with the sum of all squared gradients so far.

    accumulator = accumulator + g^2
    w = w - learning_rate * g / sqrt(accumulator + epsilon)
    """

    name = "adagrad"

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.initial_accumulator_value = number(
            "initial_accumulator_value", initial_accumulator_value
        )

    @property
    def fused_update(self):
        return "adagrad"

    def slot_names(self):
        return ("accumulator",)

    def slot_initial_value(self, slot):
        return self.initial_accumulator_value

    def update_step(self, g, w, lr, slots):
        accumulator = slots["accumulator"]
        accumulator += np.square(g)
        w -= lr * g / np.sqrt(accumulator + self.epsilon)
