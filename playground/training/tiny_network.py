"""The board example: a network small enough (2-2-2 or 3-3-2) to work one update by hand.

``TinyNetwork`` holds every number a lecturer may edit (inputs, target, weights, biases,
learning rate) and the choices (activations, loss, optimizer); ``trace()`` builds a float64
engine model from them and returns the ``trace_step`` of one update.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from playground.engine import Dense, Sequential, optimizers
from playground.training.backprop import StepTrace, trace_step

# What an optimizer's get_state() returns: (JSON-able scalars, named arrays).
OptimizerState = tuple[dict[str, Any], dict[str, np.ndarray]]

SHAPES: dict[str, tuple[int, ...]] = {"2-2-2": (2, 2, 2), "3-3-2": (3, 3, 2)}
# The output and loss go together: sigmoid outputs with mean squared error, or softmax with
# cross-entropy (whose δ at the output is simply p − y).
LOSSES: dict[str, str] = {"mean_squared_error": "sigmoid", "categorical_crossentropy": "softmax"}
HIDDEN = ("sigmoid", "tanh", "relu", "elu", "linear")
LIMIT = 100.0  # every editable number stays within ±LIMIT

# Round numbers that are easy to multiply on a board.
_DEFAULTS: dict[tuple[int, ...], dict[str, list]] = {
    (2, 2, 2): {
        "x": [0.05, 0.10],
        "target": [0.01, 0.99],
        "kernels": [[[0.15, 0.25], [0.20, 0.30]], [[0.40, 0.50], [0.45, 0.55]]],
        "biases": [[0.35, 0.35], [0.60, 0.60]],
    },
    (3, 3, 2): {
        "x": [1.0, 0.5, -1.0],
        "target": [1.0, 0.0],
        "kernels": [
            [[0.2, -0.3, 0.4], [0.1, 0.5, -0.2], [-0.4, 0.2, 0.3]],
            [[0.3, -0.1], [-0.2, 0.4], [0.5, 0.2]],
        ],
        "biases": [[0.1, -0.1, 0.2], [0.0, 0.1]],
    },
}


def _finite(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not (math.isfinite(value) and -LIMIT <= value <= LIMIT):
        raise ValueError(f"{name} must be between {-LIMIT:g} and {LIMIT:g}, got {value!r}")
    return value


@dataclass(frozen=True)
class TinyNetwork:
    sizes: tuple[int, ...]
    kernels: tuple[np.ndarray, ...]  # layer l: (sizes[l], sizes[l + 1]), rows = inputs
    biases: tuple[np.ndarray, ...]
    x: np.ndarray
    target: np.ndarray
    hidden: str = "sigmoid"
    loss: str = "mean_squared_error"
    optimizer: str = "sgd"
    learning_rate: float = 0.5
    # carried between updates: the optimizer's get_state()
    optimizer_state: OptimizerState | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.hidden not in HIDDEN:
            raise ValueError(f"hidden activation must be one of {', '.join(HIDDEN)}")
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {', '.join(LOSSES)}")
        if self.optimizer not in optimizers.NAMES:
            raise ValueError(f"optimizer must be one of {', '.join(optimizers.NAMES)}")
        _finite("learning rate", self.learning_rate)
        if self.learning_rate <= 0:
            raise ValueError("the learning rate must be greater than 0")
        shapes = list(zip(self.sizes[:-1], self.sizes[1:], strict=True))
        if [k.shape for k in self.kernels] != shapes:
            raise ValueError("the weights do not fit the network's shape")
        if [b.shape for b in self.biases] != [(o,) for _, o in shapes]:
            raise ValueError("the biases do not fit the network's shape")
        if self.x.shape != (self.sizes[0],) or self.target.shape != (self.sizes[-1],):
            raise ValueError("the input or target does not fit the network's shape")
        for array in (*self.kernels, *self.biases, self.x, self.target):
            for value in array.ravel():
                _finite("every number", value)

    @property
    def output(self) -> str:
        return LOSSES[self.loss]

    @property
    def activations(self) -> tuple[str, ...]:
        return (*([self.hidden] * (len(self.sizes) - 2)), self.output)

    def model(self) -> Sequential:
        """A float64 engine model with exactly these numbers (and the optimizer's state)."""
        layers = [
            Dense(units, activation=name, input_dim=self.sizes[0] if i == 0 else None)
            for i, (units, name) in enumerate(zip(self.sizes[1:], self.activations, strict=True))
        ]
        model = Sequential(layers, seed=0)
        optimizer = optimizers.get(self.optimizer, learning_rate=1.0)
        model.compile(loss=self.loss, optimizer=optimizer)
        optimizer.learning_rate = self.learning_rate
        for layer, kernel, bias in zip(model.layers, self.kernels, self.biases, strict=True):
            layer.kernel = np.array(kernel, np.float64)
            layer.bias = np.array(bias, np.float64)
        if self.optimizer_state is not None:
            scalars, arrays = self.optimizer_state
            params = [w for layer in model.layers for w in (layer.kernel, layer.bias)]
            optimizer.set_state(scalars, arrays, params)
        return model

    def trace(self) -> StepTrace:
        """The trace of one update from these numbers (this object is unchanged)."""
        return trace_step(self.model(), self.x[None, :], self.target[None, :])

    def after_update(self) -> TinyNetwork:
        """The network with the weights (and optimizer state) one update later."""
        model = self.model()
        trace_step(model, self.x[None, :], self.target[None, :])
        state = model.compiled()[1].get_state()
        return replace(
            self,
            kernels=tuple(layer.kernel.copy() for layer in model.layers),
            biases=tuple(layer.bias.copy() for layer in model.layers),
            optimizer_state=(state[0], {k: v.copy() for k, v in state[1].items()}),
        )

    def with_value(self, name: str, layer: int, row: int, column: int, value: float) -> TinyNetwork:
        """A copy with one number changed: name is "x", "target", "kernel", "bias" or "lr"."""
        value = _finite(name, value)
        if name == "lr":
            return replace(self, learning_rate=value)
        if name in ("x", "target"):
            array = getattr(self, name).copy()
            array[row] = value
            return replace(self, x=array) if name == "x" else replace(self, target=array)
        if name not in ("kernel", "bias"):
            raise ValueError(f"unknown number {name!r}")
        arrays = [a.copy() for a in (self.kernels if name == "kernel" else self.biases)]
        if name == "kernel":
            arrays[layer][row, column] = value
        else:
            arrays[layer][row] = value
        if name == "kernel":
            return replace(self, kernels=tuple(arrays))
        return replace(self, biases=tuple(arrays))

    def with_choices(self, **choices: Any) -> TinyNetwork:
        """A copy with other hidden activation, loss or optimizer (the optimizer starts over)."""
        return replace(self, **choices, optimizer_state=None)


def tiny_network(shape: str = "2-2-2", **choices) -> TinyNetwork:
    """The default board example of this shape ("2-2-2" or "3-3-2")."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}")
    sizes = SHAPES[shape]
    numbers = _DEFAULTS[sizes]
    return TinyNetwork(
        sizes=sizes,
        kernels=tuple(np.array(k, np.float64) for k in numbers["kernels"]),
        biases=tuple(np.array(b, np.float64) for b in numbers["biases"]),
        x=np.array(numbers["x"], np.float64),
        target=np.array(numbers["target"], np.float64),
        **choices,
    )
