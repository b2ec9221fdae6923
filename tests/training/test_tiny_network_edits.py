"""The board example against the textbook's worked update (Mazur's 2-2-2 network), and every
edit and refusal with the message the board shows."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import optimizers
from playground.training.tiny_network import TinyNetwork, tiny_network


def test_one_update_of_the_2_2_2_example_is_the_worked_example() -> None:
    # Mazur, "A Step by Step Backpropagation Example": E = Σ ½(t − o)², which is Keras's mean
    # squared error over the two outputs; learning rate 0.5. Kernels: rows are inputs.
    net = tiny_network("2-2-2")
    trace = net.trace()
    assert trace.per_example[0] == pytest.approx(0.298371109, abs=1e-9)
    assert trace.learning_rate == 0.5 and trace.iteration == 1
    hidden, output = trace.layers
    w1, w3, w2, w4 = hidden.kernel_after.ravel()
    w5, w7, w6, w8 = output.kernel_after.ravel()
    np.testing.assert_allclose(
        [w1, w2, w3, w4, w5, w6, w7, w8],
        [0.149780716, 0.19956143, 0.24975114, 0.29950229,
         0.35891648, 0.408666186, 0.511301270, 0.561370121],
        atol=1e-8,
    )  # fmt: skip
    later = net.after_update()
    np.testing.assert_array_equal(later.kernels[1], output.kernel_after)
    assert later.trace().per_example[0] < trace.per_example[0]


def test_another_shape_of_network_is_built_and_traced() -> None:
    net = TinyNetwork(
        sizes=(3, 4, 2),
        kernels=(np.full((3, 4), 0.1), np.full((4, 2), -0.2)),
        biases=(np.zeros(4), np.zeros(2)),
        x=np.array([1.0, 2.0, 3.0]),
        target=np.array([0.0, 1.0]),
    )
    model = net.model()
    assert [layer.kernel.shape for layer in model.layers] == [(3, 4), (4, 2)]
    trace = net.trace()
    output = trace.layers[1]
    z = 0.6  # each hidden unit: 0.1 * (1 + 2 + 3)
    h = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(output.a[0], [1 / (1 + np.exp(0.8 * h))] * 2, rtol=1e-12)


def test_whole_numbers_make_the_same_float64_model() -> None:
    floats = tiny_network("2-2-2")
    whole = TinyNetwork(
        sizes=(2, 2, 2),
        kernels=(np.array([[1, 0], [0, 1]]), np.array([[2, -1], [0, 1]])),
        biases=(np.array([0, 1]), np.array([1, 0])),
        x=floats.x,
        target=floats.target,
    )
    as_floats = TinyNetwork(
        sizes=(2, 2, 2),
        kernels=tuple(k.astype(np.float64) for k in whole.kernels),
        biases=tuple(b.astype(np.float64) for b in whole.biases),
        x=floats.x,
        target=floats.target,
    )
    model = whole.model()
    assert all(layer.kernel.dtype == np.float64 for layer in model.layers)
    assert all(layer.bias.dtype == np.float64 for layer in model.layers)
    for ours, theirs in zip(whole.trace().layers, as_floats.trace().layers, strict=True):
        np.testing.assert_array_equal(ours.kernel_after, theirs.kernel_after)
        np.testing.assert_array_equal(ours.bias_after, theirs.bias_after)


def test_numbers_at_the_limit_are_allowed() -> None:
    net = tiny_network()
    assert net.with_value("x", 0, 0, 0, 100).x[0] == 100.0
    assert net.with_value("bias", 0, 1, 0, -100).biases[0][1] == -100.0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("x", 1000, "x must be between -100 and 100, got 1000.0"),
        ("target", -100.5, "target must be between -100 and 100, got -100.5"),
        ("kernel", float("nan"), "kernel must be between -100 and 100, got nan"),
        ("lr", "0.3", "lr must be a number, got '0.3'"),
        ("bias", True, "bias must be a number, got True"),
    ],
)
def test_an_edit_out_of_range_is_refused_by_name(name, value, message) -> None:
    with pytest.raises(ValueError) as caught:
        tiny_network().with_value(name, 0, 0, 0, value)
    assert str(caught.value) == message


def test_an_unknown_number_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        tiny_network().with_value("weight", 0, 0, 0, 0.5)
    assert str(caught.value) == "unknown number 'weight'"


def test_editing_the_input_or_target_changes_only_that() -> None:
    net = tiny_network("3-3-2")
    edited = net.with_value("x", 0, 1, 0, 0.7)
    np.testing.assert_array_equal(edited.x, [1.0, 0.7, -1.0])
    np.testing.assert_array_equal(edited.target, net.target)
    np.testing.assert_array_equal(net.x, [1.0, 0.5, -1.0])  # the original is unchanged
    aimed = net.with_value("target", 0, 1, 0, 0.25)
    np.testing.assert_array_equal(aimed.target, [1.0, 0.25])
    np.testing.assert_array_equal(aimed.x, net.x)
    np.testing.assert_array_equal(net.target, [1.0, 0.0])


def test_editing_a_bias_changes_only_that_bias() -> None:
    net = tiny_network("3-3-2")
    edited = net.with_value("bias", 1, 1, 0, 0.3)
    np.testing.assert_array_equal(edited.biases[1], [0.0, 0.3])
    np.testing.assert_array_equal(edited.biases[0], net.biases[0])
    for ours, theirs in zip(edited.kernels, net.kernels, strict=True):
        np.testing.assert_array_equal(ours, theirs)
    assert net.biases[1][1] == 0.1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"hidden": "softplus"},
         "hidden activation must be one of sigmoid, tanh, relu, elu, linear"),
        ({"loss": "hinge"}, "loss must be one of mean_squared_error, categorical_crossentropy"),
        ({"optimizer": "lbfgs"}, f"optimizer must be one of {', '.join(optimizers.NAMES)}"),
        ({"learning_rate": 1000.0}, "learning rate must be between -100 and 100, got 1000.0"),
        ({"learning_rate": -0.5}, "the learning rate must be greater than 0"),
        ({"kernels": (np.zeros((2, 2)), np.zeros((2, 3)))},
         "the weights do not fit the network's shape"),
        ({"biases": (np.zeros(2), np.zeros(3))}, "the biases do not fit the network's shape"),
        ({"x": np.zeros(3)}, "the input or target does not fit the network's shape"),
        ({"target": np.zeros(3)}, "the input or target does not fit the network's shape"),
        ({"x": np.array([0.5, np.inf])}, "every number must be between -100 and 100, got inf"),
    ],
)  # fmt: skip
def test_impossible_networks_are_refused_with_their_message(values, message) -> None:
    net = tiny_network("2-2-2")
    fields = {name: getattr(net, name) for name in ("sizes", "kernels", "biases", "x", "target")}
    with pytest.raises(ValueError) as caught:
        TinyNetwork(**{**fields, **values})
    assert str(caught.value) == message


def test_an_unknown_shape_names_the_two() -> None:
    with pytest.raises(ValueError) as caught:
        tiny_network("4-4-4")
    assert str(caught.value) == "shape must be one of 2-2-2, 3-3-2"


def test_another_choice_starts_the_optimizer_over() -> None:
    later = tiny_network(optimizer="adam").after_update()
    assert later.trace().iteration == 2
    switched = later.with_choices(hidden="tanh")
    assert switched.optimizer_state is None and switched.trace().iteration == 1


def test_editing_a_weight_changes_only_that_weight() -> None:
    net = tiny_network("3-3-2")
    edited = net.with_value("kernel", 0, 1, 2, 0.9)
    expected = net.kernels[0].copy()
    expected[1, 2] = 0.9
    np.testing.assert_array_equal(edited.kernels[0], expected)
    np.testing.assert_array_equal(edited.kernels[1], net.kernels[1])
    for ours, theirs in zip(edited.biases, net.biases, strict=True):
        np.testing.assert_array_equal(ours, theirs)
