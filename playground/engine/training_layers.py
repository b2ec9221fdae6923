"""Layers without weights that change training batches only: ``Dropout`` and ``GaussianNoise``.

In ``fit`` (training) they alter what flows through; in ``evaluate``/``predict`` (inference)
they pass it on unchanged, as in Keras. Each draws its randomness from its own stream: from
``seed`` when given, otherwise derived from the model's seed and the layer's place, so the same
model seed gives the same run.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class TrainingLayer:
    """Base class: ``forward(x, training)`` and, after a training forward, ``backward(grad)``
    = dC/d(inputs) from dC/d(outputs)."""

    class_name = ""
    # True: works on whole images (augmentation), so it may only come before the first Dense.
    input_only = False

    def __init__(self, seed: int | None = None, name: str | None = None) -> None:
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
            raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
        self.seed = seed
        self.name = name
        self._rng: np.random.Generator | None = None
        self.mask: np.ndarray | None = None  # Dropout's scaled mask of the last training batch

    def set_rng(self, rng: np.random.Generator) -> None:
        """The model's stream for this layer (unless the layer has its own ``seed``)."""
        if self.seed is None:
            self._rng = rng

    @property
    def rng(self) -> np.random.Generator:
        if self._rng is None:
            self._rng = np.random.default_rng(self.seed)
        return self._rng

    def rng_state(self) -> dict[str, Any]:
        """Where the layer's stream stands, so a saved run draws on exactly where it stopped."""
        return dict(self.rng.bit_generator.state)

    def forward(self, x: np.ndarray, training: bool = False) -> np.ndarray:
        if training:
            return self.call(x)
        self.mask = None  # an inference pass passes the gradient on unchanged
        return x

    def call(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Additive noise leaves the gradient unchanged."""
        return grad

    def settings(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "seed": self.seed, **self.settings()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.settings().items())
        return f"{self.class_name}({args})"


def _fraction(name: str, value: object, high: float = 1.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or not 0 <= value < high:
        raise ValueError(f"{name} must be at least 0 and below {high:g}, got {value!r}")
    return value


class Dropout(TrainingLayer):
    """Inverted dropout: in training each input is kept with probability 1 - rate and scaled
    by 1 / (1 - rate), so its expected value stays the same and inference changes nothing.

    forward: a = x * mask / (1 - rate)          backward: dC/dx = dC/da * mask / (1 - rate)
    """

    class_name = "Dropout"

    def __init__(self, rate: float, seed: int | None = None, name: str | None = None) -> None:
        super().__init__(seed, name)
        self.rate = _fraction("rate", rate)

    def call(self, x):
        keep = self.rng.random(x.shape) >= self.rate
        self.mask = keep.astype(x.dtype) / np.asarray(1 - self.rate, x.dtype)
        return x * self.mask

    def backward(self, grad):
        return grad if self.mask is None else grad * self.mask

    def settings(self):
        return {"rate": self.rate}


class GaussianNoise(TrainingLayer):
    """In training, adds noise drawn from a normal distribution: a = x + N(0, stddev^2)."""

    class_name = "GaussianNoise"

    def __init__(self, stddev: float, seed: int | None = None, name: str | None = None) -> None:
        super().__init__(seed, name)
        self.stddev = _fraction("stddev", stddev, math.inf)

    def call(self, x):
        return x + self.rng.normal(0.0, self.stddev, x.shape).astype(x.dtype)

    def settings(self):
        return {"stddev": self.stddev}
