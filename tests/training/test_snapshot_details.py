"""Costly snapshot parts follow what the views ask for; BLAS threads beside a window."""

from __future__ import annotations

import time

import numpy as np
import pytest
import threadpoolctl

from playground.engine.fast import mkl
from playground.engine.fast import threads as engine_threads
from playground.training import RunControl, TrainingSession, blas_threads
from playground.training.blas_threads import (
    ThreadPlan,
    following,
    limit_blas_threads,
    plan_beside_window,
    threads_beside_window,
)


def wait_for(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_details_only_for_views_that_ask(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(epochs=1000, batch_size=10), synthetic)
    s.set_detail_demand(weights=False, predictions=False)
    control = RunControl()
    run = start_run(s, control)
    assert wait_for(lambda: s.snapshot().updates > 20)
    snap = s.snapshot()
    # Curves move on; nobody shows histograms or display digits, so they stay as they were.
    assert snap.details_updates == 0 and snap.display_updates == 0
    s.set_detail_demand(weights=True, predictions=False)
    assert wait_for(lambda: s.snapshot().details_updates > 0)
    assert s.snapshot().display_updates == 0
    s.set_detail_demand(weights=False, predictions=True)
    assert wait_for(lambda: s.snapshot().display_updates > 0)
    control.stop()
    run.finish()
    # Idle: everything is fresh again, whatever was asked for.
    final = s.snapshot()
    assert final.details_updates == final.display_updates == s.updates
    expected = s.model.predict(s.x_test[final.display.indices])
    np.testing.assert_allclose(final.display.probabilities, expected, rtol=1e-5, atol=1e-6)


def test_idle_snapshot_is_fresh_without_demand(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.set_detail_demand(weights=False, predictions=False)
    for _ in range(3):
        s.step()
    snap = s.snapshot()
    assert snap.details_updates == snap.display_updates == 3


@pytest.mark.parametrize(("cpus", "threads"), [(1, 1), (2, 1), (8, 7)])
def test_one_core_stays_with_the_window(cpus, threads):
    assert threads_beside_window(cpus) == threads


def test_limit_blas_threads():
    def blas_threads():
        # oneMKL, when the engine loaded it, takes its count per thread (``mkl.products``)
        engine_mkl = str(mkl.library())
        return [
            p["num_threads"]
            for p in threadpoolctl.threadpool_info()
            if p["user_api"] == "blas" and p["filepath"] != engine_mkl
        ]

    before = blas_threads()
    with limit_blas_threads(None) as applied:
        assert not applied
    with limit_blas_threads(1) as applied:
        assert applied
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


@pytest.mark.parametrize(
    ("cpus", "blas", "shared"), [(1, 1, False), (2, 1, True), (3, 2, False), (8, 7, False)]
)
def test_plan_beside_window(cpus, blas, shared, monkeypatch):
    monkeypatch.setattr(blas_threads, "sharing_pays", lambda: True)
    monkeypatch.setattr(blas_threads.mkl, "available", lambda: False)  # OpenBLAS's plans
    plan = plan_beside_window(cpus)
    assert (plan.blas_threads, plan.shared_products) == (blas, shared)
    assert plan.background_nice > 0
    assert f"BLAS threads {blas}" in plan.describe()


def test_following_a_plan_shares_products_only_inside():
    from threadpoolctl import threadpool_info

    a = np.ones((100, 784), np.float32)
    b = np.ones((784, 500), np.float32)
    plan = ThreadPlan(blas_threads=1, shared_products=True)
    with following(plan):
        assert engine_threads.would_share(a, b) == engine_threads.parallel_available()
        limited = [p for p in threadpool_info() if p["filepath"] != str(mkl.library())]
        assert all(p["num_threads"] == 1 for p in limited if p["user_api"] == "blas")
    assert not engine_threads.would_share(a, b)
    with following(ThreadPlan(blas_threads=None, shared_products=True)):
        # with NumPy's own (multi-threaded) BLAS, splitting would oversubscribe the cores
        assert not engine_threads.would_share(a, b)


def test_single_threaded_plans_prime_blas_once_with_two_threads(monkeypatch):
    from threadpoolctl import threadpool_info

    from playground.training import blas_threads

    calls = []

    def fake_both(fn):
        # the pools the plan sets (a BLAS that SciPy loads later keeps its own one thread)
        limited = {p["filepath"] for p in blas_threads._controller().info()}
        counts = {
            p["num_threads"]
            for p in threadpool_info()
            if p["user_api"] == "blas" and p["filepath"] in limited
        }
        calls.append(counts)
        fn()

    monkeypatch.setattr(blas_threads, "usable_cpus", lambda: 2)
    monkeypatch.setattr(blas_threads.threads, "on_both_threads", fake_both)
    blas_threads.prime_for_single_threaded_blas.cache_clear()
    try:
        # primed even when the pool is limited already
        with limit_blas_threads(1), following(ThreadPlan(blas_threads=1)):
            pass
        with following(ThreadPlan(blas_threads=1, shared_products=True)):
            pass
        with following(ThreadPlan(blas_threads=None)):
            pass
    finally:
        blas_threads.prime_for_single_threaded_blas.cache_clear()  # a real priming comes next
    # once per process, with two BLAS threads (the products that set OpenBLAS up right)
    assert calls == [{2}]


def test_priming_runs_on_both_engine_threads(monkeypatch):
    import threading

    from playground.training import blas_threads

    seen = set()
    real_matmul = np.matmul

    def recording(a, b, *args, **kwargs):
        seen.add(threading.get_ident())
        return real_matmul(a, b, *args, **kwargs)

    monkeypatch.setattr(blas_threads.np, "matmul", recording)
    blas_threads.prime_for_single_threaded_blas.cache_clear()
    blas_threads.prime_for_single_threaded_blas()
    expected = 2 if engine_threads.parallel_available() and blas_threads.usable_cpus() >= 2 else 0
    assert len(seen) == expected
