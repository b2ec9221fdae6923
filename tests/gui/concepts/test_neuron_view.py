import math

import numpy as np
import pytest

from playground.engine import activations
from playground.gui.concepts.neuron import NeuronView


@pytest.fixture
def view(qtbot):
    widget = NeuronView()
    qtbot.addWidget(widget)
    return widget


def test_output_follows_the_formula(view, qtbot):
    view.activation_box.setCurrentText("sigmoid")
    with qtbot.waitSignal(view.outputChanged) as blocker:
        view.w_sliders[0].setValue(2.0)
    xs, ws, b = view.inputs(), view.weights(), view.bias()
    assert ws[0] == pytest.approx(2.0)
    z = sum(x * w for x, w in zip(xs, ws, strict=False)) + b
    expected = 1 / (1 + math.exp(-z))
    assert blocker.args[0] == pytest.approx(expected)
    assert view.output() == pytest.approx(expected)
    assert f"{expected:.4f}" in view.formula.text()


def test_bias_slider_moves_z_and_the_marker(view, qtbot):
    view.activation_box.setCurrentText("relu")
    before = view.z()
    with qtbot.waitSignal(view.outputChanged):
        view.b_slider.setValue(view.bias() + 1.0)
    assert view.z() == pytest.approx(before + 1.0, abs=1e-6)
    xs, ys = view.marker.getData()
    assert xs[0] == pytest.approx(view.z())
    assert ys[0] == pytest.approx(max(0.0, view.z()))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "elu"])
def test_curve_is_the_engine_activation(view, name):
    view.activation_box.setCurrentText(name)
    x, y = view.curve.getData()
    np.testing.assert_allclose(y, activations.get(name).forward(x), rtol=1e-6)
    z = np.array([view.z()])
    assert view.output() == pytest.approx(float(activations.get(name).forward(z)[0]))
