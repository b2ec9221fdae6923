"""Stochastic gradient descent, optionally with momentum (as keras/src/optimizers/sgd.py)."""

from __future__ import annotations

from .base import Optimizer, flag, number


class SGD(Optimizer):
    """Gradient descent, optionally with (Nesterov) momentum.

    w = w - learning_rate * g                             (momentum = 0)

    m = momentum * m - learning_rate * g                  (momentum > 0)
    w = w + m                                             (classic)
    w = w + momentum * m - learning_rate * g              (nesterov)
    """

    name = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        super().__init__(learning_rate)
        self.momentum = number("momentum", momentum, 0.0, 1.0)
        self.nesterov = flag("nesterov", nesterov)

    def slot_names(self):
        return ("momentum",) if self.momentum != 0 else ()

    @property
    def fused_update(self):
        return "sgd"

    @property
    def skips_zero_gradients(self):
        return self.momentum == 0

    def update_step(self, g, w, lr, slots):
        if self.momentum == 0:
            w -= lr * g
            return
        m = slots["momentum"]
        m[...] = self.momentum * m - lr * g
        if self.nesterov:
            w += self.momentum * m - lr * g
        else:
            w += m
