"""The trace of one update: its gradients are the derivatives of the loss (central differences
in float64), and the model it leaves is the model ``train_on_batch`` leaves, for every
optimizer."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, Dense, Sequential, optimizers
from playground.training.backprop import numerical_gradient, trace_step

LOSS_NAMES = ["categorical_crossentropy", "sparse_categorical_crossentropy", "mean_squared_error"]


def _network(hidden: str, loss: str, optimizer="sgd", seed: int = 5) -> Sequential:
    output = "linear" if loss == "mean_squared_error" else "softmax"
    model = Sequential(
        [
            Dense(4, activation=hidden, input_dim=3, alpha=0.6, pieces=2),
            Dense(3, activation=hidden, alpha=0.6, pieces=2),
            Dense(2, activation=output),
        ],
        seed=seed,
    )
    model.compile(loss=loss, optimizer=optimizer)
    rng = np.random.default_rng(seed)
    for layer in model.layers:  # float64, biases off zero so no unit sits on a kink
        layer.kernel = (layer.kernel * 1.3).astype(np.float64)
        layer.bias = rng.normal(0, 0.3, layer.bias.shape)
    return model


def _batch(loss: str, n: int = 5, seed: int = 1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    labels = rng.integers(0, 2, n)
    if loss == "sparse_categorical_crossentropy":
        return x, labels
    if loss == "mean_squared_error":
        return x, rng.uniform(-1, 1, (n, 2))
    return x, np.eye(2)[labels]


def _central_differences(model: Sequential, x, y, eps: float = 1e-6) -> list[np.ndarray]:
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


@pytest.mark.parametrize("loss", LOSS_NAMES)
@pytest.mark.parametrize("hidden", ACTIVATIONS)
def test_trace_gradients_are_central_differences(hidden: str, loss: str) -> None:
    model = _network(hidden, loss)
    x, y = _batch(loss)
    numeric = _central_differences(copy.deepcopy(model), x, y)
    trace = trace_step(model, x, y)
    traced = [g for step in trace.layers for g in (step.grad_kernel, step.grad_bias)]
    for got, want in zip(traced, numeric, strict=True):
        assert got.dtype == np.float64
        scale = max(float(np.abs(want).max()), 1e-3)
        assert float(np.abs(got - want).max()) / scale < 1e-5, (got, want)


@pytest.mark.parametrize("loss", LOSS_NAMES)
def test_delta_is_the_derivative_by_z_and_chains_back(loss: str) -> None:
    model = _network("tanh", loss)
    x, y = _batch(loss, n=3)
    trace = trace_step(model, x, y)
    out = trace.layers[-1]
    if loss == "mean_squared_error":  # linear output: δ = 2 (a − y) / (B K)
        expected = 2 * (out.a - y) / out.a.size
    else:  # softmax + cross-entropy: δ = (p − y) / B
        onehot = np.eye(2)[y] if y.ndim == 1 else y
        expected = (out.a - onehot) / len(x)
        assert trace.fused_output
    np.testing.assert_allclose(out.delta, expected, rtol=1e-12)
    for lower, upper in zip(trace.layers[:-1], trace.layers[1:], strict=True):
        # δˡ = (δˡ⁺¹ Wˡ⁺¹ᵀ) ∘ tanh′(zˡ), and ∂L'/∂W = aᵀ δ
        chained = (upper.delta @ upper.kernel_before.T) * (1 - np.tanh(lower.z) ** 2)
        np.testing.assert_allclose(lower.delta, chained, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(upper.grad_kernel, upper.inputs.T @ upper.delta, rtol=1e-12)


def test_per_example_losses_add_up_to_the_batch_loss() -> None:
    model = _network("sigmoid", "categorical_crossentropy")
    x, y = _batch("categorical_crossentropy", n=4)
    expected_mean = model.evaluate(x, y, batch_size=4)
    single = [model.evaluate(x[i : i + 1], y[i : i + 1], batch_size=1) for i in range(4)]
    trace = trace_step(model, x, y)
    np.testing.assert_allclose(trace.per_example, single, rtol=1e-12)
    assert math.isclose(trace.total, sum(single), rel_tol=1e-12)
    assert math.isclose(trace.mean, expected_mean, rel_tol=1e-12)


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_model_after_trace_step_is_the_model_after_train_on_batch(name: str) -> None:
    traced = _network("relu", "categorical_crossentropy", optimizer=name)
    trained = copy.deepcopy(traced)
    for seed in (1, 2, 3):  # later steps use the state the earlier ones left
        x, y = _batch("categorical_crossentropy", seed=seed)
        trace = trace_step(traced, x, y)
        trained.train_on_batch(x, y)
        assert trace.iteration == seed == trained.optimizer.iterations
        for a, b, step in zip(traced.layers, trained.layers, trace.layers, strict=True):
            np.testing.assert_array_equal(a.kernel, b.kernel)
            np.testing.assert_array_equal(a.bias, b.bias)
            np.testing.assert_array_equal(step.kernel_after, a.kernel)
            assert np.abs(step.kernel_step).max() > 0
        state_a, state_b = traced.optimizer.get_state()[1], trained.optimizer.get_state()[1]
        assert state_a.keys() == state_b.keys()
        for key in state_a:
            np.testing.assert_array_equal(state_a[key], state_b[key])


def test_sgd_step_is_minus_learning_rate_times_gradient() -> None:
    model = _network("sigmoid", "mean_squared_error", optimizer=optimizers.SGD(0.5))
    x, y = _batch("mean_squared_error", n=1)
    trace = trace_step(model, x, y)
    for step in trace.layers:
        np.testing.assert_allclose(step.kernel_step, -0.5 * step.grad_kernel, rtol=1e-12)
        np.testing.assert_allclose(step.bias_step, -0.5 * step.grad_bias, rtol=1e-12)
    assert trace.bias_correction == {}


def test_adam_step_is_the_recorded_moments_with_bias_correction() -> None:
    model = _network("elu", "categorical_crossentropy", optimizer=optimizers.Adam(0.01))
    for seed in (1, 2):
        x, y = _batch("categorical_crossentropy", seed=seed)
        trace = trace_step(model, x, y)
    t = trace.iteration
    assert t == 2
    c1, c2 = trace.bias_correction["1 - beta_1^t"], trace.bias_correction["1 - beta_2^t"]
    assert math.isclose(c1, 1 - 0.9**2) and math.isclose(c2, 1 - 0.999**2)
    for step in trace.layers:
        m, v = step.kernel_slots["momentum"], step.kernel_slots["velocity"]
        alpha = 0.01 * math.sqrt(c2) / c1
        np.testing.assert_allclose(step.kernel_step, -alpha * m / (np.sqrt(v) + 1e-7), rtol=1e-9)


def test_numerical_gradient_agrees_and_leaves_the_model_alone() -> None:
    model = _network("sigmoid", "categorical_crossentropy")
    model.metrics = ["accuracy"]  # evaluate would return [loss, accuracy]: not used
    for layer in model.layers:  # a float32 model, as the app trains
        layer.kernel = layer.kernel.astype(np.float32)
        layer.bias = layer.bias.astype(np.float32)
    before = model.get_weights()
    x, y = _batch("categorical_crossentropy", n=2)
    numeric, backprop = numerical_gradient(model, x, y, layer=1, row=2, column=1)
    assert abs(numeric - backprop) <= 1e-7 * max(1.0, abs(backprop))
    assert backprop != 0
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="no weight"):
        numerical_gradient(model, x, y, layer=0, row=9, column=0)


def test_bad_batches_get_one_clear_message() -> None:
    model = _network("relu", "categorical_crossentropy")
    with pytest.raises(ValueError, match="targets"):
        trace_step(model, np.zeros((2, 3)), np.eye(2)[[0]])
    with pytest.raises(ValueError, match="at least one example"):
        trace_step(model, np.zeros((0, 3)), np.zeros((0, 2)))
    uncompiled = Sequential([Dense(2, activation="softmax", input_dim=3)], seed=0)
    with pytest.raises(ValueError, match="compile"):
        trace_step(uncompiled, np.zeros((1, 3)), np.eye(2)[[0]])
