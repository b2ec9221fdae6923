"""Adamax (as keras/src/optimizers/adamax.py)."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, number


class Adamax(Optimizer):
    """Adam with the infinity norm in place of the second moment.

    m = m + (g - m) * (1 - beta_1)
    u = max(beta_2 * u, |g|)
    w = w - learning_rate * m / ((1 - beta_1^t) * (u + epsilon))
    """

    name = "adamax"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.beta_1 = number("beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = number("beta_2", beta_2, 0.0, 1.0)

    @property
    def fused_update(self):
        return "adamax"

    def slot_names(self):
        return ("momentum", "norm")

    def update_step(self, g, w, lr, slots):
        t = self.iterations + 1
        m, u = slots["momentum"], slots["norm"]
        m += (g - m) * (1 - self.beta_1)
        u[...] = np.maximum(self.beta_2 * u, np.abs(g))
        w -= lr * m / ((1 - self.beta_1**t) * (u + self.epsilon))
