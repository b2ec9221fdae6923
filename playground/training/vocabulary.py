"""The names a user may choose, read from the engine: every other layer takes them from here.

The engine's registries are the single source; this module only adds what a choice list needs
on top of them (which activations may sit in a hidden layer, the loss aliases, the optimizers'
own hyperparameters with their defaults).
"""

from __future__ import annotations

from typing import Any

from playground.engine import ACTIVATIONS, INITIALIZERS, LOSSES, losses, optimizers

# The optimizer registry of the engine (``optimizers.OPTIMIZERS`` once it carries that name).
OPTIMIZERS: tuple[str, ...] = tuple(getattr(optimizers, "OPTIMIZERS", optimizers.NAMES))

#: Activations a hidden layer may use: softmax belongs to the output layer only.
HIDDEN_ACTIVATIONS: tuple[str, ...] = tuple(a for a in ACTIVATIONS if a != "softmax")

__all__ = [
    "ACTIVATIONS",
    "HIDDEN_ACTIVATIONS",
    "INITIALIZERS",
    "LOSSES",
    "OPTIMIZERS",
    "canonical_loss",
    "optimizer_hyperparameters",
]


def canonical_loss(name: str) -> str:
    """The loss's full name (``mse`` -> ``mean_squared_error``); ValueError for unknown ones."""
    return losses.canonical_name(name)


def optimizer_hyperparameters(name: str) -> dict[str, Any]:
    """The optimizer's own settings and their defaults (ValueError for an unknown name)."""
    return dict(optimizers.hyperparameters(name))
