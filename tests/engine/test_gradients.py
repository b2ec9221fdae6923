"""Backpropagation agrees with finite differences for every activation and every loss.

The check runs the engine in float64 (the layers' arrays are switched to float64; the engine
computes in the dtype of its kernels) so central differences are accurate to ~1e-8.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, Dense, Sequential, activations

LOSS_NAMES = ["categorical_crossentropy", "sparse_categorical_crossentropy", "mean_squared_error"]


def _network(hidden: str, output: str, loss: str, seed: int = 3) -> Sequential:
    model = Sequential(
        [
            Dense(6, activation=hidden, input_dim=4, alpha=0.7, pieces=3),
            Dense(5, activation=hidden, alpha=0.7, pieces=3),
            Dense(3, activation=output),
        ],
        seed=seed,
    )
    model.compile(loss=loss, optimizer="sgd")
    rng = np.random.default_rng(seed)
    for layer in model.layers:  # float64, and non-zero biases so no unit sits on a kink
        layer.kernel = (layer.kernel * 1.5).astype(np.float64)
        layer.bias = rng.normal(0, 0.3, layer.bias.shape)
    return model


def _data(loss: str, n: int = 7, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    labels = rng.integers(0, 3, n)
    if loss == "sparse_categorical_crossentropy":
        return x, labels
    if loss == "mean_squared_error":
        return x, rng.uniform(-1, 1, (n, 3))
    return x, np.eye(3)[labels]


def _numeric_gradients(model: Sequential, x, y, eps: float = 1e-6) -> list[np.ndarray]:
    grads = []
    for layer in model.layers:
        for array in (layer.kernel, layer.bias):
            grad = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                saved = array[index]
                array[index] = saved + eps
                plus = model.evaluate(x, y, batch_size=len(x))
                array[index] = saved - eps
                minus = model.evaluate(x, y, batch_size=len(x))
                array[index] = saved
                grad[index] = (plus - minus) / (2 * eps)
            grads.append(grad)
    return grads


def _analytic(model: Sequential, x, y, path: str) -> list[np.ndarray]:
    """The gradients from the fast training arithmetic, or from the textbook passes."""
    if path == "textbook":
        traces = model.forward_pass(x)
        return [g for grads in model.backward_pass(traces, y) for g in (grads.kernel, grads.bias)]
    loss, analytic = model.loss_and_gradients(x, y)
    assert np.isclose(loss, model.evaluate(x, y, batch_size=len(x)), rtol=1e-12)
    return [g.copy() for pair in analytic for g in pair]


def _check(model: Sequential, x, y, path: str = "fast") -> None:
    flat_analytic = _analytic(model, x, y, path)
    assert all(g.dtype == np.float64 for g in flat_analytic)
    numeric = _numeric_gradients(model, x, y)
    for got, want in zip(flat_analytic, numeric, strict=True):
        scale = max(np.abs(want).max(), 1e-3)
        assert np.abs(got - want).max() / scale < 1e-5, (got, want)


@pytest.mark.parametrize("path", ["fast", "textbook"])
@pytest.mark.parametrize("loss", LOSS_NAMES)
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_backprop_matches_finite_differences(hidden: str, loss: str, path: str) -> None:
    output = "linear" if loss == "mean_squared_error" else "softmax"
    model = _network(hidden, output, loss)
    x, y = _data(loss)
    _check(model, x, y, path)


@pytest.mark.parametrize("path", ["fast", "textbook"])
@pytest.mark.parametrize("output", ACTIVATIONS)
def test_mean_squared_error_through_every_output_activation(output: str, path: str) -> None:
    model = _network("tanh", output, "mean_squared_error")
    x, y = _data("mean_squared_error")
    _check(model, x, y, path)


def test_gradient_norms_are_the_norms_of_last_gradients() -> None:
    model = _network("relu", "softmax", "categorical_crossentropy")
    x, y = _data("categorical_crossentropy")
    model.train_on_batch(x, y)
    expected = [np.sqrt((dk**2).sum() + (db**2).sum()) for dk, db in model.last_gradients]
    np.testing.assert_allclose(model.gradient_norms(), expected, rtol=1e-10)
    assert model.gradient_norms().dtype == np.float64


@pytest.mark.parametrize("name", ["linear", "sigmoid", "tanh", "relu", "elu"])
def test_elementwise_derivative_matches_finite_differences(name: str) -> None:
    act = activations.get(name, alpha=0.5)
    z = np.linspace(-3, 3, 61) + 0.013  # avoid the kink at exactly 0
    numeric = (act.forward(z + 1e-6) - act.forward(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-6, atol=1e-8)


def test_relu_slope_at_exactly_zero_is_zero() -> None:
    # Keras (TensorFlow) takes the slope of ReLU at 0 to be 0: a unit sitting exactly at 0
    # passes no gradient back.
    relu = activations.get("relu")
    np.testing.assert_array_equal(relu.derivative(np.array([-1.0, 0.0, 1e-30, 2.0])), [0, 0, 1, 1])
    # Inside a network: a ReLU unit whose input is exactly 0 for every example gives its
    # incoming weights no gradient, while a unit with positive input does.
    model = Sequential([Dense(2, "relu", input_dim=3), Dense(1, "linear")], seed=0)
    model.compile(loss="mse", optimizer="sgd")
    model.set_weights([
        np.array([[0, 1], [0, 1], [0, 1]], np.float32),  # unit 0: z = 0; unit 1: z = sum(x)
        np.zeros(2, np.float32),
        np.ones((2, 1), np.float32),
        np.zeros(1, np.float32),
    ])  # fmt: skip
    x = np.array([[1, 2, 3], [0.5, 0.5, 0.5]], np.float32)
    _, grads = model.loss_and_gradients(x, np.full((2, 1), 10, np.float32))
    dkernel, dbias = grads[0]
    np.testing.assert_array_equal(dkernel[:, 0], 0)
    assert dbias[0] == 0
    assert (dkernel[:, 1] != 0).all() and dbias[1] != 0


def test_activation_values() -> None:
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(activations.get("sigmoid").forward(z), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(activations.get("relu").forward(z), [0, 0, 3])
    np.testing.assert_allclose(
        activations.get("elu", alpha=2.0).forward(z), [2 * np.expm1(-2), 0, 3]
    )
    probs = activations.get("softmax").forward(np.array([[1.0, 2.0, 1000.0], [0.0, 0.0, 0.0]]))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    assert np.isfinite(probs).all()
    # maxout: pieces side by side, [piece 0 | piece 1]; each unit takes its pieces' max
    maxout = activations.get("maxout", pieces=2)
    np.testing.assert_array_equal(maxout.forward(np.array([[1.0, 5.0, 4.0, 2.0]])), [[4.0, 5.0]])
    np.testing.assert_array_equal(
        maxout.derivative(np.array([[1.0, 5.0, 4.0, 2.0]])), [[0, 1, 1, 0]]
    )
    f32 = activations.get("tanh").forward(np.ones(3, dtype=np.float32))
    assert f32.dtype == np.float32


def test_unknown_activation_names_the_choices() -> None:
    with pytest.raises(ValueError, match="relu"):
        activations.get("swish")
