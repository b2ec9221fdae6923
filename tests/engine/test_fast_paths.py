"""The engine's fast paths give the same numbers as the textbook layer they replace."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, Dense, Sequential, activations, optimizers
from playground.engine.fast import activations as fast_activations
from playground.engine.fast import blas as blas_module
from playground.engine.fast import fused, threads
from playground.engine.fast import updates as updates_module
from playground.engine.fast.network import FastNetwork
from playground.engine.fast.updates import BLOCK, Updates

# Every test runs on the compiled updates and on the NumPy kernels (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("update_path")


def sparse_batch(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """MNIST-like inputs: most pixels exactly zero."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 64), dtype=np.float32)
    x[x < 0.8] = 0.0
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, n)]
    return x, y


@pytest.fixture(autouse=True, params=["rows of non-zero inputs", "whole kernels"])
def compaction(request, monkeypatch):
    """Every test runs twice: with the row-compacted update on these small kernels (the
    default applies it to kernels of 65,536 weights or more) and without it."""
    if request.param == "rows of non-zero inputs":
        monkeypatch.setattr(FastNetwork, "COMPACT_MIN_KERNEL", 0)
    return request.param


def relu_model(optimizer) -> Sequential:
    model = Sequential(
        [Dense(32, activation="relu", input_dim=64), Dense(4, activation="softmax")], seed=3
    )
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    return model


@pytest.mark.parametrize("batch", [1, 3, 16])
def test_sgd_on_small_sparse_batches_matches_the_whole_gradient_step(batch):
    model = relu_model(optimizers.SGD(learning_rate=0.1))
    for step in range(4):
        x, y = sparse_batch(batch, seed=step)
        reference = copy.deepcopy(model)
        _, grads = reference.loss_and_gradients(x, y)  # whole gradients, no update
        expected = [
            w - np.float32(0.1) * g
            for w, g in zip(reference.get_weights(), _flat(grads), strict=True)
        ]
        model.train_on_batch(x, y)
        for got, want in zip(model.get_weights(), expected, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
        for (dk, db), (rk, rb) in zip(model.last_gradients, grads, strict=True):
            np.testing.assert_allclose(dk, rk, rtol=1e-5, atol=1e-8)
            np.testing.assert_allclose(db, rb, rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(model.gradient_norms(), reference.gradient_norms(), rtol=1e-5)
    assert model.optimizer.iterations == 4


def test_compact_gradients_are_whole_when_read_and_untouched_rows_stay():
    model = relu_model("sgd")
    x, y = sparse_batch(1)
    before = model.get_weights()[0]
    model.train_on_batch(x, y)
    blank = np.flatnonzero(x[0] == 0)
    np.testing.assert_array_equal(model.get_weights()[0][blank], before[blank])
    dkernel = model.last_gradients[0][0]
    assert dkernel.shape == (64, 32)
    assert not dkernel[blank].any()


def _flat(grads):
    return [a for pair in grads for a in pair]


SHAPES = [(784, 500), (500,), (500, 10), (10,), (30, 7)]
SETTINGS = [
    ("sgd", {}),
    ("sgd", {"momentum": 0.9}),
    ("sgd", {"momentum": 0.5, "nesterov": True, "learning_rate": 0.1}),
    ("adam", {"learning_rate": 0.01, "beta_1": 0.8, "epsilon": 1e-6}),
    ("adam", {"amsgrad": True}),
    ("rmsprop", {"momentum": 0.5, "centered": True}),
    ("adagrad", {}),
    ("adadelta", {"learning_rate": 1.0}),
    ("adamax", {}),
    ("nadam", {}),
]


@pytest.fixture(params=[True, False], ids=["two threads", "one thread"])
def parallel(request):
    """Blocks shared by two threads, or whole arrays on one."""
    threads.set_parallel(request.param)
    yield request.param
    threads.set_parallel(True)


@pytest.mark.parametrize(("name", "params"), SETTINGS)
def test_blocked_updates_equal_the_textbook_update(name, params, parallel, blas_path, update_path):
    # Compiled: every optimizer but AMSGrad takes its one-pass kernel. NumPy: SGD and Adam
    # take their fused kernels, the others their own update_step block by block. Bit for bit,
    # except the NumPy kernels that use BLAS's one-pass axpy (a fused multiply-add rounds once
    # where the textbook rounds twice): equal to float32 rounding.
    assert SHAPES[0][0] * SHAPES[0][1] > 2 * BLOCK  # several blocks, shared by two threads
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
    same = [w.copy() for w in weights]
    fast, plain = optimizers.get(name, **params), optimizers.get(name, **params)
    updates = Updates()
    for _ in range(3):
        grads = [rng.standard_normal(s).astype(np.float32) for s in SHAPES]
        updates.apply(fast, list(zip(grads, weights, strict=True)))
        plain.apply_gradients(zip(grads, same, strict=True))  # the textbook update_step
    axpy = blas_path == "scipy gemm" and fast.fused_update in ("sgd", "adam")
    axpy = axpy and update_path == "numpy kernels"
    for w, twin in zip(weights, same, strict=True):
        pairs = [(w, twin)]
        pairs += [(fast.slots(w)[slot], value) for slot, value in plain.slots(twin).items()]
        for got, want in pairs:
            if axpy:
                np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
            else:
                np.testing.assert_array_equal(got, want)
    assert fast.iterations == plain.iterations == 3


def test_every_activation_has_an_in_place_twin():
    assert set(fast_activations.IN_PLACE) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_in_place_activations_equal_their_formulas(name):
    act = activations.get(name, alpha=0.7, pieces=3, negative_slope=0.1)
    rng = np.random.default_rng(4)
    z = rng.normal(0, 3, (6, 12)).astype(np.float32)
    a = np.empty(act.output_shape(z.shape), np.float32)
    fast_activations.forward_into(act, z, a)
    np.testing.assert_allclose(a, act.forward(z), rtol=1e-6, atol=1e-7)
    grad_a = rng.normal(size=a.shape).astype(np.float32)
    grad_z = np.empty_like(z)
    fast_activations.backward_into(act, z, a, grad_a, grad_z)
    np.testing.assert_allclose(grad_z, act.backward(z, a, grad_a), rtol=1e-5, atol=1e-7)


def test_fused_kernels_are_chosen_by_capability():
    assert optimizers.SGD(momentum=0.9).fused_update == "sgd"
    assert optimizers.Adam().fused_update == "adam"
    assert optimizers.Adam(amsgrad=True).fused_update is None
    for name in ("rmsprop", "adagrad", "adadelta", "adamax", "nadam"):
        assert optimizers.get(name).fused_update == name
    assert optimizers.SGD().skips_zero_gradients
    assert not optimizers.SGD(momentum=0.9).skips_zero_gradients
    assert not optimizers.Adam().skips_zero_gradients


@pytest.mark.parametrize("name", ["sgd", "adam"])
def test_a_training_step_runs_the_fused_kernel(name, monkeypatch, update_path):
    calls = []
    table = fused.STEPS if update_path == "compiled" else updates_module.KERNELS
    kernel = table[name]
    monkeypatch.setitem(table, name, lambda *args: (calls.append(1), kernel(*args))[1])
    model = relu_model(optimizers.get(name, momentum=0.9) if name == "sgd" else name)
    model.train_on_batch(*sparse_batch(20))
    assert calls


def test_blocked_updates_follow_a_reloaded_state():
    # set_state builds new slot arrays: the cached block views must not keep the old ones
    rng = np.random.default_rng(1)
    w = rng.standard_normal((300, 300)).astype(np.float32)
    optimizer, updates = optimizers.SGD(momentum=0.9), Updates()
    g = rng.standard_normal(w.shape).astype(np.float32)
    updates.apply(optimizer, [(g, w)])
    scalars, arrays = optimizer.get_state()
    arrays = {k: np.full_like(v, 2.0) for k, v in arrays.items()}
    optimizer.set_state(scalars, arrays, [w])
    before = w.copy()
    updates.apply(optimizer, [(np.zeros_like(g), w)])
    np.testing.assert_allclose(w, before + np.float32(0.9) * 2.0, rtol=1e-6)


def test_a_deep_copied_model_trains_like_the_original():
    model = relu_model("adam")
    x, y = sparse_batch(32)
    model.train_on_batch(x, y)
    twin = copy.deepcopy(model)
    model.train_on_batch(x, y)
    twin.train_on_batch(x, y)
    for a, b in zip(model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("batch", [1, 4])
def test_sgd_small_batch_step_on_dense_inputs_matches_the_whole_gradient_step(batch):
    # No input is zero: every kernel row changes, through the factored update of all rows.
    model = relu_model(optimizers.SGD(learning_rate=0.05))
    rng = np.random.default_rng(7)
    x = rng.random((batch, 64), dtype=np.float32) + np.float32(0.1)
    y = np.eye(4, dtype=np.float32)[rng.integers(0, 4, batch)]
    reference = copy.deepcopy(model)
    _, grads = reference.loss_and_gradients(x, y)
    expected = [
        w - np.float32(0.05) * g for w, g in zip(reference.get_weights(), _flat(grads), strict=True)
    ]
    model.train_on_batch(x, y)
    for got, want in zip(model.get_weights(), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(model.gradient_norms(), reference.gradient_norms(), rtol=1e-5)


def test_forward_from_the_non_zero_inputs_gives_the_whole_product():
    model = relu_model("sgd")
    x, y = sparse_batch(1, seed=5)
    loss, _ = model.loss_and_gradients(x, y)
    probs = model.predict(x)
    whole = -float(np.log(probs[0, int(y[0].argmax())]))
    assert loss == pytest.approx(whole, rel=1e-6)


def test_a_diverging_sgd_step_on_one_example_raises_and_keeps_the_weights():
    from playground.engine import NonFiniteError

    model = relu_model(optimizers.SGD(learning_rate=1e30))
    with pytest.raises(NonFiniteError):
        for step in range(20):
            x, y = sparse_batch(1, seed=step)
            before = model.get_weights()
            model.train_on_batch(x, y)
    after = model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    assert all(np.isfinite(w).all() for w in after)


def test_factored_gradients_need_sgd_and_whole_rows_with_momentum():
    with pytest.raises(ValueError, match="need SGD"):
        Updates().apply_factored_sgd(optimizers.Adam(), [], [], [])
    with pytest.raises(ValueError, match="every row moves"):
        Updates().apply_factored_sgd(optimizers.SGD(momentum=0.9), [], [], [np.arange(2)])


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("batch", [1, 3, 16])
def test_momentum_from_factored_gradients_matches_the_textbook_step(batch, nesterov, monkeypatch):
    calls = []
    rows_kernel = updates_module._momentum_rows
    monkeypatch.setattr(
        updates_module, "_momentum_rows", lambda *a: (calls.append(1), rows_kernel(*a))
    )
    fast = relu_model(optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=nesterov))
    textbook = copy.deepcopy(fast)
    textbook.use_fast_paths = False
    for step in range(4):
        x, y = sparse_batch(batch, seed=step)
        np.testing.assert_allclose(
            fast.train_on_batch(x, y), textbook.train_on_batch(x, y), rtol=1e-5
        )
        for got, want in zip(fast.get_weights(), textbook.get_weights(), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
        for param, twin in zip(_params(fast), _params(textbook), strict=True):
            np.testing.assert_allclose(
                fast.optimizer.slots(param)["momentum"],
                textbook.optimizer.slots(twin)["momentum"],
                rtol=1e-5,
                atol=1e-8,
            )
        for (dk, db), (tk, tb) in zip(fast.last_gradients, textbook.last_gradients, strict=True):
            np.testing.assert_allclose(dk, tk, rtol=1e-5, atol=1e-8)
            np.testing.assert_allclose(db, tb, rtol=1e-5, atol=1e-8)
    assert calls  # the factored momentum step ran
    assert fast.optimizer.iterations == 4


def _params(model):
    return [w for layer in model.layers for w in (layer.kernel, layer.bias)]


@pytest.fixture(params=["scipy gemm", "numpy"])
def blas_path(request, monkeypatch):
    """The one-pass gemm (when SciPy is installed) and the NumPy product plus addition."""
    if request.param == "scipy gemm":
        if not blas_module.scipy_available():
            pytest.fail("SciPy is part of the test dependencies")
    else:
        monkeypatch.setattr(blas_module, "use_scipy", False)
    return request.param


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("beta", [1.0, 0.9])
@pytest.mark.parametrize("batch", [1, 5])
def test_added_products_equal_their_formula(batch, beta, dtype, blas_path):
    rng = np.random.default_rng(batch)
    a = rng.standard_normal((batch, 40)).astype(dtype)
    b = rng.standard_normal((batch, 30)).astype(dtype)
    c = rng.standard_normal((40, 30)).astype(dtype)
    expected = beta * c.astype(np.float64) - 0.05 * (a.T.astype(np.float64) @ b)
    address = c.__array_interface__["data"][0]
    blas_module.add_outer_products(c, a, b, -0.05, beta)
    assert c.__array_interface__["data"][0] == address  # in place
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(c, expected, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_factored_steps_match_the_textbook_on_either_blas_path(momentum, blas_path):
    fast = relu_model(optimizers.SGD(learning_rate=0.05, momentum=momentum, nesterov=True))
    textbook = copy.deepcopy(fast)
    textbook.use_fast_paths = False
    for step in range(3):
        x, y = sparse_batch(2, seed=step)
        fast.train_on_batch(x, y)
        textbook.train_on_batch(x, y)
    for got, want in zip(fast.get_weights(), textbook.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_the_one_pass_path_loads_without_scipy_linalg():
    # A fresh process: the BLAS extension alone, not the scipy.linalg package (23 MB)
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import numpy as np\n"
        "from playground.engine.fast import blas\n"
        "assert blas.one_pass()\n"
        "assert 'scipy.linalg' not in sys.modules\n"
        "c, a, b = np.ones((3, 2), 'f'), np.ones((1, 3), 'f'), np.ones((1, 2), 'f')\n"
        "blas.add_outer_products(c, a, b, 2.0)\n"
        "assert (c == 3).all()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
