import numpy as np
import pytest

from playground.engine import activations
from playground.gui.concepts.activation_functions import FUNCTIONS, ActivationFunctionsView


@pytest.fixture
def view(qtbot):
    widget = ActivationFunctionsView()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "elu"])
def test_draws_f_and_derivative_of_the_engine(view, name):
    view.set_function(name)
    x, f = view.f_curve.getData()
    _, df = view.df_curve.getData()
    act = activations.get(name)
    np.testing.assert_allclose(f, act.forward(x), rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(df, act.derivative(x), rtol=1e-6, atol=1e-12)
    assert "f′" in view.formula.text()


def test_elu_alpha_slider_changes_the_curve(view):
    view.set_function("elu")
    assert view.elu_box.isVisibleTo(view)
    view.alpha_slider.setValue(2.0)
    x, f = view.f_curve.getData()
    np.testing.assert_allclose(f, activations.get("elu", alpha=2.0).forward(x), rtol=1e-6)
    assert f.min() == pytest.approx(2.0 * (np.exp(x.min()) - 1))
    assert "2.00" in view.formula.text()


def test_maxout_draws_the_max_of_two_movable_pieces(view):
    view.set_function("maxout")
    assert view.maxout_box.isVisibleTo(view)
    view.piece_sliders["w1"].setValue(2.0)
    view.piece_sliders["b2"].setValue(1.0)
    (p1x, p1y), (_, p2y) = (c.getData() for c in view.piece_curves)
    _x, f = view.f_curve.getData()
    _, df = view.df_curve.getData()
    np.testing.assert_allclose(p1y, 2.0 * p1x)
    np.testing.assert_allclose(f, np.maximum(p1y, p2y))
    w2 = view.piece_sliders["w2"].value()
    np.testing.assert_allclose(df, np.where(p1y >= p2y, 2.0, w2))


def test_every_function_has_a_formula(view):
    for name in FUNCTIONS:
        view.set_function(name)
        assert view.formula.text()
