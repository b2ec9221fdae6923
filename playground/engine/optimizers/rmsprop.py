"""RMSprop (as keras/src/optimizers/rmsprop.py)."""

from __future__ import annotations

import numpy as np

from .base import Optimizer, flag, number


class RMSprop(Optimizer):
    """Divide the gradient by a running root-mean-square of recent gradients.

    v = rho * v + (1 - rho) * g^2
    avg = rho * avg + (1 - rho) * g                       (centered only)
    increment = learning_rate * g / sqrt(v - avg^2 + epsilon)
    m = momentum * m + increment;  w = w - m              (momentum > 0)
    w = w - increment                                     (otherwise)
    """

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
        super().__init__(learning_rate, epsilon)
        self.rho = number("rho", rho, 0.0, 1.0)
        self.momentum = number("momentum", momentum, 0.0, 1.0)
        self.centered = flag("centered", centered)

    @property
    def fused_update(self):
        return "rmsprop"

    def slot_names(self):
        names = ("velocity",)
        if self.momentum > 0:
            names += ("momentum",)
        if self.centered:
            names += ("average_gradient",)
        return names

    def update_step(self, g, w, lr, slots):
        rho, v = self.rho, slots["velocity"]
        v[...] = rho * v + (1 - rho) * np.square(g)
        if self.centered:
            avg = slots["average_gradient"]
            avg[...] = rho * avg + (1 - rho) * g
            denominator = v - np.square(avg) + self.epsilon
        else:
            denominator = v + self.epsilon
        increment = lr * g / np.sqrt(denominator)
        if self.momentum > 0:
            m = slots["momentum"]
            m[...] = self.momentum * m + increment
            w -= m
        else:
            w -= increment
