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


# The heart of each function's formula and of its derivative, as the lecture writes them.
FORMULA_PARTS = {
    "sigmoid": ("1 / (1 + e−z)", "σ(z) · (1 − σ(z))"),
    "tanh": ("(ez − e−z) / (ez + e−z)", "1 − tanh2(z)"),
    "relu": ("max(0, z)", "1 if z > 0, else 0"),
    "elu": ("α(ez − 1) if z < 0", "α ez if z ≤ 0"),
    "maxout": ("max(w1x + b1, w2x + b2)", "slope"),
}


def _plain(rich_text: str) -> str:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(rich_text)
    return " ".join(document.toPlainText().split())


def test_every_function_shows_its_own_formula_and_derivative(view):
    assert set(FORMULA_PARTS) == set(FUNCTIONS)
    for name in FUNCTIONS:
        view.set_function(name)
        text = _plain(view.formula.text())
        f_part, df_part = text.split("f′:")
        formula, derivative = FORMULA_PARTS[name]
        assert formula in f_part, (name, text)
        assert derivative in df_part, (name, text)


def _softmax(z, t):
    e = np.exp(np.asarray(z, np.float64) / t)
    return e / e.sum()


def test_softmax_temperature_redraws_the_probabilities(view):
    view.set_function("softmax")
    panel = view.softmax
    assert panel.isVisibleTo(view) and not view.plot.isVisibleTo(view)
    z = panel.logits
    np.testing.assert_allclose(panel.bars.opts["height"], _softmax(z, 1.0), rtol=1e-12)
    assert "T = 1" in panel.meaning.text()
    top = int(np.argmax(z))
    for t in (0.25, 3.0):
        panel.slider.setValue(t)
        p = panel.bars.opts["height"]
        np.testing.assert_allclose(p, _softmax(z, t), rtol=1e-12)
        assert p.sum() == pytest.approx(1.0)
        assert f"T = {t:.2f}" in _plain(panel.formula.text())
        assert f"{100 * p[top]:.0f}%" in panel.meaning.text()
    # Colder is surer, hotter is flatter; the plain softmax stays drawn for comparison.
    panel.slider.setValue(0.25)
    cold = panel.bars.opts["height"][top]
    panel.slider.setValue(3.0)
    assert panel.bars.opts["height"][top] < _softmax(z, 1.0)[top] < cold
    assert "3.00 > 1" in panel.meaning.text()
    np.testing.assert_allclose(panel.plain_bars.opts["height"], _softmax(z, 1.0), rtol=1e-12)
    view.set_function("relu")
    assert not panel.isVisibleTo(view) and view.plot.isVisibleTo(view)


def test_softmax_temperature_must_be_positive():
    from playground.gui.concepts import activation_math

    with pytest.raises(ValueError, match="above 0"):
        activation_math.softmax(np.zeros(3), 0.0)
