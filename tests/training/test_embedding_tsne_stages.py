"""What t-SNE's four stages ask of scikit-learn: scikit-learn's own settings for one run of
1,000 iterations, the early exaggeration in the first stage only, each stage going on from the
last one's map, and the time each report gives. A stand-in for scikit-learn's TSNE records
what it is asked and answers at once."""

from __future__ import annotations

import time
from typing import ClassVar

import numpy as np
import pytest

from playground.training import embedding


class StandInTSNE:
    """Records each stage's settings; its map is the stage's number in every cell."""

    calls: ClassVar[list[dict]] = []

    def __init__(self, n_components=2, **settings) -> None:
        self.settings = {"n_components": n_components, **settings}

    def fit_transform(self, a: np.ndarray) -> np.ndarray:
        StandInTSNE.calls.append(self.settings)
        return np.full((len(a), 2), float(len(StandInTSNE.calls)))


@pytest.fixture
def stages(monkeypatch) -> list[dict]:
    import sklearn.manifold

    StandInTSNE.calls = []
    monkeypatch.setattr(sklearn.manifold, "TSNE", StandInTSNE)
    return StandInTSNE.calls


def _rows(n: int) -> np.ndarray:
    return np.random.default_rng(n).normal(size=(n, 3))


def test_four_stages_of_250_iterations_exaggerated_only_in_the_first(stages) -> None:
    result = embedding.tsne(_rows(40), seed=5)
    assert [s["max_iter"] for s in stages] == [250] * 4  # scikit-learn's 1,000 in all
    assert [s["early_exaggeration"] for s in stages] == [12.0, 1.0, 1.0, 1.0]
    assert [s["n_components"] for s in stages] == [2] * 4
    assert [s["random_state"] for s in stages] == [5] * 4
    # The first stage starts from PCA; each other one from the map the last one drew.
    assert isinstance(stages[0]["init"], str) and stages[0]["init"] == "pca"
    for k in (1, 2, 3):
        np.testing.assert_array_equal(stages[k]["init"], np.full((40, 2), float(k)))
    np.testing.assert_array_equal(result.points, np.full((40, 2), 4.0))


@pytest.mark.parametrize(("n", "rate"), [(40, 50.0), (3000, 62.5)])
def test_every_stage_keeps_the_first_stages_automatic_rate(stages, n, rate) -> None:
    # scikit-learn's "auto": max(n / early_exaggeration / 4, 50), with its exaggeration of 12.
    embedding.tsne(_rows(n))
    assert [s["learning_rate"] for s in stages] == [rate] * 4


@pytest.mark.parametrize(("n", "perplexity"), [(31, 10.0), (13, 4.0), (100, 30.0)])
def test_the_perplexity_is_at_most_a_third_of_the_other_points(stages, n, perplexity) -> None:
    # scikit-learn looks at 3 x perplexity neighbours of each point: n - 1 are there.
    embedding.tsne(_rows(n))
    assert [s["perplexity"] for s in stages] == [perplexity] * 4


def test_each_report_gives_the_seconds_since_the_start(stages) -> None:
    seen = []
    before = time.perf_counter()
    embedding.tsne(_rows(20), progress=seen.append)
    took = time.perf_counter() - before
    assert [p.stage for p in seen] == [0, 1, 2, 3, 4]
    assert all(0 <= p.elapsed <= took for p in seen)
