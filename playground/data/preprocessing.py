"""Preprocessing as the lecture's Keras demo does it, plus subsets for quick classroom runs."""

from __future__ import annotations

import numpy as np

from playground.engine.byte_inputs import ByteInputs

BYTE_SCALE = 1.0 / 255.0


def flatten_scale(x: np.ndarray) -> np.ndarray:
    """uint8 images (n, 28, 28) -> float32 (n, 784) in [0, 1] (``x.reshape(n, 784) / 255``)."""
    x = np.asarray(x)
    flat = x.reshape(len(x), -1)
    if flat.dtype == np.uint8:
        return flat.astype(np.float32) * np.float32(BYTE_SCALE)
    return np.clip(flat.astype(np.float32, copy=False), 0.0, 1.0)


def flatten_scale_rows(x: np.ndarray) -> np.ndarray | ByteInputs:
    """``flatten_scale``'s numbers in a quarter of the memory: uint8 images stay bytes and
    are scaled a batch at a time (``ByteInputs``); other inputs as ``flatten_scale``."""
    x = np.asarray(x)
    if x.dtype != np.uint8:
        return flatten_scale(x)
    return ByteInputs(x.reshape(len(x), -1), BYTE_SCALE)


def one_hot(y: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """Integer labels (n,) -> float32 (n, num_classes), like ``keras.utils.to_categorical``."""
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"labels must be a 1-D array, not shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1}, found {y.min()}..{y.max()}")
    out = np.zeros((len(y), num_classes), dtype=np.float32)
    out[np.arange(len(y)), y.astype(np.intp)] = 1.0
    return out


def stratified_indices(y: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """Indices of ``n`` examples, the same count from every class present (seeded).

    When ``n`` is not a multiple of the number of classes, a seeded choice of classes gets one
    example more, so counts differ by at most one. Indices come back in ascending order.
    """
    y = np.asarray(y)
    classes, counts = np.unique(y, return_counts=True)
    if not 1 <= n <= len(y):
        raise ValueError(f"subset size must be between 1 and {len(y)}, not {n}")
    rng = np.random.default_rng(seed)
    per_class = np.full(len(classes), n // len(classes))
    per_class[rng.permutation(len(classes))[: n % len(classes)]] += 1
    short = [(c, k, m) for c, k, m in zip(classes, per_class, counts, strict=True) if k > m]
    if short:
        c, k, m = short[0]
        raise ValueError(f"class {c} has only {m} examples, {k} are needed for a subset of {n}")
    chosen = [
        rng.choice(np.flatnonzero(y == c), size=k, replace=False)
        for c, k in zip(classes, per_class, strict=True)
    ]
    return np.sort(np.concatenate(chosen))


def stratified_subset(
    x: np.ndarray, y: np.ndarray, n: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` examples of (x, y) with the same count per class; see :func:`stratified_indices`."""
    idx = stratified_indices(y, n, seed)
    return x[idx], y[idx]


def split_validation(
    x: np.ndarray, y: np.ndarray, fraction: float, *, seed: int | None = None
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Hold out ``fraction`` of the examples: ``((x_train, y_train), (x_val, y_val))``.

    Without a seed the last examples are held out, as Keras' ``validation_split`` does; with a
    seed a random choice is held out.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"validation fraction must lie strictly between 0 and 1, not {fraction}")
    n = len(x)
    n_val = round(n * fraction)
    if not 1 <= n_val <= n - 1:
        raise ValueError(f"a validation fraction of {fraction} of {n} examples leaves a part empty")
    order = np.arange(n) if seed is None else np.random.default_rng(seed).permutation(n)
    train, val = np.sort(order[: n - n_val]), np.sort(order[n - n_val :])
    return (x[train], y[train]), (x[val], y[val])
