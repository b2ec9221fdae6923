"""The loss surface's details: a point of the plane, the messages for bad choices, the grid's
limits and axes, and descent in the plane (its epochs, its arrow, its record of updates)."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training.loss_surface import (
    PlaneDescent,
    PlaneLoss,
    loss_grid,
    random_plane,
    weight_plane,
)


def _network(loss: str = "categorical_crossentropy", output: str = "softmax") -> Sequential:
    m = Sequential(
        [
            Dense(5, activation="tanh", input_dim=4),
            Dense(4, activation="relu"),
            Dense(3, activation=output),
        ],
        seed=7,
    )
    m.compile(loss=loss, optimizer="sgd")
    return m


@pytest.fixture(scope="module")
def model():
    return _network()


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(40, 4))
    return x, np.eye(3)[rng.integers(0, 3, 40)]


def test_a_point_of_a_weight_plane_moves_just_its_two_weights(model):
    plane = weight_plane(model, (1, 2, 3), (2, 0, 1))
    expected = [np.array(w, np.float64) for w in model.get_weights()]
    expected[2][2, 3] += 0.3
    expected[4][0, 1] -= 0.7
    moved = plane.weights(0.3, -0.7)
    assert len(moved) == len(expected)
    for got, want in zip(moved, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-15)


def test_the_weights_at_a_point_of_a_random_plane_have_the_surfaces_loss(model, data):
    x, y = data
    plane = random_plane(model, seed=4)
    alpha, beta = 0.4, -0.25
    moved = plane.weights(alpha, beta)
    for got, o, a, b in zip(moved, plane.origin, plane.d1, plane.d2, strict=True):
        np.testing.assert_allclose(got, o + alpha * a + beta * b, rtol=1e-12, atol=1e-15)
    changed = copy.deepcopy(model)
    changed.set_weights(moved)
    loss = changed.evaluate(x, y, batch_size=len(x))
    assert PlaneLoss(model, plane, x, y).loss(alpha, beta) == pytest.approx(loss, rel=1e-5)


def test_a_layer_past_the_last_is_refused_by_its_number(model):
    with pytest.raises(ValueError, match=r"^the network has no layer 4$"):
        weight_plane(model, (3, 0, 0), (0, 0, 0))
    with pytest.raises(ValueError, match=r"^the network has no layer 4$"):
        weight_plane(model, (0, 0, 0), (3, 1, 1))


def test_a_row_or_column_past_the_kernels_edge_is_refused_by_its_place(model):
    # layer 2's kernel is 5 x 4: rows 0..4, columns 0..3
    assert weight_plane(model, (1, 4, 3), (1, 0, 0)).d1[2][4, 3] == 1.0
    with pytest.raises(ValueError, match=r"^layer 2 has no weight W\[5, 0\]$"):
        weight_plane(model, (1, 5, 0), (1, 0, 0))
    with pytest.raises(ValueError, match=r"^layer 2 has no weight W\[0, 4\]$"):
        weight_plane(model, (1, 0, 0), (1, 0, 4))


def test_the_same_weight_twice_is_refused_with_its_message(model):
    with pytest.raises(ValueError, match=r"^pick two different weights$"):
        weight_plane(model, (2, 1, 1), (2, 1, 1))


def test_every_kernel_moves_in_a_random_plane_and_no_bias_does(model):
    plane = random_plane(model, seed=5)
    for index in (0, 2, 4):  # kernels: each neuron's part as long as its weights
        np.testing.assert_allclose(
            np.linalg.norm(plane.d1[index], axis=0),
            np.linalg.norm(plane.origin[index], axis=0),
            rtol=1e-12,
        )
        assert np.all(np.linalg.norm(plane.d2[index], axis=0) > 0)
    for index in (1, 3, 5):  # biases
        assert not plane.d1[index].any() and not plane.d2[index].any()


def test_a_random_plane_is_drawn_from_the_seed_zero_by_default(model):
    default, zero, one = random_plane(model), random_plane(model, seed=0), random_plane(model, 1)
    assert all(np.array_equal(a, b) for a, b in zip(default.d1, zero.d1, strict=True))
    assert not np.array_equal(default.d1[0], one.d1[0])


def test_a_model_without_a_loss_is_refused_with_its_message(data):
    bare = Sequential([Dense(3, activation="softmax", input_dim=4)], seed=0)
    bare.build(4)
    with pytest.raises(ValueError, match=r"^the model has no loss yet: compile it first$"):
        PlaneLoss(bare, random_plane(bare), *data)


def test_a_squared_error_network_has_its_loss_on_the_plane(data):
    x, y = data
    network = _network("mean_squared_error", "sigmoid")
    surface = PlaneLoss(network, weight_plane(network, (2, 0, 0), (2, 1, 1)), x, y)
    expected = network.evaluate(x, y, batch_size=len(x))
    assert surface.loss(0.0, 0.0) == pytest.approx(expected, rel=1e-5)


def test_the_grid_has_3_to_101_points_a_side(model, data):
    surface = PlaneLoss(model, weight_plane(model, (2, 0, 0), (2, 1, 1)), *data)
    assert loss_grid(surface, 1.0, 3).values.shape == (3, 3)
    assert loss_grid(surface, 1.0, 101).values.shape == (101, 101)
    message = r"^the span must be above 0 and the grid between 3 and 101 points a side$"
    for steps in (2, 102):
        with pytest.raises(ValueError, match=message):
            loss_grid(surface, 1.0, steps)


def test_the_grids_rows_are_its_betas_and_its_columns_its_alphas(model, data):
    surface = PlaneLoss(model, weight_plane(model, (2, 0, 0), (2, 1, 1)), *data)
    grid = loss_grid(surface, 1.5, 4)
    ticks = np.linspace(-1.5, 1.5, 4)
    np.testing.assert_array_equal(grid.alphas, ticks)
    np.testing.assert_array_equal(grid.betas, ticks)
    assert grid.values[3, 1] == pytest.approx(surface.loss(ticks[1], ticks[3]))


def test_a_grid_far_out_has_no_finite_loss_there_and_warns_of_nothing(model, data):
    surface = PlaneLoss(model, random_plane(model, seed=2), *data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grid = loss_grid(surface, 1e200, 3)
    assert grid is not None
    assert np.isfinite(grid.values[1, 1])  # the network's own weights
    assert not np.isfinite(grid.values[0, 0])


def test_descent_starts_from_the_seed_zero_by_default(model, data):
    surface = PlaneLoss(model, weight_plane(model, (2, 0, 0), (2, 1, 1)), *data)
    default = PlaneDescent(surface, batch_size=8, learning_rate=0.5).step()
    assert default == PlaneDescent(surface, 8, 0.5, seed=0).step()
    assert default != PlaneDescent(surface, 8, 0.5, seed=1).step()


def test_single_examples_visit_every_example_once_an_epoch(model, data):
    x, y = data
    surface = PlaneLoss(model, weight_plane(model, (2, 0, 0), (2, 1, 1)), x, y)
    each = [surface.loss(0.0, 0.0, np.array([n])) for n in range(len(x))]
    assert len(set(each)) == len(x)  # every example has a loss of its own
    still = PlaneDescent(surface, batch_size=1, learning_rate=1e-300)  # too small to move
    seen = [still.step().batch_loss for _ in range(2 * len(x))]
    assert sorted(seen[: len(x)]) == pytest.approx(sorted(each))
    assert sorted(seen[len(x) :]) == pytest.approx(sorted(each))
    assert seen[: len(x)] != seen[len(x) :]  # shuffled again


def test_the_rate_must_be_above_0_with_its_message(model, data):
    surface = PlaneLoss(model, random_plane(model), *data)
    message = r"^the batch size must be at least 1 and the learning rate above 0$"
    with pytest.raises(ValueError, match=message):
        PlaneDescent(surface, batch_size=4, learning_rate=0.0)


def test_the_arrow_and_each_step_go_against_both_gradients(model, data):
    x, y = data
    surface = PlaneLoss(model, weight_plane(model, (2, 0, 0), (2, 1, 1)), x, y)
    g_alpha, g_beta = surface.gradient(0.0, 0.0, x, y)
    assert abs(g_beta) > 1e-3
    descent = PlaneDescent(surface, batch_size=len(x), learning_rate=0.5)
    assert descent.arrow() == pytest.approx((-0.5 * g_alpha, -0.5 * g_beta))
    first = descent.step()
    assert (first.alpha, first.beta) == pytest.approx((-0.5 * g_alpha, -0.5 * g_beta))
    h_alpha, h_beta = surface.gradient(first.alpha, first.beta, x, y)
    second = descent.step()
    assert second.alpha == pytest.approx(first.alpha - 0.5 * h_alpha)
    assert second.beta == pytest.approx(first.beta - 0.5 * h_beta)
    assert (descent.alpha, descent.beta) == (second.alpha, second.beta)
    assert descent.points == [first, second]
    assert [p.update for p in descent.points] == [1, 2]
