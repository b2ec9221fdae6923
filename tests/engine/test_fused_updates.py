"""The optimizer updates compiled to one pass equal the textbook ``update_step`` bit for bit."""

from __future__ import annotations

import copy
import subprocess
import sys

import numpy as np
import pytest

from playground.engine import optimizers
from playground.engine.fast import fused
from playground.engine.fast.updates import Updates

# Every branch of every kernel: plain, momentum and Nesterov SGD, RMSprop's four variants.
SETTINGS = [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"momentum": 0.9}),
    ("sgd", {"momentum": 0.5, "nesterov": True, "learning_rate": 0.1}),
    ("adam", {}),
    ("adam", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-3}),
    ("nadam", {"learning_rate": 0.01}),
    ("adamax", {"learning_rate": 0.01, "beta_2": 0.5}),
    ("adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5}),
    ("adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("rmsprop", {}),
    ("rmsprop", {"centered": True}),
    ("rmsprop", {"momentum": 0.5}),
    ("rmsprop", {"momentum": 0.5, "centered": True, "rho": 0.8}),
]
SHAPES = [(300, 250), (250,), (7, 3)]


def gradients(rng: np.random.Generator, step: int) -> list[np.ndarray]:
    grads = [rng.standard_normal(s).astype(np.float32) * 10.0**-step for s in SHAPES]
    grads[2][0] = [0.0, -0.0, 1e-40]  # zeros and a subnormal
    grads[2][1] = [3e38, -3e38, 1e-20]  # squares that overflow, and one that underflows
    return grads


@pytest.mark.parametrize(("name", "params"), SETTINGS, ids=lambda v: str(v) if v else "")
def test_each_compiled_update_is_the_textbook_update_bit_for_bit(name, params):
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    twins = [w.copy() for w in weights]
    fast, plain = optimizers.get(name, **params), optimizers.get(name, **params)
    assert fused.step_for(fast, np.dtype(np.float32)) is not None
    updates = Updates()
    with np.errstate(all="ignore"):  # the overflowing squares: inf and nan, on both paths
        for step in range(4):
            grads = gradients(rng, step)
            updates.apply(fast, list(zip(grads, weights, strict=True)))
            plain.apply_gradients(zip(grads, twins, strict=True))
    for w, twin in zip(weights, twins, strict=True):
        np.testing.assert_array_equal(w, twin)
        for slot, value in plain.slots(twin).items():
            np.testing.assert_array_equal(fast.slots(w)[slot], value, err_msg=slot)
    assert fast.iterations == plain.iterations == 4


def test_the_nan_of_a_gradient_reaches_adamax_norm_as_numpy_maximum_passes_it_on():
    g = np.array([np.nan, 1.0, np.nan, 0.5], np.float32)
    w, twin = np.ones(4, np.float32), np.ones(4, np.float32)
    fast, plain = optimizers.Adamax(), optimizers.Adamax()
    with np.errstate(all="ignore"):
        Updates().apply(fast, [(g, w)])
        plain.apply_gradients([(g, twin)])
        fast.state_of(0)["norm"][:] = [2.0, np.nan, 0.0, np.nan]  # a NaN already in the state
        plain.state_of(0)["norm"][:] = [2.0, np.nan, 0.0, np.nan]
        Updates().apply(fast, [(g * 0, w)])
        plain.apply_gradients([(g * 0, twin)])
    np.testing.assert_array_equal(fast.slots(w)["norm"], plain.slots(twin)["norm"])
    assert np.isnan(fast.slots(w)["norm"]).tolist() == [True, True, True, True]


def test_a_training_step_of_each_optimizer_runs_its_compiled_kernel(monkeypatch):
    made = []
    for name, make in list(fused.STEPS.items()):
        monkeypatch.setitem(
            fused.STEPS, name, lambda o, lr, make=make: (made.append(o.name), make(o, lr))[1]
        )
    rng = np.random.default_rng(1)
    for name in fused.STEPS:
        w = rng.standard_normal((3, 4)).astype(np.float32)
        Updates().apply(optimizers.get(name), [(np.ones_like(w), w)])
    assert made == list(fused.STEPS)


@pytest.mark.parametrize(
    "reason", ["numba switched off", "float64 arrays", "amsgrad", "mixed float types"]
)
def test_without_a_compiled_kernel_the_numpy_path_still_gives_the_textbook_step(
    reason, monkeypatch
):
    calls = []
    monkeypatch.setitem(fused.STEPS, "adam", lambda *a: calls.append(a))
    optimizer, twin_optimizer = optimizers.Adam(), optimizers.Adam()
    dtype = np.float64 if reason == "float64 arrays" else np.float32
    if reason == "numba switched off":
        monkeypatch.setattr(fused, "enabled", False)
    if reason == "amsgrad":
        optimizer, twin_optimizer = optimizers.Adam(amsgrad=True), optimizers.Adam(amsgrad=True)
    rng = np.random.default_rng(2)
    w = rng.standard_normal((20, 5)).astype(dtype)
    g = rng.standard_normal((20, 5)).astype(dtype)
    b, gb = np.zeros(5, np.float64 if reason == "mixed float types" else dtype), np.ones(5, dtype)
    twin, twin_b = w.copy(), b.copy()
    Updates().apply(optimizer, [(g, w), (gb, b)])
    twin_optimizer.apply_gradients([(g, twin), (gb, twin_b)])
    assert calls == []
    np.testing.assert_allclose(w, twin, rtol=1e-6)
    np.testing.assert_allclose(b, twin_b, rtol=1e-6)
    assert not np.array_equal(w, rng.standard_normal((20, 5)))


def _double(x):
    return 2 * x


@pytest.mark.parametrize("frozen", [False, True])
def test_kernels_are_cached_on_disk_except_in_a_frozen_app(frozen, monkeypatch):
    if frozen:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    kernel = fused.compiled(_double)
    assert kernel.dispatcher is None  # compiled at the first call, not before
    assert kernel(np.float32(2)) == 4
    cached = type(kernel.dispatcher._cache).__name__ != "NullCache"  # Numba's dispatcher
    assert cached is not frozen


def test_without_numba_nothing_is_compiled(monkeypatch):
    monkeypatch.setattr(fused, "installed", lambda: False)
    assert fused.numba() is None
    assert not fused.available()
    assert fused.step_for(optimizers.Adam(), np.dtype(np.float32)) is None
    w, twin = np.ones((4, 3), np.float32), np.ones((4, 3), np.float32)
    Updates().apply(optimizers.Adam(), [(w / 3, w)])  # the NumPy kernels
    optimizers.Adam().apply_gradients([(twin / 3, twin)])
    np.testing.assert_allclose(w, twin, rtol=1e-6)


def in_a_fresh_process(*lines: str) -> str:
    """Run the lines as a script in a new interpreter (what it imports is its own); its output."""
    done = subprocess.run(
        [sys.executable, "-c", "\n".join(lines)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_numba_is_found_without_being_imported():
    in_a_fresh_process(
        "import sys",
        "from playground.engine.fast import fused",
        "assert fused.available()",
        "assert 'numba' not in sys.modules, 'imported too early'",
        "assert fused.numba() is sys.modules['numba']",
    )


def test_a_model_that_only_predicts_never_loads_the_compiler():
    in_a_fresh_process(
        "import sys, numpy as np",
        "from playground.engine import Dense, Sequential",
        "model = Sequential([Dense(8, activation='relu', input_dim=4), "
        "Dense(3, activation='softmax')])",
        "model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])",
        "x, y = np.ones((5, 4), np.float32), np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1]]",
        "model.predict(x), model.evaluate(x, y)",
        "assert 'numba' not in sys.modules, 'loaded by predict or evaluate'",
        "model.train_on_batch(x, y)",
        "assert 'numba' in sys.modules, 'a training step runs compiled'",
    )


def test_a_traced_update_never_loads_the_compiler():
    # The window traces one update for its Backpropagation view: loading Numba for it froze
    # the window for about a second at the first Start.
    in_a_fresh_process(
        "import sys, numpy as np",
        "from playground.engine import Dense, Sequential",
        "from playground.training.backprop import trace_step",
        "model = Sequential([Dense(8, activation='relu', input_dim=4), "
        "Dense(3, activation='softmax')])",
        "model.compile(loss='categorical_crossentropy', optimizer='adam')",
        "x, y = np.ones((5, 4), np.float32), np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1]]",
        "trace = trace_step(model, x, y)",
        "assert trace.iteration == 1",
        "assert 'numba' not in sys.modules, 'loaded by a traced update'",
        "model.train_on_batch(x, y)",
        "assert 'numba' in sys.modules, 'a training step runs compiled'",
    )


def test_without_compiling_holds_for_its_thread_and_its_block_only():
    import threading

    assert fused.available()
    seen = {}
    with fused.without_compiling():
        assert not fused.available()
        with fused.without_compiling():
            assert not fused.available()
        assert not fused.available()  # the inner block gives back the outer one's setting
        other = threading.Thread(target=lambda: seen.update(other=fused.available()))
        other.start()
        other.join()
    assert fused.available()
    assert seen == {"other": True}


def test_the_first_compile_leaves_scipys_blas_on_one_thread():
    # Numba's compiler imports scipy.linalg, which loads SciPy's own OpenBLAS: it must come
    # up with the one thread the one-pass updates give it, not one per core.
    threads = in_a_fresh_process(
        "import numpy as np, threadpoolctl",
        "from playground.engine import activations",
        "from playground.engine.fast import layer_passes",
        "z = np.ones((3, 4), np.float32)",
        "relu = activations.get('relu')",
        "assert layer_passes.add_bias_and_activate(relu, z, np.ones(4, np.float32), z.copy())",
        "pools = [p for p in threadpoolctl.threadpool_info() if p['user_api'] == 'blas']",
        "print([p['num_threads'] for p in pools if 'scipy' in p['filepath'].split('/')[-2]])",
    )
    assert threads == "[1]"


@pytest.mark.parametrize("name", ["sgd", "adam"])
def test_where_compiled_kernels_are_in_play_the_numpy_ones_keep_the_textbook_order(name):
    # float64 arrays take the NumPy kernels even with Numba: without BLAS's axpy, so that
    # every step of such a process rounds as the textbook (and the compiled kernels) do
    assert fused.in_play()
    optimizer = optimizers.get(name, momentum=0.9) if name == "sgd" else optimizers.get(name)
    twin_optimizer = copy.deepcopy(optimizer)
    rng = np.random.default_rng(5)
    w = rng.standard_normal((300, 300))
    twin, updates = w.copy(), Updates()
    for _ in range(3):
        g = rng.standard_normal(w.shape)
        updates.apply(optimizer, [(g, w)])
        twin_optimizer.apply_gradients([(g, twin)])
    np.testing.assert_array_equal(w, twin)
