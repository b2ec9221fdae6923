"""Gradient descent on a loss surface: the loss over a plane through the network's weights.

A ``Plane`` is the network's current weights w₀ plus two directions d₁, d₂: either two single
weights (the loss as a function of those two, all others held) or two random directions in
weight space, scaled neuron by neuron to the size of its weights (Li et al., "Visualizing the
Loss Landscape of Neural Nets", 2018). ``loss_grid`` evaluates L(w₀ + α d₁ + β d₂) on a grid
of (α, β); ``PlaneDescent`` runs mini-batch gradient descent *within* the plane,

    α ← α − η ∂L′/∂α,   ∂L′/∂α = ∇L′ · d₁   (β likewise),

so every step it takes lies on the surface drawn, and records after each update both the
mini-batch loss L′ the step minimised and the loss L over all the examples.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from playground.engine import Sequential, losses

Weight = tuple[int, int, int]  # (layer, row, column) of a kernel entry


@dataclass(frozen=True)
class Plane:
    origin: tuple[np.ndarray, ...]  # w₀, as get_weights(): kernel, bias per layer (float64)
    d1: tuple[np.ndarray, ...]
    d2: tuple[np.ndarray, ...]
    first_layer: int  # layers below this one do not move in the plane

    def weights(self, alpha: float, beta: float) -> list[np.ndarray]:
        moved = zip(self.origin, self.d1, self.d2, strict=True)
        return [o + alpha * a + beta * b for o, a, b in moved]

    def coordinates(self, gradient: list[np.ndarray]) -> tuple[float, float]:
        """(∇·d₁, ∇·d₂): the gradient of L(α, β) from the gradient in weight space."""
        return (
            float(sum(np.vdot(g, d) for g, d in zip(gradient, self.d1, strict=True))),
            float(sum(np.vdot(g, d) for g, d in zip(gradient, self.d2, strict=True))),
        )


def _float64(model: Sequential) -> Sequential:
    work = copy.deepcopy(model)
    for layer in work.layers:
        layer.kernel = layer.kernel.astype(np.float64)
        layer.bias = layer.bias.astype(np.float64)
    return work


def _origin(model: Sequential) -> tuple[np.ndarray, ...]:
    return tuple(np.array(w, np.float64) for w in model.get_weights())


def weight_plane(model: Sequential, first: Weight, second: Weight) -> Plane:
    """The plane of two single kernel weights: α and β are their changes."""
    origin = _origin(model)
    directions = []
    for layer, row, column in (first, second):
        if not 0 <= layer < len(model.layers):
            raise ValueError(f"the network has no layer {layer + 1}")
        kernel = origin[2 * layer]
        if not (0 <= row < kernel.shape[0] and 0 <= column < kernel.shape[1]):
            raise ValueError(f"layer {layer + 1} has no weight W[{row}, {column}]")
        d = [np.zeros_like(w) for w in origin]
        d[2 * layer][row, column] = 1.0
        directions.append(tuple(d))
    if first == second:
        raise ValueError("pick two different weights")
    d1, d2 = directions
    return Plane(origin, d1, d2, first_layer=min(first[0], second[0]))


def random_plane(model: Sequential, seed: int = 0) -> Plane:
    """Two random directions, each neuron's part scaled to that neuron's weights, the second
    made orthogonal to the first; biases stay put."""
    origin = _origin(model)
    rng = np.random.default_rng(seed)
    directions = []
    for _ in range(2):
        d = []
        for index, w in enumerate(origin):
            if index % 2:  # a bias
                d.append(np.zeros_like(w))
                continue
            r = rng.normal(size=w.shape)
            scale = np.linalg.norm(w, axis=0) / np.maximum(np.linalg.norm(r, axis=0), 1e-12)
            d.append(r * scale)
        directions.append(d)
    d1, d2 = directions
    overlap = sum(np.vdot(a, b) for a, b in zip(d1, d2, strict=True))
    norm = sum(np.vdot(a, a) for a in d1)
    d2 = [b - overlap / norm * a for a, b in zip(d1, d2, strict=True)]
    return Plane(origin, tuple(d1), tuple(d2), first_layer=0)


class PlaneLoss:
    """L over a fixed set of examples at any point of a plane (the layers below the plane's
    first one are computed once)."""

    def __init__(self, model: Sequential, plane: Plane, x: np.ndarray, y: np.ndarray) -> None:
        if model.loss is None:
            raise ValueError("the model has no loss yet: compile it first")
        self.model, self.plane = _float64(model), plane
        arrays = [w for layer in self.model.layers for w in (layer.kernel, layer.bias)]
        self.moving = [
            (i, arrays[i]) for i in range(len(arrays)) if plane.d1[i].any() or plane.d2[i].any()
        ]
        self.loss_fn = losses.get(model.loss)
        self.x, self.y = np.asarray(x, np.float64), y
        inputs = self.x
        for layer in self.model.layers[: plane.first_layer]:
            inputs = layer.forward(inputs).a
        self.inputs = inputs

    def _set(self, alpha: float, beta: float) -> None:
        """Move the weights the plane moves (in place; the others never change)."""
        plane = self.plane
        for index, target in self.moving:
            np.multiply(plane.d1[index], alpha, out=target)
            target += plane.origin[index]
            target += beta * plane.d2[index]

    def loss(self, alpha: float, beta: float, rows: np.ndarray | None = None) -> float:
        """L / N, the mean of Cⁿ over the examples (or over ``rows`` of them)."""
        self._set(alpha, beta)
        a = self.inputs if rows is None else self.inputs[rows]
        y = self.y if rows is None else self.y[rows]
        for layer in self.model.layers[self.plane.first_layer :]:
            trace = layer.forward(a)
            a = trace.a
        return float(np.mean(self.loss_fn.per_example(y, trace.a, trace.z)))

    def gradient(self, alpha: float, beta: float, x: np.ndarray, y: np.ndarray):
        """(∂L/∂α, ∂L/∂β) of the mean loss over (x, y), by backpropagation."""
        self._set(alpha, beta)
        grads = self.model.backward_pass(self.model.forward_pass(x), y)
        return self.plane.coordinates([g for lg in grads for g in (lg.kernel, lg.bias)])


@dataclass(frozen=True)
class LossGrid:
    alphas: np.ndarray
    betas: np.ndarray
    values: np.ndarray  # values[j, i] = L(alphas[i], betas[j])


def loss_grid(
    plane_loss: PlaneLoss,
    span: float,
    steps: int,
    should_stop: Callable[[], bool] = lambda: False,
) -> LossGrid | None:
    """L on a steps × steps grid of α, β in [−span, span]; None if stopped early."""
    if not (span > 0 and np.isfinite(span)) or not 3 <= steps <= 101:
        raise ValueError("the span must be above 0 and the grid between 3 and 101 points a side")
    ticks = np.linspace(-span, span, steps)
    values = np.empty((steps, steps))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for j, beta in enumerate(ticks):
            if should_stop():
                return None
            for i, alpha in enumerate(ticks):
                values[j, i] = plane_loss.loss(alpha, beta)
    return LossGrid(ticks, ticks.copy(), values)


@dataclass(frozen=True)
class DescentPoint:
    update: int
    alpha: float
    beta: float
    batch_loss: float  # L′ / B of the mini-batch this update used (before it)
    total_loss: float  # L / N over all the examples, after the update


class PlaneDescent:
    """Mini-batch gradient descent on (α, β): each step lies on the plane's surface."""

    def __init__(
        self, plane_loss: PlaneLoss, batch_size: int, learning_rate: float, seed: int = 0
    ) -> None:
        if batch_size < 1 or not learning_rate > 0:
            raise ValueError("the batch size must be at least 1 and the learning rate above 0")
        self.plane_loss, self.x, self.y = plane_loss, plane_loss.x, plane_loss.y
        self.batch_size, self.learning_rate = min(batch_size, len(self.x)), learning_rate
        self.rng = np.random.default_rng(seed)
        self.alpha = self.beta = 0.0
        self.order = np.zeros(0, np.intp)
        self.points: list[DescentPoint] = []

    def _next_batch(self) -> np.ndarray:
        if len(self.order) < self.batch_size:  # a new epoch: shuffle again
            self.order = self.rng.permutation(len(self.x))
        rows, self.order = self.order[: self.batch_size], self.order[self.batch_size :]
        return rows

    def arrow(self) -> tuple[float, float]:
        """−η ∇L at the current point, over all the examples."""
        g_alpha, g_beta = self.plane_loss.gradient(self.alpha, self.beta, self.x, self.y)
        return -self.learning_rate * g_alpha, -self.learning_rate * g_beta

    def step(self) -> DescentPoint:
        rows = self._next_batch()
        batch_loss = self.plane_loss.loss(self.alpha, self.beta, rows)
        g_alpha, g_beta = self.plane_loss.gradient(
            self.alpha, self.beta, self.x[rows], self.y[rows]
        )
        self.alpha -= self.learning_rate * g_alpha
        self.beta -= self.learning_rate * g_beta
        point = DescentPoint(
            update=len(self.points) + 1,
            alpha=self.alpha,
            beta=self.beta,
            batch_loss=batch_loss,
            total_loss=self.plane_loss.loss(self.alpha, self.beta),
        )
        self.points.append(point)
        return point
