"""Weight penalties, as ``keras.regularizers``: a term added to the loss to keep weights small.

``Dense(..., kernel_regularizer=regularizers.l2(0.01))`` adds ``0.01 * sum(W^2)`` to the loss of
every batch, so the gradient of W gets ``2 * 0.01 * W`` on top of the data's gradient (weight
decay). L1 adds ``l1 * sum(|W|)`` and the gradient ``l1 * sign(W)``, which pushes weights to
exactly zero. The penalty does not depend on the batch; the training logs report it as
``regularization_loss`` beside ``loss`` (which, as in Keras, includes it).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

REGULARIZERS: tuple[str, ...] = ("l1", "l2", "l1_l2")


def _strength(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


class L1L2:
    """penalty(W) = l1 * sum(|W|) + l2 * sum(W^2);  d penalty / dW = l1 * sign(W) + 2 l2 W."""

    class_name = "L1L2"

    def __init__(self, l1: float = 0.0, l2: float = 0.0) -> None:
        self.l1 = _strength("l1", l1)
        self.l2 = _strength("l2", l2)

    def __call__(self, w: np.ndarray) -> float:
        return self.l1 * float(np.sum(np.abs(w))) + self.l2 * float(np.sum(np.square(w)))

    def gradient(self, w: np.ndarray) -> np.ndarray:
        return (self.l1 * np.sign(w) + 2 * self.l2 * w).astype(w.dtype)

    def get_config(self) -> dict[str, float]:
        return {"l1": self.l1, "l2": self.l2}

    def serialize(self) -> dict[str, Any]:
        return {"class_name": self.class_name, "config": self.get_config()}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, L1L2) and self.serialize() == other.serialize()

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v:g}" for k, v in self.get_config().items())
        return f"{self.class_name}({args})"


class L1(L1L2):
    """penalty(W) = l1 * sum(|W|);  d penalty / dW = l1 * sign(W)."""

    class_name = "L1"

    def __init__(self, l1: float = 0.01) -> None:
        super().__init__(l1=l1)

    def get_config(self) -> dict[str, float]:
        return {"l1": self.l1}


class L2(L1L2):
    """penalty(W) = l2 * sum(W^2);  d penalty / dW = 2 * l2 * W."""

    class_name = "L2"

    def __init__(self, l2: float = 0.01) -> None:
        super().__init__(l2=l2)

    def get_config(self) -> dict[str, float]:
        return {"l2": self.l2}


# Keras's lower-case names are these very classes.
l1, l2, l1_l2 = L1, L2, L1L2
_BY_NAME = {"l1": L1, "l2": L2, "l1_l2": L1L2, "L1": L1, "L2": L2, "L1L2": L1L2}


def get(identifier: object) -> L1L2 | None:
    """A regularizer from None, itself, a name ("l2": Keras's default strength) or the
    ``{"class_name": ..., "config": {...}}`` that ``serialize`` wrote."""
    if identifier is None or isinstance(identifier, L1L2):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict) and identifier.get("class_name") in _BY_NAME:
        config = identifier.get("config", {})
        if not isinstance(config, dict) or not set(config) <= {"l1", "l2"}:
            raise ValueError(f"bad regularizer settings {config!r}")
        return _BY_NAME[identifier["class_name"]](**config)
    raise ValueError(
        f"Unknown regularizer {identifier!r}. Choose one of: {', '.join(REGULARIZERS)}."
    )


def penalty(layers: list[Any]) -> float:
    """The sum of every layer's kernel and bias penalties (0.0 without regularizers)."""
    total = 0.0
    for layer in layers:
        if layer.kernel_regularizer is not None:
            total += layer.kernel_regularizer(layer.kernel)
        if layer.bias_regularizer is not None:
            total += layer.bias_regularizer(layer.bias)
    return total
