"""Cⁿ of every example add up to L; the costliest come first; a mini-batch sums to L′."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training.example_losses import CHUNK, example_losses


@pytest.fixture(scope="module", params=["categorical_crossentropy", "mean_squared_error"])
def model(request):
    last = "softmax" if request.param != "mean_squared_error" else "sigmoid"
    m = Sequential([Dense(6, activation="tanh", input_dim=5), Dense(3, activation=last)], seed=4)
    m.compile(loss=request.param, optimizer="sgd", metrics=["accuracy"])
    return m


def test_losses_are_each_examples_own_and_add_up_to_l(model):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(CHUNK + 7, 5)).astype(np.float32)  # more than one chunk
    labels = rng.integers(0, 3, len(x))
    result = example_losses(model, x, labels)
    assert result.losses.shape == (len(x),)
    onehot = np.eye(3)[labels]
    for n in (0, 5, CHUNK + 3):  # each Cⁿ is the loss of that example alone
        alone = model.evaluate(x[n : n + 1], onehot[n : n + 1], batch_size=1)[0]
        assert result.losses[n] == pytest.approx(alone, rel=1e-5)
    mean = model.evaluate(x, onehot, batch_size=256)[0]
    assert result.total == pytest.approx(mean * len(x), rel=1e-5)
    assert result.mean == pytest.approx(mean, rel=1e-5)
    np.testing.assert_array_equal(result.predicted, model.predict(x).argmax(axis=1))


def test_costliest_first_running_total_and_minibatch_sum():
    from playground.training.example_losses import ExampleLosses

    losses = np.array([0.5, 2.0, 0.1, 2.0, 1.0])
    result = ExampleLosses(losses, np.zeros((5, 2)), np.zeros(5, np.intp), "mse")
    assert list(result.costliest()) == [1, 3, 4, 0, 2]
    np.testing.assert_allclose(result.running_total(), [2.0, 4.0, 5.0, 5.5, 5.6])
    assert result.share_of_costliest(2) == pytest.approx(4.0 / 5.6)
    assert result.batch_total([0, 2]) == pytest.approx(0.6)


def test_bad_input_gets_one_message(model):
    with pytest.raises(ValueError, match="as many labels"):
        example_losses(model, np.zeros((3, 5)), np.zeros(2))
    with pytest.raises(ValueError, match="compile"):
        example_losses(Sequential([Dense(2, input_dim=5)], seed=0), np.zeros((1, 5)), [0])
