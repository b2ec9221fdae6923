"""The backpropagation view's numbers for a network small enough to work out by hand: the
forward values, the chain rule's factors, the gradients, the step and the optimizer's state,
each against the textbook formula written out here."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.engine import Dense, Sequential, optimizers
from playground.training.backprop import STAGE_KINDS, Stage, numerical_gradient, stages, trace_step

W1 = np.array([[0.5, -0.3], [0.2, 0.8]])
B1 = np.array([0.1, -0.2])
W2 = np.array([[1.0, -1.0], [-0.5, 0.7]])
B2 = np.array([0.05, -0.05])
X = np.array([[1.0, 2.0], [-1.5, 0.5]])
Y = np.array([[0.0, 1.0], [1.0, 0.0]])
COMPILE_FIRST = "compile the model (loss and optimizer) before tracing an update"


def _model(optimizer="sgd", output="softmax", loss="categorical_crossentropy") -> Sequential:
    """2 inputs → 2 sigmoid units → 2 outputs, with the weights above in float64."""
    model = Sequential(
        [Dense(2, activation="sigmoid", input_dim=2), Dense(2, activation=output)], seed=0
    )
    model.compile(loss=loss, optimizer=optimizer)
    for layer, kernel, bias in zip(model.layers, (W1, W2), (B1, B2), strict=True):
        layer.kernel = kernel.copy()
        layer.bias = bias.copy()
    return model


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _by_hand(x=X, y=Y):
    """Forward values, δ and gradients of the mean cross-entropy L' = (1/B) Σ −log pₙ(yₙ)."""
    z1 = x @ W1 + B1
    a1 = _sigmoid(z1)
    z2 = a1 @ W2 + B2
    p = _softmax(z2)
    delta2 = (p - y) / len(x)
    delta1 = (delta2 @ W2.T) * a1 * (1 - a1)
    return {
        "z": (z1, z2),
        "a": (a1, p),
        "delta": (delta1, delta2),
        "grad_kernel": (x.T @ delta1, a1.T @ delta2),
        "grad_bias": (delta1.sum(axis=0), delta2.sum(axis=0)),
        "per_example": -np.log(np.sum(p * y, axis=1)),
    }


def test_every_number_of_one_sgd_update_is_the_textbook_formula():
    trace = trace_step(_model(optimizers.SGD(0.5)), X, Y)
    want = _by_hand()
    first, second = trace.layers
    assert (first.activation, second.activation) == ("sigmoid", "softmax")
    np.testing.assert_array_equal(first.inputs, X)
    np.testing.assert_allclose(second.inputs, want["a"][0], rtol=1e-12)
    for i, step in enumerate(trace.layers):
        for name in ("z", "a", "delta", "grad_kernel", "grad_bias"):
            np.testing.assert_allclose(getattr(step, name), want[name][i], rtol=1e-10, err_msg=name)
    for step, kernel, bias, i in ((first, W1, B1, 0), (second, W2, B2, 1)):
        np.testing.assert_array_equal(step.kernel_before, kernel)
        np.testing.assert_array_equal(step.bias_before, bias)
        new_kernel = kernel - 0.5 * want["grad_kernel"][i]
        new_bias = bias - 0.5 * want["grad_bias"][i]
        np.testing.assert_allclose(step.kernel_after, new_kernel, rtol=1e-12)
        np.testing.assert_allclose(step.bias_after, new_bias, rtol=1e-12)
        np.testing.assert_allclose(step.bias_step, -0.5 * want["grad_bias"][i], rtol=1e-10)
        assert step.kernel_slots == {} and step.bias_slots == {}  # plain SGD keeps no state
    np.testing.assert_allclose(trace.per_example, want["per_example"], rtol=1e-12)
    assert trace.per_example.dtype == np.float64
    assert math.isclose(trace.total, want["per_example"].sum(), rel_tol=1e-12)
    assert math.isclose(trace.mean, want["per_example"].mean(), rel_tol=1e-12)
    assert (trace.loss_name, trace.optimizer_name) == ("categorical_crossentropy", "sgd")
    assert (trace.learning_rate, trace.iteration) == (0.5, 1)
    assert trace.hyperparameters == {"momentum": 0.0, "nesterov": False}
    assert trace.bias_correction == {}
    assert trace.fused_output is True


def test_a_linear_output_with_squared_error_is_not_fused():
    trace = trace_step(_model(output="linear", loss="mean_squared_error"), X, Y)
    assert trace.fused_output is False
    assert trace.loss_name == "mean_squared_error"


def test_one_example_may_be_given_as_a_flat_row_and_a_single_label():
    sparse = "sparse_categorical_crossentropy"
    flat = trace_step(_model(loss=sparse), X[0], 1)
    want = _by_hand(X[:1], Y[:1])
    assert flat.layers[0].inputs.shape == (1, 2)
    np.testing.assert_allclose(flat.per_example, want["per_example"], rtol=1e-12)
    np.testing.assert_allclose(flat.layers[1].delta, want["delta"][1], rtol=1e-10)


def test_integer_inputs_are_traced_in_the_models_float_type():
    x = np.array([[1, 2], [-1, 0]])
    trace = trace_step(_model(), x, Y)
    assert trace.layers[0].inputs.dtype == np.float64
    np.testing.assert_allclose(trace.per_example, _by_hand(x.astype(float), Y)["per_example"])


def test_momentum_is_recorded_for_the_kernel_and_the_bias():
    model = _model(optimizers.SGD(0.5, momentum=0.9))
    want = _by_hand()
    trace = trace_step(model, X, Y)
    assert trace.hyperparameters == {"momentum": 0.9, "nesterov": False}
    for i, step in enumerate(trace.layers):  # m = 0.9 · 0 − lr · g on the first update
        np.testing.assert_allclose(
            step.kernel_slots["momentum"], -0.5 * want["grad_kernel"][i], rtol=1e-10
        )
        np.testing.assert_allclose(
            step.bias_slots["momentum"], -0.5 * want["grad_bias"][i], rtol=1e-10
        )
        assert set(step.kernel_slots) == set(step.bias_slots) == {"momentum"}


@pytest.mark.parametrize("name", ["sgd", "rmsprop", "adagrad", "adadelta"])
def test_optimizers_without_beta_1_have_no_bias_correction(name):
    assert trace_step(_model(name), X, Y).bias_correction == {}


def test_adam_shows_both_corrections_and_its_step_size():
    model = _model(optimizers.Adam(0.01, beta_1=0.8, beta_2=0.99))
    first = trace_step(model, X, Y)
    second = trace_step(model, X, Y)
    assert first.bias_correction.keys() == {"1 - beta_1^t", "1 - beta_2^t", "alpha"}
    # t = 1: 1 − 0.8 = 0.2, 1 − 0.99 = 0.01, α = 0.01 · √0.01 / 0.2 = 0.005
    assert math.isclose(first.bias_correction["1 - beta_1^t"], 0.2, rel_tol=1e-12)
    assert math.isclose(first.bias_correction["1 - beta_2^t"], 0.01, rel_tol=1e-12)
    assert math.isclose(first.bias_correction["alpha"], 0.005, rel_tol=1e-12)
    # t = 2: 1 − 0.64 = 0.36, 1 − 0.9801 = 0.0199
    assert math.isclose(second.bias_correction["1 - beta_1^t"], 0.36, rel_tol=1e-12)
    assert math.isclose(second.bias_correction["1 - beta_2^t"], 0.0199, rel_tol=1e-12)
    alpha = 0.01 * math.sqrt(0.0199) / 0.36
    assert math.isclose(second.bias_correction["alpha"], alpha, rel_tol=1e-12)
    assert second.hyperparameters == {
        "beta_1": 0.8,
        "beta_2": 0.99,
        "epsilon": 1e-7,
        "amsgrad": False,
    }


def test_nadam_shows_both_corrections_and_adamax_only_the_first():
    nadam = trace_step(_model(optimizers.Nadam(0.01, beta_1=0.8, beta_2=0.99)), X, Y)
    assert nadam.bias_correction.keys() == {"1 - beta_1^t", "1 - beta_2^t"}
    assert math.isclose(nadam.bias_correction["1 - beta_1^t"], 0.2, rel_tol=1e-12)
    assert math.isclose(nadam.bias_correction["1 - beta_2^t"], 0.01, rel_tol=1e-12)
    adamax = trace_step(_model(optimizers.Adamax(0.01, beta_1=0.7)), X, Y)
    assert adamax.bias_correction.keys() == {"1 - beta_1^t"}
    assert math.isclose(adamax.bias_correction["1 - beta_1^t"], 0.3, rel_tol=1e-12)


def test_a_schedules_rate_is_the_one_the_update_used():
    schedule = optimizers.schedules.ExponentialDecay(0.4, decay_steps=1, decay_rate=0.5)
    model = _model(optimizers.SGD(schedule))
    want = _by_hand()
    trace = trace_step(model, X, Y)
    assert trace.learning_rate == 0.4  # the next update's rate is 0.2
    np.testing.assert_allclose(
        trace.layers[0].kernel_step, -0.4 * want["grad_kernel"][0], rtol=1e-10
    )
    assert "learning_rate" not in trace.hyperparameters and "name" not in trace.hyperparameters


def test_bad_batches_are_refused_with_their_whole_message():
    model = _model()
    with pytest.raises(ValueError, match=r"^2 examples but 1 targets$"):
        trace_step(model, X, Y[:1])
    with pytest.raises(ValueError) as empty:
        trace_step(model, np.zeros((0, 2)), np.zeros((0, 2)))
    assert str(empty.value) == "give at least one example, as rows of a 2-D array"
    with pytest.raises(ValueError) as cube:
        trace_step(model, np.zeros((1, 1, 2)), Y[:1])
    assert str(cube.value) == "give at least one example, as rows of a 2-D array"
    bare = Sequential([Dense(2, activation="softmax", input_dim=2)], seed=0)
    with pytest.raises(ValueError) as uncompiled:
        trace_step(bare, X, Y)
    assert str(uncompiled.value) == COMPILE_FIRST
    no_loss = Sequential([Dense(2, activation="softmax", input_dim=2)], seed=0)
    no_loss.optimizer = optimizers.SGD()
    with pytest.raises(ValueError) as half_compiled:
        trace_step(no_loss, X, Y)
    assert str(half_compiled.value) == COMPILE_FIRST


def test_a_model_not_built_yet_is_built_for_the_batch():
    model = Sequential([Dense(3, activation="relu"), Dense(2, activation="softmax")], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    trace = trace_step(model, np.ones((2, 5)), Y)
    assert trace.layers[0].kernel_before.shape == (5, 3)
    assert trace.layers[1].grad_kernel.shape == (3, 2)


def _mean_loss_by_hand(w2_entry: float) -> float:
    """L' of the hand network with W2[1, 0] set to ``w2_entry``."""
    a1 = _sigmoid(X @ W1 + B1)
    w2 = W2.copy()
    w2[1, 0] = w2_entry
    p = _softmax(a1 @ w2 + B2)
    return float(np.mean(-np.log(np.sum(p * Y, axis=1))))


def test_numerical_gradient_is_the_central_difference_of_the_mean_loss():
    model = _model()
    numeric, backprop = numerical_gradient(model, X, Y, layer=1, row=1, column=0)
    exact = _by_hand()["grad_kernel"][1][1, 0]
    assert math.isclose(backprop, exact, rel_tol=1e-12)
    assert math.isclose(numeric, exact, rel_tol=1e-8)
    # A wide step shows which difference quotient it is: (L'(w + ε) − L'(w − ε)) / 2ε.
    numeric, backprop = numerical_gradient(model, X, Y, layer=1, row=1, column=0, eps=0.5)
    w = W2[1, 0]
    quotient = (_mean_loss_by_hand(w + 0.5) - _mean_loss_by_hand(w - 0.5)) / 1.0
    assert math.isclose(numeric, quotient, rel_tol=1e-12)
    assert math.isclose(backprop, exact, rel_tol=1e-12)
    assert abs(numeric - exact) > 1e-4  # ε = 0.5 is visibly not the derivative
    np.testing.assert_array_equal(model.layers[1].kernel, W2)


@pytest.mark.parametrize(
    ("layer", "row", "column", "message"),
    [
        (0, 2, 0, "layer 1 has no weight W[2, 0]"),
        (1, 0, 2, "layer 2 has no weight W[0, 2]"),
        (1, -1, 0, "layer 2 has no weight W[-1, 0]"),
        (0, 0, -1, "layer 1 has no weight W[0, -1]"),
    ],
)
def test_numerical_gradient_names_a_weight_that_is_not_there(layer, row, column, message):
    with pytest.raises(ValueError) as missing:
        numerical_gradient(_model(), X, Y, layer=layer, row=row, column=column)
    assert str(missing.value) == message


def test_numerical_gradient_reaches_the_last_weight_and_the_first():
    want = _by_hand()["grad_kernel"]
    _, last = numerical_gradient(_model(), X, Y, layer=1, row=1, column=1)
    _, first = numerical_gradient(_model(), X, Y, layer=0, row=0, column=0)
    assert math.isclose(last, want[1][1, 1], rel_tol=1e-12)
    assert math.isclose(first, want[0][0, 0], rel_tol=1e-12)


def test_stages_walk_forward_then_back_from_the_output():
    assert stages(2) == (
        Stage("input"),
        Stage("forward", 0),
        Stage("forward", 1),
        Stage("loss"),
        Stage("delta", 1),
        Stage("delta", 0),
        Stage("gradients"),
        Stage("update"),
    )
    assert stages(1) == (
        Stage("input"),
        Stage("forward", 0),
        Stage("loss"),
        Stage("delta", 0),
        Stage("gradients"),
        Stage("update"),
    )
    assert Stage("loss").layer == -1
    assert {stage.kind for stage in stages(3)} == set(STAGE_KINDS)


DEEP_W = [np.array([[0.4, -0.6, 0.2], [0.3, 0.1, -0.5]]), np.full((3, 2), 0.25), np.eye(2)]
DEEP_B = [np.array([0.1, 0.0, -0.1]), np.array([0.2, -0.3]), np.array([0.5, -0.5])]


def _deep_model(output: str) -> Sequential:
    """Three layers (2 → 3 tanh → 2 tanh → 2 ``output``) with the weights above, float64."""
    model = Sequential(
        [
            Dense(3, activation="tanh", input_dim=2),
            Dense(2, activation="tanh"),
            Dense(2, activation=output),
        ],
        seed=0,
    )
    loss = "mean_squared_error" if output == "linear" else "categorical_crossentropy"
    model.compile(loss=loss, optimizer="sgd")
    for layer, kernel, bias in zip(model.layers, DEEP_W, DEEP_B, strict=True):
        layer.kernel, layer.bias = kernel.copy(), bias.copy()
    return model


def _deep_mean_loss(output: str, w0=DEEP_W[0]) -> float:
    z = np.tanh(np.tanh(X @ w0 + DEEP_B[0]) @ DEEP_W[1] + DEEP_B[1]) @ DEEP_W[2] + DEEP_B[2]
    if output == "linear":
        return float(np.mean((z - Y) ** 2))
    return float(np.mean(-np.log(np.sum(_softmax(z) * Y, axis=1))))


@pytest.mark.parametrize("output", ["linear", "softmax"])
def test_the_losses_are_read_at_the_output_of_a_deeper_network(output):
    """Squared error (1/K) Σₖ (aₖ − yₖ)² after a linear output, cross-entropy −log pₙ(yₙ)
    after softmax."""
    w, b = DEEP_W, DEEP_B
    z = np.tanh(np.tanh(X @ w[0] + b[0]) @ w[1] + b[1]) @ w[2] + b[2]
    squared = output == "linear"
    out = z if squared else _softmax(z)
    want = np.mean((z - Y) ** 2, axis=1) if squared else -np.log(np.sum(out * Y, axis=1))
    trace = trace_step(_deep_model(output), X, Y)
    np.testing.assert_allclose(trace.per_example, want, rtol=1e-12)
    np.testing.assert_allclose(trace.layers[-1].a, out, rtol=1e-12)


@pytest.mark.parametrize("output", ["linear", "softmax"])
def test_numerical_gradient_differentiates_the_whole_networks_loss(output):
    eps = 0.25
    plus, minus = DEEP_W[0].copy(), DEEP_W[0].copy()
    plus[1, 2] += eps
    minus[1, 2] -= eps
    quotient = (_deep_mean_loss(output, plus) - _deep_mean_loss(output, minus)) / (2 * eps)
    numeric, _ = numerical_gradient(_deep_model(output), X, Y, 0, 1, 2, eps=eps)
    assert math.isclose(numeric, quotient, rel_tol=1e-10)


def test_numerical_gradient_checks_rows_and_columns_of_a_kernel_that_is_not_square():
    model = _deep_model("linear")  # the first kernel is 2 × 3
    with pytest.raises(ValueError) as missing:
        numerical_gradient(model, X, Y, layer=0, row=2, column=0)
    assert str(missing.value) == "layer 1 has no weight W[2, 0]"
    with pytest.raises(ValueError) as missing:
        numerical_gradient(model, X, Y, layer=1, row=0, column=2)  # 3 × 2
    assert str(missing.value) == "layer 2 has no weight W[0, 2]"


def test_numerical_gradient_leaves_a_float32_model_in_float32():
    model = _model()
    for layer in model.layers:
        layer.kernel = layer.kernel.astype(np.float32)
        layer.bias = layer.bias.astype(np.float32)
    numerical_gradient(model, X, Y, layer=0, row=1, column=1)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert model.dtype == np.float32


def test_a_float32_models_losses_are_kept_in_float64():
    model = _model()
    for layer in model.layers:  # as the app trains
        layer.kernel = layer.kernel.astype(np.float32)
        layer.bias = layer.bias.astype(np.float32)
    trace = trace_step(model, X, Y)
    assert trace.layers[0].inputs.dtype == np.float32
    assert trace.per_example.dtype == np.float64
    np.testing.assert_allclose(trace.per_example, _by_hand()["per_example"], rtol=1e-5)
