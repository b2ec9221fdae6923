import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from playground.engine import Dense, Sequential
from playground.gui.concepts.draw_digit import DrawDigitView


@pytest.fixture
def view(qtbot):
    model = Sequential(
        [Dense(16, activation="relu", input_dim=784), Dense(10, activation="softmax")], seed=0
    )
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    widget = DrawDigitView()
    widget.set_model(model)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def stroke(qtbot, canvas, points):
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for p in points[1:]:
        qtbot.mouseMove(canvas, QPoint(*p))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_a_drawn_stroke_changes_the_probabilities(view, qtbot):
    assert view.probabilities is None
    with qtbot.waitSignal(view.predicted, check_params_cb=lambda p: p is not None):
        stroke(qtbot, view.canvas, [(140, 50), (140, 120), (140, 230)])
    first = view.probabilities.copy()
    assert first.shape == (10,)
    assert first.sum() == pytest.approx(1.0, abs=1e-5)
    with qtbot.waitSignal(view.predicted, check_params_cb=lambda p: p is not None):
        stroke(qtbot, view.canvas, [(60, 60), (220, 60), (120, 230)])
    assert not np.allclose(first, view.probabilities)
    bars = view.bars.opts["height"]
    np.testing.assert_allclose(bars, view.probabilities, rtol=1e-6)


def test_drawing_goes_through_to_mnist(view, qtbot):
    from playground.data.images import to_mnist

    stroke(qtbot, view.canvas, [(140, 50), (140, 230)])
    expected = to_mnist(view.canvas.to_array())
    np.testing.assert_array_equal(view.mnist_input(), expected)
    assert expected.shape == (28, 28) and expected.max() == pytest.approx(1.0)


def test_clear_empties_canvas_and_probabilities(view, qtbot):
    with qtbot.waitSignal(view.predicted, check_params_cb=lambda p: p is not None):
        stroke(qtbot, view.canvas, [(140, 50), (140, 230)])
    with qtbot.waitSignal(view.predicted, check_params_cb=lambda p: p is None):
        qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert view.canvas.is_blank()
    assert view.probabilities is None


class BusySession:
    """A session whose worker is training: the model only through try_with_model."""

    def __init__(self, model):
        self.model, self.busy = model, False

    def try_with_model(self, fn):
        return None if self.busy else fn(self.model)


def test_probabilities_follow_training_through_the_session(view, qtbot):
    session = BusySession(view._model)
    view.set_session(session)
    view.set_training(True)
    with qtbot.waitSignal(view.predicted, check_params_cb=lambda p: p is not None):
        stroke(qtbot, view.canvas, [(140, 50), (140, 230)])
    before = view.probabilities.copy()
    session.busy = True
    view._last_live = 0.0
    view.update_snapshot(object())
    np.testing.assert_array_equal(view.probabilities, before)  # kept while the worker is busy
    session.busy = False
    weights = session.model.get_weights()
    session.model.set_weights([w * 0.5 for w in weights])
    view._last_live = 0.0
    with qtbot.waitSignal(view.predicted):
        view.update_snapshot(object())
    assert not np.allclose(view.probabilities, before)
