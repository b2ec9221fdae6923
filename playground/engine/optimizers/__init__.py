"""The seven optimizers of the lecture, with Keras 3's argument names, defaults and formulas.

One module per optimizer, each ``update_step`` its formula in plain NumPy; ``base`` holds what
they share. ``get("adam", learning_rate=0.01)`` makes one by name.
"""

from __future__ import annotations

import inspect
from typing import Any

from . import schedules
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .base import Optimizer
from .nadam import Nadam
from .rmsprop import RMSprop
from .sgd import SGD

# Every optimizer by name, in the lecture's order.
OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, Nadam)
}
NAMES: tuple[str, ...] = tuple(OPTIMIZERS)


def hyperparameters(name: str) -> dict[str, Any]:
    """The optimizer's own arguments and their Keras defaults, e.g. for building a form."""
    cls = _class(name)
    return {
        arg: param.default
        for arg, param in inspect.signature(cls.__init__).parameters.items()
        if arg != "self"
    }


def _class(name: object) -> type[Optimizer]:
    if isinstance(name, str) and name.lower() in OPTIMIZERS:
        return OPTIMIZERS[name.lower()]
    raise ValueError(f"Unknown optimizer {name!r}. Choose one of: {', '.join(NAMES)}.")


def get(identifier: str | dict | Optimizer, **kwargs: Any) -> Optimizer:
    """An optimizer from a name (``get("adam", learning_rate=0.01)``), a config dict, or itself."""
    if isinstance(identifier, Optimizer):
        if kwargs:
            raise ValueError("keyword arguments are only allowed with an optimizer name")
        return identifier
    if isinstance(identifier, dict):
        config = dict(identifier)
        name = config.pop("name", None)
        return get(name, **config, **kwargs)
    cls = _class(identifier)
    allowed = hyperparameters(cls.name)
    unknown = sorted(set(kwargs) - set(allowed))
    if unknown:
        raise ValueError(
            f"Unknown argument(s) {', '.join(unknown)} for optimizer {cls.name!r}. "
            f"It takes: {', '.join(allowed)}."
        )
    return cls(**kwargs)


__all__ = [
    "NAMES",
    "OPTIMIZERS",
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "Adamax",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "get",
    "hyperparameters",
    "schedules",
]
