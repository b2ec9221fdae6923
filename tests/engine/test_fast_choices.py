"""Which way the fast paths go: the second thread's jobs and halves, which products are shared,
which rows a small batch's step touches, where the gradient norm is measured from, and the
in-place activations where their arrays or their rows differ."""

from __future__ import annotations

import copy
import math
import threading

import numpy as np
import pytest

from playground.engine import Dense, Sequential, activations, optimizers
from playground.engine.augmentation import RandomTranslation
from playground.engine.fast import activations as fast_activations
from playground.engine.fast import blas, threads
from playground.engine.fast import network as network_module
from playground.engine.fast import updates as updates_module
from playground.engine.fast.network import Buffers, FastNetwork, input_gradient

two_cores = pytest.mark.skipif(not threads.parallel_available(), reason="needs two cores")


def test_the_second_thread_is_started_once_and_reused():
    second = threads._SecondThread()
    helpers: list[threading.Thread] = []
    for _ in range(3):
        second.run(lambda _: helpers.append(threading.current_thread()), None, None)
    theirs = [t for t in helpers if t is not threading.current_thread()]
    assert len(theirs) == 3
    assert len(set(theirs)) == 1


def record_halves(items, sizes):
    seen: list[tuple[bool, tuple]] = []
    lock = threading.Lock()

    def fn(some):
        with lock:
            seen.append((threading.current_thread() is threading.main_thread(), tuple(some)))

    threads.run_halves(fn, items, sizes)
    return seen


@two_cores
def test_halves_split_where_the_first_reaches_half_the_total():
    half = threads.MIN_PARALLEL_ELEMENTS // 2
    seen = record_halves(["a", "b", "c"], [half - 1, 1, half])
    assert sorted(part for _, part in seen) == [("a", "b"), ("c",)]
    assert sorted(here for here, _ in seen) == [False, True]


@two_cores
def test_a_job_of_exactly_the_threshold_is_shared():
    half = threads.MIN_PARALLEL_ELEMENTS // 2
    seen = record_halves(["a", "b"], [half, threads.MIN_PARALLEL_ELEMENTS - half])
    assert sorted(part for _, part in seen) == [("a",), ("b",)]


def test_with_the_second_thread_forbidden_every_job_runs_here():
    threads.set_parallel(False)
    try:
        seen = record_halves(["a", "b"], [threads.MIN_PARALLEL_ELEMENTS] * 2)
    finally:
        threads.set_parallel(True)
    assert seen == [(True, ("a", "b"))]


@two_cores
def test_products_from_the_threshold_on_are_shared():
    # (rows x inner) @ (inner x columns): exactly MIN_SHARED_PRODUCT multiply-adds
    a, b = np.ones((400, 10), np.float32), np.ones((10, 1000), np.float32)
    assert a.shape[0] * a.shape[1] * b.shape[1] == threads.MIN_SHARED_PRODUCT
    with threads.shared_products():
        assert threads.would_share(a, b)
        assert not threads.would_share(a[:399], b)


@pytest.mark.parametrize("batch", [1, 2, 3])
def test_kernel_gradients_of_small_batches_are_the_products(batch):
    rng = np.random.default_rng(batch)
    a = rng.standard_normal((batch, 5)).astype(np.float32)
    b = rng.standard_normal((batch, 4)).astype(np.float32)
    want = a.T.astype(np.float64) @ b
    np.testing.assert_allclose(threads.outer_products(a, b), want, rtol=1e-5, atol=1e-6)


@two_cores
def test_a_shared_kernel_gradient_without_an_array_given():
    rng = np.random.default_rng(9)
    a = rng.standard_normal((400, 100)).astype(np.float32)
    b = rng.standard_normal((400, 100)).astype(np.float32)
    with threads.shared_products():
        assert threads.would_share(a.T, b)
        got = threads.outer_products(a, b)
    np.testing.assert_allclose(got, a.T.astype(np.float64) @ b, rtol=1e-4, atol=1e-4)


def test_softmax_in_place_keeps_rows_of_very_different_scale():
    z = np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]], np.float32)
    out = np.empty_like(z)
    fast_activations.forward_into(activations.get("softmax"), z, out)
    row = np.exp([0.0, 1.0, 2.0]) / np.exp([0.0, 1.0, 2.0]).sum()
    np.testing.assert_allclose(out, [row, row], rtol=1e-6)


@pytest.mark.parametrize("pieces", [1, 2])
def test_maxout_in_place_with_few_pieces(pieces):
    act = activations.get("maxout", pieces=pieces)
    z = np.random.default_rng(pieces).standard_normal((3, 4 * pieces)).astype(np.float32)
    out = np.full((3, 4), np.nan, np.float32)
    fast_activations.forward_into(act, z, out)
    np.testing.assert_array_equal(out, z.reshape(3, pieces, 4).max(axis=1))


def test_work_arrays_have_the_models_dtype_and_linear_layers_share_theirs():
    layers = [Dense(5, "relu", input_dim=3), Dense(2, "linear"), Dense(2, "sigmoid")]
    Sequential(layers, seed=0)
    buf = Buffers(layers, 4, np.dtype(np.float32), training=True)
    for arrays in (buf.z, buf.a, buf.dz, buf.da):
        assert all(a.dtype == np.float32 and len(a) == 4 for a in arrays)
    assert [a.shape[1] for a in buf.da] == [5, 2, 2]
    assert buf.a[1] is buf.z[1] and buf.da[1] is buf.dz[1]  # linear: no copy
    assert buf.a[0] is not buf.z[0] and buf.da[2] is not buf.dz[2]


def test_the_columns_a_small_batch_uses():
    fast = FastNetwork()
    x = np.zeros((fast.COMPACT_MAX_BATCH, 10), np.float32)
    x[0, [1, 4]] = 1.0
    x[-1, [2, 5, 7, 9]] = 2.0  # 6 of 10 columns: COMPACT_MAX_FRACTION exactly
    np.testing.assert_array_equal(fast.nonzero_columns(x), [1, 2, 4, 5, 7, 9])
    np.testing.assert_array_equal(fast.nonzero_columns(x[:1]), [1, 4])
    x[3, 0] = 1.0  # 7 of 10: the whole product is cheaper
    assert fast.nonzero_columns(x) is None
    assert fast.nonzero_columns(np.vstack([x[:1], x])) is None  # one row too many
    assert fast.nonzero_columns(np.zeros((2, 10), np.float32)) is None


def test_augmentation_before_the_dense_layers_keeps_the_fast_path():
    layers = [Dense(4, "relu", input_dim=16), Dense(2, "softmax")]
    stack = [RandomTranslation(0.1, 0.1, seed=1), *layers]
    assert FastNetwork.supports(layers, stack)


def sparse_model(optimizer) -> tuple[Sequential, np.ndarray, np.ndarray]:
    model = Sequential(
        [Dense(32, "relu", input_dim=64), Dense(24, "relu"), Dense(4, "softmax")], seed=1
    )  # on the example below 13 of the 32 hidden units are on, 14 of the 24 next ones
    model.compile(loss="categorical_crossentropy", optimizer=optimizer)
    rng = np.random.default_rng(11)
    x = rng.random((1, 64), dtype=np.float32)
    x[x < 0.8] = 0.0
    return model, x, np.eye(4, dtype=np.float32)[[2]]


@pytest.fixture
def rows_updated(monkeypatch):
    """The kernel rows that each plain SGD step of a small batch updates (None: all)."""
    seen: list = []
    add = updates_module._add_product

    def spy(kernel, inputs, dz, alpha, which, *rest):
        seen.append(None if which is None else np.array(which))
        add(kernel, inputs, dz, alpha, which, *rest)

    monkeypatch.setattr(updates_module, "_add_product", spy)
    return seen


@pytest.mark.skipif(not blas.scipy_available(), reason="SciPy's BLAS is not there")
def test_with_one_pass_products_only_the_first_kernel_takes_rows(rows_updated):
    model, x, y = sparse_model(optimizers.SGD(learning_rate=0.1))
    model.train_on_batch(x, y)
    first, second, third = rows_updated
    np.testing.assert_array_equal(first, np.flatnonzero(x[0]))
    assert second is None and third is None


def test_without_scipy_kernels_from_the_threshold_on_take_rows(rows_updated, monkeypatch):
    monkeypatch.setattr(blas, "use_scipy", False)
    monkeypatch.setattr(FastNetwork, "COMPACT_MIN_KERNEL", 32 * 24)  # the second kernel
    model, x, y = sparse_model(optimizers.SGD(learning_rate=0.1))
    hidden = np.maximum(x @ model.layers[0].kernel + model.layers[0].bias, 0)
    model.train_on_batch(x, y)
    first, second, third = rows_updated
    np.testing.assert_array_equal(first, np.flatnonzero(x[0]))
    assert 0 < len(np.flatnonzero(hidden[0])) < 32  # some units off
    np.testing.assert_array_equal(second, np.flatnonzero(hidden[0]))
    assert third is None


@pytest.mark.parametrize(("batch", "measured"), [(16, True), (17, False)])
def test_the_norm_is_taken_from_the_factors_of_small_batches_only(batch, measured, monkeypatch):
    calls = []
    gram = network_module.gram_square_norm
    monkeypatch.setattr(network_module, "gram_square_norm", lambda *a: calls.append(1) or gram(*a))
    model, _, _ = sparse_model(optimizers.Adam())
    rng = np.random.default_rng(batch)
    x = rng.random((batch, 64), dtype=np.float32)
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, batch)]
    model.train_on_batch(x, y)
    assert bool(calls) == measured


def test_gradients_through_activations_that_read_z_equal_the_textbooks():
    # leaky ReLU and ELU slopes are read from z, in a hidden layer and in the last one
    model = Sequential(
        [Dense(6, "leaky_relu", input_dim=5), Dense(5, "elu"), Dense(3, "leaky_relu")],
        seed=4,
    )
    model.compile(loss="mse", optimizer="sgd")
    textbook = copy.deepcopy(model)
    textbook.use_fast_paths = False
    rng = np.random.default_rng(4)
    x, y = rng.standard_normal((20, 5)).astype(np.float32), rng.standard_normal((20, 3))
    y = y.astype(np.float32)
    _, fast = model.loss_and_gradients(x, y)
    fast = [(k.copy(), b.copy()) for k, b in fast]
    _, plain = textbook.loss_and_gradients(x, y)
    for (k, b), (k2, b2) in zip(fast, plain, strict=True):
        np.testing.assert_allclose(k, k2, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(b, b2, rtol=1e-5, atol=1e-6)


def test_a_quick_norm_past_the_safe_bound_is_measured_again():
    # Past SAFE_SQUARE_NORM a float32 gradient may hold inf where the float64 sum does not
    fast = FastNetwork()
    fast.grads = [(np.array([[np.inf, 1.0]], np.float32), np.zeros(2, np.float32))]
    fast.grads.append((np.ones((1, 2), np.float32), np.ones(2, np.float32)))
    fast.factors, fast.compact_rows = [None, None], [None, None]
    fast.small_batch_norms = np.array([1e80, network_module.SAFE_SQUARE_NORM])
    norms = fast.square_norms()
    assert norms[0] == math.inf
    assert norms[1] == 4.0


def test_the_transposed_input_gradient_follows_the_batch_size():
    rng = np.random.default_rng(12)
    kernel = rng.standard_normal((6, 4)).astype(np.float32)
    scratch: dict = {}
    for n in (3, 5):
        dz = rng.standard_normal((n, 4)).astype(np.float32)
        out = np.empty((n, 6), np.float32)
        input_gradient(dz, kernel, out, scratch)
        np.testing.assert_allclose(out, dz.astype(np.float64) @ kernel.T, rtol=1e-5, atol=1e-6)
