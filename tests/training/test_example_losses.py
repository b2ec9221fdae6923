"""Cⁿ of every example add up to L; the costliest come first; a mini-batch sums to L′."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training.example_losses import (
    CHUNK,
    ExampleLosses,
    example_losses,
    from_probabilities,
    losses_of_probabilities,
    targets_for,
)


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
    losses = np.array([0.5, 2.0, 0.1, 2.0, 1.0])
    result = ExampleLosses(losses, np.zeros((5, 2)), np.zeros(5, np.intp), "mse")
    assert list(result.costliest()) == [1, 3, 4, 0, 2]
    np.testing.assert_allclose(result.running_total(), [2.0, 4.0, 5.0, 5.5, 5.6])
    assert result.share_of_costliest(2) == pytest.approx(4.0 / 5.6)
    assert result.batch_total([0, 2]) == pytest.approx(0.6)
    assert result.batch_total([]) == 0.0  # an empty selection costs nothing


def test_ties_keep_the_order_of_the_examples():
    # Many equal losses (more than a small-array sort keeps in order by chance).
    losses = np.tile([1.0, 3.0, 2.0], 40)
    result = ExampleLosses(losses, np.zeros((120, 2)), np.zeros(120, np.intp), "mse")
    order = result.costliest()
    expected = np.concatenate([np.arange(1, 120, 3), np.arange(2, 120, 3), np.arange(0, 120, 3)])
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(result.costliest(3), [1, 4, 7])


def test_share_of_the_costliest():
    result = ExampleLosses(np.array([0.3, 0.2]), np.zeros((2, 2)), np.zeros(2, np.intp), "mse")
    assert result.share_of_costliest(1) == pytest.approx(0.6)  # a total below 1
    nothing = ExampleLosses(np.zeros(3), np.zeros((3, 2)), np.zeros(3, np.intp), "mse")
    assert nothing.share_of_costliest(2) == 0.0  # no loss at all: no share, and no 0 / 0


def test_bad_input_gets_one_message(model):
    counts = r"^give as many labels as examples, and at least one$"
    with pytest.raises(ValueError, match=counts):
        example_losses(model, np.zeros((3, 5)), np.zeros(2))
    with pytest.raises(ValueError, match=counts):
        example_losses(model, np.zeros((0, 5)), np.zeros(0))
    with pytest.raises(ValueError, match=r"^the model has no loss yet: compile it first$"):
        example_losses(Sequential([Dense(2, input_dim=5)], seed=0), np.zeros((1, 5)), [0])


def test_one_example_of_a_deeper_network():
    layers = [Dense(4, activation="relu", input_dim=5), Dense(4, activation="tanh")]
    m = Sequential([*layers, Dense(3, activation="softmax")], seed=2)
    m.compile(loss="categorical_crossentropy", optimizer="sgd")
    x = np.random.default_rng(1).normal(size=(1, 5)).astype(np.float32)
    result = example_losses(m, x, [2.0])  # labels as floats from a file are classes too
    alone = m.evaluate(x, np.eye(3)[[2]], batch_size=1)
    assert result.losses[0] == pytest.approx(alone, rel=1e-5)
    np.testing.assert_allclose(result.outputs, m.predict(x), rtol=1e-6)
    assert result.losses.dtype == np.float64
    assert result.labels.tolist() == [2] and result.labels.dtype.kind == "i"
    assert result.loss_name == "categorical_crossentropy"


def test_losses_from_shown_outputs_are_the_textbook_formulas():
    # Softmax outputs of three examples, as the window keeps them; labels 0, 2, 1.
    probs = np.array([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5], [0.0, 1.0, 0.0]], np.float32)
    labels = [0, 2, 1]
    ce = from_probabilities("categorical_crossentropy", probs, labels)
    assert ce.labels.dtype.kind == "i" and ce.losses.dtype == np.float64
    np.testing.assert_allclose(ce.losses, [-np.log(0.7), -np.log(0.5), 0.0], rtol=1e-6)
    assert ce.loss_name == "categorical_crossentropy"
    np.testing.assert_array_equal(ce.predicted, [0, 2, 1])
    # MSE: the mean over the classes of (output - one-hot)², by its alias too.
    mse = from_probabilities("mse", probs, labels)
    assert mse.losses.dtype == np.float64  # Cⁿ in float64, from float32 outputs
    expected = [(0.3**2 + 0.2**2 + 0.1**2) / 3, (0.25**2 * 2 + 0.5**2) / 3, 0.0]
    np.testing.assert_allclose(mse.losses, expected, rtol=1e-6)
    assert mse.loss_name == "mean_squared_error"
    np.testing.assert_array_equal(mse.labels, labels)
    # The shown outputs are left as they were.
    assert probs[0, 0] == np.float32(0.7)


def test_an_output_that_underflowed_costs_a_large_finite_loss():
    probs = np.array([[1.0, 0.0]], np.float32)
    cost = losses_of_probabilities("sparse_categorical_crossentropy", probs, [1])[0]
    assert np.isfinite(cost) and cost == pytest.approx(-np.log(1e-45))


def test_shown_outputs_give_the_same_losses_as_the_engine(model):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(12, 5)).astype(np.float32)
    labels = rng.integers(0, 3, len(x))
    engine = example_losses(model, x, labels)
    shown = from_probabilities(model.loss, model.predict(x), labels)
    np.testing.assert_allclose(shown.losses, engine.losses, rtol=1e-5, atol=1e-7)


def test_targets_follow_the_loss():
    labels = np.array([2, 0])
    np.testing.assert_array_equal(
        targets_for("categorical_crossentropy", labels, 3), [[0, 0, 1], [1, 0, 0]]
    )
    np.testing.assert_array_equal(targets_for("mse", labels, 4), [[0, 0, 1, 0], [1, 0, 0, 0]])
    np.testing.assert_array_equal(targets_for("sparse_categorical_crossentropy", labels, 3), [2, 0])
