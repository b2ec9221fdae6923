"""The compiled kernels load on a background thread while the first steps take NumPy's."""

from __future__ import annotations

import subprocess
import sys
import threading

import numpy as np
import pytest

from playground.engine import Dense, Sequential, optimizers
from playground.engine.fast import fused, warm_up
from playground.engine.fast.updates import Updates


@pytest.fixture(autouse=True)
def nothing_loading(monkeypatch):
    monkeypatch.setattr(fused, "loading", None)


def model(optimizer) -> Sequential:
    m = Sequential([Dense(6, activation="relu", input_dim=5), Dense(3, activation="softmax")])
    m.compile(loss="categorical_crossentropy", optimizer=optimizer)
    return m


def test_steps_take_numpy_while_loading_and_the_compiled_kernels_after(monkeypatch):
    release, compiled_steps = threading.Event(), []
    monkeypatch.setattr(warm_up, "load_kernels", lambda optimizer, names: release.wait(30))
    make = fused.STEPS["adam"]
    monkeypatch.setitem(
        fused.STEPS, "adam", lambda o, lr: (compiled_steps.append(1), make(o, lr))[1]
    )
    m = model("adam")
    x, y = np.ones((4, 5), np.float32), np.eye(3, dtype=np.float32)[[0, 1, 2, 0]]
    thread = warm_up.in_background(m.optimizer, ["relu", "softmax"])
    assert thread is not None and not fused.available()
    m.train_on_batch(x, y)
    assert compiled_steps == []  # the NumPy kernels
    release.set()
    thread.join(30)
    assert fused.available()
    m.train_on_batch(x, y)
    assert compiled_steps == [1]


def test_a_failed_load_still_ends_the_wait(monkeypatch):
    def broken(optimizer, names):
        raise RuntimeError("no compiler")

    monkeypatch.setattr(warm_up, "load_kernels", broken)
    thread = warm_up.in_background(optimizers.Adam(), ["relu"])
    assert thread is not None
    thread.join(30)
    assert fused.loading is not None and fused.loading.is_set()
    assert fused.available()  # the first step that needs a kernel reports what is wrong


def test_nothing_is_loaded_twice_or_without_numba(monkeypatch):
    monkeypatch.setattr(warm_up, "load_kernels", lambda optimizer, names: None)
    first = warm_up.in_background(optimizers.SGD(), ["relu"])
    assert first is not None
    first.join(30)
    assert warm_up.in_background(optimizers.SGD(), ["relu"]) is None  # already loaded
    monkeypatch.setattr(fused, "loading", None)
    monkeypatch.setattr(fused, "enabled", False)
    assert warm_up.in_background(optimizers.SGD(), ["relu"]) is None
    monkeypatch.setattr(fused, "enabled", True)
    monkeypatch.setattr(fused, "installed", lambda: False)
    assert warm_up.in_background(optimizers.SGD(), ["relu"]) is None
    assert fused.loading is None


def test_the_optimizer_that_loads_its_kernel_keeps_its_own_state():
    optimizer = optimizers.Adam()
    warm_up.load_kernels(optimizer, {"relu"})
    assert not optimizer.built and optimizer.iterations == 0


def test_loading_compiles_exactly_the_kernels_of_the_model():
    script = (
        "from playground.engine import optimizers\n"
        "from playground.engine.fast import fused, layer_passes, warm_up\n"
        "warm_up.in_background(optimizers.Adam(), ['relu', 'softmax']).join(120)\n"
        "loaded = {name for name in ('_adam', '_sgd', '_nadam') "
        "if getattr(fused, name).dispatcher is not None}\n"
        "assert loaded == {'_adam'}, loaded\n"
        "for kernel in (layer_passes._bias_relu, layer_passes._relu_backward_bias):\n"
        "    assert len(kernel.dispatcher.signatures) == 1\n"
        "assert fused.available()\n"
        "import numpy as np\n"
        "from playground.engine import Dense, Sequential\n"
        "m = Sequential([Dense(70, activation='relu', input_dim=50), "
        "Dense(3, activation='softmax')])\n"
        "m.compile(loss='categorical_crossentropy', optimizer='adam')\n"
        "m.train_on_batch(np.ones((40, 50), np.float32), np.eye(3, dtype=np.float32)[[0] * 40])\n"
        "kernels = (fused._adam, layer_passes._bias_relu, layer_passes._relu_backward_bias)\n"
        "assert [len(k.dispatcher.signatures) for k in kernels] == [1, 1, 1], 'compiled again'\n"
    )
    subprocess.run([sys.executable, "-c", script], timeout=180, check=True)


@pytest.mark.parametrize(
    ("name", "params"), [("sgd", {}), ("sgd", {"momentum": 0.9, "nesterov": True}), ("adam", {})]
)
def test_steps_while_loading_are_the_textbook_steps_bit_for_bit(monkeypatch, name, params):
    # Before and after the kernels load, a run takes the same numbers: it must not matter when
    # they finished (a branch of a run continues it bit for bit).
    release = threading.Event()
    monkeypatch.setattr(warm_up, "load_kernels", lambda optimizer, names: release.wait(30))
    fast, plain = optimizers.get(name, **params), optimizers.get(name, **params)
    thread = warm_up.in_background(fast, ["relu"])
    rng = np.random.default_rng(3)
    w = rng.standard_normal((400, 300)).astype(np.float32)  # several blocks
    twin, updates = w.copy(), Updates()
    for step in range(4):
        if step == 2:
            release.set()
            thread.join(30)
        g = rng.standard_normal(w.shape).astype(np.float32)
        updates.apply(fast, [(g, w)])
        plain.apply_gradients([(g, twin)])
        np.testing.assert_array_equal(w, twin)
