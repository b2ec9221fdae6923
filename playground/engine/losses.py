"""Loss functions and the accuracy metric.

The loss of a batch is the mean of the loss per example (the lecture's "total loss" divided by
the batch size). Each loss gives the gradient the backward pass starts from:

* the cross-entropies are *fused* with the softmax output: the gradient with respect to the
  logits ``z`` is simply ``(probs - y) / n``. That is both faster and numerically stable, because
  it never divides by a probability that has rounded to zero.
* mean squared error gives the gradient with respect to the output ``a``; the network then
  runs it back through the output activation like any other layer.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

LOSSES: tuple[str, ...] = (
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "mean_squared_error",
    "mse",
)
_ALIASES = {"mse": "mean_squared_error"}


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log(softmax(z)) row-wise, computed without overflow (log-sum-exp trick)."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


class Loss:
    name = ""
    # True: ``gradient`` is dL/dz of the last layer (fused with softmax); False: it is dL/da.
    fused_with_softmax = False
    sparse = False  # targets are integer labels instead of rows of the output's width

    def per_example(self, y: np.ndarray, a: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Loss of each example, shape (n,)."""
        raise NotImplementedError  # pragma: no cover

    def gradient(self, y: np.ndarray, a: np.ndarray, out: np.ndarray) -> None:
        """Write the gradient of the *mean* loss into ``out`` (shape of ``a``)."""
        raise NotImplementedError  # pragma: no cover

    def output_gradient(self, y: np.ndarray, a: np.ndarray) -> np.ndarray:
        """The gradient of the batch's mean loss where the backward pass starts, as a new
        array: dC/dz of the last layer when ``fused_with_softmax``, else dC/da."""
        raise NotImplementedError  # pragma: no cover

    def check_output(self, activation: str, units: int) -> None:
        """Raise ValueError if this loss does not fit an output layer like that."""

    def __repr__(self) -> str:
        return f"<loss {self.name}>"


class CategoricalCrossentropy(Loss):
    """-sum_k y_k log p_k per example; y is one-hot (or any probability rows)."""

    name = "categorical_crossentropy"
    fused_with_softmax = True

    def per_example(self, y, a, z):
        return -np.einsum("ij,ij->i", y, log_softmax(z))

    def gradient(self, y, a, out):
        np.subtract(a, y, out=out)
        out *= 1.0 / len(a)

    def output_gradient(self, y, a):
        """dC/dz = (p - y) / n: softmax and cross-entropy together."""
        return (a - y) / len(a)

    def check_output(self, activation, units):
        if activation != "softmax":
            raise ValueError(
                f"The loss {self.name!r} needs a softmax output layer, but the last layer's "
                f"activation is {activation!r}. Use activation='softmax' on the last layer, "
                "or the loss 'mean_squared_error'."
            )


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Cross-entropy with integer class labels instead of one-hot rows."""

    name = "sparse_categorical_crossentropy"
    sparse = True

    def per_example(self, y, a, z):
        return -log_softmax(z)[np.arange(len(y)), y]

    def gradient(self, y, a, out):
        np.copyto(out, a)
        out[np.arange(len(y)), y] -= 1
        out *= 1.0 / len(a)

    def output_gradient(self, y, a):
        """dC/dz = (p - onehot(y)) / n."""
        one_hot = np.eye(a.shape[1], dtype=a.dtype)[y]
        return (a - one_hot) / len(a)

    def check_output(self, activation, units):
        super().check_output(activation, units)
        if units < 2:
            raise ValueError(f"The loss {self.name!r} needs at least 2 output units.")


class MeanSquaredError(Loss):
    """mean_k (a_k - y_k)^2 per example."""

    name = "mean_squared_error"

    def per_example(self, y, a, z):
        diff = a - y
        return np.einsum("ij,ij->i", diff, diff) / a.shape[1]

    def gradient(self, y, a, out):
        np.subtract(a, y, out=out)
        out *= 2.0 / a.size

    def output_gradient(self, y, a):
        """dC/da = 2 (a - y) / (n * outputs): the mean over examples and outputs."""
        return 2 * (a - y) / a.size


_CLASSES = {
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
    "mean_squared_error": MeanSquaredError,
}


def canonical_name(name: object) -> str:
    """The loss's full name (``mse`` -> ``mean_squared_error``); ValueError for unknown ones."""
    if isinstance(name, str):
        key = _ALIASES.get(name.lower(), name.lower())
        if key in _CLASSES:
            return key
    raise ValueError(f"Unknown loss {name!r}. Choose one of: {', '.join(LOSSES)}.")


def get(name: str) -> Loss:
    return _CLASSES[canonical_name(name)]()


METRICS: tuple[str, ...] = ("accuracy",)


def check_metrics(metrics: object) -> list[str]:
    """Normalise ``metrics`` (None, or a list of names) to the metric names we compute."""
    if metrics is None:
        return []
    if isinstance(metrics, str):
        metrics = [metrics]
    if not isinstance(metrics, Iterable):
        raise ValueError(f"metrics must be a list of names, got {metrics!r}")
    names = []
    for metric in metrics:
        if metric in ("accuracy", "acc"):
            names.append("accuracy")
        else:
            raise ValueError(f"Unknown metric {metric!r}. Choose one of: {', '.join(METRICS)}.")
    return list(dict.fromkeys(names))


def count_correct(y: np.ndarray, a: np.ndarray, sparse: bool) -> int:
    """How many rows of ``a`` have their largest entry at the true class."""
    predicted = a.argmax(axis=1)
    truth = y if sparse else y.argmax(axis=1)
    return int(np.count_nonzero(predicted == truth))
