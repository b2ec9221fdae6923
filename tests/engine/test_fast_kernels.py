"""The fast paths' kernels on their own: which BLAS routine each product takes (SciPy's one-pass
gemm and axpy, or NumPy), the gradient norms measured from a batch's factors, and the blocked
optimizer steps when the arrays, the optimizer or the path change between steps."""

from __future__ import annotations

import math
import warnings
from types import SimpleNamespace

import numpy as np
import pytest

from playground.engine import optimizers
from playground.engine.fast import blas, threads
from playground.engine.fast import updates as updates_module
from playground.engine.fast.network import FastNetwork, gram_square_norm, square_norm
from playground.engine.fast.updates import FLUSH_EVERY, Updates

# Every test runs on the compiled updates and on the NumPy kernels (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("update_path")

needs_scipy = pytest.mark.skipif(not blas.scipy_available(), reason="SciPy's BLAS is not there")


@pytest.fixture
def gemm_calls(monkeypatch):
    """Counts the calls of SciPy's gemm that ``add_outer_products`` makes (by dtype)."""
    calls: list[str] = []
    real = blas._gemm

    def counted(dtype):
        routine = real(dtype)
        if routine is None:
            return None

        def call(*args, **kwargs):
            calls.append(np.dtype(dtype).name)
            return routine(*args, **kwargs)

        return call

    monkeypatch.setattr(blas, "_gemm", counted)
    return calls


@needs_scipy
def test_gemm_is_chosen_by_the_arrays_dtype():
    scipy_blas = blas._scipy_blas()
    assert blas._gemm(np.dtype(np.float32)) is scipy_blas.sgemm
    assert blas._gemm(np.dtype(np.float64)) is scipy_blas.dgemm
    assert blas._gemm(np.dtype(np.int32)) is None
    assert blas._gemm(np.dtype(np.float16)) is None


@needs_scipy
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_product_added_into_an_array_is_one_gemm_call(dtype, gemm_calls):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((5, 7)).astype(dtype), rng.standard_normal((5, 3)).astype(dtype)
    c = rng.standard_normal((7, 3)).astype(dtype)
    want = 0.5 * c.astype(np.float64) - 2.0 * (a.T.astype(np.float64) @ b)
    blas.add_outer_products(c, a, b, -2.0, beta=0.5)
    assert gemm_calls == [np.dtype(dtype).name]
    np.testing.assert_allclose(c, want, rtol=1e-5, atol=1e-5)


@needs_scipy
def test_with_scipy_switched_off_the_product_takes_numpy(gemm_calls, monkeypatch):
    monkeypatch.setattr(blas, "use_scipy", False)
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((4, 6)), rng.standard_normal((4, 2))
    c = np.ones((6, 2))
    blas.add_outer_products(c, a, b, 3.0)
    out = np.empty((6, 2))
    blas.outer_products(a[:1], b[:1], out)
    assert gemm_calls == []
    np.testing.assert_allclose(c, 1.0 + 3.0 * a.T @ b)
    np.testing.assert_allclose(out, np.outer(a[0], b[0]))


def test_a_product_written_over_garbage_ignores_it(monkeypatch):
    # beta = 0 writes the product: what the array held before (NaN from np.empty) is not read
    monkeypatch.setattr(blas, "use_scipy", False)
    rng = np.random.default_rng(2)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 5))
    c = np.full((4, 5), np.nan)
    blas.add_outer_products(c, a, b, 2.0, beta=0.0)
    np.testing.assert_allclose(c, 2.0 * a.T @ b)


@needs_scipy
@pytest.mark.parametrize(("batch", "gemm"), [(1, True), (3, False)])
def test_a_kernel_gradient_takes_gemm_for_one_example_only(batch, gemm, gemm_calls):
    rng = np.random.default_rng(3)
    a = rng.standard_normal((batch, 6)).astype(np.float32)
    b = rng.standard_normal((batch, 4)).astype(np.float32)
    out = np.full((6, 4), np.nan, np.float32)
    blas.outer_products(a, b, out)
    assert gemm_calls == (["float32"] if gemm else [])
    np.testing.assert_allclose(out, a.T.astype(np.float64) @ b, rtol=1e-5, atol=1e-6)


@pytest.fixture
def axpy_calls(monkeypatch):
    """SciPy's axpy routines replaced by counted twins (the NumPy formula)."""
    calls: list[str] = []

    def routine(name):
        def call(x, y, a=1.0):
            calls.append(name)
            y += a * x
            return y

        return call

    fake = SimpleNamespace(saxpy=routine("saxpy"), daxpy=routine("daxpy"))
    monkeypatch.setattr(blas, "_scipy_blas", lambda: fake)
    return calls


@pytest.mark.parametrize(("dtype", "name"), [(np.float32, "saxpy"), (np.float64, "daxpy")])
def test_axpy_takes_blas_routine_of_the_arrays_dtype(dtype, name, axpy_calls):
    x, y = np.arange(6, dtype=dtype), np.ones(6, dtype)
    blas.axpy(x, y, 0.5, np.empty_like(y))
    assert axpy_calls == [name]
    np.testing.assert_array_equal(y, 1.0 + 0.5 * np.arange(6))


def test_axpy_without_blas_routine_takes_numpy(axpy_calls, monkeypatch):
    # float16 has no BLAS routine; mixed dtypes and SciPy switched off take NumPy too
    for x, y in [
        (np.arange(4, dtype=np.float16), np.ones(4, np.float16)),
        (np.arange(4, dtype=np.float64), np.ones(4, np.float32)),
    ]:
        blas.axpy(x, y, 2.0, np.empty_like(y))
        np.testing.assert_array_equal(y, 1.0 + 2.0 * np.arange(4))
    monkeypatch.setattr(blas, "use_scipy", False)
    y = np.ones(4, np.float32)
    blas.axpy(np.arange(4, dtype=np.float32), y, 2.0, np.empty_like(y))
    np.testing.assert_array_equal(y, 1.0 + 2.0 * np.arange(4))
    assert axpy_calls == []


@pytest.mark.parametrize("batch", [1, 2, 5])
def test_the_norm_from_a_batchs_factors_is_the_gradients_norm(batch):
    rng = np.random.default_rng(batch)
    x = rng.standard_normal((batch, 6)).astype(np.float32)
    dz = rng.standard_normal((batch, 3)).astype(np.float32)
    dbias = rng.standard_normal(3).astype(np.float32)
    kernel_gradient = x.T.astype(np.float64) @ dz
    want = float(np.sum(kernel_gradient**2) + np.sum(dbias.astype(np.float64) ** 2))
    assert gram_square_norm(x, dz, dbias) == pytest.approx(want, rel=1e-5)


def test_a_norm_past_float32s_range_is_measured_in_float64():
    kernel = np.full(8, 1e20, np.float32)  # each square overflows float32
    bias = np.full(2, 3e19, np.float32)
    want = 8 * float(np.float32(1e20)) ** 2 + 2 * float(np.float32(3e19)) ** 2
    with np.errstate(over="ignore"):  # the float32 dot overflows: measured again
        assert square_norm(kernel, bias) == pytest.approx(want, rel=1e-6)
    assert square_norm(np.ones(4, np.float32), np.full(2, 2.0, np.float32)) == 12.0
    assert square_norm(np.array([np.inf, 1.0], np.float32), np.ones(1, np.float32)) == math.inf


def test_huge_or_undefined_gradient_norms_raise_no_warning():
    # Overflow, and an infinite input times a zero dz (NaN) multiplied out from the factors
    fast = FastNetwork()
    fast.grads = [(np.full((4, 3), 1e30, np.float32), np.full(3, 1e30, np.float32))]
    fast.grads.append((np.zeros((2, 2), np.float32), np.zeros(2, np.float32)))
    inputs, dz = np.array([[np.inf, 1.0]], np.float32), np.array([[0.0, 1.0]], np.float32)
    fast.factors, fast.compact_rows = [None, (inputs, dz)], [None, None]
    fast.small_batch_norms = np.full(2, math.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        norms = fast.square_norms()
    assert norms[0] == pytest.approx(15 * float(np.float32(1e30)) ** 2, rel=1e-6)
    assert math.isnan(norms[1])


def test_factored_sgd_is_refused_in_so_many_words():
    with pytest.raises(ValueError, match=r"^factored gradients need SGD$"):
        Updates().apply_factored_sgd(optimizers.Adam(), [], [], [])
    with pytest.raises(
        ValueError, match=r"^with momentum every row moves: factors must cover all rows$"
    ):
        Updates().apply_factored_sgd(optimizers.SGD(momentum=0.9), [], [], [np.arange(2)])


def test_factored_sgd_needs_one_row_selection_per_factor():
    kernel, bias = np.ones((3, 2), np.float32), np.zeros(2, np.float32)
    pairs = [(np.empty_like(kernel), kernel), (np.zeros_like(bias), bias)]
    factors = [(np.ones((1, 3), np.float32), np.ones((1, 2), np.float32))]
    with pytest.raises(ValueError, match="shorter than argument 1"):
        Updates().apply_factored_sgd(optimizers.SGD(), pairs, factors, [])


def sgd_step(w: np.ndarray, g: np.ndarray, m: np.ndarray, lr: float, momentum: float):
    """SGD with momentum, the textbook formula in float64: the new weights and momentum."""
    m = momentum * m.astype(np.float64) - lr * g.astype(np.float64)
    return w + m, m


def test_blocked_steps_follow_arrays_that_change_shape():
    # The same number of parameters with new shapes: the scratch arrays must follow them
    rng = np.random.default_rng(5)
    updates = Updates()
    for shape, dtype in [((6, 4), np.float64), ((4, 5), np.float64), ((4, 5), np.float32)]:
        w, g = rng.standard_normal(shape).astype(dtype), rng.standard_normal(shape).astype(dtype)
        twin = w.copy()
        fast, plain = optimizers.Adam(), optimizers.Adam()
        updates.apply(fast, [(g, w)])
        plain.apply_gradients([(g, twin)])
        np.testing.assert_allclose(w, twin, rtol=1e-12)


def test_blocked_steps_follow_a_new_optimizer_on_the_same_weights():
    rng = np.random.default_rng(6)
    w = rng.standard_normal((5, 5)).astype(np.float32)
    g = rng.standard_normal((5, 5)).astype(np.float32)
    updates = Updates()
    updates.apply(optimizers.SGD(learning_rate=0.1, momentum=0.9), [(g, w)])
    fresh = optimizers.SGD(learning_rate=0.1, momentum=0.9)  # its own momentum, from zero
    before = w.copy()
    updates.apply(fresh, [(g, w)])
    want, m = sgd_step(before, g, np.zeros(w.shape), 0.1, 0.9)
    np.testing.assert_allclose(w, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(fresh.state_of(0)["momentum"], m, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_a_factored_step_then_a_whole_step_on_the_same_updates(momentum):
    # A small batch's factored step, then a large batch's blocked one (a fit's last batch)
    rng = np.random.default_rng(7)
    kernel = rng.standard_normal((6, 3)).astype(np.float32)
    bias = np.zeros(3, np.float32)
    x = rng.standard_normal((2, 6)).astype(np.float32)
    dz = rng.standard_normal((2, 3)).astype(np.float32)
    optimizer, updates = optimizers.SGD(learning_rate=0.1, momentum=momentum), Updates()
    pairs = [(np.empty_like(kernel), kernel), (dz.sum(axis=0), bias)]
    first = kernel.astype(np.float64)
    updates.apply_factored_sgd(optimizer, pairs, [(x, dz)], [None])
    want, m = sgd_step(first, x.T @ dz, np.zeros(kernel.shape), 0.1, momentum)
    np.testing.assert_allclose(kernel, want, rtol=1e-5, atol=1e-5)
    g = rng.standard_normal(kernel.shape).astype(np.float32)
    updates.apply(optimizer, [(g, kernel), (np.ones(3, np.float32), bias)])
    want, _ = sgd_step(want, g, m, 0.1, momentum)
    np.testing.assert_allclose(kernel, want, rtol=1e-5, atol=1e-5)


def test_weights_not_laid_out_in_rows_take_the_optimizers_own_step():
    rng = np.random.default_rng(8)
    w = np.asfortranarray(rng.standard_normal((4, 6)).astype(np.float32))
    g = rng.standard_normal((4, 6)).astype(np.float32)
    twin = np.ascontiguousarray(w)
    fast, plain = optimizers.Adam(), optimizers.Adam()
    Updates().apply(fast, [(g, w)])
    plain.apply_gradients([(g, twin)])
    np.testing.assert_array_equal(w, twin)


FLUSHED = np.finfo(np.float32).tiny / 4  # subnormal in float32
KEPT = [np.finfo(np.float32).tiny, 1.0]  # the smallest normal float32 and a plain value


@pytest.mark.parametrize("factored", [False, True])
def test_every_flush_step_runs_on_both_update_paths(factored):
    # Momentum below float32's normal range is zero after a flush, on either path; the rest
    # of the state is kept (momentum 1 and zero gradients: the state stays as it is)
    optimizer, updates = optimizers.SGD(learning_rate=0.1, momentum=1.0), Updates()
    kernel, bias = np.ones((4, 2), np.float32), np.zeros(2, np.float32)
    pairs = [(np.zeros_like(kernel), kernel), (np.zeros_like(bias), bias)]
    zero_factors = [(np.zeros((2, 4), np.float32), np.zeros((2, 2), np.float32))]
    optimizer.prepare([kernel, bias])
    momentum = optimizer.state_of(0)["momentum"]
    momentum[...] = FLUSHED
    momentum[0] = KEPT
    for _ in range(FLUSH_EVERY):
        assert momentum.all()
        if factored:
            updates.apply_factored_sgd(optimizer, pairs, zero_factors, [None])
        else:
            updates.apply(optimizer, pairs)
    assert optimizer.iterations == FLUSH_EVERY
    np.testing.assert_array_equal(momentum[0], np.array(KEPT, np.float32))
    assert not momentum[1:].any()


def test_float64_state_is_not_flushed_at_float32s_bound():
    optimizer, updates = optimizers.SGD(learning_rate=0.1, momentum=1.0), Updates()
    kernel = np.ones((4, 2))
    optimizer.prepare([kernel])
    optimizer.state_of(0)["momentum"][...] = FLUSHED
    for _ in range(FLUSH_EVERY):
        updates.apply(optimizer, [(np.zeros_like(kernel), kernel)])
    np.testing.assert_array_equal(optimizer.state_of(0)["momentum"], FLUSHED)


@pytest.mark.parametrize(("batch", "rows"), [(3, [2048, 2048]), (2, [2048, 2048]), (1, [4096])])
def test_momentum_from_factors_is_shared_out_in_blocks_of_kernel_rows(batch, rows, monkeypatch):
    # Blocks of BLOCK elements (2,048 rows of 32) for a batch, of 4 x BLOCK for one example
    assert updates_module.BLOCK == 2048 * 32
    shared = []
    run_halves = threads.run_halves
    monkeypatch.setattr(
        threads,
        "run_halves",
        lambda fn, jobs, sizes: (shared.append(sizes), run_halves(fn, jobs, sizes)),
    )
    rng = np.random.default_rng(batch)
    kernel = rng.standard_normal((4096, 32)).astype(np.float32)
    bias = np.zeros(32, np.float32)
    x = rng.standard_normal((batch, 4096)).astype(np.float32)
    dz = rng.standard_normal((batch, 32)).astype(np.float32)
    want, _ = sgd_step(
        kernel.astype(np.float64), x.T @ dz.astype(np.float64), 0.0 * kernel, 0.1, 0.9
    )
    optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.9)
    pairs = [(np.empty_like(kernel), kernel), (dz.sum(axis=0), bias)]
    Updates().apply_factored_sgd(optimizer, pairs, [(x, dz)], [None])
    if batch == 1 and not threads.parallel_available():
        rows = [4096]  # on one thread a batch of one takes the whole kernel
    assert shared == [[n * 32 for n in rows]]
    np.testing.assert_allclose(kernel, want, rtol=1e-4, atol=1e-4)
