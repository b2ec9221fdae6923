"""The real network's update as heatmaps: every stage shows the trace's own arrays, the
session's model is never changed, and the view waits while the worker holds the model."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.engine import Dense, Sequential
from playground.gui.concepts.backprop_mnist import mosaic, strongest
from playground.gui.concepts.backprop_view import BackpropView
from playground.training.backprop import trace_step


@pytest.fixture(scope="module")
def model():
    m = Sequential(
        [Dense(24, activation="relu", input_dim=784), Dense(10, activation="softmax")], seed=2
    )
    m.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
    return m


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(0)
    return rng.random((6, 28, 28)).astype(np.float32), np.array([3, 1, 4, 1, 5, 9])


@pytest.fixture
def view(qtbot, model, digits):
    widget = BackpropView()
    widget.resize(1100, 650)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_digits(*digits)
    widget.set_model(model)
    widget.mnist_button.setChecked(True)
    return widget


def test_every_stage_shows_the_traces_arrays(view, qtbot, model, digits):
    page = view.mnist
    page.digit_box.setValue(2)
    page.count_box.setValue(3)
    before = model.get_weights()
    x = digits[0][2:5].reshape(3, -1)
    expected = trace_step(copy.deepcopy(model), x, digits[1][2:5])
    page.graphics.setFocus()
    kinds = []
    for index in range(len(page.stage_list)):
        qtbot.waitUntil(lambda i=index: page.index == i)
        stage = page.stage_list[index]
        kinds.append(stage.kind)
        shown = page.shown
        if stage.kind == "input":
            np.testing.assert_array_equal(shown["x"][:28, :28], digits[0][2])
        elif stage.kind == "forward":
            step = expected.layers[stage.layer]
            n = "¹²"[stage.layer]
            np.testing.assert_allclose(shown[f"z{n}"], step.z, rtol=1e-6)
            np.testing.assert_allclose(shown[f"a{n} = f(z{n})"], step.a, rtol=1e-6)
        elif stage.kind == "loss":
            np.testing.assert_array_equal(shown["y"].argmax(axis=1), [4, 1, 5])
            assert f"{expected.mean:.4g}" in page.formula.text()
        elif stage.kind == "delta":
            n = "¹²"[stage.layer]
            np.testing.assert_allclose(shown[f"δ{n}"], expected.layers[stage.layer].delta)
        elif stage.kind == "gradients":
            grad = expected.layers[0].grad_kernel
            tiles = strongest(grad)
            np.testing.assert_allclose(shown["∂C/∂W¹"], mosaic(grad[:, tiles], 4), rtol=1e-6)
            np.testing.assert_allclose(shown["∂C/∂W²"], expected.layers[1].grad_kernel.T)
        else:
            np.testing.assert_allclose(shown["ΔW²"], expected.layers[1].kernel_step.T, atol=1e-9)
            assert "adam" in page.formula.text()
        with qtbot.waitSignal(page.stageChanged):
            qtbot.keyClick(page.graphics, Qt.Key.Key_Right)
    assert kinds == ["input", "forward", "forward", "loss", "delta", "delta", "gradients", "update"]
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # the session's network did not move
    numbers = page.check.text().split("finite difference ")[1].split(", backprop ")
    assert float(numbers[0]) == pytest.approx(float(numbers[1]), rel=1e-3)


def test_the_strongest_neurons_are_drawn_as_digit_images():
    grad = np.zeros((784, 30))
    grad[:, [4, 20]] = 1.0
    grad[:, 7] = 0.5
    assert list(strongest(grad, 3)) == [4, 7, 20]
    tiles = mosaic(np.arange(784 * 2, dtype=float).reshape(2, 784).T, 2)
    assert tiles.shape == (28, 57)
    np.testing.assert_array_equal(tiles[:, :28], np.arange(784).reshape(28, 28))
    assert np.isnan(tiles[:, 28]).all()


class BusySession:
    def __init__(self, model):
        self.model, self.busy = model, True

    def try_with_model(self, fn):
        return None if self.busy else fn(self.model)


def test_while_training_it_waits_for_the_model(view, qtbot, model):
    page = view.mnist
    session = BusySession(model)
    page.probe.session = session
    page.set_training(True)
    traced = page.trace
    page.refresh()
    assert page.trace is traced  # nothing read while the worker holds the model
    session.busy = False
    page.set_training(False)
    assert page.trace is not traced


def test_without_a_network_it_says_what_to_do(qtbot):
    widget = BackpropView()
    qtbot.addWidget(widget)
    widget.mnist_button.setChecked(True)
    assert widget.mnist.trace is None
    assert "network" in widget.mnist.formula.text()
    qtbot.keyClick(widget.mnist, Qt.Key.Key_Right)  # no stages: nothing happens


def _panel_text_sizes(page) -> list[float]:
    """Point sizes of the panels' tick labels, axis labels and titles."""
    import pyqtgraph as pg

    sizes = []
    for item in page.graphics.scene().items():
        if isinstance(item, pg.AxisItem) and item.isVisible():
            sizes += [item.style["tickFont"].pointSizeF(), item.label.font().pointSizeF()]
        elif isinstance(item, pg.LabelItem) and item.text:
            sizes.append(float(item.opts["size"].removesuffix("pt")))
    return sizes


def test_the_panels_text_grows_with_the_body_font(view, qtbot):
    """Presentation mode enlarges the app's font: the stage's panels (made for each stage)
    take it, as every other plot does."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    page = view.mnist
    page.go(1)  # a forward stage: titled heatmaps with labelled axes and colour bars
    app = QApplication.instance()
    base = QFont(app.font())
    big = QFont(base)
    big.setPointSizeF(base.pointSizeF() * 1.6)
    assert min(_panel_text_sizes(page)) >= base.pointSizeF() - 0.05
    app.setFont(big)
    try:
        qtbot.waitUntil(lambda: min(_panel_text_sizes(page)) >= big.pointSizeF() - 0.05)
        page.go(2)  # the next stage's new panels too
        assert min(_panel_text_sizes(page)) >= big.pointSizeF() - 0.05
    finally:
        app.setFont(base)
    qtbot.waitUntil(lambda: max(_panel_text_sizes(page)) < big.pointSizeF())


@pytest.mark.parametrize(
    ("value", "label"),
    [(0.17, "0.17"), (-0.031, "-0.031"), (0.0, "0"), (0.00092, "9e-4"), (-0.0011, "-1e-3")],
)
def test_colour_bar_ticks_are_short_enough_to_be_drawn(value, label):
    from playground.gui.concepts.backprop_mnist import bar_label

    assert bar_label(value) == label
    assert len(bar_label(value)) <= 6
