"""The map of hidden activations at its edges: which layer, how many digits, PCA's padding
and shares, and t-SNE's stages, progress and cancelling."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import embedding


def model() -> Sequential:
    return Sequential(
        [Dense(6, activation="tanh", input_dim=4), Dense(1, activation="relu"),
         Dense(3, activation="softmax")],
        seed=2,
    )  # fmt: skip


X = np.random.default_rng(0).normal(size=(8, 4)).astype(np.float32)


@pytest.mark.parametrize("layer", [-1, 3])
def test_a_layer_that_does_not_exist_is_refused(layer) -> None:
    with pytest.raises(ValueError) as caught:
        embedding.hidden_activations(model(), X, layer)
    assert str(caught.value) == f"layer must be 0..2, got {layer}"


def test_every_layer_up_to_the_output_can_be_mapped() -> None:
    m = model()
    out = embedding.hidden_activations(m, X, 2)
    np.testing.assert_allclose(out, m.predict(X), rtol=1e-6)
    first = embedding.hidden_activations(m, X, 0)
    assert first.shape == (8, 6)


def test_at_most_max_points_digits_are_mapped(monkeypatch) -> None:
    monkeypatch.setattr(embedding, "MAX_POINTS", 5)
    m = model()
    out = embedding.hidden_activations(m, X, 0)
    np.testing.assert_allclose(out, embedding.hidden_activations(model(), X[:5], 0), rtol=1e-6)
    assert embedding.MAX_POINTS == 5 and out.shape == (5, 6)


@pytest.mark.parametrize("rows", [np.zeros((1, 3)), np.zeros(5), np.zeros((2, 2, 2))])
def test_pca_needs_two_rows(rows) -> None:
    with pytest.raises(ValueError) as caught:
        embedding.pca(rows)
    assert str(caught.value) == "PCA needs at least two rows of activations"


def test_pca_of_two_rows_is_their_difference_on_the_first_axis() -> None:
    result = embedding.pca(np.array([[0.0, 0.0], [3.0, 4.0]]))
    np.testing.assert_allclose(np.abs(result.points[:, 0]), [2.5, 2.5])
    np.testing.assert_allclose(result.points[:, 1], [0.0, 0.0], atol=1e-12)
    assert result.explained == pytest.approx((1.0, 0.0))


def test_one_unit_gives_a_second_axis_of_zeros() -> None:
    result = embedding.pca(np.array([[1.0], [2.0], [4.0]]))
    assert result.points.shape == (3, 2)
    np.testing.assert_allclose(np.abs(result.points[:, 0]), [4 / 3, 1 / 3, 5 / 3])
    np.testing.assert_array_equal(result.points[:, 1], 0.0)
    assert result.explained == (1.0, 0.0)


def test_activations_that_never_change_have_no_shares() -> None:
    result = embedding.pca(np.ones((4, 3)))
    np.testing.assert_array_equal(result.points, np.zeros((4, 2)))
    assert result.explained == (0.0, 0.0)


def test_the_shares_of_two_axes_are_their_variances() -> None:
    rng = np.random.default_rng(4)
    cloud = np.column_stack([rng.normal(0, 3, 400), rng.normal(0, 1, 400), np.zeros(400)])
    result = embedding.pca(cloud)
    variances = result.points.var(axis=0)
    total = cloud.var(axis=0).sum()
    assert result.explained == pytest.approx(tuple(variances / total))
    assert result.explained[0] > result.explained[1] > 0.05
    three = embedding.pca(cloud, components=3)
    assert three.points.shape == (400, 3)


def clusters() -> np.ndarray:
    rng = np.random.default_rng(3)
    return np.repeat(rng.normal(scale=10.0, size=(3, 5)), 4, axis=0) + rng.normal(
        scale=0.5, size=(12, 5)
    )


def test_tsne_reports_each_of_its_four_stages() -> None:
    seen = []
    result = embedding.tsne(clusters(), progress=seen.append)
    assert [(p.stage, p.stages) for p in seen] == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    times = [p.elapsed for p in seen]
    assert times == sorted(times) and times[0] >= 0
    assert result.points.shape == (12, 2) and result.explained is None


def test_tsne_stops_between_stages_when_asked() -> None:
    asked = []

    def stopping() -> bool:
        asked.append(len(asked))
        return len(asked) == 2

    seen = []
    with pytest.raises(embedding.CancelledError, match=r"^t-SNE cancelled$"):
        embedding.tsne(clusters(), progress=seen.append, stopping=stopping)
    assert [p.stage for p in seen] == [0]  # one stage ran before the second question
    assert not issubclass(embedding.CancelledError, ValueError)


def test_tsne_without_callbacks_draws_the_same_map_again() -> None:
    points = clusters()
    first = embedding.tsne(points).points
    np.testing.assert_array_equal(first, embedding.tsne(points, seed=0).points)


def test_small_spreads_have_their_shares_too() -> None:
    rng = np.random.default_rng(5)  # sigmoid outputs that vary by a few hundredths
    cloud = 0.5 + np.column_stack([rng.normal(0, 0.03, 200), rng.normal(0, 0.01, 200)])
    result = embedding.pca(cloud)
    assert sum(result.explained) == pytest.approx(1.0)
    assert result.explained[0] > 0.8


def test_float32_activations_are_mapped_in_double_precision() -> None:
    activations = embedding.hidden_activations(model(), X, 0)
    assert activations.dtype == np.float32  # what the model gives
    ours = embedding.pca(activations)
    doubled = embedding.pca(activations.astype(np.float64))
    np.testing.assert_array_equal(ours.points, doubled.points)
    assert ours.explained == doubled.explained


def test_tsne_is_offered_when_scikit_learn_is_installed(monkeypatch) -> None:
    import sys

    assert embedding.tsne_available() is True  # the test extra installs it
    monkeypatch.setitem(sys.modules, "sklearn", None)  # as if not installed
    assert embedding.tsne_available() is False


def test_tsne_without_scikit_learn_says_how_to_install_it(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sklearn.manifold", None)
    with pytest.raises(ImportError) as caught:
        embedding.tsne(clusters())
    assert str(caught.value) == "t-SNE needs scikit-learn: pip install 'nn-playground[embedding]'"


def test_tsne_defaults_and_precision() -> None:
    rng = np.random.default_rng(6)
    points = np.repeat(rng.normal(scale=5.0, size=(4, 5)), 25, axis=0) + rng.normal(
        size=(100, 5)
    )  # enough points for the default perplexity of 30
    default = embedding.tsne(points).points
    np.testing.assert_array_equal(default, embedding.tsne(points, 0, 30.0).points)
    as_float32 = embedding.tsne(points.astype(np.float32)).points
    np.testing.assert_array_equal(
        as_float32, embedding.tsne(points.astype(np.float32).astype(np.float64)).points
    )


def test_tsne_maps_as_few_as_two_digits() -> None:
    result = embedding.tsne(np.array([[0.0, 0.0, 1.0], [1.0, 1.0, 0.0]]))
    assert result.points.shape == (2, 2) and np.isfinite(result.points).all()
