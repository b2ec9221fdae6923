"""The fast paths at their edges: plain SGD's update of only the rows of non-zero inputs on the
NumPy path (no SciPy), activations' slopes at exactly z = 0, and the second thread's own errors
and start."""

from __future__ import annotations

import copy
import sys
import threading

import numpy as np
import pytest

from playground.engine import Dense, Sequential, activations, optimizers
from playground.engine.fast import activations as fast_activations
from playground.engine.fast import blas, threads
from playground.engine.fast.network import FastNetwork


def sparse_batch(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-like inputs: most pixels exactly zero."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 64), dtype=np.float32)
    x[x < 0.8] = 0.0
    return x, np.eye(4, dtype=np.float32)[rng.integers(0, 4, n)]


@pytest.mark.parametrize("batch", [1, 3, 16])
def test_plain_sgd_on_the_numpy_path_updates_only_rows_of_non_zero_inputs(batch, monkeypatch):
    """Without SciPy every layer's kernel gradient is gathered to the rows of non-zero inputs
    (ReLU units that are off, blank pixels); the step equals the whole gradient's."""
    monkeypatch.setattr(blas, "use_scipy", False)
    monkeypatch.setattr(FastNetwork, "COMPACT_MIN_KERNEL", 0)
    model = Sequential(
        [
            Dense(32, "relu", input_dim=64),
            Dense(24, "relu"),
            Dense(4, "softmax"),
        ],
        seed=3,
    )
    model.compile(loss="categorical_crossentropy", optimizer=optimizers.SGD(learning_rate=0.1))
    for step in range(4):
        x, y = sparse_batch(batch, seed=step)
        reference = copy.deepcopy(model)
        _, grads = reference.loss_and_gradients(x, y)
        expected = [
            w - np.float32(0.1) * g
            for w, g in zip(reference.get_weights(), [a for p in grads for a in p], strict=True)
        ]
        hidden = np.maximum(x @ reference.layers[0].kernel + reference.layers[0].bias, 0)
        off = np.flatnonzero(~hidden.any(axis=0))  # units off for the whole batch
        model.train_on_batch(x, y)
        for got, want in zip(model.get_weights(), expected, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
        np.testing.assert_array_equal(model.layers[1].kernel[off], reference.layers[1].kernel[off])


@pytest.mark.parametrize("name", ["leaky_relu", "elu", "relu"])
def test_in_place_slopes_at_exactly_zero_follow_the_formula(name):
    """z = 0 exactly (a ReLU's output, a blank pixel times a weight) takes the slope the
    textbook activation gives it."""
    act = activations.get(name, alpha=0.7, negative_slope=0.1)
    z = np.array([[-1.0, 0.0, 1.0], [0.0, 0.0, -0.0]], np.float32)
    a = np.empty_like(z)
    fast_activations.forward_into(act, z, a)
    np.testing.assert_allclose(a, act.forward(z), rtol=1e-6)
    da = np.array([[2.0, 3.0, 5.0], [7.0, 11.0, 13.0]], np.float32)
    dz = np.empty_like(z)
    fast_activations.backward_into(act, z, a, da, dz)
    np.testing.assert_allclose(dz, act.backward(z, a, da), rtol=1e-6)


def test_an_error_on_the_second_thread_reaches_the_caller(monkeypatch):
    monkeypatch.setattr(threads, "MIN_PARALLEL_ELEMENTS", 0)
    monkeypatch.setattr(threads, "_second", threads._SecondThread())  # started for this test
    # Whatever the machine and whatever an earlier test switched off: the second thread is used.
    monkeypatch.setattr(threads, "_enabled", True)
    monkeypatch.setattr(threads, "_CPUS", 2)
    caller = threading.current_thread()
    done: list[str] = []

    def job(items):
        if threading.current_thread() is not caller:
            raise KeyError("only on the second thread")
        done.extend(items)

    with pytest.raises(KeyError, match="only on the second thread"):
        threads.run_halves(job, ["a", "b"], [1, 1])
    assert len(done) == 1  # the caller's half ran
    threads.run_halves(lambda items: done.extend(items), ["c", "d"], [1, 1])
    assert sorted(done[1:]) == ["c", "d"]  # and the second thread still takes jobs


@pytest.mark.timeout(30)  # a second thread that never takes its job would hang the caller
def test_a_fresh_second_thread_starts_on_its_first_job_as_a_named_daemon():
    second = threads._SecondThread()
    seen: list[tuple[str, str, bool]] = []

    def job(label):
        me = threading.current_thread()
        seen.append((label, me.name, me.daemon))

    second.run(job, "mine", "theirs")
    second.run(job, "mine", "theirs")
    assert sorted(seen) == [
        ("mine", threading.current_thread().name, False),
        ("mine", threading.current_thread().name, False),
        ("theirs", "playground-elementwise", True),
        ("theirs", "playground-elementwise", True),
    ]


def test_the_blas_extension_loads_without_the_scipy_linalg_package(monkeypatch):
    """The first load of the one-pass path (in a process that has not imported scipy.linalg)
    takes SciPy's BLAS extension alone, and it multiplies."""
    monkeypatch.delitem(sys.modules, "scipy.linalg", raising=False)
    module = blas._fortran_blas()
    assert "scipy.linalg" not in sys.modules
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_array_equal(module.sgemm(1.0, a, b), a @ b)
    y = np.ones(3, np.float32)
    np.testing.assert_array_equal(module.saxpy(a[1], y, a=2.0), [7, 9, 11])


def test_loading_scipys_blas_leaves_the_thread_counts_set_before_it(monkeypatch):
    """Only a BLAS library that arrives with SciPy gets one thread; NumPy's keeps the count its
    caller chose (``nn-playground bench --threads``)."""
    from threadpoolctl import ThreadpoolController

    def counts() -> dict[str, int]:
        pools = ThreadpoolController().select(user_api="blas").lib_controllers
        return {pool.filepath: pool.num_threads for pool in pools}

    blas._scipy_blas()  # every BLAS library of this process is loaded now
    with ThreadpoolController().limit(limits=2, user_api="blas"):
        before = counts()
        assert set(before.values()) == {2}
        assert blas._scipy_blas.__wrapped__() is not None  # the load itself, not its cache
        assert counts() == before


def test_per_thread_setup_runs_on_the_caller_and_on_the_second_thread():
    names: list[str] = []
    threads.on_both_threads(lambda: names.append(threading.current_thread().name))
    expected = [threading.current_thread().name]
    if threads.parallel_available():
        expected.append("playground-elementwise")
    assert sorted(names) == sorted(expected)
