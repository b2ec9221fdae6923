"""The board example's numbers: checked at the boundary, and one update moves them exactly as
the engine's own training step does."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import optimizers
from playground.training.tiny_network import tiny_network


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_after_update_is_the_traced_update_and_keeps_the_optimizer_state(name):
    net = tiny_network("3-3-2", optimizer=name, loss="categorical_crossentropy", hidden="tanh")
    first = net.trace()
    later = net.after_update()
    for kernel, step in zip(later.kernels, first.layers, strict=True):
        np.testing.assert_array_equal(kernel, step.kernel_after)
    second = later.trace()
    assert second.iteration == 2
    model = net.model()  # the same two updates through train_on_batch
    model.train_on_batch(net.x[None, :], net.target[None, :])
    model.train_on_batch(net.x[None, :], net.target[None, :])
    for layer, step in zip(model.layers, second.layers, strict=True):
        np.testing.assert_allclose(layer.kernel, step.kernel_after, rtol=1e-12, atol=1e-15)


def test_edits_are_checked_once_with_a_clear_message():
    net = tiny_network()
    edited = net.with_value("kernel", 1, 0, 1, 0.25)
    assert edited.kernels[1][0, 1] == 0.25 and net.kernels[1][0, 1] == 0.5
    assert edited.with_value("lr", 0, 0, 0, 0.1).learning_rate == 0.1
    for bad in (float("nan"), float("inf"), 1e6, "0.3", True):
        with pytest.raises(ValueError, match="must be"):
            net.with_value("x", 0, 0, 0, bad)
    with pytest.raises(ValueError, match="greater than 0"):
        net.with_value("lr", 0, 0, 0, 0.0)
    with pytest.raises(ValueError, match="shape"):
        tiny_network("4-4-4")
    with pytest.raises(ValueError, match="optimizer"):
        net.with_choices(optimizer="lbfgs")


def test_the_model_is_float64_and_carries_the_numbers():
    net = tiny_network("2-2-2", hidden="relu")
    model = net.model()
    assert model.dtype == np.float64
    assert [layer.activation for layer in model.layers] == ["relu", "sigmoid"]
    np.testing.assert_array_equal(model.layers[0].kernel, net.kernels[0])
    assert model.optimizer.learning_rate == 0.5
