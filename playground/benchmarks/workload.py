"""The benchmarked network and data: 784-500-500-10 ReLU/softmax with cross-entropy on MNIST."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

SIZES = (784, 500, 500, 10)
EPOCH_SIZE = 60_000  # MNIST's training set
SEED = 0


@dataclass(frozen=True)
class Workload:
    """One epoch's data, already in the order both engines see it.

    ``x`` is float32 (n, 784) in [0, 1], ``y`` the one-hot float32 targets, ``labels`` the
    same targets as int64 class indices (what PyTorch's cross-entropy takes).
    """

    source: str
    x: np.ndarray
    y: np.ndarray
    labels: np.ndarray

    @property
    def epoch_size(self) -> int:
        return len(self.x)


def load_workload(*, synthetic: bool = False, seed: int = SEED) -> Workload:
    """MNIST's 60,000 training digits (or random data of that shape), shuffled once.

    The one permutation stands for an epoch's shuffle; both engines then train on contiguous
    slices of it (``shuffle=False``), so their data order is identical.
    """
    rng = np.random.default_rng(seed)
    if synthetic:
        x = rng.random((EPOCH_SIZE, SIZES[0]), dtype=np.float32)
        labels = rng.integers(0, SIZES[-1], EPOCH_SIZE)
        source = f"random data of MNIST's shape ({EPOCH_SIZE} x {SIZES[0]})"
    else:
        from playground.data.mnist import load_data

        (x_raw, y_raw), _ = load_data()
        x = x_raw.reshape(len(x_raw), -1).astype(np.float32) * np.float32(1 / 255)
        labels = y_raw.astype(np.int64)
        source = f"MNIST training set ({len(x)} digits)"
    order = rng.permutation(len(x))
    x = np.ascontiguousarray(x[order])
    labels = np.ascontiguousarray(labels[order]).astype(np.int64)
    y = np.zeros((len(x), SIZES[-1]), dtype=np.float32)
    y[np.arange(len(x)), labels] = 1.0
    return Workload(source, x, y, labels)


def matmul_flops_per_sample(sizes: tuple[int, ...] = SIZES) -> int:
    """Floating-point operations of the matrix products of one training step, per sample.

    A dense layer of fan-in ``m`` and ``n`` units costs ``2 m n`` for the forward product,
    ``2 m n`` for the kernel gradient ``x.T @ delta`` and ``2 m n`` for the gradient passed to
    the layer below, which the first layer does not need. Biases, activations, the loss and the
    optimizer's update are not counted: they are small next to the products.
    """
    pairs = list(itertools.pairwise(sizes))
    forward = sum(2 * m * n for m, n in pairs)
    kernel_grads = forward
    input_grads = sum(2 * m * n for m, n in pairs[1:])
    return forward + kernel_grads + input_grads


def timed_samples(batch_size: int, cap: int | None, epoch_size: int) -> int:
    """How many samples a run times: ``cap`` (or the epoch) rounded down to whole batches."""
    n = epoch_size if cap is None else min(cap, epoch_size)
    return max(batch_size, n // batch_size * batch_size)


def build_model(optimizer: str, hyperparameters: dict, sizes: tuple[int, ...] = SIZES):
    """The default network of the playground, compiled like its Keras counterpart."""
    from playground.engine import Dense, Sequential, optimizers

    layers = [Dense(sizes[1], activation="relu", input_dim=sizes[0])]
    layers += [Dense(units, activation="relu") for units in sizes[2:-1]]
    layers.append(Dense(sizes[-1], activation="softmax"))
    model = Sequential(layers, seed=SEED)
    model.compile(
        loss="categorical_crossentropy",
        optimizer=optimizers.get(optimizer, **hyperparameters),
        metrics=["accuracy"],
    )
    return model
