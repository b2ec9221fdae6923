"""The engine's second thread: shared matrix products."""

from __future__ import annotations

import threading
import warnings

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.engine.fast import threads
from tests.patience import patience


def test_shared_product_matches_the_whole_product_and_uses_both_threads(monkeypatch):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((100, 784), dtype=np.float32)
    b = rng.standard_normal((784, 500), dtype=np.float32)
    seen: set[int] = set()
    real = np.matmul
    caller = threading.get_ident()
    other_took_one = threading.Event()

    def spy(*args, **kwargs):
        seen.add(threading.get_ident())
        if threading.get_ident() == caller:
            # hold the calling thread until the second thread has taken a slice (on a busy
            # machine it may otherwise finish every slice first)
            other_took_one.wait(patience(10))
        else:
            other_took_one.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(threads.np, "matmul", spy)
    out = np.full((100, 500), np.nan, dtype=np.float32)
    with threads.shared_products():
        assert threads.would_share(a, b)
        threads.matmul(a, b, out=out)
    monkeypatch.setattr(threads.np, "matmul", real)
    np.testing.assert_allclose(out, a @ b, rtol=1e-5, atol=1e-4)
    assert len(seen) == 2  # this thread and the second one each took slices
    assert not threads.would_share(a, b)  # only inside the block


def test_small_products_and_outside_the_block_stay_on_one_call():
    a = np.ones((2, 3), np.float32)
    b = np.ones((3, 4), np.float32)
    with threads.shared_products():
        assert not threads.would_share(a, b)
        out = threads.matmul(a, b, out=np.empty((2, 4), np.float32))
    np.testing.assert_array_equal(out, np.full((2, 4), 3.0))


def test_column_slices_cover_every_column_once():
    for n in (1, 31, 32, 33, 500, 4097):
        slices = threads._column_slices(n)
        covered = np.concatenate([np.arange(j0, j1) for j0, j1 in slices])
        np.testing.assert_array_equal(covered, np.arange(n))
        assert all((j1 - j0) % 32 == 0 or j1 == n for j0, j1 in slices)


def _train(shared: bool) -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.random((400, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 400)]
    model = Sequential(
        [Dense(300, activation="relu", input_dim=784), Dense(10, activation="softmax")], seed=2
    )
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    with threads.shared_products(shared):
        model.fit(x, y, batch_size=100, epochs=2)
    return model.get_weights()


def test_training_with_shared_products_is_reproducible_and_matches_one_thread():
    first, second, alone = _train(True), _train(True), _train(False)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(first, alone, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_errors_in_a_shared_product_reach_the_caller():
    a = np.ones((100, 784), np.float32)
    b = np.ones((784, 500), np.float32)
    with threads.shared_products(), pytest.raises(ValueError):
        threads.matmul(a, b, out=np.empty((100, 499), np.float32))


def test_the_callers_floating_point_settings_hold_on_both_threads():
    a = np.full((100, 784), 1e30, np.float32)
    b = np.full((784, 500), 1e30, np.float32)
    out = np.empty((100, 500), np.float32)
    with threads.shared_products():
        with np.errstate(over="raise"), pytest.raises(FloatingPointError):
            threads.matmul(a, b, out=out)
        with warnings.catch_warnings(), np.errstate(over="ignore"):
            warnings.simplefilter("error")
            threads.matmul(a, b, out=out)  # no warning from either thread
    assert np.isinf(out).all()


def test_only_the_thread_that_asked_shares_its_products():
    a = np.ones((100, 784), np.float32)
    b = np.ones((784, 500), np.float32)
    seen: dict[str, bool] = {}

    def other():
        seen["other"] = threads.would_share(a, b)

    with threads.shared_products():
        seen["mine"] = threads.would_share(a, b)
        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
    assert seen == {"mine": threads.parallel_available(), "other": False}
