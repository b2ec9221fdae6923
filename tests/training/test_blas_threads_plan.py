"""The thread plan beside a window as the benchmark and the log describe it, and the cores
it counts."""

from __future__ import annotations

import os

import pytest

from playground.training import blas_threads
from playground.training.blas_threads import (
    BACKGROUND_NICE,
    ThreadPlan,
    plan_beside_window,
    threads_beside_window,
    usable_cpus,
)


@pytest.fixture(autouse=True)
def openblas_only(monkeypatch):
    """The plans without oneMKL (the test extra installs it; its plan is tested below)."""
    monkeypatch.setattr(blas_threads.mkl, "available", lambda: False)


@pytest.mark.parametrize(
    ("plan", "text"),
    [
        (ThreadPlan(None), "BLAS threads NumPy's default"),
        (ThreadPlan(3), "BLAS threads 3"),
        (ThreadPlan(1, shared_products=True),
         "BLAS threads 1, large products split over 2 engine threads"),
        (ThreadPlan(1, True, 5),
         "BLAS threads 1, large products split over 2 engine threads, training threads at nice 5"),
        (ThreadPlan(2, background_nice=7), "BLAS threads 2, training threads at nice 7"),
    ],
)  # fmt: skip
def test_a_plan_says_what_it_does(plan, text) -> None:
    assert plan.describe() == text


def test_a_plan_by_default_changes_nothing() -> None:
    plan = ThreadPlan(None)
    assert plan.shared_products is False and plan.background_nice == 0


def test_the_cpus_are_those_this_process_may_run_on(monkeypatch) -> None:
    if hasattr(os, "sched_getaffinity"):
        assert usable_cpus() == len(os.sched_getaffinity(0))
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert usable_cpus() == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown: one
    assert usable_cpus() == 1


def test_an_affinity_that_cannot_be_read_falls_back_to_the_cpu_count(monkeypatch) -> None:
    def refused(pid: int) -> set[int]:
        raise OSError("not allowed")

    monkeypatch.setattr(os, "sched_getaffinity", refused, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert usable_cpus() == 4
    assert threads_beside_window() == 3
    plan = plan_beside_window()
    assert (plan.blas_threads, plan.shared_products, plan.background_nice) == (3, False, 5)


@pytest.mark.parametrize("pays", [True, False])
def test_the_defaults_count_this_machines_cpus(monkeypatch, pays) -> None:
    monkeypatch.setattr(blas_threads, "usable_cpus", lambda: 2)
    monkeypatch.setattr(blas_threads, "sharing_pays", lambda: pays)
    assert threads_beside_window() == 1
    assert plan_beside_window() == ThreadPlan(1, pays, BACKGROUND_NICE)
    assert plan_beside_window(share=not pays) == ThreadPlan(1, not pays, BACKGROUND_NICE)
    assert BACKGROUND_NICE == 5


@pytest.fixture
def fresh_measurement():
    blas_threads.sharing_pays.cache_clear()
    yield
    blas_threads.sharing_pays.cache_clear()


@pytest.mark.parametrize(
    ("one", "shared", "pays"), [(1.0, 0.5, True), (1.0, 0.9, True), (1.0, 0.91, False),
                                (1.0, 1.4, False)],
)  # fmt: skip
def test_products_are_split_only_where_splitting_was_measured_faster(
    monkeypatch, fresh_measurement, one, shared, pays
) -> None:
    probes = []
    monkeypatch.setattr(blas_threads, "usable_cpus", lambda: 2)
    monkeypatch.setattr(blas_threads, "_probe_times", lambda: (probes.append(1), (one, shared))[1])
    assert blas_threads.sharing_pays() is pays
    assert blas_threads.sharing_pays() is pays  # measured once per process
    assert probes == [1]
    assert plan_beside_window() == ThreadPlan(1, pays, BACKGROUND_NICE)


def test_one_cpu_never_measures(monkeypatch, fresh_measurement) -> None:
    monkeypatch.setattr(blas_threads, "usable_cpus", lambda: 1)
    monkeypatch.setattr(blas_threads, "_probe_times", lambda: pytest.fail("measured"))
    assert blas_threads.sharing_pays() is False


def test_many_cpus_never_measure(monkeypatch, fresh_measurement) -> None:
    monkeypatch.setattr(blas_threads, "_probe_times", lambda: pytest.fail("measured"))
    assert plan_beside_window(cpus=4) == ThreadPlan(3, False, BACKGROUND_NICE)


def test_the_probe_times_both_ways_of_multiplying(monkeypatch) -> None:
    split_calls = []
    real = blas_threads.threads.matmul

    def spy(a, b, out):
        split_calls.append(blas_threads.threads.would_share(a, b))
        return real(a, b, out)

    monkeypatch.setattr(blas_threads.threads, "matmul", spy)
    one, shared = blas_threads._probe_times()
    assert 0 < one < 1 and 0 < shared < 1
    rounds = blas_threads._PROBE_ROUNDS * len(blas_threads._PROBE_SHAPES)
    assert len(split_calls) == 2 * rounds
    if blas_threads.threads.parallel_available():
        assert split_calls.count(True) == rounds  # half of the products were split


def test_a_process_bound_to_one_cpu_counts_one(monkeypatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3}, raising=False)
    assert usable_cpus() == 1
    assert plan_beside_window() == ThreadPlan(1, False, BACKGROUND_NICE)  # nothing to share


@pytest.mark.parametrize("cpus", [2, 4])
def test_with_mkl_installed_the_large_products_go_to_it_on_every_core(monkeypatch, cpus) -> None:
    monkeypatch.setattr(blas_threads.mkl, "available", lambda: True)
    measured = []
    monkeypatch.setattr(blas_threads, "sharing_pays", lambda: measured.append(1) or False)
    plan = plan_beside_window(cpus=cpus)
    assert not measured  # the engine's own split is not even considered
    assert plan == ThreadPlan(1, False, BACKGROUND_NICE, mkl_threads=cpus)
    assert plan.describe() == (
        f"BLAS threads 1, large products in oneMKL on {cpus} TBB threads, training threads at "
        "nice 5"
    )
    assert plan_beside_window(cpus=cpus, use_mkl=False).mkl_threads == 0
    assert plan_beside_window(cpus=1).mkl_threads == 0  # one core: nothing to take work from


def test_following_an_mkl_plan_sends_products_to_it_inside_only(monkeypatch) -> None:
    import numpy as np

    from playground.engine.fast import mkl

    monkeypatch.undo()  # the real library
    a = np.ones((100, 784), np.float32)
    b = np.ones((784, 500), np.float32)
    out = np.empty((100, 500), np.float32)
    with blas_threads.following(ThreadPlan(1, mkl_threads=2)):
        assert mkl.in_use() and mkl.matmul(a, b, out)
        np.testing.assert_array_equal(out, np.full((100, 500), 784, np.float32))
    assert not mkl.in_use() and not mkl.matmul(a, b, out)
    with blas_threads.following(ThreadPlan(1)):
        assert not mkl.in_use()
