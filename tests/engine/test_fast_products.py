"""The fast paths' rearranged products and momentum steps against their textbook twins."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from playground.engine import Dense, Sequential, optimizers
from playground.engine.fast import network as network_module
from playground.engine.fast.network import TRANSPOSED_ROWS, input_gradient


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("batch", [1, 2, 3, 10, 128, 129, 300])
def test_input_gradient_equals_the_product_with_the_transposed_kernel(batch, dtype):
    rng = np.random.default_rng(batch)
    dz = rng.standard_normal((batch, 30)).astype(dtype)
    kernel = rng.standard_normal((40, 30)).astype(dtype)
    out = np.full((batch, 40), np.nan, dtype)
    scratch: dict = {}
    input_gradient(dz, kernel, out, scratch)
    expected = dz.astype(np.float64) @ kernel.T.astype(np.float64)
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, expected, rtol=tolerance, atol=tolerance)
    assert bool(scratch) == (batch in TRANSPOSED_ROWS)  # which product ran


def test_input_gradient_reuses_its_scratch_per_kernel_height():
    rng = np.random.default_rng(0)
    scratch: dict = {}
    for height in (40, 40, 25):
        kernel = rng.standard_normal((height, 30)).astype(np.float32)
        dz = rng.standard_normal((10, 30)).astype(np.float32)
        out = np.empty((10, height), np.float32)
        input_gradient(dz, kernel, out, scratch)
        np.testing.assert_allclose(out, dz @ kernel.T, rtol=1e-5, atol=1e-5)
    assert sorted(scratch) == [25, 40]


def deep_model(optimizer, seed=5) -> Sequential:
    model = Sequential(
        [
            Dense(24, activation="relu", input_dim=20),
            Dense(16, activation="tanh"),
            Dense(3, activation="softmax"),
        ],
        seed=seed,
    )
    model.compile(loss="categorical_crossentropy", optimizer=optimizer)
    return model


@pytest.mark.parametrize("batch", [1, 10, 200])
def test_a_deep_network_trains_like_its_textbook_twin(batch, monkeypatch):
    calls = []
    product = network_module.input_gradient
    monkeypatch.setattr(
        network_module, "input_gradient", lambda *a: (calls.append(len(a[0])), product(*a))
    )
    fast = deep_model(optimizers.Adam(learning_rate=0.01))
    textbook = copy.deepcopy(fast)
    textbook.use_fast_paths = False
    rng = np.random.default_rng(batch)
    for _ in range(3):
        x = rng.standard_normal((batch, 20)).astype(np.float32)
        y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, batch)]
        np.testing.assert_allclose(
            fast.train_on_batch(x, y), textbook.train_on_batch(x, y), rtol=1e-5
        )
        for got, want in zip(fast.get_weights(), textbook.get_weights(), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    assert calls == [batch] * 6  # two layers with an input gradient, three steps


@pytest.fixture(params=["scipy gemm", "numpy"])
def blas_path(request, monkeypatch):
    """The one-pass BLAS calls and the NumPy products and additions they replace."""
    from playground.engine.fast import blas

    if request.param == "scipy gemm":
        assert blas.scipy_available(), "SciPy is part of the test dependencies"
    else:
        monkeypatch.setattr(blas, "use_scipy", False)
    return request.param


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("batch", [1, 10])
def test_momentum_stays_with_the_textbook_over_many_steps(batch, nesterov, blas_path):
    """Rounding differences between the rearranged and the textbook step must not grow."""
    optimizer = optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=nesterov)
    fast = deep_model(optimizer, seed=7)
    textbook = copy.deepcopy(fast)
    textbook.use_fast_paths = False
    rng = np.random.default_rng(batch)
    for _ in range(30):
        x = rng.random((batch, 20), dtype=np.float32)
        x[x < 0.6] = 0.0  # MNIST-like: many inputs exactly zero
        y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, batch)]
        fast.train_on_batch(x, y)
        textbook.train_on_batch(x, y)
    assert fast._fast.factors[0] is not None  # the factored step ran, not the whole gradient
    for got, want in zip(fast.get_weights(), textbook.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    moved = [np.abs(w - w0).max() for w, w0 in zip(fast.get_weights(), _initial(), strict=True)]
    assert min(moved) > 1e-3  # the weights did move: the comparison is not of untouched arrays


def _initial() -> list[np.ndarray]:
    return deep_model(optimizers.SGD(), seed=7).get_weights()


@pytest.mark.parametrize("parallel", [True, False])
def test_one_example_momentum_on_large_kernels_in_blocks_or_whole(parallel, monkeypatch):
    from playground.engine.fast import threads, updates

    monkeypatch.setattr(threads, "_CPUS", 2)
    monkeypatch.setattr(threads, "MIN_PARALLEL_ELEMENTS", 10**9)  # the blocks stay on this thread
    threads.set_parallel(parallel)
    blocks = []
    rows_kernel = updates._momentum_rows
    monkeypatch.setattr(
        updates,
        "_momentum_rows",
        lambda o, lr, jobs: (blocks.append(len(jobs)), rows_kernel(o, lr, jobs)),
    )
    try:
        fast = Sequential(
            [Dense(600, activation="relu", input_dim=500), Dense(3, activation="softmax")], seed=1
        )
        fast.compile(loss="categorical_crossentropy", optimizer=optimizers.SGD(0.05, momentum=0.9))
        textbook = copy.deepcopy(fast)
        textbook.use_fast_paths = False
        rng = np.random.default_rng(0)
        for _ in range(3):
            x = rng.random((1, 500), dtype=np.float32)
            y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 1)]
            fast.train_on_batch(x, y)
            textbook.train_on_batch(x, y)
    finally:
        threads.set_parallel(True)
    # 300,000 weights: two blocks of rows for two threads, one whole kernel for one thread
    assert blocks == [3 if parallel else 2] * 3
    for got, want in zip(fast.get_weights(), textbook.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
