"""Each activation's f against Keras 3, its f' and chain rule against finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from keras_reference import as_numpy, keras  # noqa: F401 - the fixture

from playground.engine import ACTIVATIONS, activations

Z = np.array([[-30.0, -2.5, -0.7, -1e-3, 0.0, 1e-3, 0.4, 2.0, 31.0]])


def _keras_value(keras, name: str, z: np.ndarray) -> np.ndarray:  # noqa: F811
    fn = {
        "linear": keras.activations.linear,
        "sigmoid": keras.activations.sigmoid,
        "tanh": keras.activations.tanh,
        "relu": keras.activations.relu,
        "leaky_relu": keras.activations.leaky_relu,  # Keras's default slope 0.2
        "elu": keras.activations.elu,  # alpha 1.0
        "softmax": keras.activations.softmax,
    }[name]
    return as_numpy(fn(keras.ops.convert_to_tensor(z))).astype(np.float64)


@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n != "maxout"])
def test_default_activations_equal_keras(keras, name) -> None:  # noqa: F811
    act = activations.get(name)
    np.testing.assert_allclose(act.forward(Z), _keras_value(keras, name, Z), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("leaky_relu", {}),
        ("leaky_relu", {"negative_slope": 0.05}),
        ("elu", {}),
        ("elu", {"alpha": 0.3}),
        ("sigmoid", {}),
        ("tanh", {}),
        ("linear", {}),
    ],
)
def test_derivative_is_the_slope_of_f(name, kwargs) -> None:
    act = activations.get(name, **kwargs)
    z = np.linspace(-4, 4, 81) + 0.013  # off the kink at exactly 0
    numeric = (act.forward(z + 1e-6) - act.forward(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-6, atol=1e-8)
    # the chain rule through f: dC/dz = dC/da * f'(z)
    grad_a = np.cos(z)
    np.testing.assert_allclose(
        act.backward(z, act.forward(z), grad_a), grad_a * numeric, rtol=1e-6, atol=1e-8
    )


def test_the_kink_at_zero_takes_the_left_slope_like_keras() -> None:
    zero = np.zeros(1)
    assert activations.get("leaky_relu", negative_slope=0.1).derivative(zero)[0] == 0.1
    assert activations.get("elu", alpha=0.3).derivative(zero)[0] == pytest.approx(0.3)
    assert activations.get("leaky_relu").forward(np.array([-5.0]))[0] == pytest.approx(-1.0)


def test_softmax_backward_is_the_jacobian_times_the_gradient() -> None:
    softmax = activations.get("softmax")
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 4))
    grad_a = rng.normal(size=(3, 4))
    numeric = np.zeros_like(z)
    for i in np.ndindex(*z.shape):
        step = np.zeros_like(z)
        step[i] = 1e-6
        numeric[i] = ((softmax.forward(z + step) - softmax.forward(z - step)) / 2e-6 * grad_a).sum()
    np.testing.assert_allclose(softmax.backward(z, softmax.forward(z), grad_a), numeric, atol=1e-8)
    # its elementwise derivative is the Jacobian's diagonal
    diagonal = np.zeros_like(z)
    for i in np.ndindex(*z.shape):
        step = np.zeros_like(z)
        step[i] = 1e-6
        diagonal[i] = (softmax.forward(z + step)[i] - softmax.forward(z - step)[i]) / 2e-6
    np.testing.assert_allclose(softmax.derivative(z), diagonal, atol=1e-8)


def test_maxout_sends_each_units_gradient_to_its_winning_piece_only() -> None:
    maxout = activations.get("maxout", pieces=3)
    # three pieces of two units, side by side: unit 0 is won by piece 2, unit 1 by piece 0
    z = np.array([[1.0, 9.0, 2.0, 3.0, 5.0, -1.0]])
    a = maxout.forward(z)
    np.testing.assert_array_equal(a, [[5.0, 9.0]])
    np.testing.assert_array_equal(maxout.winner(z), [[2, 0]])
    np.testing.assert_array_equal(
        maxout.backward(z, a, np.array([[10.0, 20.0]])), [[0, 20, 0, 0, 10, 0]]
    )
    assert maxout.output_shape((4, 6)) == (4, 2)
    with pytest.raises(
        ValueError, match=r"^maxout with 4 pieces needs a last axis divisible by 4, got 6$"
    ):
        activations.get("maxout", pieces=4).forward(z)


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (np.float32, np.float32),
        (np.float64, np.float64),
        (np.uint8, np.float32),
        (np.int16, np.float32),
    ],
)
def test_float32_stays_float32_and_small_integers_become_float32(name, given, kept) -> None:
    act = activations.get(name)
    z = np.array([[2, 0, 1, 3]], dtype=given)  # pixels, say
    assert act.forward(z).dtype == kept
    assert act.derivative(z).dtype == kept
    assert act.forward(z) is not z


def test_names_are_case_blind_and_none_is_linear() -> None:
    assert activations.check_name(None) == "linear"
    assert activations.check_name("ReLU") == "relu"
    assert repr(activations.get("Leaky_ReLU")) == "<activation leaky_relu>"
    choices = "linear, sigmoid, tanh, relu, leaky_relu, elu, maxout, softmax"
    with pytest.raises(
        ValueError, match=rf"^Unknown activation 'swish'\. Choose one of: {choices}\.$"
    ):
        activations.get("swish")
    with pytest.raises(ValueError, match=r"^Unknown activation 3"):
        activations.check_name(3)


def test_the_classes_made_directly_have_keras_defaults() -> None:
    # keras.activations.leaky_relu's slope 0.2 and keras.activations.elu's alpha 1.0
    z = np.array([-5.0, -1.0, 2.0])
    np.testing.assert_allclose(activations.LeakyReLU().forward(z), [-1.0, -0.2, 2.0])
    np.testing.assert_allclose(activations.ELU().forward(z), [np.expm1(-5), np.expm1(-1), 2.0])
    # maxout's default of two pieces, as Dense's `pieces`
    np.testing.assert_array_equal(
        activations.Maxout().forward(np.array([[1.0, 5.0, 4.0, 2.0]])), [[4.0, 5.0]]
    )


def test_softmax_and_maxout_work_on_the_last_axis_of_any_rank() -> None:
    # as Keras's activations: a (2, 4, width) array is eight rows of `width`
    rng = np.random.default_rng(2)
    z = rng.normal(size=(2, 4, 6))
    grad = rng.normal(size=(2, 4, 6))
    rows = z.reshape(8, 6)
    softmax = activations.get("softmax")
    a = softmax.forward(z)
    np.testing.assert_allclose(a.reshape(8, 6), softmax.forward(rows))
    np.testing.assert_allclose(a.sum(axis=-1), 1.0)
    np.testing.assert_allclose(
        softmax.backward(z, a, grad).reshape(8, 6),
        softmax.backward(rows, a.reshape(8, 6), grad.reshape(8, 6)),
    )
    maxout = activations.get("maxout", pieces=3)
    assert maxout.output_shape(z.shape) == (2, 4, 2)
    np.testing.assert_array_equal(maxout.forward(z).reshape(8, 2), maxout.forward(rows))
    np.testing.assert_array_equal(maxout.derivative(z).reshape(8, 6), maxout.derivative(rows))
    grad_a = rng.normal(size=(2, 4, 2))
    np.testing.assert_array_equal(
        maxout.backward(z, None, grad_a).reshape(8, 6),
        maxout.backward(rows, None, grad_a.reshape(8, 2)),
    )
    with pytest.raises(ValueError, match=r"^maxout with 4 pieces needs .* by 4, got 6$"):
        activations.get("maxout", pieces=4).forward(z)
