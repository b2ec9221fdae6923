"""What augmentation does to digits: the training layers the settings build, applied as in
training, so the preview shows exactly what the network will see."""

from __future__ import annotations

import numpy as np

from playground.training.config import TrainingConfig
from playground.training.model_builder import augmentation_layers

N_DIGITS = 8  # one row of the preview


def sample_digits(n: int = N_DIGITS) -> np.ndarray:
    """The first ``n`` bundled MNIST test digits as rows of 784 values in [0, 1]."""
    from playground.data.idx import read_idx
    from playground.data.mnist import mnist_dir

    images = read_idx(mnist_dir() / "t10k-images-idx3-ubyte.gz")[:n]
    return images.reshape(len(images), -1).astype(np.float32) / 255.0


def augmented(
    x: np.ndarray, rotation: float, shift: float, noise: float, draws: int, seed: int = 0
) -> np.ndarray:
    """``draws`` random versions of the rows of ``x`` (draws, n, width), through the layers
    ``build_model`` would put first for these settings; pixels clipped to [0, 1] for display."""
    config = TrainingConfig(rotation=rotation, shift=shift, noise=noise)
    layers = augmentation_layers(config, x.shape[1])
    rng = np.random.default_rng(seed)
    for layer in layers:
        layer.set_rng(rng)
    out = np.empty((draws, *x.shape), np.float32)
    for k in range(draws):
        batch = np.asarray(x, np.float32)
        for layer in layers:
            batch = layer.forward(batch, training=True)
        out[k] = batch
    return np.clip(out, 0.0, 1.0)
