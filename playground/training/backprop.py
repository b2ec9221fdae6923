"""One update of gradient descent, recorded number by number: ``trace_step(model, x, y)``.

The trace runs the engine's own textbook ``forward_pass`` and ``backward_pass`` on the
mini-batch (nothing here recomputes them), then lets the model take its ordinary
``train_on_batch`` step (on the NumPy kernels: one step is not worth loading the compiler)
and records what the optimizer added to every weight and its state afterwards (momentums,
Adam's moments and bias correction). So the model after ``trace_step`` is exactly the model
after ``train_on_batch`` on the same batch.

Conventions, as in Keras: the batch loss the optimizer minimises is the mean L' = (1/B) Σ Cⁿ,
so ``delta`` and the gradients are those of that mean. With one example (the board example)
mean and sum are the same number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from playground.engine import Sequential, losses
from playground.engine.fast import fused


@dataclass(frozen=True)
class LayerStep:
    """Layer l of one update; every array has the batch as its first axis where it has one."""

    activation: str
    inputs: np.ndarray  # a of the layer before (x for the first layer), (B, n_in)
    z: np.ndarray  # z = inputs · W + b, (B, n_out)
    a: np.ndarray  # f(z), (B, units)
    delta: np.ndarray  # δ = ∂L'/∂z, (B, n_out)
    grad_kernel: np.ndarray  # ∂L'/∂W = inputsᵀ δ, (n_in, n_out)
    grad_bias: np.ndarray  # ∂L'/∂b = Σ_n δ, (n_out,)
    kernel_before: np.ndarray
    bias_before: np.ndarray
    kernel_after: np.ndarray
    bias_after: np.ndarray
    # The optimizer's state for W and b after the step (Keras's names: momentum, velocity, ...).
    kernel_slots: dict[str, np.ndarray] = field(default_factory=dict)
    bias_slots: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def kernel_step(self) -> np.ndarray:
        """What the update added to W."""
        return self.kernel_after - self.kernel_before

    @property
    def bias_step(self) -> np.ndarray:
        return self.bias_after - self.bias_before


@dataclass(frozen=True)
class StepTrace:
    """One update of the whole network on one mini-batch."""

    layers: tuple[LayerStep, ...]
    per_example: np.ndarray  # Cⁿ of each example of the batch, before the update
    loss_name: str
    optimizer_name: str
    learning_rate: float
    iteration: int  # t: this was the optimizer's t-th update (1 for the first)
    hyperparameters: dict[str, object]
    # Adam-like optimizers: {"1 - beta_1^t": ..., "1 - beta_2^t": ...}; empty for the others.
    bias_correction: dict[str, float]

    @property
    def total(self) -> float:
        """Σ Cⁿ over the batch."""
        return float(np.sum(self.per_example, dtype=np.float64))

    @property
    def mean(self) -> float:
        """L' = (1/B) Σ Cⁿ: the loss the update minimises (and Keras reports)."""
        return self.total / len(self.per_example)

    @property
    def fused_output(self) -> bool:
        """Softmax output with cross-entropy: δ at the output is simply (p − y)/B."""
        return losses.get(self.loss_name).fused_with_softmax


def _slots(optimizer, param: np.ndarray) -> dict[str, np.ndarray]:
    return optimizer.slots(param) if optimizer.built else {}


def _bias_correction(optimizer, t: int) -> dict[str, float]:
    beta_1 = getattr(optimizer, "beta_1", None)
    if beta_1 is None:
        return {}
    values = {"1 - beta_1^t": 1.0 - beta_1**t}
    if optimizer.name in ("adam", "nadam"):
        values["1 - beta_2^t"] = 1.0 - optimizer.beta_2**t
    if optimizer.name == "adam":
        values["alpha"] = (
            optimizer.learning_rate * math.sqrt(values["1 - beta_2^t"]) / values["1 - beta_1^t"]
        )
    return values


def check_batch(model: Sequential, x, y) -> tuple[np.ndarray, np.ndarray]:
    """x and y as the model's arrays; ValueError with one clear message when they do not fit."""
    if model.optimizer is None or model.loss is None:
        raise ValueError("compile the model (loss and optimizer) before tracing an update")
    x = np.atleast_2d(np.asarray(x))
    if x.ndim != 2 or len(x) == 0:
        raise ValueError("give at least one example, as rows of a 2-D array")
    if not model.built:
        model.build(x.shape[1])
    x = np.ascontiguousarray(x, dtype=model.dtype)
    loss_fn = model.compiled()[0]
    y = np.asarray(y)
    if loss_fn.sparse:
        y = np.atleast_1d(y).astype(np.intp)
    else:
        y = np.ascontiguousarray(np.atleast_2d(y), dtype=model.dtype)
    if len(y) != len(x):
        raise ValueError(f"{len(x)} examples but {len(y)} targets")
    return x, y


def trace_step(model: Sequential, x, y) -> StepTrace:
    """Run one update of ``model`` on the batch (x, y) and return every number of it."""
    x, y = check_batch(model, x, y)
    loss_fn, optimizer = model.compiled()
    # The engine's own textbook passes: nothing here computes a forward or backward step.
    traces = model.forward_pass(x)
    gradients = model.backward_pass(traces, y)
    per_example = np.asarray(loss_fn.per_example(y, traces[-1].a, traces[-1].z), np.float64)
    before = [(layer.kernel.copy(), layer.bias.copy()) for layer in model.layers]
    learning_rate = optimizer.learning_rate
    with fused.without_compiling():  # one step: not worth loading the compiler (about 1 s)
        model.train_on_batch(x, y)
    t = optimizer.iterations
    steps = []
    for layer, trace, grads, (kernel, bias) in zip(
        model.layers, traces, gradients, before, strict=True
    ):
        steps.append(
            LayerStep(
                activation=layer.activation,
                inputs=trace.inputs,
                z=trace.z,
                a=trace.a,
                delta=grads.delta,
                grad_kernel=grads.kernel,
                grad_bias=grads.bias,
                kernel_before=kernel,
                bias_before=bias,
                kernel_after=layer.kernel.copy(),
                bias_after=layer.bias.copy(),
                kernel_slots=_slots(optimizer, layer.kernel),
                bias_slots=_slots(optimizer, layer.bias),
            )
        )
    config = optimizer.get_config()
    config.pop("name", None)
    config.pop("learning_rate", None)
    return StepTrace(
        layers=tuple(steps),
        per_example=per_example,
        loss_name=loss_fn.name,
        optimizer_name=optimizer.name,
        learning_rate=learning_rate,
        iteration=t,
        hyperparameters=config,
        bias_correction=_bias_correction(optimizer, t),
    )


def _mean_loss(model: Sequential, x: np.ndarray, y: np.ndarray) -> float:
    """L' = (1/B) Σ Cⁿ from the engine's forward pass and loss."""
    last = model.forward_pass(x)[-1]
    return float(np.mean(model.compiled()[0].per_example(y, last.a, last.z)))


def numerical_gradient(
    model: Sequential, x, y, layer: int, row: int, column: int, eps: float = 1e-5
) -> tuple[float, float]:
    """(central difference, backprop) for ∂L'/∂W[row, column] of ``layer``, in float64.

    Works on a float64 copy, so the model itself is untouched and float32 rounding does not
    swamp the difference quotient.
    """
    import copy

    work = copy.deepcopy(model)
    for dense in work.layers:
        dense.kernel = dense.kernel.astype(np.float64)
        dense.bias = dense.bias.astype(np.float64)
    x, y = check_batch(work, x, y)
    kernel = work.layers[layer].kernel
    if not (0 <= row < kernel.shape[0] and 0 <= column < kernel.shape[1]):
        raise ValueError(f"layer {layer + 1} has no weight W[{row}, {column}]")
    saved = kernel[row, column]
    kernel[row, column] = saved + eps
    plus = _mean_loss(work, x, y)
    kernel[row, column] = saved - eps
    minus = _mean_loss(work, x, y)
    kernel[row, column] = saved
    backprop = float(work.backward_pass(work.forward_pass(x), y)[layer].kernel[row, column])
    return (plus - minus) / (2 * eps), backprop


# -- the stages a view walks through, one key press each ---------------------------------------
STAGE_KINDS = ("input", "forward", "loss", "delta", "gradients", "update")


@dataclass(frozen=True)
class Stage:
    kind: str  # one of STAGE_KINDS
    layer: int = -1  # the layer (0-based) of a forward or delta stage


def stages(n_layers: int) -> tuple[Stage, ...]:
    """Input, forward layer by layer, the loss, δ from the output back, gradients, update."""
    forward = [Stage("forward", i) for i in range(n_layers)]
    backward = [Stage("delta", i) for i in reversed(range(n_layers))]
    return (Stage("input"), *forward, Stage("loss"), *backward, Stage("gradients"), Stage("update"))
