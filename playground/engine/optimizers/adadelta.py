"""Adadelta (as keras/src/optimizers/adadelta.py)."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, number


class Adadelta(Optimizer):
    """Step sizes from running averages of squared gradients and squared updates.

    E[g^2] = rho * E[g^2] + (1 - rho) * g^2
    delta = -sqrt(E[dx^2] + epsilon) / sqrt(E[g^2] + epsilon) * g
    E[dx^2] = rho * E[dx^2] + (1 - rho) * delta^2
    w = w + learning_rate * delta
    """

    name = "adadelta"

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.rho = number("rho", rho, 0.0, 1.0)

    @property
    def fused_update(self):
        return "adadelta"

    def slot_names(self):
        return ("accumulated_grad", "accumulated_delta_var")

    def update_step(self, g, w, lr, slots):
        rho, eps = self.rho, self.epsilon
        grad_average = slots["accumulated_grad"]
        delta_average = slots["accumulated_delta_var"]
        grad_average[...] = rho * grad_average + (1 - rho) * np.square(g)
        delta = -np.sqrt(delta_average + eps) / np.sqrt(grad_average + eps) * g
        delta_average[...] = rho * delta_average + (1 - rho) * np.square(delta)
        w += lr * delta
