"""The fully connected layer: z = x @ kernel + bias, a = activation(z).

A batch holds one example per row, so a layer's forward pass is one matrix product:

    z = a_prev @ W + b          a = f(z)

and its backward pass, given delta = dC/dz (one row per example), is the chain rule:

    dC/dW = a_prev.T @ delta    dC/db = sum of delta's rows    dC/da_prev = delta @ W.T
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import activations, initializers, regularizers


@dataclass
class LayerTrace:
    """What one layer computed for a batch: its ``inputs`` a^{l-1}, ``z`` before and ``a``
    after the activation."""

    inputs: np.ndarray
    z: np.ndarray
    a: np.ndarray


@dataclass(frozen=True)
class LayerGradients:
    """One layer's part of the backward pass: ``delta`` = dC/dz (one row per example),
    ``kernel`` = dC/dW and ``bias`` = dC/db."""

    delta: np.ndarray
    kernel: np.ndarray
    bias: np.ndarray


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


class Dense:
    """A fully connected layer, as ``keras.layers.Dense``.

    The kernel has shape (inputs, units * pieces), so the forward pass of a whole batch is one
    matrix product ``x @ kernel`` with ``x`` of shape (batch, inputs). ``pieces`` is 1 except for
    maxout, where the kernel holds the ``pieces`` linear pieces side by side and each unit outputs
    the largest of its pieces. ``alpha`` is ELU's slope parameter and ``negative_slope`` leaky
    ReLU's. ``kernel_regularizer``/``bias_regularizer`` (``regularizers.l2(0.01)``, ...) add a
    penalty on the weights to the loss.
    """

    def __init__(
        self,
        units: int,
        activation: str | None = None,
        input_dim: int | None = None,
        kernel_initializer: str = "glorot_uniform",
        bias_initializer: str = "zeros",
        *,
        alpha: float = 1.0,
        pieces: int = 2,
        negative_slope: float = 0.2,
        kernel_regularizer: regularizers.L1L2 | str | dict | None = None,
        bias_regularizer: regularizers.L1L2 | str | dict | None = None,
        input_shape: tuple[int] | None = None,
        name: str | None = None,
    ) -> None:
        self.units = _positive_int("units", units)
        self.activation = activations.check_name(activation)
        alpha = float(alpha)
        if not math.isfinite(alpha) or alpha < 0:
            raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
        self.alpha = alpha
        negative_slope = float(negative_slope)
        if not math.isfinite(negative_slope) or not 0 <= negative_slope <= 1:
            raise ValueError(f"negative_slope must be between 0 and 1, got {negative_slope!r}")
        self.negative_slope = negative_slope
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.pieces = _positive_int("pieces", pieces) if self.activation == "maxout" else 1
        if input_shape is not None:
            if input_dim is not None or len(tuple(input_shape)) != 1:
                raise ValueError("give either input_dim=n or input_shape=(n,)")
            (input_dim,) = tuple(input_shape)
        self.input_dim = None if input_dim is None else _positive_int("input_dim", input_dim)
        self.kernel_initializer = initializers.check_name(kernel_initializer)
        self.bias_initializer = initializers.check_name(bias_initializer)
        self.name = name
        self.act = activations.get(
            self.activation, alpha=self.alpha, pieces=self.pieces, negative_slope=negative_slope
        )
        self._kernel: np.ndarray | None = None  # (input_dim, units * pieces) float32
        self._bias: np.ndarray | None = None  # (units * pieces,) float32

    @property
    def kernel(self) -> np.ndarray:
        """W, shape (inputs, units * pieces); AttributeError before the layer is built."""
        if self._kernel is None:
            raise AttributeError(f"layer {self.name or 'dense'} has no weights yet: build it first")
        return self._kernel

    @kernel.setter
    def kernel(self, value: np.ndarray) -> None:
        self._kernel = value

    @property
    def bias(self) -> np.ndarray:
        """b, shape (units * pieces,); AttributeError before the layer is built."""
        if self._bias is None:
            raise AttributeError(f"layer {self.name or 'dense'} has no weights yet: build it first")
        return self._bias

    @bias.setter
    def bias(self, value: np.ndarray) -> None:
        self._bias = value

    @property
    def output_dim(self) -> int:
        return self.units

    @property
    def built(self) -> bool:
        return self._kernel is not None

    def build(self, input_dim: int, rng: np.random.Generator) -> None:
        """Create the weights for ``input_dim`` inputs."""
        if self.input_dim is not None and self.input_dim != input_dim:
            raise ValueError(
                f"layer {self.name or 'dense'} expects {self.input_dim} inputs, got {input_dim}"
            )
        self.input_dim = input_dim
        width = self.units * self.pieces
        self.kernel = initializers.initialize(self.kernel_initializer, (input_dim, width), rng)
        self.bias = initializers.initialize(self.bias_initializer, (width,), rng)

    def forward(self, inputs: np.ndarray) -> LayerTrace:
        """z = inputs @ W + b, a = f(z), as new arrays."""
        z = inputs @ self.kernel + self.bias
        return LayerTrace(inputs=inputs, z=z, a=self.act.forward(z))

    def backward(self, trace: LayerTrace, delta: np.ndarray) -> tuple[LayerGradients, np.ndarray]:
        """This layer's gradients from delta = dC/dz, and dC/d(inputs) for the layer below.
        A weight penalty adds its own gradient (2 * l2 * W for L2) to dC/dW or dC/db."""
        kernel = trace.inputs.T @ delta
        bias = delta.sum(axis=0)
        if self.kernel_regularizer is not None:
            kernel += self.kernel_regularizer.gradient(self.kernel)
        if self.bias_regularizer is not None:
            bias += self.bias_regularizer.gradient(self.bias)
        return LayerGradients(delta=delta, kernel=kernel, bias=bias), delta @ self.kernel.T

    def count_params(self) -> int:
        return self.kernel.size + self.bias.size if self.built else 0

    def get_config(self) -> dict[str, Any]:
        config: dict[str, Any] = {
            "name": self.name,
            "units": self.units,
            "activation": self.activation,
            "input_dim": self.input_dim,
            "kernel_initializer": self.kernel_initializer,
            "bias_initializer": self.bias_initializer,
        }
        if self.activation == "elu":
            config["alpha"] = self.alpha
        if self.activation == "maxout":
            config["pieces"] = self.pieces
        if self.activation == "leaky_relu":
            config["negative_slope"] = self.negative_slope
        for key in ("kernel_regularizer", "bias_regularizer"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key).serialize()
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Dense:
        return cls(**config)

    def __repr__(self) -> str:
        extra = f", pieces={self.pieces}" if self.activation == "maxout" else ""
        extra += f", alpha={self.alpha}" if self.activation == "elu" else ""
        if self.activation == "leaky_relu":
            extra += f", negative_slope={self.negative_slope}"
        if self.kernel_regularizer is not None:
            extra += f", kernel_regularizer={self.kernel_regularizer!r}"
        return f"Dense({self.units}, activation={self.activation!r}{extra})"
