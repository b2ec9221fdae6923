"""A map of what the network learned: hidden activations of test digits projected to 2-D.

PCA is a few lines of NumPy: centre the activations and project them on the two directions of
largest variance (the first right-singular vectors). t-SNE, which keeps neighbours together
rather than variance, comes from scikit-learn when it is installed (the ``embedding`` extra);
it takes seconds for a few thousand points, so callers run it off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_POINTS = 3000  # more makes t-SNE slow and a scatter plot unreadable


@dataclass(frozen=True)
class Embedding:
    points: np.ndarray  # (n, 2)
    explained: tuple[float, float] | None  # PCA's share of the variance per axis


def hidden_activations(model, x: np.ndarray, layer: int) -> np.ndarray:
    """The outputs a = f(z) of Dense layer ``layer`` for the digits ``x`` (inference)."""
    if not 0 <= layer < len(model.layers):
        raise ValueError(f"layer must be 0..{len(model.layers) - 1}, got {layer!r}")
    return model.forward_pass(x[:MAX_POINTS])[layer].a


def pca(activations: np.ndarray, components: int = 2) -> Embedding:
    """The first ``components`` principal components of the rows of ``activations``."""
    a = np.asarray(activations, dtype=np.float64)
    if a.ndim != 2 or len(a) < 2:
        raise ValueError("PCA needs at least two rows of activations")
    centred = a - a.mean(axis=0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    points = centred @ vt[:components].T
    if points.shape[1] < components:  # fewer units than axes: pad with zeros
        points = np.pad(points, ((0, 0), (0, components - points.shape[1])))
    variance = singular**2
    total = variance.sum()
    shares = variance[:components] / total if total > 0 else np.zeros(components)
    shares = np.pad(shares, (0, components - len(shares)))
    return Embedding(points, (float(shares[0]), float(shares[1])))


def tsne_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("sklearn") is not None


def tsne(activations: np.ndarray, seed: int = 0, perplexity: float = 30.0) -> Embedding:
    """t-SNE of the rows (scikit-learn); ImportError with the install hint without it."""
    try:
        from sklearn.manifold import TSNE
    except ImportError:
        raise ImportError(
            "t-SNE needs scikit-learn: pip install 'nn-playground[embedding]'"
        ) from None
    a = np.asarray(activations, dtype=np.float64)[:MAX_POINTS]
    perplexity = min(perplexity, max(1.0, (len(a) - 1) / 3))
    points = TSNE(2, perplexity=perplexity, init="pca", random_state=seed).fit_transform(a)
    return Embedding(points, None)
