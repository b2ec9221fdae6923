"""The Embedding view projects a layer off the GUI thread; the Surgery view's change of a weight
changes the prediction exactly as the forward pass computes it, and can be undone."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QPushButton

from playground.engine import Dense, Sequential
from playground.gui.concepts.embedding_view import EmbeddingView
from playground.gui.concepts.surgery_view import SurgeryView

RNG = np.random.default_rng(0)
IMAGES = RNG.random((30, 28, 28)).astype(np.float32)
LABELS = RNG.integers(0, 10, 30)


def _model() -> Sequential:
    return Sequential([Dense(12, activation="relu", input_dim=784),
                       Dense(10, activation="softmax")], seed=0)  # fmt: skip


def test_embedding_view_projects_the_chosen_layer(qtbot) -> None:
    view = EmbeddingView()
    qtbot.addWidget(view)
    view.set_digits(IMAGES, LABELS)
    model = _model()
    view.set_model(model)
    assert view.layer.count() == 1  # hidden layers only
    with qtbot.waitSignal(view.computed, timeout=30_000):
        assert view.compute() is not None
    qtbot.waitUntil(lambda: view.compute_button.isEnabled())
    assert view.result.points.shape == (30, 2)
    assert "variance" in view.status.text()
    assert len(view.plot.getPlotItem().listDataItems()) == len(set(LABELS))
    view.shutdown()


def test_surgery_changes_the_prediction_as_the_forward_pass_says(qtbot) -> None:
    view = SurgeryView()
    qtbot.addWidget(view)
    view.set_digits(IMAGES, LABELS)
    model = _model()
    view.set_model(model)
    before = view.probabilities.copy()
    x = IMAGES[0].reshape(1, -1)
    active = int(np.argmax(x @ model.layers[0].kernel + model.layers[0].bias))  # a unit that fires
    view.layer_box.setValue(1)
    view.row_box.setValue(active)
    view.unit_box.setValue(7)
    view.value.setValue(25.0)
    view.findChild(QPushButton, "surgery_setWeight").click()
    assert model.layers[1].kernel[active, 7] == 25.0
    hidden = np.maximum(x @ model.layers[0].kernel + model.layers[0].bias, 0)
    z = hidden @ model.layers[1].kernel + model.layers[1].bias
    expected = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    np.testing.assert_allclose(view.probabilities, expected[0], rtol=1e-5, atol=1e-6)
    assert not np.allclose(view.probabilities, before)
    view.findChild(QPushButton, "surgery_undo").click()
    np.testing.assert_allclose(view.probabilities, before, rtol=1e-6)
    view.unit_box.setValue(500)
    view.findChild(QPushButton, "surgery_setBias").click()
    assert "no unit 500" in view.result.text()
    view.set_training(True)
    assert not view.findChild(QPushButton, "surgery_prune").isEnabled()


def test_embedding_view_draws_a_tsne_map(qtbot) -> None:
    view = EmbeddingView()
    qtbot.addWidget(view)
    view.set_digits(IMAGES, LABELS)
    view.set_model(_model())
    index = view.method.findData("tsne")
    assert index >= 0  # scikit-learn is part of the test extra
    view.method.setCurrentIndex(index)
    with qtbot.waitSignal(view.computed, timeout=60_000) as blocker:
        view.compute()
    assert blocker.args[0] is view.result
    assert view.result.explained is None and view.result.points.shape == (30, 2)
    assert view.status.text().startswith("t-SNE of 30 digits")
    assert len(view.plot.getPlotItem().listDataItems()) == len(set(LABELS))
    view.shutdown()


def test_tsne_reports_each_stage_and_stops_when_asked() -> None:
    from playground.training import embedding

    a = RNG.random((40, 12))
    seen: list[embedding.TsneProgress] = []
    result = embedding.tsne(a, progress=seen.append)
    assert [p.stage for p in seen] == list(range(embedding.TSNE_STAGES + 1))
    assert all(p.stages == embedding.TSNE_STAGES for p in seen)
    assert [p.elapsed for p in seen] == sorted(p.elapsed for p in seen)
    assert result.points.shape == (40, 2) and np.isfinite(result.points).all()
    asked: list[int] = []
    with pytest.raises(embedding.CancelledError):  # stops before the third stage
        embedding.tsne(
            a, progress=lambda p: asked.append(p.stage), stopping=lambda: len(asked) == 2
        )
    assert asked == [0, 1]


def test_tsne_in_stages_keeps_clusters_apart() -> None:
    """Three well-separated blobs stay three groups: each point's nearest neighbours on the map
    come from its own blob."""
    from playground.training import embedding

    centres = np.eye(3, 10) * 20
    a = np.concatenate([c + RNG.normal(0, 1, (30, 10)) for c in centres])
    blob = np.repeat(np.arange(3), 30)
    points = embedding.tsne(a).points
    distance = np.linalg.norm(points[:, None] - points[None], axis=-1)
    np.fill_diagonal(distance, np.inf)
    nearest = np.argsort(distance, axis=1)[:, :5]
    assert (blob[nearest] == blob[:, None]).mean() > 0.95


def test_embedding_view_shows_tsne_progress_and_cancels(qtbot) -> None:
    from playground.training import embedding

    view = EmbeddingView()
    qtbot.addWidget(view)
    view.show()
    many = RNG.random((600, 28, 28)).astype(np.float32)  # stages long enough to cancel within
    view.set_digits(many, np.arange(600) % 10)
    view.set_model(_model())
    view.method.setCurrentIndex(view.method.findData("tsne"))
    with qtbot.waitSignal(view.progressed, timeout=60_000,
                          check_params_cb=lambda p: p.stage == 1):  # fmt: skip
        view.compute()
    assert view.cancel_button.isVisible() and view.bar.isVisible()
    assert not view.compute_button.isEnabled()
    assert view.bar.value() == 1
    assert "stage 1 of 4" in view.status.text() and "left" in view.status.text()
    with qtbot.waitSignal(view.cancelled):
        view.cancel_button.click()
    assert view.compute_button.isEnabled() and not view.bar.isVisible()
    assert view.result is None and "cancelled" in view.status.text()
    with qtbot.waitSignal(view.computed, timeout=60_000) as blocker:  # usable again at once
        view.compute()
    assert isinstance(blocker.args[0], embedding.Embedding)
    assert not view.bar.isVisible()
    assert not view.cancel_button.isVisible()
    assert len(view.plot.getPlotItem().listDataItems()) == 10
    assert view.result.points.shape == (600, 2)
    view.shutdown()
