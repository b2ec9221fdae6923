"""The engine's fast paths give the same numbers as the plain formulas."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from playground.engine import Dense, Sequential, optimizers


def sparse_batch(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-like inputs: most pixels exactly zero."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 64), dtype=np.float32)
    x[x < 0.8] = 0.0
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, n)]
    return x, y


@pytest.fixture(autouse=True, params=["rows of non-zero inputs", "whole kernels"])
def compaction(request, monkeypatch):
    """Every test runs twice: with the row-compacted update on these small kernels (the
    default applies it to kernels of 65,536 weights or more) and without it."""
    if request.param == "rows of non-zero inputs":
        monkeypatch.setattr(Sequential, "_COMPACT_MIN_KERNEL", 0)
    return request.param


def relu_model(optimizer) -> Sequential:
    model = Sequential(
        [Dense(32, activation="relu", input_dim=64), Dense(4, activation="softmax")], seed=3
    )
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


@pytest.mark.parametrize("batch", [1, 3, 16])
def test_sgd_on_small_sparse_batches_matches_the_whole_gradient_step(batch):
    model = relu_model(optimizers.SGD(learning_rate=0.1))
    for step in range(4):
        x, y = sparse_batch(batch, seed=step)
        reference = copy.deepcopy(model)
        _, grads = reference.loss_and_gradients(x, y)  # whole gradients, no update
        expected = [
            w - np.float32(0.1) * g
            for w, g in zip(reference.get_weights(), _flat(grads), strict=True)
        ]
        model.train_on_batch(x, y)
        for got, want in zip(model.get_weights(), expected, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
        for (dk, db), (rk, rb) in zip(model.last_gradients, grads, strict=True):
            np.testing.assert_allclose(dk, rk, rtol=1e-5, atol=1e-8)
            np.testing.assert_allclose(db, rb, rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(model.gradient_norms(), reference.gradient_norms(), rtol=1e-5)
    assert model.optimizer.iterations == 4


def test_compact_gradients_are_whole_when_read_and_untouched_rows_stay():
    model = relu_model("sgd")
    x, y = sparse_batch(1)
    before = model.get_weights()[0]
    model.train_on_batch(x, y)
    blank = np.flatnonzero(x[0] == 0)
    np.testing.assert_array_equal(model.get_weights()[0][blank], before[blank])
    dkernel = model.last_gradients[0][0]
    assert dkernel.shape == (64, 32)
    assert not dkernel[blank].any()


def _flat(grads):
    return [a for pair in grads for a in pair]


@pytest.mark.parametrize("shapes", [[(784, 500), (500,), (500, 10), (10,)], [(30, 7), (7,)]])
def test_blocked_adam_is_bit_identical_to_its_update_formula(shapes):
    rng = np.random.default_rng(0)
    params = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    same = [p.copy() for p in params]
    fast = optimizers.Adam(learning_rate=0.01, beta_1=0.8, epsilon=1e-6)
    plain = optimizers.Adam(learning_rate=0.01, beta_1=0.8, epsilon=1e-6)
    for _ in range(3):
        grads = [rng.standard_normal(s).astype(np.float32) for s in shapes]
        fast.apply_gradients(zip(grads, params, strict=True))
        optimizers.Optimizer.apply_gradients(plain, zip(grads, same, strict=True))  # update()
    for a, b in zip(params, same, strict=True):
        np.testing.assert_array_equal(a, b)
    assert fast.iterations == plain.iterations == 3


@pytest.mark.parametrize(
    "params", [{}, {"momentum": 0.9}, {"momentum": 0.5, "nesterov": True, "learning_rate": 0.1}]
)
def test_blocked_sgd_is_bit_identical_to_its_update_formula(params):
    rng = np.random.default_rng(0)
    shapes = [(784, 500), (500,), (500, 10), (10,)]
    weights = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    same = [w.copy() for w in weights]
    fast, plain = optimizers.SGD(**params), optimizers.SGD(**params)
    for _ in range(3):
        grads = [rng.standard_normal(s).astype(np.float32) for s in shapes]
        fast.apply_gradients(zip(grads, weights, strict=True))
        optimizers.Optimizer.apply_gradients(plain, zip(grads, same, strict=True))
    for a, b in zip(weights, same, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_deep_copied_model_trains_like_the_original():
    model = relu_model("adam")
    x, y = sparse_batch(32)
    model.train_on_batch(x, y)
    twin = copy.deepcopy(model)
    model.train_on_batch(x, y)
    twin.train_on_batch(x, y)
    for a, b in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("batch", [1, 4])
def test_sgd_small_batch_step_on_dense_inputs_matches_the_whole_gradient_step(batch):
    # No input is zero: every kernel row changes, through the factored update of all rows.
    model = relu_model(optimizers.SGD(learning_rate=0.05))
    rng = np.random.default_rng(7)
    x = rng.random((batch, 64), dtype=np.float32) + np.float32(0.1)
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, batch)]
    reference = copy.deepcopy(model)
    _, grads = reference.loss_and_gradients(x, y)
    expected = [
        w - np.float32(0.05) * g for w, g in zip(reference.get_weights(), _flat(grads), strict=True)
    ]
    model.train_on_batch(x, y)
    for got, want in zip(model.get_weights(), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(model.gradient_norms(), reference.gradient_norms(), rtol=1e-5)


def test_forward_from_the_non_zero_inputs_gives_the_whole_product():
    model = relu_model("sgd")
    x, y = sparse_batch(1, seed=5)
    loss, _ = model.loss_and_gradients(x, y)
    probs = model.predict(x)
    whole = -float(np.log(probs[0, int(y[0].argmax())]))
    assert loss == pytest.approx(whole, rel=1e-6)


def test_a_diverging_sgd_step_on_one_example_raises_and_keeps_the_weights():
    from playground.engine import NonFiniteError

    model = relu_model(optimizers.SGD(learning_rate=1e30))
    with pytest.raises(NonFiniteError):
        for step in range(20):
            x, y = sparse_batch(1, seed=step)
            before = model.get_weights()
            model.train_on_batch(x, y)
    after = model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    assert all(np.isfinite(w).all() for w in after)


def test_factored_gradients_need_plain_sgd():
    model = relu_model(optimizers.SGD(learning_rate=0.1, momentum=0.9))
    x, y = sparse_batch(1)
    model.train_on_batch(x, y)  # momentum takes the whole-gradient path
    with pytest.raises(ValueError, match="plain SGD"):
        model.optimizer.apply_factored_gradients([], [], [])
