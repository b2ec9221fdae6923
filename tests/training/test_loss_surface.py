"""The loss over a plane of weights is the network's loss there, its gradient is the
derivative along the plane, and gradient descent in the plane goes downhill on it."""

from __future__ import annotations

import copy

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


@pytest.fixture(scope="module")
def model():
    m = Sequential(
        [
            Dense(5, activation="tanh", input_dim=4),
            Dense(4, activation="relu"),
            Dense(3, activation="softmax"),
        ],
        seed=7,
    )
    m.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return m


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(40, 4))
    return x, np.eye(3)[rng.integers(0, 3, 40)]


def test_the_loss_on_a_weight_plane_is_the_networks_loss_with_those_weights(model, data):
    x, y = data
    plane = weight_plane(model, (1, 2, 3), (2, 0, 1))
    assert plane.first_layer == 1
    surface = PlaneLoss(model, plane, x, y)
    changed = copy.deepcopy(model)
    weights = changed.get_weights()
    weights[2][2, 3] += 0.3
    weights[4][0, 1] -= 0.7
    changed.set_weights(weights)
    expected = changed.evaluate(x, y, batch_size=len(x))[0]
    assert surface.loss(0.3, -0.7) == pytest.approx(expected, rel=1e-5)
    assert surface.loss(0.0, 0.0) == pytest.approx(model.evaluate(x, y, batch_size=40)[0], rel=1e-5)


@pytest.mark.parametrize("kind", ["weights", "random"])
def test_the_plane_gradient_is_the_derivative_along_the_plane(model, data, kind):
    x, y = data
    plane = weight_plane(model, (0, 1, 2), (2, 3, 0)) if kind == "weights" else random_plane(model)
    surface = PlaneLoss(model, plane, x, y)
    g_alpha, g_beta = surface.gradient(0.2, -0.1, x, y)
    eps = 1e-6
    numeric_alpha = (surface.loss(0.2 + eps, -0.1) - surface.loss(0.2 - eps, -0.1)) / (2 * eps)
    numeric_beta = (surface.loss(0.2, -0.1 + eps) - surface.loss(0.2, -0.1 - eps)) / (2 * eps)
    assert g_alpha == pytest.approx(numeric_alpha, rel=1e-5, abs=1e-9)
    assert g_beta == pytest.approx(numeric_beta, rel=1e-5, abs=1e-9)


def test_random_directions_are_scaled_per_neuron_and_orthogonal(model):
    plane = random_plane(model, seed=3)
    origin = plane.origin
    np.testing.assert_allclose(
        np.linalg.norm(plane.d1[0], axis=0), np.linalg.norm(origin[0], axis=0), rtol=1e-12
    )
    assert all(not np.any(plane.d1[i]) for i in (1, 3, 5))  # biases stay
    dot = sum(np.vdot(a, b) for a, b in zip(plane.d1, plane.d2, strict=True))
    assert abs(dot) < 1e-9
    assert random_plane(model, seed=3).d1[2].tolist() == plane.d1[2].tolist()


def test_the_grid_centre_is_the_current_loss(model, data):
    x, y = data
    surface = PlaneLoss(model, weight_plane(model, (2, 0, 0), (2, 1, 1)), x, y)
    grid = loss_grid(surface, span=2.0, steps=5)
    assert grid.values.shape == (5, 5) and grid.alphas[2] == 0.0
    assert grid.values[2, 2] == pytest.approx(model.evaluate(x, y, batch_size=40)[0], rel=1e-5)
    assert grid.values[4, 0] == pytest.approx(surface.loss(-2.0, 2.0))
    assert loss_grid(surface, 1.0, 5, should_stop=lambda: True) is None
    with pytest.raises(ValueError, match="span"):
        loss_grid(surface, 0.0, 5)


def test_full_batch_descent_goes_downhill_and_minibatches_record_their_own_loss(model, data):
    x, y = data
    plane = weight_plane(model, (2, 0, 0), (2, 1, 1))
    surface = PlaneLoss(model, plane, x, y)
    full = PlaneDescent(surface, batch_size=len(x), learning_rate=0.5)
    g_alpha, _ = surface.gradient(0.0, 0.0, x, y)
    arrow = full.arrow()
    first = full.step()
    assert first.alpha == pytest.approx(-0.5 * g_alpha) == pytest.approx(arrow[0])
    totals = [first.total_loss] + [full.step().total_loss for _ in range(10)]
    assert np.all(np.diff(totals) < 0)
    mini = PlaneDescent(PlaneLoss(model, plane, x, y), batch_size=8, learning_rate=0.5, seed=1)
    rows = np.random.default_rng(1).permutation(len(x))[:8]
    point = mini.step()
    assert point.batch_loss == pytest.approx(surface.loss(0.0, 0.0, rows))
    assert point.batch_loss != pytest.approx(surface.loss(0.0, 0.0))


def test_bad_choices_get_one_message(model, data):
    with pytest.raises(ValueError, match="no weight"):
        weight_plane(model, (0, 9, 0), (0, 0, 0))
    with pytest.raises(ValueError, match="no layer"):
        weight_plane(model, (5, 0, 0), (0, 0, 0))
    with pytest.raises(ValueError, match="two different"):
        weight_plane(model, (0, 0, 0), (0, 0, 0))
    surface = PlaneLoss(model, random_plane(model), *data)
    with pytest.raises(ValueError, match="batch size"):
        PlaneDescent(surface, batch_size=0, learning_rate=0.1)
