"""Each optimizer's first steps against the Keras 3 update formulas, written out here by hand.

The reference runs in float64 on the same gradients; the engine runs in float32, so the two
agree to float32 rounding.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.engine import optimizers

STEPS = 5


def _gradients(shape=(3, 4), steps=STEPS, seed=0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(0, 1, shape) for _ in range(steps)]


def _run_engine(optimizer, w0: np.ndarray, grads: list[np.ndarray]) -> list[np.ndarray]:
    w = w0.astype(np.float32)
    bias = np.zeros(2, dtype=np.float32)  # a second parameter, to exercise per-slot state
    history = []
    for g in grads:
        optimizer.apply_gradients([(g.astype(np.float32), w), (np.ones(2, np.float32), bias)])
        history.append(w.astype(np.float64))
    assert optimizer.iterations == len(grads)
    return history


# ---- the Keras 3 formulas (keras/src/optimizers/*.py), one function per optimizer ----
def sgd(w, grads, lr=0.01, momentum=0.0, nesterov=False):
    m = np.zeros_like(w)
    out = []
    for g in grads:
        if momentum == 0:
            w = w - lr * g
        else:
            m = momentum * m - lr * g
            w = w + (momentum * m - lr * g if nesterov else m)
        out.append(w)
    return out


def rmsprop(w, grads, lr=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
    v = np.zeros_like(w)
    avg = np.zeros_like(w)
    mom = np.zeros_like(w)
    out = []
    for g in grads:
        v = rho * v + (1 - rho) * g**2
        if centered:
            avg = rho * avg + (1 - rho) * g
            denominator = v - avg**2 + epsilon
        else:
            denominator = v + epsilon
        increment = lr * g / np.sqrt(denominator)
        if momentum > 0:
            mom = momentum * mom + increment
            w = w - mom
        else:
            w = w - increment
        out.append(w)
    return out


def adagrad(w, grads, lr=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    acc = np.full_like(w, initial_accumulator_value)
    out = []
    for g in grads:
        acc = acc + g**2
        w = w - lr * g / np.sqrt(acc + epsilon)
        out.append(w)
    return out


def adadelta(w, grads, lr=0.001, rho=0.95, epsilon=1e-7):
    acc_g = np.zeros_like(w)
    acc_dx = np.zeros_like(w)
    out = []
    for g in grads:
        acc_g = rho * acc_g + (1 - rho) * g**2
        delta = -np.sqrt(acc_dx + epsilon) * g / np.sqrt(acc_g + epsilon)
        acc_dx = rho * acc_dx + (1 - rho) * delta**2
        w = w + lr * delta
        out.append(w)
    return out


def adam(w, grads, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    v_hat = np.zeros_like(w)
    out = []
    for t, g in enumerate(grads, start=1):
        alpha = lr * math.sqrt(1 - beta_2**t) / (1 - beta_1**t)
        m = m + (g - m) * (1 - beta_1)
        v = v + (g**2 - v) * (1 - beta_2)
        if amsgrad:
            v_hat = np.maximum(v_hat, v)
            w = w - m * alpha / (np.sqrt(v_hat) + epsilon)
        else:
            w = w - m * alpha / (np.sqrt(v) + epsilon)
        out.append(w)
    return out


def adamax(w, grads, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = np.zeros_like(w)
    u = np.zeros_like(w)
    out = []
    for t, g in enumerate(grads, start=1):
        m = m + (g - m) * (1 - beta_1)
        u = np.maximum(beta_2 * u, np.abs(g))
        w = w - lr * m / ((1 - beta_1**t) * (u + epsilon))
        out.append(w)
    return out


def nadam(w, grads, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    u_product = 1.0
    out = []
    for t, g in enumerate(grads, start=1):
        u_t = beta_1 * (1 - 0.5 * 0.96**t)  # Keras 3's momentum schedule
        u_t_1 = beta_1 * (1 - 0.5 * 0.96 ** (t + 1))
        u_product = u_product * u_t
        u_product_next = u_product * u_t_1
        m = m + (g - m) * (1 - beta_1)
        v = v + (g**2 - v) * (1 - beta_2)
        m_hat = u_t_1 * m / (1 - u_product_next) + (1 - u_t) * g / (1 - u_product)
        v_hat = v / (1 - beta_2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + epsilon)
        out.append(w)
    return out


CASES = [
    ("sgd", sgd, {}),
    ("sgd", sgd, {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd", sgd, {"learning_rate": 0.1, "momentum": 0.8, "nesterov": True}),
    ("rmsprop", rmsprop, {}),
    ("rmsprop", rmsprop, {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5}),
    ("rmsprop", rmsprop, {"centered": True, "epsilon": 1e-4}),
    ("rmsprop", rmsprop, {"centered": True, "momentum": 0.9, "learning_rate": 0.01}),
    ("adagrad", adagrad, {}),
    ("adagrad", adagrad, {"learning_rate": 0.1, "initial_accumulator_value": 0.5}),
    # an epsilon as large as the accumulator, so the formula's "+ epsilon" shows
    ("adagrad", adagrad, {"learning_rate": 0.1, "initial_accumulator_value": 0.0, "epsilon": 0.5}),
    ("adadelta", adadelta, {}),
    ("adadelta", adadelta, {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-6}),
    ("adam", adam, {}),
    ("adam", adam, {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "amsgrad": True}),
    ("adamax", adamax, {}),
    ("adamax", adamax, {"learning_rate": 0.02, "beta_1": 0.7, "beta_2": 0.9}),
    ("adamax", adamax, {"learning_rate": 0.1, "epsilon": 0.5}),
    ("nadam", nadam, {}),
    ("nadam", nadam, {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5}),
]


def _keyword(kwargs: dict) -> dict:
    """The reference functions call the learning rate ``lr``."""
    kw = dict(kwargs)
    if "learning_rate" in kw:
        kw["lr"] = kw.pop("learning_rate")
    return kw


@pytest.mark.parametrize(("name", "reference", "kwargs"), CASES)
def test_first_steps_follow_keras_formulas(name, reference, kwargs) -> None:
    w0 = np.random.default_rng(1).normal(0, 1, (3, 4))
    grads = _gradients()
    # the second half of the steps sees a gradient sign flip, to exercise momentum/amsgrad
    grads[3] = -grads[3] * 0.1
    got = _run_engine(optimizers.get(name, **kwargs), w0, grads)
    want = reference(w0, grads, **_keyword(kwargs))
    for step, (g, w) in enumerate(zip(got, want, strict=True), start=1):
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=2e-6, err_msg=f"{name} step {step}")
        assert not np.allclose(g, w0)  # it moved


# Keras's own expected values (keras/src/optimizers/*_test.py): test_single_step applies
# gradient [1, 6, 7, 2] to [1, 2, 3, 4] at learning rate 0.5; test_correctness_with_golden
# applies 0.01 once, then arange(0.1, 1.1, 0.1) five times, checking before each step.
KERAS_SINGLE_STEP = {
    "sgd": [0.5, -1.0, -0.5, 3.0],
    "rmsprop": [-0.5811, 0.4189, 1.4189, 2.4189],
    "adagrad": [0.5233, 1.5007, 2.5005, 3.5061],
    "adadelta": [0.9993, 1.9993, 2.9993, 3.9993],
    "adam": [0.5, 1.5, 2.5, 3.5],
    "adamax": [0.5, 1.5, 2.5, 3.5],
    "nadam": [0.4686, 1.4686, 2.4686, 3.4686],
}
KERAS_GOLDEN = {
    "sgd": (
        {"nesterov": True},
        [
            [0.9999] * 10,
            [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
            [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
            [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
            [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
        ],
    ),
    "rmsprop": ({"centered": True}, [[v] * 10 for v in (0.9967, 0.9933, 0.9908, 0.9885, 0.9864)]),
    "adagrad": (
        {"learning_rate": 0.2, "initial_accumulator_value": 0.3, "epsilon": 1e-6},
        [
            [0.9963] * 10,
            [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
            [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
            [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
            [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
        ],
    ),
    "adadelta": (
        {"learning_rate": 1.0, "rho": 0.8, "epsilon": 1e-6},
        [[v] * 10 for v in (0.9978, 0.9947, 0.9915, 0.9882, 0.9849)],
    ),
    "adam": ({"amsgrad": True}, [[v] * 10 for v in (0.999, 0.9982, 0.9974, 0.9965, 0.9955)]),
    "adamax": (
        {"learning_rate": 0.2, "beta_1": 0.85, "beta_2": 0.95, "epsilon": 1e-6},
        [
            [0.8] * 10,
            [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
            [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
            [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
            [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126],
        ],
    ),
    "nadam": (
        {"learning_rate": 0.5, "beta_1": 0.5, "beta_2": 0.67, "epsilon": 1e-5},
        [
            [0.4281] * 10,
            [
                -0.1738,
                -0.1731,
                -0.1726,
                -0.1723,
                -0.1721,
                -0.172,
                -0.1719,
                -0.1718,
                -0.1718,
                -0.1717,
            ],
            [
                -0.7115,
                -0.7103,
                -0.7096,
                -0.7092,
                -0.709,
                -0.7088,
                -0.7086,
                -0.7085,
                -0.7085,
                -0.7084,
            ],
            [
                -1.2335,
                -1.2322,
                -1.2313,
                -1.2309,
                -1.2306,
                -1.2304,
                -1.2302,
                -1.2301,
                -1.23,
                -1.2299,
            ],
            [
                -1.7492,
                -1.7478,
                -1.7469,
                -1.7464,
                -1.7461,
                -1.7459,
                -1.7457,
                -1.7456,
                -1.7455,
                -1.7454,
            ],
        ],
    ),
}


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_keras_own_expected_values(name: str) -> None:
    w = np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32)
    optimizers.get(name, learning_rate=0.5).apply_gradients(
        [(np.array([1.0, 6.0, 7.0, 2.0], dtype=np.float32), w)]
    )
    np.testing.assert_allclose(w, KERAS_SINGLE_STEP[name], rtol=1e-4, atol=1e-4)

    kwargs, golden = KERAS_GOLDEN[name]
    optimizer = optimizers.get(name, **kwargs)
    x = np.ones(10, dtype=np.float32)
    grads = np.arange(0.1, 1.1, 0.1).astype(np.float32)
    optimizer.apply_gradients([(np.full(10, 0.01, dtype=np.float32), x)])
    for row in golden:
        np.testing.assert_allclose(x, row, rtol=5e-4, atol=5e-4)
        optimizer.apply_gradients([(grads, x)])


def test_keras_docstring_examples() -> None:
    # keras.optimizers.RMSprop docstring: var 10.0, loss var^2/2, one step at lr 0.1 -> 9.683772
    var = np.array([10.0], dtype=np.float32)
    optimizers.RMSprop(learning_rate=0.1).apply_gradients([(var.copy(), var)])
    np.testing.assert_allclose(var, [9.683772], rtol=1e-6)


def test_learning_rate_can_change_between_steps() -> None:
    optimizer = optimizers.SGD(learning_rate=0.1)
    w = np.zeros(3, dtype=np.float32)
    g = np.ones(3, dtype=np.float32)
    optimizer.apply_gradients([(g, w)])
    optimizer.learning_rate = 0.5
    optimizer.apply_gradients([(g, w)])
    np.testing.assert_allclose(w, -0.6)
    for bad in (0.0, -1.0, float("nan"), float("inf"), "fast"):
        with pytest.raises(ValueError, match="learning_rate"):
            optimizer.learning_rate = bad


def test_updates_are_in_place_and_float32() -> None:
    for name in optimizers.NAMES:
        optimizer = optimizers.get(name)
        w = np.ones((4, 5), dtype=np.float32)
        before_id = id(w)
        optimizer.apply_gradients([(np.full((4, 5), 0.5, np.float32), w)])
        assert id(w) == before_id and w.dtype == np.float32
        assert (w < 1).all(), name
        for slots in optimizer._slots.values():
            assert all(s.dtype == np.float32 for s in slots)


def test_names_defaults_and_configs() -> None:
    assert optimizers.NAMES == ("sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam")
    assert optimizers.hyperparameters("sgd") == {
        "learning_rate": 0.01,
        "momentum": 0.0,
        "nesterov": False,
    }
    assert optimizers.hyperparameters("RMSprop") == {
        "learning_rate": 0.001,
        "rho": 0.9,
        "momentum": 0.0,
        "epsilon": 1e-7,
        "centered": False,
    }
    assert optimizers.hyperparameters("adagrad")["initial_accumulator_value"] == 0.1
    assert optimizers.hyperparameters("adadelta")["rho"] == 0.95
    assert optimizers.hyperparameters("adam")["amsgrad"] is False
    for name in optimizers.NAMES:
        defaults = optimizers.hyperparameters(name)
        if name != "sgd":
            assert defaults["epsilon"] == 1e-7 and defaults["learning_rate"] == 0.001
        optimizer = optimizers.get(name)
        config = optimizer.get_config()
        assert config["name"] == name
        again = optimizers.Optimizer.from_config(config)
        assert type(again) is type(optimizer) and again.get_config() == config
    custom = optimizers.get("adam", learning_rate=0.01, amsgrad=True)
    assert optimizers.get(custom.get_config()).amsgrad is True


def test_bad_names_and_arguments_raise_value_error_naming_the_choices() -> None:
    with pytest.raises(ValueError, match="sgd, rmsprop, adagrad, adadelta, adam, adamax, nadam"):
        optimizers.get("adamw")
    with pytest.raises(ValueError, match="momentum"):
        optimizers.get("adam", momentum=0.9)
    with pytest.raises(ValueError, match="momentum"):
        optimizers.SGD(momentum=1.5)
    with pytest.raises(ValueError, match="nesterov"):
        optimizers.SGD(nesterov="yes")


def test_state_round_trip_continues_identically() -> None:
    grads = [g.astype(np.float32) for g in _gradients(steps=6)]
    w_a = np.ones((3, 4), np.float32)
    a = optimizers.Nadam(learning_rate=0.01)
    for g in grads:
        a.apply_gradients([(g, w_a)])

    w_b = np.ones((3, 4), np.float32)
    b = optimizers.Nadam(learning_rate=0.01)
    for g in grads[:3]:
        b.apply_gradients([(g, w_b)])
    scalars, arrays = b.get_state()
    c = optimizers.Optimizer.from_config(b.get_config())
    c.set_state(scalars, {k: v.copy() for k, v in arrays.items()}, [w_b])
    for g in grads[3:]:
        c.apply_gradients([(g, w_b)])
    np.testing.assert_array_equal(w_a, w_b)
