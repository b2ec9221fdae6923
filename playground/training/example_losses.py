"""The loss of every example, Cⁿ, and how they add up to the total loss L = Σ Cⁿ.

``example_losses(model, x, y, labels)`` runs the engine's forward pass in chunks and its loss's
``per_example``; the result sorts the examples by cost (the digits that cost most first) and
sums any mini-batch, L′ = Σ over the batch, to put beside L.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.engine import Sequential, losses
from playground.engine.byte_inputs import Rows, as_rows
from playground.training.vocabulary import canonical_loss

CHUNK = 1000  # examples per forward pass: bounded memory for any data set size


@dataclass(frozen=True)
class ExampleLosses:
    losses: np.ndarray  # Cⁿ, one per example, float64
    outputs: np.ndarray  # the network's output row of each example
    labels: np.ndarray  # the true class of each example
    loss_name: str

    @property
    def total(self) -> float:
        """L = Σ Cⁿ."""
        return float(np.sum(self.losses))

    @property
    def mean(self) -> float:
        """L / N, what Keras reports as the loss."""
        return self.total / len(self.losses)

    @property
    def predicted(self) -> np.ndarray:
        return self.outputs.argmax(axis=1)

    def costliest(self, count: int | None = None) -> np.ndarray:
        """Indices of the examples from the largest Cⁿ down (ties: the lower index first)."""
        order = np.argsort(-self.losses, kind="stable")
        return order if count is None else order[:count]

    def running_total(self) -> np.ndarray:
        """L summed from the costliest example down: entry k is the sum of the k + 1 largest."""
        return np.cumsum(self.losses[self.costliest()])

    def share_of_costliest(self, count: int) -> float:
        """The fraction of L that the ``count`` costliest examples make up."""
        total = self.total
        return float(self.losses[self.costliest(count)].sum() / total) if total > 0 else 0.0

    def batch_total(self, indices) -> float:
        """L′ = Σ Cⁿ over the examples of one mini-batch."""
        return float(np.sum(self.losses[np.asarray(indices, np.intp)]))


def losses_of_probabilities(loss: str, probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Cⁿ of each example, as the engine (and Keras) define it, from the softmax outputs."""
    labels = np.asarray(labels).astype(np.intp)
    rows = np.arange(len(labels))
    if canonical_loss(loss) == "mean_squared_error":
        diff = np.array(probs, dtype=np.float64)
        diff[rows, labels] -= 1.0
        return np.mean(diff * diff, axis=1)
    # The engine takes log-softmax of the logits; from float32 probabilities that only differs
    # where a probability underflowed (a loss above ~87), hence the floor.
    p = np.asarray(probs)[rows, labels].astype(np.float64)
    return -np.log(np.maximum(p, 1e-45))


def from_probabilities(loss: str, probs: np.ndarray, labels: np.ndarray) -> ExampleLosses:
    """The examples' losses from outputs already computed (the window's shown digits)."""
    labels = np.asarray(labels).astype(np.intp)
    return ExampleLosses(
        losses_of_probabilities(loss, probs, labels),
        np.asarray(probs),
        labels,
        canonical_loss(loss),
    )


def targets_for(loss_name: str, labels: np.ndarray, classes: int) -> np.ndarray:
    """Integer labels as the loss wants its targets (one-hot rows unless sparse)."""
    labels = np.asarray(labels).astype(np.intp)
    if losses.get(loss_name).sparse:
        return labels
    return np.eye(classes)[labels]


def example_losses(model: Sequential, x: Rows, labels: np.ndarray) -> ExampleLosses:
    """Cⁿ of every (x, label) for the model's own loss (one-hot targets of the labels)."""
    if model.loss is None:
        raise ValueError("the model has no loss yet: compile it first")
    x = as_rows(x)
    labels = np.asarray(labels).astype(np.intp)
    if len(x) != len(labels) or len(x) == 0:
        raise ValueError("give as many labels as examples, and at least one")
    loss_fn = losses.get(model.loss)
    y = targets_for(model.loss, labels, model.output_dim)
    parts, outputs = [], []
    for lo in range(0, len(x), CHUNK):
        last = model.forward_pass(x[lo : lo + CHUNK])[-1]
        parts.append(np.asarray(loss_fn.per_example(y[lo : lo + CHUNK], last.a, last.z)))
        outputs.append(last.a)
    return ExampleLosses(
        losses=np.concatenate(parts).astype(np.float64),
        outputs=np.concatenate(outputs),
        labels=labels,
        loss_name=loss_fn.name,
    )
