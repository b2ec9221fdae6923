"""Weight penalties, leaky ReLU and Dropout against Keras 3's own values; gradient checks with
the penalties on; the fast path steps aside for what it cannot run."""

from __future__ import annotations

import numpy as np
import pytest
from keras_reference import as_numpy, keras  # noqa: F401 - the fixture

from playground.engine import (
    Dense,
    Dropout,
    GaussianNoise,
    RandomRotation,
    Sequential,
    activations,
    load_model,
    regularizers,
)
from playground.engine.fast import FastNetwork
from playground.engine.fast import activations as fast_activations

RNG = np.random.default_rng(7)
W = RNG.normal(size=(5, 4)).astype(np.float32)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda: regularizers.l2(0.03), lambda k: k.regularizers.L2(0.03)),
        (lambda: regularizers.l1(0.02), lambda k: k.regularizers.L1(0.02)),
        (lambda: regularizers.l1_l2(l1=0.01, l2=0.05), lambda k: k.regularizers.L1L2(0.01, 0.05)),
        (lambda: regularizers.get("l2"), lambda k: k.regularizers.get("l2")),
        (lambda: regularizers.get("l1"), lambda k: k.regularizers.get("l1")),
    ],
)
def test_penalties_equal_keras(keras, ours, theirs) -> None:  # noqa: F811
    ours, theirs = ours(), theirs(keras)
    assert ours(W) == pytest.approx(float(as_numpy(theirs(W))), rel=1e-5)
    assert ours.get_config() == pytest.approx(theirs.get_config())


def test_penalty_gradient_is_the_derivative() -> None:
    reg = regularizers.l1_l2(l1=0.01, l2=0.05)
    w = W.astype(np.float64)
    eps = 1e-6
    numeric = np.zeros_like(w)
    for index in np.ndindex(w.shape):
        plus, minus = w.copy(), w.copy()
        plus[index] += eps
        minus[index] -= eps
        numeric[index] = (reg(plus) - reg(minus)) / (2 * eps)
    np.testing.assert_allclose(reg.gradient(w), numeric, rtol=1e-6, atol=1e-9)


def test_bad_regularizers_are_refused() -> None:
    with pytest.raises(ValueError, match="l2 must be a finite number >= 0"):
        regularizers.l2(-1)
    with pytest.raises(ValueError, match="Unknown regularizer"):
        Dense(3, kernel_regularizer="l3")


@pytest.mark.parametrize("slope", [0.2, 0.01, 0.3])
def test_leaky_relu_equals_keras(keras, slope) -> None:  # noqa: F811
    z = np.linspace(-3, 3, 61, dtype=np.float32)
    act = activations.get("leaky_relu", negative_slope=slope)
    expected = as_numpy(keras.activations.leaky_relu(z, negative_slope=slope))
    np.testing.assert_allclose(act.forward(z), expected, rtol=1e-6)
    out = np.empty_like(z)
    fast_activations.forward_into(act, z, out)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    assert act.derivative(np.float32(-2.0)) == pytest.approx(slope)
    assert act.derivative(np.float32(2.0)) == 1.0
    da = RNG.normal(size=z.shape).astype(np.float32)
    fast_activations.backward_into(act, z, act.forward(z), da, out)
    np.testing.assert_allclose(out, act.backward(z, act.forward(z), da))
    assert Dense(3, activation="leaky_relu").negative_slope == 0.2  # Keras's default


def test_dropout_scales_as_keras(keras) -> None:  # noqa: F811
    x = np.ones((200, 50), dtype=np.float32)
    rate = 0.3
    ours = Dropout(rate, seed=1).forward(x, training=True)
    theirs = as_numpy(keras.layers.Dropout(rate, seed=1)(x, training=True))
    # Both keep an input with probability 1 - rate and scale it by 1 / (1 - rate).
    assert set(np.unique(ours)) == set(np.unique(theirs)) == {0.0, np.float32(1 / (1 - rate))}
    assert abs((ours == 0).mean() - rate) < 0.02
    assert abs(ours.mean() - 1.0) < 0.03
    np.testing.assert_array_equal(Dropout(rate).forward(x, training=False), x)
    np.testing.assert_array_equal(Dropout(rate, seed=1).forward(x, training=True), ours)


def test_dropout_and_noise_follow_the_model_seed() -> None:
    def run(seed):
        model = Sequential(
            [
                GaussianNoise(0.2),
                Dense(8, activation="relu", input_dim=4),
                Dropout(0.5),
                Dense(2, activation="softmax"),
            ],
            seed=seed,
        )
        model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
        x = np.random.default_rng(0).normal(size=(32, 4))
        model.fit(x, np.arange(32) % 2, batch_size=8, epochs=2)
        return model.get_weights()

    same = [np.array_equal(a, b) for a, b in zip(run(3), run(3), strict=True)]
    differ = [np.array_equal(a, b) for a, b in zip(run(3), run(4), strict=True)]
    assert all(same) and not all(differ)


# ------------------------------------------------------------------ gradient checks
def _regularized(seed=3) -> Sequential:
    model = Sequential(
        [
            Dense(
                6,
                activation="leaky_relu",
                input_dim=4,
                negative_slope=0.1,
                kernel_regularizer=regularizers.l1_l2(l1=0.02, l2=0.05),
                bias_regularizer=regularizers.l2(0.1),
            ),
            Dropout(0.4),
            Dense(3, activation="softmax", kernel_regularizer=regularizers.l2(0.2)),
        ],
        seed=seed,
    )
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    rng = np.random.default_rng(seed)
    for layer in model.layers:  # float64, no weight at 0 (L1's kink) and no unit on a kink
        layer.kernel = (layer.kernel * 1.5).astype(np.float64)
        layer.bias = rng.normal(0, 0.3, layer.bias.shape)
    return model


def test_gradients_with_penalties_match_finite_differences() -> None:
    model = _regularized()
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(7, 4)), np.eye(3)[rng.integers(0, 3, 7)]
    loss, grads = model.loss_and_gradients(x, y)
    assert loss == pytest.approx(model.evaluate(x, y, batch_size=7))
    eps = 1e-6
    arrays = [a for layer in model.layers for a in (layer.kernel, layer.bias)]
    for array, (analytic) in zip(arrays, [g for pair in grads for g in pair], strict=True):
        numeric = np.zeros_like(array)
        for index in np.ndindex(array.shape):
            saved = array[index]
            array[index] = saved + eps
            plus = model.evaluate(x, y, batch_size=7)
            array[index] = saved - eps
            minus = model.evaluate(x, y, batch_size=7)
            array[index] = saved
            numeric[index] = (plus - minus) / (2 * eps)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_dropout_gradient_uses_the_same_mask() -> None:
    """With the mask of one training pass fixed, backpropagation is the derivative."""
    model = _regularized()
    model.layers[0].kernel_regularizer = model.layers[1].kernel_regularizer = None
    model.layers[0].bias_regularizer = None
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(5, 4)), np.eye(3)[rng.integers(0, 3, 5)]
    traces = model._forward_pass(x, training=True)
    mask = model.stack[1].mask.copy()
    assert (mask == 0).any() and (mask > 1).any()
    gradients = model._backward_pass(traces, y)

    def loss_with_mask(kernel):
        hidden = model.layers[0].act.forward(x @ kernel + model.layers[0].bias) * mask
        out = model.layers[1].act.forward(hidden @ model.layers[1].kernel + model.layers[1].bias)
        return float(np.mean(-np.sum(y * np.log(out), axis=1)))

    kernel, eps = model.layers[0].kernel.copy(), 1e-6
    numeric = np.zeros_like(kernel)
    for index in np.ndindex(kernel.shape):
        plus, minus = kernel.copy(), kernel.copy()
        plus[index] += eps
        minus[index] -= eps
        numeric[index] = (loss_with_mask(plus) - loss_with_mask(minus)) / (2 * eps)
    np.testing.assert_allclose(gradients[0].kernel, numeric, rtol=1e-5, atol=1e-8)


# ------------------------------------------------------------------ the fast path's capability
def _pair(*extra, regularizer=None):
    def make(fast: bool) -> Sequential:
        fresh = [make_layer() for make_layer in extra]  # a layer belongs to one model
        layers = [
            *fresh[:1],
            Dense(16, activation="relu", input_dim=16, kernel_regularizer=regularizer),
            *fresh[1:],
            Dense(4, activation="softmax"),
        ]
        model = Sequential(layers, seed=5)
        model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
        model.use_fast_paths = fast
        return model

    return make


@pytest.mark.parametrize(
    ("make", "supported"),
    [
        (_pair(regularizer=regularizers.l2(0.01)), False),
        (_pair(lambda: GaussianNoise(0.1), lambda: Dropout(0.5)), False),
        (_pair(lambda: GaussianNoise(0.1), lambda: GaussianNoise(0.1)), False),
        (_pair(lambda: GaussianNoise(0.1)), True),
        (_pair(lambda: RandomRotation(0.05)), True),
        (_pair(), True),
    ],
)
def test_fast_path_declares_what_it_runs(make, supported) -> None:
    fast, textbook = make(True), make(False)
    assert FastNetwork.supports(fast.layers, fast.stack) is supported
    x = np.random.default_rng(2).random((64, 16)).astype(np.float32)
    y = np.arange(64) % 4
    fast.fit(x, y, batch_size=16, epochs=2)
    textbook.fit(x, y, batch_size=16, epochs=2)
    for a, b in zip(fast.get_weights(), textbook.get_weights(), strict=True):
        # Unsupported: the same textbook step runs (bit for bit); supported: the fast path's
        # own rounding.
        if supported:
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
        else:
            np.testing.assert_array_equal(a, b)


def test_penalty_is_in_the_loss_and_reported_apart() -> None:
    model = Sequential(
        [
            Dense(8, input_dim=3, kernel_regularizer=regularizers.l2(0.5)),
            Dense(2, activation="softmax"),
        ],
        seed=0,
    )
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    x, y = np.random.default_rng(0).normal(size=(10, 3)), np.arange(10) % 2
    penalty = 0.5 * float(np.sum(model.layers[0].kernel.astype(np.float64) ** 2))
    plain = Sequential.from_config(
        {
            **model.get_config(),
            "layers": [{**c, "kernel_regularizer": None} for c in model.get_config()["layers"]],
        }
    )
    plain.set_weights(model.get_weights())
    assert model.evaluate(x, y) == pytest.approx(plain.evaluate(x, y) + penalty, rel=1e-5)
    history = model.fit(x, y, batch_size=10, epochs=1)  # one step: the penalty before it
    assert history.history["regularization_loss"][0] == pytest.approx(penalty, rel=1e-5)
    assert "regularization_loss" not in plain.fit(x, y, epochs=1).history


def test_everything_is_saved_and_loaded(tmp_path) -> None:
    model = _regularized()
    model = Sequential.from_config(model.get_config())
    model.fit(np.ones((4, 4)), np.eye(3)[[0, 1, 2, 0]], epochs=1)
    model.save(tmp_path / "m.npz")
    loaded = load_model(tmp_path / "m.npz")
    assert loaded.get_config() == model.get_config()
    assert [type(layer).__name__ for layer in loaded.stack] == ["Dense", "Dropout", "Dense"]
    assert loaded.layers[0].kernel_regularizer == regularizers.l1_l2(l1=0.02, l2=0.05)
    assert loaded.layers[0].act.negative_slope == 0.1


def test_misplaced_layers_are_refused() -> None:
    with pytest.raises(ValueError, match="before the first Dense"):
        Sequential([Dense(4, input_dim=4), RandomRotation(0.1)])
    model = Sequential([Dense(4, input_dim=4, activation="softmax"), Dropout(0.1)])
    with pytest.raises(ValueError, match="after the last Dense"):
        model.compile(loss="categorical_crossentropy", optimizer="sgd")
    with pytest.raises(ValueError, match="rate must be at least 0 and below 1"):
        Dropout(1.0)
