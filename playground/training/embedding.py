"""A map of what the network learned: hidden activations of test digits projected to 2-D.

PCA is a few lines of NumPy: centre the activations and project them on the two directions of
largest variance (the first right-singular vectors). t-SNE, which keeps neighbours together
rather than variance, comes from scikit-learn when it is installed (the ``embedding`` extra);
it takes seconds for a few thousand points, so callers run it off the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
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


TSNE_STAGES = 4  # 250 iterations each, scikit-learn's smallest run: 1000 in all, its default
STAGE_ITERATIONS = 250
EXAGGERATION = 12.0  # scikit-learn's default for the first, "exaggerated" stage


class CancelledError(Exception):
    """The caller stopped the work between two stages."""


@dataclass(frozen=True)
class TsneProgress:
    stage: int  # stages finished, 0 .. stages
    stages: int
    elapsed: float  # seconds since the start


def tsne(
    activations: np.ndarray,
    seed: int = 0,
    perplexity: float = 30.0,
    progress: Callable[[TsneProgress], None] | None = None,
    stopping: Callable[[], bool] | None = None,
) -> Embedding:
    """t-SNE of the rows (scikit-learn); ImportError with the install hint without it.

    scikit-learn's TSNE reports no progress, so the optimisation runs as ``TSNE_STAGES`` runs
    of 250 iterations, each starting where the last one ended: the first with the early
    exaggeration that pulls clusters apart, the others without it and at the same learning
    rate (each stage recomputes the neighbour affinities and restarts the momentum, a small
    cost against one long run). Between stages it reports ``progress`` and raises
    ``CancelledError`` once ``stopping()``.
    """
    try:
        from sklearn.manifold import TSNE
    except ImportError:
        raise ImportError(
            "t-SNE needs scikit-learn: pip install 'nn-playground[embedding]'"
        ) from None
    a = np.asarray(activations, dtype=np.float64)[:MAX_POINTS]
    perplexity = min(perplexity, max(1.0, (len(a) - 1) / 3))
    rate = max(len(a) / EXAGGERATION / 4, 50.0)  # scikit-learn's "auto", kept for every stage
    start = time.perf_counter()
    points: np.ndarray | str = "pca"
    for stage in range(TSNE_STAGES):
        if stopping is not None and stopping():
            raise CancelledError("t-SNE cancelled")
        if progress is not None:
            progress(TsneProgress(stage, TSNE_STAGES, time.perf_counter() - start))
        points = TSNE(
            2,
            perplexity=perplexity,
            early_exaggeration=EXAGGERATION if stage == 0 else 1.0,
            learning_rate=rate,
            max_iter=STAGE_ITERATIONS,
            init=points,
            random_state=seed,
        ).fit_transform(a)
    if progress is not None:
        progress(TsneProgress(TSNE_STAGES, TSNE_STAGES, time.perf_counter() - start))
    return Embedding(np.asarray(points), None)
