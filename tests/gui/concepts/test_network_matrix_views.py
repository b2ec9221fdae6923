import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.gui.concepts.matrix_view import MatrixView
from playground.gui.concepts.network_diagram import NetworkView, link_colour


@pytest.fixture(scope="module")
def model():
    m = Sequential(
        [
            Dense(40, activation="sigmoid", input_dim=784),
            Dense(20, activation="relu"),
            Dense(10, activation="softmax"),
        ],
        seed=1,
    )
    m.compile(loss="categorical_crossentropy", optimizer="sgd")
    return m


@pytest.fixture(scope="module")
def digits():
    rng = np.random.default_rng(0)
    return rng.random((5, 28, 28)).astype(np.float32), np.arange(5)


def _pixels(widget) -> np.ndarray:
    """The widget as drawn, an (h, w, 4) array of RGBA bytes."""
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGBA8888)
    array = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return array.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()].copy()


class FakeSession:
    """A session whose worker is training: the model is reachable only via try_with_model."""

    def __init__(self, model, busy):
        self.model, self.busy, self.calls = model, busy, 0

    def try_with_model(self, fn):
        self.calls += 1
        return None if self.busy else fn(self.model)


def test_network_diagram_samples_layers_and_lights_neurons(qtbot, model, digits):
    view = NetworkView()
    qtbot.addWidget(view)
    view.neurons_box.setValue(8)
    view.set_digits(*digits)
    view.set_model(model)
    s = view.state
    assert s.sizes == [784, 40, 20, 10]
    assert [len(i) for i in s.indices] == [8, 8, 8, 10]  # large layers sampled, output whole
    kernel = model.layers[1].kernel
    np.testing.assert_allclose(s.weights[1], kernel[np.ix_(s.indices[1], s.indices[2])])
    trace = model.forward_trace(digits[0][0].reshape(1, 784))
    np.testing.assert_allclose(s.activations[2], trace[1].a[0, s.indices[2]], rtol=1e-6)
    np.testing.assert_allclose(s.activations[-1], trace[-1].a[0], rtol=1e-6)
    before = s.activations[1].copy()
    picture = _pixels(view.canvas)
    with qtbot.waitSignal(view.refreshed):
        view.digit_box.setValue(3)
    assert not np.allclose(before, view.state.activations[1])
    assert "8 of 40" in view.canvas.headers[1]
    # The drawing shows the network (many colours, not a blank canvas), and lighting
    # other neurons for another digit changes what is on screen.
    after = _pixels(view.canvas)
    assert len(np.unique(after.reshape(-1, after.shape[-1]), axis=0)) > 20
    assert after.shape == picture.shape and not np.array_equal(after, picture)
    # Each neuron is lit by its activation: the most active output is the brightest.
    image = view.canvas.grab().toImage()
    outputs = view.canvas.positions()[-1]
    acts = view.state.activations[-1]

    def brightness(k: int) -> int:
        colour = image.pixelColor(round(outputs[k].x()), round(outputs[k].y()))
        return colour.red() + colour.green()

    assert brightness(int(np.argmax(acts))) > brightness(int(np.argmin(acts))) + 100


def test_link_colours_follow_the_sign():
    assert link_colour(0.5, 1.0).blue() > link_colour(0.5, 1.0).red()
    assert link_colour(-0.5, 1.0).red() > link_colour(-0.5, 1.0).blue()
    assert link_colour(0.5, 1.0).alpha() > link_colour(0.5, 0.1).alpha()


def test_network_diagram_is_live_while_training_only_through_the_session(qtbot, model, digits):
    view = NetworkView()
    qtbot.addWidget(view)
    view.set_digits(*digits)
    session = FakeSession(model, busy=True)
    view.probe.session, view.probe.model = session, model
    view.set_training(True)
    view.probe.interval = 0.0
    view.state = None
    view.update_snapshot(object())
    assert session.calls == 1 and view.state is None  # worker busy: nothing read, no wait
    session.busy = False
    with qtbot.waitSignal(view.refreshed):
        view.update_snapshot(object())
    assert view.state.sizes == [784, 40, 20, 10]
    s = view.state
    np.testing.assert_allclose(s.weights[0], model.layers[0].kernel[np.ix_(*s.indices[:2])])


def test_matrix_view_shows_x_w_b_z_and_f(qtbot, model, digits):
    view = MatrixView()
    qtbot.addWidget(view)
    view.set_digits(*digits)
    view.set_model(model)
    assert view.layer_box.count() == 3
    with qtbot.waitSignal(view.refreshed):
        view.layer_box.setCurrentIndex(1)
    m = view.matrices
    x = digits[0][0].reshape(1, 784)
    a1 = model.forward_trace(x)[0].a[0]
    np.testing.assert_allclose(m.x, a1, rtol=1e-6)
    np.testing.assert_allclose(m.z, m.x @ m.W + m.b, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(m.a, np.maximum(m.z, 0), rtol=1e-6)
    assert view.images["W"].image.shape == (40, 20)
    assert view.images["z"].image.shape == (1, 20)
    assert "x (1×40) · W (40×20)" in view.formula.text()
