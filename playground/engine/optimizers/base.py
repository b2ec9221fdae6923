"""What every optimizer shares: the learning rate, the step counter and the per-parameter state.

An optimizer keeps, for every parameter array, a few state arrays of the same shape (Keras 3
calls them slots: SGD's ``momentum``, Adam's ``momentum`` and ``velocity``, ...). Its
``update_step`` is the formula of one step for one parameter, in plain NumPy; the modules next
to this one hold one optimizer each.

``apply_gradients`` takes ``(gradient, parameter)`` pairs and updates the parameters in place.
The state belongs to the parameters by position, so always pass them in the same order.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterable
from typing import Any, ClassVar

import numpy as np


def number(name: str, value: object, low: float = 0.0, high: float = math.inf) -> float:
    """Check a hyperparameter: a real number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value!r}")
    return value


def flag(name: str, value: object) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


class Optimizer:
    """The learning rate, ``iterations`` (steps so far) and the state of every parameter."""

    name: ClassVar[str] = ""
    # Capabilities the training loop may use. ``elementwise``: the update of each element
    # depends on that element alone, so a parameter may be updated piece by piece.
    elementwise: ClassVar[bool] = True

    def __init__(self, learning_rate: float, epsilon: float | None = None) -> None:
        self.learning_rate = learning_rate
        if epsilon is not None:  # SGD has no epsilon
            self.epsilon = number("epsilon", epsilon)
            if self.epsilon <= 0:
                raise ValueError(f"epsilon must be greater than 0, got {epsilon!r}")
        self.iterations = 0  # number of apply_gradients calls so far (Keras's iterations)
        self._slots: dict[str, list[np.ndarray]] = {}
        self._parameters: list[np.ndarray] = []  # the arrays the slots belong to, in order

    # -- the learning rate can change between steps (the app has a slider for it) --
    @property
    def learning_rate(self) -> float:
        """The rate of the next step: a schedule's value at ``iterations``, or the number."""
        if self.schedule is not None:
            return float(self.schedule(self.iterations))
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        """A positive number, or a schedule (``optimizers.schedules``, or its serialized dict)."""
        from . import schedules  # the schedules use this module's checks

        if isinstance(value, dict):
            value = schedules.deserialize(value)
        if isinstance(value, schedules.LearningRateSchedule):
            self.schedule: schedules.LearningRateSchedule | None = value
            self._learning_rate = float(value(0))
            return
        value = number("learning_rate", value)
        if value <= 0:
            raise ValueError(f"learning_rate must be greater than 0, got {value!r}")
        self.schedule, self._learning_rate = None, value

    @property
    def fused_update(self) -> str | None:
        """The name of a hand-fused kernel of this very update, if one exists."""
        return None

    @property
    def skips_zero_gradients(self) -> bool:
        """True when a zero gradient leaves a parameter unchanged (no state moves it)."""
        return False

    # -- the step --
    def apply_gradients(self, pairs: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """One update step: every parameter moves against its gradient, in place."""
        pairs = list(pairs)
        self.prepare([p for _, p in pairs])
        self.begin_step()
        lr = self.learning_rate
        for index, (gradient, parameter) in enumerate(pairs):
            self.update_step(gradient, parameter, lr, self.state_of(index))
        self.iterations += 1

    def update_step(
        self, g: np.ndarray, w: np.ndarray, lr: float, slots: dict[str, np.ndarray]
    ) -> None:
        """Move ``w`` by one step for the gradient ``g``, updating ``slots`` in place."""
        raise NotImplementedError  # pragma: no cover

    def begin_step(self) -> None:
        """Hook for state shared by all parameters (Nadam's momentum schedule)."""

    # -- state --
    def slot_names(self) -> tuple[str, ...]:
        """Names of the per-parameter state arrays this configuration keeps (Keras's names)."""
        return ()

    def slot_initial_value(self, slot: str) -> float:
        return 0.0

    @property
    def built(self) -> bool:
        return bool(self._parameters)

    def build(self, parameters: list[np.ndarray]) -> None:
        """Create the state arrays for these parameters."""
        self._slots = {
            slot: [np.full_like(p, self.slot_initial_value(slot)) for p in parameters]
            for slot in self.slot_names()
        }
        self._parameters = list(parameters)

    def prepare(self, parameters: list[np.ndarray]) -> None:
        """Build on first use; afterwards the parameters must be the same in number."""
        if not self.built:
            self.build(parameters)
        elif len(parameters) != len(self._parameters):
            raise ValueError(
                f"this optimizer was built for {len(self._parameters)} parameters, "
                f"got {len(parameters)}; use a new optimizer for a different model"
            )

    def state_of(self, index: int) -> dict[str, np.ndarray]:
        """The state arrays themselves (not copies) of parameter ``index``."""
        return {name: values[index] for name, values in self._slots.items()}

    def slot(self, name: str, index: int) -> np.ndarray:
        return self._slots[name][index]

    def slots(self, param: np.ndarray) -> dict[str, np.ndarray]:
        """Copies of the state kept for this parameter array (Keras's names, e.g. Adam's
        ``momentum`` and ``velocity``); empty before the first update."""
        if not self.built:
            return {}
        for index, known in enumerate(self._parameters):
            if known is param:
                return {name: array.copy() for name, array in self.state_of(index).items()}
        raise ValueError("this optimizer keeps no state for that array (not one of its parameters)")

    # -- saving --
    def get_config(self) -> dict[str, Any]:
        """JSON-able description: ``name`` plus the constructor arguments."""
        config: dict[str, Any] = {"name": self.name}
        for arg in inspect.signature(type(self).__init__).parameters:
            if arg != "self":
                config[arg] = getattr(self, arg)
        if self.schedule is not None:  # as Keras writes it: the schedule, not today's value
            config["learning_rate"] = self.schedule.serialize()
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Optimizer:
        config = dict(config)
        name = config.pop("name", cls.name)
        if cls is Optimizer:
            from . import get  # the registry knows every optimizer by name

            return get(name, **config)
        return cls(**config)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """(JSON-able scalars, named arrays) to continue training exactly after a reload."""
        scalars = {"iterations": self.iterations, "built": self.built}
        arrays = {
            f"{slot}/{i}": array
            for slot, values in self._slots.items()
            for i, array in enumerate(values)
        }
        return scalars, arrays

    def set_state(
        self,
        scalars: dict[str, Any],
        arrays: dict[str, np.ndarray],
        parameters: list[np.ndarray],
    ) -> None:
        """Restore what ``get_state`` returned. ValueError if it does not fit ``parameters``."""
        iterations = scalars.get("iterations")
        if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 0:
            raise ValueError(f"optimizer iterations must be an integer >= 0, got {iterations!r}")
        built = scalars.get("built")
        if built is not True and built is not False:
            raise ValueError("optimizer state lacks 'built'")
        expected = {
            f"{slot}/{i}": p.shape for slot in self.slot_names() for i, p in enumerate(parameters)
        }
        if not built:
            expected = {}
        if set(arrays) != set(expected):
            missing = sorted(set(expected) - set(arrays))
            extra = sorted(set(arrays) - set(expected))
            raise ValueError(
                f"optimizer state arrays do not match: missing {missing}, extra {extra}"
            )
        for key, shape in expected.items():
            if arrays[key].shape != shape:
                raise ValueError(
                    f"optimizer state {key!r} has shape {arrays[key].shape}, expected {shape}"
                )
        self.iterations = iterations
        if built:
            self.build(parameters)
            for key in expected:
                slot, index = key.rsplit("/", 1)
                np.copyto(self._slots[slot][int(index)], arrays[key])
        else:
            self._slots, self._parameters = {}, []

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"
