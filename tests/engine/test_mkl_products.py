"""Large products in oneMKL on TBB's threads: the same sums as NumPy's, to float32 rounding."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from playground.engine import Dense, Sequential, optimizers
from playground.engine.fast import mkl, threads

# The test extra installs the ``mkl`` and ``tbb`` wheels: every test here runs the library.


def test_the_wheels_libraries_load_with_tbb_as_the_threading_layer() -> None:
    assert mkl.available()
    lib = mkl._load().lib
    lib.MKL_Get_Max_Threads.restype = int
    assert lib.MKL_Get_Max_Threads() >= 1


def _operands(rng, m, k, n, dtype, a_transposed, b_transposed):
    a = rng.standard_normal((k, m) if a_transposed else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if b_transposed else (k, n)).astype(dtype)
    return (a.T if a_transposed else a), (b.T if b_transposed else b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("a_transposed", [False, True])
@pytest.mark.parametrize("b_transposed", [False, True])
def test_every_layout_gives_numpys_product(dtype, a_transposed, b_transposed) -> None:
    rng = np.random.default_rng(3)
    a, b = _operands(rng, 100, 784, 130, dtype, a_transposed, b_transposed)
    out = np.full((100, 130), np.nan, dtype)
    with mkl.products(2):
        assert mkl.matmul(a, b, out)
    expected = a.astype(np.float64) @ b.astype(np.float64)
    tolerance = 2e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(out, expected, rtol=tolerance, atol=tolerance)


def test_the_same_product_gives_the_same_bits_every_time() -> None:
    rng = np.random.default_rng(4)
    a, b = _operands(rng, 1000, 784, 500, np.float32, False, False)
    out, first = np.empty((1000, 500), np.float32), np.empty((1000, 500), np.float32)
    with mkl.products(2):
        mkl.matmul(a, b, first)
        for _ in range(20):
            assert mkl.matmul(a, b, out)
            np.testing.assert_array_equal(out, first)


def _refused(a, b, out) -> None:
    before = out.copy()
    with mkl.products(2):
        assert not mkl.matmul(a, b, out)
    np.testing.assert_array_equal(out, before)


def test_small_products_mixed_dtypes_and_strided_arrays_stay_with_numpy() -> None:
    rng = np.random.default_rng(5)
    a = rng.standard_normal((100, 784)).astype(np.float32)
    b = rng.standard_normal((784, 500)).astype(np.float32)
    out = np.zeros((100, 500), np.float32)
    _refused(a[:, :10], b[:10, :100], out[:, :100].copy())  # 100k multiply-adds: too small
    _refused(a.astype(np.float64), b, out)
    _refused(a.astype(np.float16), b.astype(np.float16), out.astype(np.float16))
    _refused(a[:, ::2], b[::2], out)  # a strided view
    wide = np.zeros((100, 1000), np.float32)
    _refused(a, b, wide[:, ::2])  # out not contiguous
    square = rng.standard_normal((784, 784)).astype(np.float32)
    _refused(square, square, square)  # out is an operand
    assert mkl.MIN_PRODUCT == 1_000_000


def test_one_bad_operand_or_an_out_that_aliases_one_is_enough_to_refuse() -> None:
    rng = np.random.default_rng(7)
    a = rng.standard_normal((100, 784)).astype(np.float32)
    b = rng.standard_normal((784, 500)).astype(np.float32)
    out = np.zeros((100, 500), np.float32)
    _refused(a[:, ::2], b[::2].copy(), out)  # only the left operand strided
    _refused(a[:, ::2].copy(), b[::2], out)  # only the right one
    square, other = (rng.standard_normal((784, 784)).astype(np.float32) for _ in range(2))
    _refused(square, other, square)  # out is the left operand
    _refused(other, square, square)  # out is the right operand
    _refused(a, b, out.reshape(-1))  # a flat out, even of the right size
    with mkl.products(2):
        assert not mkl.matmul(a.reshape(-1), b, out)  # a flat operand


def test_products_of_a_million_multiply_adds_go_to_mkl_on_one_thread_too() -> None:
    rng = np.random.default_rng(8)

    def product(m, k, n):
        a = rng.standard_normal((m, k)).astype(np.float32)
        b = rng.standard_normal((k, n)).astype(np.float32)
        out = np.full((m, n), np.nan, np.float32)
        taken = mkl.takes(a, b) and mkl.matmul(a, b, out)
        if taken:
            np.testing.assert_allclose(out, a.astype(np.float64) @ b, rtol=1e-4, atol=1e-4)
        return taken

    with mkl.products(1):
        assert product(100, 100, 100)  # exactly a million
        assert not product(100, 100, 99)
        assert not product(1, 784, 500)  # one example's first layer: 392,000
        assert product(2000, 1, 500)  # an inner dimension of one


def test_products_run_in_mkl_only_inside_the_block_and_on_its_thread() -> None:
    rng = np.random.default_rng(6)
    a = rng.standard_normal((100, 784)).astype(np.float32)
    b = rng.standard_normal((784, 500)).astype(np.float32)
    out = np.empty((100, 500), np.float32)
    assert not mkl.in_use() and not mkl.matmul(a, b, out)
    seen = []
    with mkl.products(2) as used:
        assert used and mkl.in_use()
        with mkl.products(2, enabled=False) as inner:
            assert not inner and not mkl.in_use()
        assert mkl.in_use()
        other = threading.Thread(target=lambda: seen.append(mkl.in_use()))
        other.start()
        other.join()
    assert seen == [False] and not mkl.in_use()
    with mkl.products(0) as used:
        assert not used and not mkl.in_use()


def test_its_thread_count_holds_under_a_process_wide_blas_limit() -> None:
    lib = mkl._load().lib
    lib.MKL_Get_Max_Threads.restype = int
    with threadpool_limits(1), mkl.products(2):
        assert lib.MKL_Get_Max_Threads() == 2
    with mkl.products(1):
        assert lib.MKL_Get_Max_Threads() == 1


def test_the_engine_products_go_to_mkl_inside_the_block(monkeypatch) -> None:
    calls = []
    real = mkl.matmul

    def counting(a, b, out):
        done = real(a, b, out)
        calls.append(done)
        return done

    monkeypatch.setattr(mkl, "matmul", counting)
    rng = np.random.default_rng(7)
    x = rng.standard_normal((100, 784)).astype(np.float32)
    w = rng.standard_normal((784, 500)).astype(np.float32)
    out = np.empty((100, 500), np.float32)
    threads.matmul(x, w, out)
    assert calls == [False]
    with mkl.products(2):
        threads.matmul(x, w, out)
        assert threads.would_share(x.T, out)
        grad = threads.outer_products(x, out)
    assert calls == [False, True, True]
    np.testing.assert_allclose(grad, x.T.astype(np.float64) @ out, rtol=1e-3, atol=1e-1)


def _model(seed: int, optimizer) -> Sequential:
    model = Sequential([Dense(300, activation="relu"), Dense(10, activation="softmax")], seed=seed)
    model.build(784)
    model.compile(optimizer=optimizer, loss="categorical_crossentropy")
    return model


@pytest.mark.parametrize("make", [lambda: optimizers.Adam(), lambda: optimizers.SGD(0.1, 0.9)])
def test_training_with_mkl_products_follows_the_textbook(make) -> None:
    rng = np.random.default_rng(8)
    x = rng.random((400, 784)).astype(np.float32)
    x[x < 0.6] = 0  # zeros, as MNIST has: the first product reads only the used kernel rows
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 400)]
    textbook, fast = _model(1, make()), _model(1, make())
    textbook.use_fast_paths = False
    with mkl.products(2):
        for start in range(0, 400, 100):
            textbook.train_on_batch(x[start : start + 100], y[start : start + 100])
            fast.train_on_batch(x[start : start + 100], y[start : start + 100])
    for ours, theirs in zip(fast.get_weights(), textbook.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)


def test_an_install_without_its_threading_part_is_never_loaded(monkeypatch, tmp_path) -> None:
    # oneMKL ends the process when a part it needs is missing at the first product: a partial
    # install must leave the engine on NumPy's products, without loading anything.
    for name in ("libmkl_rt.so.3", "libtbb.so.12", "libmkl_core.so.3", "libmkl_intel_lp64.so.3"):
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(mkl, "_library_dirs", lambda: [tmp_path])
    monkeypatch.setattr(mkl.ctypes, "CDLL", lambda *a, **k: pytest.fail("loaded"))
    mkl._load.cache_clear()
    try:
        assert mkl.library() == tmp_path / "libmkl_rt.so.3"
        assert not mkl.available()
        (tmp_path / "libmkl_tbb_thread.so.3").write_bytes(b"")
        mkl._load.cache_clear()
        with pytest.raises(pytest.fail.Exception, match="loaded"):
            mkl.available()
    finally:
        monkeypatch.undo()
        mkl._load.cache_clear()
    assert mkl.available()  # the real library again
