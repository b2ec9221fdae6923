"""Adam (as keras/src/optimizers/adam.py)."""

from __future__ import annotations

import math

import numpy as np

from .base import Optimizer, flag, number


class Adam(Optimizer):
    """Momentum (first moment) and RMSprop (second moment) with bias correction.

    m = m + (g - m) * (1 - beta_1)
    v = v + (g^2 - v) * (1 - beta_2)
    v_hat = max(v_hat, v)                                 (amsgrad only; then v = v_hat)
    alpha = learning_rate * sqrt(1 - beta_2^t) / (1 - beta_1^t)
    w = w - alpha * m / (sqrt(v) + epsilon)
    """

    name = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
        super().__init__(learning_rate, epsilon)
        self.beta_1 = number("beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = number("beta_2", beta_2, 0.0, 1.0)
        self.amsgrad = flag("amsgrad", amsgrad)

    def slot_names(self):
        names = ("momentum", "velocity")
        return (*names, "velocity_hat") if self.amsgrad else names

    @property
    def fused_update(self):
        return None if self.amsgrad else "adam"

    def step_size(self, lr: float) -> float:
        """alpha: the learning rate with both bias corrections of step t folded in."""
        t = self.iterations + 1
        return lr * math.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)

    def update_step(self, g, w, lr, slots):
        m, v = slots["momentum"], slots["velocity"]
        m += (g - m) * (1 - self.beta_1)
        v += (np.square(g) - v) * (1 - self.beta_2)
        if self.amsgrad:
            v_hat = slots["velocity_hat"]
            v_hat[...] = np.maximum(v_hat, v)
            v = v_hat
        w -= m * self.step_size(lr) / (np.sqrt(v) + self.epsilon)
