"""The formula and the code of an optimizer, activation or loss, read from the engine itself.

What a window shows beside a choice is then exactly what the textbook step runs: the formula
from the class's docstring and the source of its textbook methods.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from . import activations, losses, optimizers

# The methods that hold the formulas (the in-place twins of the fast path are left out).
_TEXTBOOK_METHODS = {
    "activation": ("forward", "derivative", "backward"),
    "loss": ("per_example", "output_gradient"),
}


@dataclass(frozen=True)
class Textbook:
    """``formula``: the docstring as on the slide; ``source``: the code that computes it."""

    kind: str
    name: str
    formula: str
    source: str


def _methods_source(cls: type, names: tuple[str, ...]) -> str:
    header = f"class {cls.__name__}({cls.__bases__[0].__name__}):"
    parts = [inspect.getsource(cls.__dict__[n]).rstrip() for n in names if n in cls.__dict__]
    return "\n\n".join([header, *parts]) + "\n"


def optimizer(name: str) -> Textbook:
    """Textbook of the optimizer called ``name`` (the whole class: its formula is its code)."""
    cls = type(optimizers.get(name))
    return Textbook("optimizer", cls.name, inspect.getdoc(cls) or "", inspect.getsource(cls))


def activation(name: str | None) -> Textbook:
    """Textbook of the activation called ``name``: f, f' and the chain rule through it."""
    cls = type(activations.get(name))
    source = _methods_source(cls, _TEXTBOOK_METHODS["activation"])
    return Textbook("activation", cls.name, inspect.getdoc(cls) or "", source)


def loss(name: str) -> Textbook:
    """Textbook of the loss called ``name``: its value per example and its gradient."""
    cls = type(losses.get(name))
    source = _methods_source(cls, _TEXTBOOK_METHODS["loss"])
    return Textbook("loss", cls.name, inspect.getdoc(cls) or "", source)
