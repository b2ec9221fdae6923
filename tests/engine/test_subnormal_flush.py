"""The fast paths set optimizer state below float32's smallest normal number to zero every
``FLUSH_EVERY`` steps: x86 CPUs compute on such subnormal numbers many times slower."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from playground.engine import Dense, Sequential, optimizers
from playground.engine.fast.updates import FLUSH_EVERY

# Every test runs on the compiled updates and on the NumPy kernels (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("update_path")

TINY = np.finfo(np.float32).tiny
DEAD_ROWS = slice(0, 10)  # input columns that are always zero: their kernel rows get g = 0


def batch(step: int, n: int = 16) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(step)
    x = rng.random((n, 64), dtype=np.float32)
    x[:, DEAD_ROWS] = 0.0
    return x, np.eye(4, dtype=np.float32)[rng.integers(0, 4, n)]


def state(model, index: int = 0) -> dict[str, np.ndarray]:
    """The optimizer's own state of parameter ``index`` (0: the first kernel), not a copy."""
    return model.optimizer.state_of(index)


OPTIMIZERS = {
    "adam": lambda: optimizers.Adam(learning_rate=1e-3),
    "momentum": lambda: optimizers.SGD(learning_rate=0.05, momentum=0.9),
    "momentum, one example": lambda: optimizers.SGD(learning_rate=0.05, momentum=0.9),
}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_state_that_decays_below_the_normal_range_is_flushed_and_the_weights_stay_equal(name):
    n = 1 if name.endswith("one example") else 16
    fast = Sequential(
        [Dense(32, activation="relu", input_dim=64), Dense(4, activation="softmax")], seed=3
    )
    fast.compile(loss="categorical_crossentropy", optimizer=OPTIMIZERS[name]())
    fast.train_on_batch(*batch(0, n))  # builds the state
    # The dead rows' momentum starts just above the normal range; with g = 0 it shrinks by
    # beta_1 (or momentum) every step and is subnormal long before the first flush.
    state(fast)["momentum"][DEAD_ROWS] = 4 * TINY
    textbook = copy.deepcopy(fast)
    textbook.use_fast_paths = False

    for step in range(1, FLUSH_EVERY):
        x, y = batch(step, n)
        fast.train_on_batch(x, y)
        textbook.train_on_batch(x, y)
        if step == FLUSH_EVERY - 2:  # one step before the flush: both still subnormal
            before = state(fast)["momentum"][DEAD_ROWS]
            assert np.all((before != 0) & (np.abs(before) < TINY))
    assert fast.optimizer.iterations == FLUSH_EVERY

    kept = state(textbook)["momentum"][DEAD_ROWS]
    assert np.all((kept != 0) & (np.abs(kept) < TINY))  # IEEE arithmetic keeps them
    for index in range(4):
        for slot, values in state(fast, index).items():
            assert np.all((values == 0) | (np.abs(values) >= TINY)), slot
            twin = state(textbook, index)[slot]
            np.testing.assert_allclose(values, twin, rtol=1e-3, atol=1e-8)
    assert not np.any(state(fast)["momentum"][DEAD_ROWS])
    for got, want in zip(fast.get_weights(), textbook.get_weights(), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)  # 63 steps of rounding
    # What a flushed entry would still have moved its weight by is below float32's rounding.
    np.testing.assert_array_equal(
        fast.get_weights()[0][DEAD_ROWS], textbook.get_weights()[0][DEAD_ROWS]
    )


def test_between_flushes_the_state_is_left_as_it_is():
    model = Sequential([Dense(4, activation="softmax", input_dim=64)], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer=optimizers.Adam())
    model.train_on_batch(*batch(0))
    velocity = state(model)["velocity"]
    velocity[DEAD_ROWS] = TINY / 4  # g = 0 there: v only shrinks, by beta_2 = 0.999 a step
    for step in range(1, FLUSH_EVERY - 1):
        model.train_on_batch(*batch(step))
    assert np.all((velocity[DEAD_ROWS] > 0) & (velocity[DEAD_ROWS] < TINY))
    model.train_on_batch(*batch(FLUSH_EVERY))
    assert model.optimizer.iterations == FLUSH_EVERY
    assert not np.any(velocity[DEAD_ROWS])
