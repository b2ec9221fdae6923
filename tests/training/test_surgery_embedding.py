"""Surgery changes predictions exactly as the forward pass computes; PCA finds the spread."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import embedding, surgery


def _model() -> Sequential:
    return Sequential(
        [Dense(6, activation="tanh", input_dim=4), Dense(5, activation="sigmoid"),
         Dense(3, activation="softmax")],
        seed=2,
    )  # fmt: skip


def _forward(model, x):
    """The forward pass written out: a = f(a @ W + b) layer by layer, in float64."""
    a = x.astype(np.float64)
    for layer in model.layers:
        z = a @ layer.kernel.astype(np.float64) + layer.bias
        if layer.activation == "tanh":
            a = np.tanh(z)
        elif layer.activation == "sigmoid":
            a = 1 / (1 + np.exp(-z))
        else:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True)
    return a


X = np.random.default_rng(0).normal(size=(8, 4)).astype(np.float32)


def test_changed_weight_changes_the_prediction_as_the_forward_pass_says() -> None:
    model = _model()
    before = model.predict(X)
    undo = surgery.set_weight(model, 1, 2, 3, 4.5)
    assert model.layers[1].kernel[2, 3] == 4.5
    after = model.predict(X)
    assert not np.allclose(after, before)
    np.testing.assert_allclose(after, _forward(model, X), rtol=1e-5, atol=1e-6)
    undo.undo()
    np.testing.assert_array_equal(model.predict(X), before)


def test_bias_switch_off_and_pruning() -> None:
    model = _model()
    surgery.set_bias(model, 2, 0, -3.0)
    np.testing.assert_allclose(model.predict(X), _forward(model, X), rtol=1e-5, atol=1e-6)
    # Switching unit 1 of layer 0 off: the outputs no longer depend on what it computes.
    surgery.switch_off(model, 0, 1)
    changed = _model()
    changed.set_weights(model.get_weights())
    changed.layers[0].kernel[:, 1] += 10.0
    np.testing.assert_allclose(changed.predict(X), model.predict(X), rtol=1e-6)
    kernel = model.layers[0].kernel.copy()
    undo = surgery.prune_weakest(model, 0.25, layer=0)
    pruned = model.layers[0].kernel
    assert np.count_nonzero(pruned == 0) >= 6
    assert np.abs(kernel[pruned == 0]).max() <= np.abs(kernel[pruned != 0]).min()
    undo.undo()
    np.testing.assert_array_equal(model.layers[0].kernel, kernel)


def test_surgery_refuses_what_does_not_exist() -> None:
    model = _model()
    with pytest.raises(ValueError, match="no weight"):
        surgery.set_weight(model, 0, 4, 0, 1.0)
    with pytest.raises(ValueError, match="output layer"):
        surgery.switch_off(model, 2, 0)
    with pytest.raises(ValueError, match="finite"):
        surgery.set_bias(model, 0, 0, float("inf"))


def test_pca_finds_the_direction_of_largest_spread() -> None:
    rng = np.random.default_rng(1)
    t = rng.normal(size=500)
    direction = np.array([3.0, 4.0, 0.0]) / 5
    cloud = np.outer(t * 10, direction) + rng.normal(scale=0.1, size=(500, 3))
    result = embedding.pca(cloud)
    assert result.points.shape == (500, 2)
    assert result.explained[0] > 0.99
    # The first axis is the projection on the direction (up to its sign).
    first = result.points[:, 0]
    expected = (cloud - cloud.mean(axis=0)) @ direction
    assert abs(np.corrcoef(first, expected)[0, 1]) > 0.999


def test_hidden_activations_are_the_layer_outputs() -> None:
    model = _model()
    a = embedding.hidden_activations(model, X, 0)
    np.testing.assert_allclose(a, np.tanh(X @ model.layers[0].kernel + model.layers[0].bias),
                               rtol=1e-6)  # fmt: skip
    assert embedding.pca(a).points.shape == (8, 2)


def _clusters(n_per: int = 50, dims: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Three tight clouds far apart in ``dims`` dimensions, and each point's cloud."""
    rng = np.random.default_rng(3)
    centres = rng.normal(scale=10.0, size=(3, dims))
    labels = np.repeat(np.arange(3), n_per)
    return centres[labels] + rng.normal(scale=0.5, size=(len(labels), dims)), labels


def test_tsne_keeps_neighbours_together() -> None:
    points, labels = _clusters()
    result = embedding.tsne(points, seed=0)
    assert result.points.shape == (150, 2) and result.explained is None
    assert np.isfinite(result.points).all()
    # Each point's five nearest neighbours on the map come from its own cloud.
    d = np.linalg.norm(result.points[:, None] - result.points[None], axis=2)
    np.fill_diagonal(d, np.inf)
    neighbours = np.argsort(d, axis=1)[:, :5]
    assert (labels[neighbours] == labels[:, None]).mean() > 0.98
    # The same seed draws the same map.
    np.testing.assert_allclose(embedding.tsne(points, seed=0).points, result.points)


def test_tsne_takes_few_points_and_caps_many(monkeypatch) -> None:
    points, _ = _clusters(n_per=3)  # 9 points: the perplexity is lowered to fit
    assert embedding.tsne(points).points.shape == (9, 2)
    monkeypatch.setattr(embedding, "MAX_POINTS", 20)
    assert embedding.tsne(_clusters()[0]).points.shape == (20, 2)


def test_tsne_without_scikit_learn_names_the_extra(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sklearn.manifold", None)  # as if not installed
    with pytest.raises(ImportError, match=r"nn-playground\[embedding\]"):
        embedding.tsne(_clusters()[0])
