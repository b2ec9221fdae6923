"""Nadam (as keras/src/optimizers/nadam.py)."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, number


class Nadam(Optimizer):
    """Adam with Nesterov momentum and Keras 3's momentum schedule.

    u_t = beta_1 * (1 - 0.5 * 0.96^t)                     (Keras 2: 0.96^(0.004 t))
    m = m + (g - m) * (1 - beta_1)
    v = v + (g^2 - v) * (1 - beta_2)
    m_hat = u_{t+1} m / (1 - u_1 ... u_{t+1}) + (1 - u_t) g / (1 - u_1 ... u_t)
    v_hat = v / (1 - beta_2^t)
    w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)
    """

    name = "nadam"
    DECAY = 0.96

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.beta_1 = number("beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = number("beta_2", beta_2, 0.0, 1.0)
        self.u_product = 1.0  # u_1 * ... * u_t so far

    @property
    def fused_update(self):
        return "nadam"

    def slot_names(self):
        return ("momentum", "velocity")

    def _u(self, t: int) -> float:
        return self.beta_1 * (1.0 - 0.5 * self.DECAY**t)

    def begin_step(self):
        self.u_product *= self._u(self.iterations + 1)

    def update_step(self, g, w, lr, slots):
        t = self.iterations + 1
        u_t, u_next = self._u(t), self._u(t + 1)
        m, v = slots["momentum"], slots["velocity"]
        m += (g - m) * (1 - self.beta_1)
        v += (np.square(g) - v) * (1 - self.beta_2)
        m_hat = u_next * m / (1 - self.u_product * u_next) + (1 - u_t) * g / (1 - self.u_product)
        v_hat = v / (1 - self.beta_2**t)
        w -= lr * m_hat / (np.sqrt(v_hat) + self.epsilon)

    def get_state(self):
        scalars, arrays = super().get_state()
        scalars["u_product"] = self.u_product
        return scalars, arrays

    def set_state(self, scalars, arrays, parameters):
        u_product = scalars.get("u_product")
        if isinstance(u_product, bool) or not isinstance(u_product, (int, float)):
            raise ValueError(f"Nadam u_product must be a number, got {u_product!r}")
        if not (np.isfinite(u_product) and 0 <= u_product <= 1):
            raise ValueError(f"Nadam u_product must be in [0, 1], got {u_product!r}")
        super().set_state(scalars, arrays, parameters)
        self.u_product = float(u_product)
