"""The loss surface view: the surface is the loss over the plane, the path is the descent's,
the arrow is −η∇L, and L and L′ are plotted after every update."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.gui.concepts.loss_surface_view import LossSurfaceView


@pytest.fixture(scope="module")
def model():
    m = Sequential(
        [Dense(12, activation="relu", input_dim=784), Dense(10, activation="softmax")], seed=5
    )
    m.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    return m


@pytest.fixture
def view(qtbot, model):
    rng = np.random.default_rng(4)
    widget = LossSurfaceView()
    widget.resize(1100, 650)
    qtbot.addWidget(widget)
    widget.show()
    widget.probe.model = model
    with qtbot.waitSignal(widget.surfaceReady, timeout=60_000):
        widget.set_examples(rng.random((120, 784)).astype(np.float32), rng.integers(0, 10, 120))
    return widget


def test_surface_path_arrow_and_curves(view, qtbot, model):
    grid = view.grid
    centre = len(grid.alphas) // 2
    x, labels = view.examples
    assert grid.values[centre, centre] == pytest.approx(
        model.evaluate(x[:120], labels[:120], batch_size=120), rel=1e-5
    )
    _, grads = model.loss_and_gradients(x[:120], labels[:120])
    steepest = np.argsort(-np.abs(grads[1][0]), axis=None)[:2]  # the last layer by default
    expected = {tuple(int(i) for i in np.unravel_index(k, grads[1][0].shape)) for k in steepest}
    assert {(r, c) for _, r, c in view.weights} == expected
    assert all(layer == 1 for layer, _, _ in view.weights)
    shown = view.image.image
    np.testing.assert_array_equal(shown, grid.values)
    with qtbot.waitSignal(view.stepped) as blocker:
        view.ten_button.click()
    assert blocker.args == [10]
    alphas, betas = view.path.getData()
    assert len(alphas) == 11 and alphas[0] == 0.0 and betas[0] == 0.0
    points = view.descent.points
    assert (alphas[-1], betas[-1]) == (points[-1].alpha, points[-1].beta)
    _, totals = view.total_curve.getData()
    _, batches = view.batch_curve.getData()
    np.testing.assert_array_equal(totals, [p.total_loss for p in points])
    np.testing.assert_array_equal(batches, [p.batch_loss for p in points])
    assert not np.allclose(totals, batches)  # L′ of a batch is not L
    ax, ay = view.arrow_line.getData()
    da, db = view.descent.arrow()
    assert ax[1] - ax[0] == pytest.approx(da) and ay[1] - ay[0] == pytest.approx(db)


def test_a_hidden_view_computes_only_once_shown(qtbot, model):
    widget = LossSurfaceView()
    qtbot.addWidget(widget)
    widget.probe.model = model
    widget.set_examples(np.random.default_rng(0).random((30, 784)), np.arange(30) % 10)
    assert widget.grid is None and widget._stale
    with qtbot.waitSignal(widget.surfaceReady, timeout=60_000):
        widget.show()
    assert widget.grid is not None and not widget._stale


def test_random_directions(view, qtbot):
    with qtbot.waitSignal(view.surfaceReady, timeout=60_000):
        view.mode_box.setCurrentIndex(1)
    assert view.grid.values.shape == (13, 13)
    assert not view.layer_box.isEnabled()
    assert "random" in view.info.text()


def test_without_a_network_it_says_so(qtbot):
    widget = LossSurfaceView()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_examples(np.zeros((5, 784)), np.zeros(5))
    assert widget.grid is None and "network" in widget.info.text()
    widget.step_button.click()  # nothing to step: nothing happens


def test_the_training_runs_own_path_in_the_two_weights(qtbot):
    """While the run trains, its two plotted weights leave a track; at the next pause the plane
    is drawn around where they are now, with the same pair, and the track ends there."""
    model = Sequential(
        [Dense(12, activation="relu", input_dim=784), Dense(10, activation="softmax")], seed=8
    )
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    rng = np.random.default_rng(6)
    x, labels = rng.random((120, 784)).astype(np.float32), rng.integers(0, 10, 120)
    widget = LossSurfaceView()
    widget.resize(1100, 650)
    qtbot.addWidget(widget)
    widget.show()
    widget.probe.model = model
    with qtbot.waitSignal(widget.surfaceReady, timeout=60_000):
        widget.set_examples(x, labels)
    (l1, r1, c1), (l2, r2, c2) = pair = widget.weights

    def values():
        k1, k2 = model.layers[l1].kernel, model.layers[l2].kernel
        return float(k1[r1, c1]), float(k2[r2, c2])

    start = values()
    seen = [start]
    for i in range(6):  # the run's updates, each followed by a frame
        model.train_on_batch(x[i * 20 : (i + 1) * 20], labels[i * 20 : (i + 1) * 20])
        widget.update_snapshot(None)
        seen.append(values())
    alphas, betas = widget.run_path.getData()
    assert len(alphas) == len(set(seen)) > 1
    assert (alphas[-1], betas[-1]) == (seen[-1][0] - start[0], seen[-1][1] - start[1])
    assert (alphas[0], betas[0]) == (0.0, 0.0)
    assert "Dashed" in widget.info.text()

    with qtbot.waitSignal(widget.surfaceReady, timeout=60_000):
        widget.set_training(False)  # a pause: the surface moves to where the run is
    assert widget.weights == pair
    alphas, betas = widget.run_path.getData()
    assert (alphas[-1], betas[-1]) == (0.0, 0.0)
    assert (alphas[0], betas[0]) == pytest.approx((start[0] - seen[-1][0], start[1] - seen[-1][1]))
