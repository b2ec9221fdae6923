"""Loss per example: every Cⁿ plotted costliest first, their running sum ends at L, a
mini-batch's L′, and a clicked digit's Cⁿ written out with its numbers."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.engine import Dense, Sequential
from playground.gui.concepts.loss_per_example import LossPerExampleView


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(1)
    x = rng.random((300, 784)).astype(np.float32)
    return x, rng.integers(0, 10, 300), x[:50], rng.integers(0, 10, 50)


@pytest.fixture(scope="module")
def model():
    m = Sequential(
        [Dense(16, activation="relu", input_dim=784), Dense(10, activation="softmax")], seed=3
    )
    m.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return m


@pytest.fixture
def view(qtbot, model, data):
    widget = LossPerExampleView()
    widget.resize(1100, 650)
    qtbot.addWidget(widget)
    widget.show()
    widget.probe.model = model
    with qtbot.waitSignal(widget.computed, timeout=30_000):
        widget.set_data(*data)
    return widget


def test_every_example_sorted_and_summed_to_l(view, model, data):
    x, labels = data[0], data[1]
    p = model.predict(x)
    expected = -np.log(p[np.arange(len(x)), labels])  # Cⁿ = −ln p(true class)
    _, ys = view.sorted_curve.getData()
    np.testing.assert_allclose(ys, np.sort(expected)[::-1], rtol=1e-4)
    _, running = view.total_curve.getData()
    assert running[-1] == pytest.approx(expected.sum(), rel=1e-4)
    assert view.total_line.value() == pytest.approx(expected.sum(), rel=1e-4)
    batch = view.batch
    assert len(batch) == 10
    batch_sum = float(expected[batch].sum())
    assert f"{batch_sum:.4g}" in view.summary.text()
    _, marks_y = view.batch_marks.getData()
    np.testing.assert_allclose(np.sort(marks_y), np.sort(expected[batch]), rtol=1e-4)


def test_clicking_the_costliest_digit_writes_out_its_loss(view, qtbot, model, data):
    tile = view.tiles[0]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    n = tile.index
    p = model.predict(data[0][n : n + 1])[0, data[1][n]]
    text = view.detail.text()
    assert view.digit_box.value() == n and "rank 1 of 300" in text
    numbers = [float(v) for v in re.findall(r"\d+\.\d+", text)]
    assert any(math.isclose(v, p, rel_tol=1e-3) for v in numbers)
    assert any(math.isclose(v, -math.log(p), rel_tol=1e-3) for v in numbers)


def test_a_new_batch_and_the_test_set(view, qtbot, data):
    view.batch_box.setValue(25)
    assert len(view.batch) == 25
    with qtbot.waitSignal(view.computed, timeout=30_000):
        view.set_box.setCurrentIndex(1)
    assert len(view.result.losses) == 50


def test_without_a_network_it_says_so(qtbot, data):
    widget = LossPerExampleView()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_data(*data)
    assert widget.result is None and "network" in widget.summary.text()


def test_a_hidden_view_computes_only_once_shown(qtbot, model, data):
    widget = LossPerExampleView()
    qtbot.addWidget(widget)
    widget.probe.model = model
    widget.set_data(*data)
    assert widget.result is None and widget._stale
    with qtbot.waitSignal(widget.computed, timeout=30_000):
        widget.show()
    assert len(widget.result.losses) == 300


def test_training_images_kept_as_bytes_weigh_as_their_floats(qtbot, model):
    from playground.engine.byte_inputs import ByteInputs

    rng = np.random.default_rng(4)
    raw = rng.integers(0, 256, (120, 784), dtype=np.uint8)
    labels = rng.integers(0, 10, 120)
    floats = raw.astype(np.float32) * np.float32(1 / 255)
    curves = []
    for x in (floats, ByteInputs(raw, 1 / 255)):
        widget = LossPerExampleView()
        qtbot.addWidget(widget)
        widget.show()
        widget.probe.model = model
        with qtbot.waitSignal(widget.computed, timeout=30_000):
            widget.set_data(x, labels, floats[:20], labels[:20])
        curves.append(widget.sorted_curve.getData()[1])
        assert widget.tiles[0].pixmap() is not None and not widget.tiles[0].pixmap().isNull()
    assert curves[0].tobytes() == curves[1].tobytes()
