"""evaluate and predict at their edges: one example, none, and a network that has diverged."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from playground.engine import Dense, Sequential


def _model() -> Sequential:
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(2, "softmax")], seed=0)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return model


def test_one_example_is_evaluated_and_none_is_refused() -> None:
    model = _model()
    x = np.array([[0.5, -1.0, 2.0]], np.float32)
    loss, accuracy = model.evaluate(x, np.array([1]))
    probs = model.predict(x)[0]
    assert loss == pytest.approx(-np.log(probs[1]), rel=1e-5)
    assert accuracy == float(probs[1] > probs[0])
    with pytest.raises(ValueError, match=r"^cannot evaluate on 0 examples$"):
        model.evaluate(np.zeros((0, 3), np.float32), np.zeros(0, np.int64))


def test_a_diverged_network_reports_inf_and_nan_without_numpy_warnings() -> None:
    model = _model()
    weights = model.get_weights()
    weights[0][:] = 3e38  # z overflows to inf, and softmax of inf is nan
    model.set_weights(weights)
    x = np.full((3, 3), 10.0, np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = model.predict(x, batch_size=2)
        loss = model.evaluate(x, np.array([0, 1, 1]), batch_size=2)[0]
    assert not np.isfinite(out).all()
    assert not np.isfinite(loss)


def test_the_mean_loss_keeps_small_losses_next_to_large_ones() -> None:
    # A linear unit with zero weights outputs 0: the squared error is y**2 per example, exactly
    # 1 for y = 1 and 2**-30 for y = 2**-15 (both exact in float32). Summed in float32 the small
    # ones vanish next to the ones (2**-30 is below half a float32 step at 1); the mean must be
    # (n/2 + n/2 * 2**-30) / n = 0.5 + 2**-31.
    model = Sequential([Dense(1, input_dim=1)], seed=0)
    model.compile(loss="mse", optimizer="sgd")
    model.set_weights([np.zeros((1, 1), np.float32), np.zeros(1, np.float32)])
    n = 64
    y = np.tile(np.array([[1.0], [2.0**-15]], np.float32), (n // 2, 1))
    loss = model.evaluate(np.zeros((n, 1), np.float32), y, batch_size=n)
    assert loss - 0.5 == pytest.approx(2.0**-31, rel=1e-6)
