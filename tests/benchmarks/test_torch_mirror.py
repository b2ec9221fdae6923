"""The PyTorch mirror trains the identical network: same weights, same step, same loss.

PyTorch is an optional benchmark extra for the app, but the test extra installs it: these tests
run (and fail without it) rather than being skipped.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from playground.benchmarks import torch_mirror
from playground.benchmarks.workload import build_model


@pytest.fixture
def batch():
    rng = np.random.default_rng(1)
    x = rng.random((64, 784), dtype=np.float32)
    labels = rng.integers(0, 10, 64)
    y = np.eye(10, dtype=np.float32)[labels]
    return x, y, labels


def test_network_holds_our_weights_exactly(batch):
    x, _, _ = batch
    model = build_model("sgd", {})
    net = torch_mirror.build_network(model.get_weights())
    with torch.no_grad():
        theirs = torch.softmax(net(torch.from_numpy(x)), dim=1).numpy()
    np.testing.assert_allclose(model.predict(x), theirs, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(
    ("optimizer", "params"),
    [
        ("sgd", {}),
        ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
        ("adam", {}),
        ("adam", {"learning_rate": 0.01, "beta_1": 0.8, "epsilon": 1e-4, "amsgrad": True}),
        ("nadam", {}),
    ],
)
def test_same_loss_after_identical_steps(batch, optimizer, params):
    x, y, labels = batch
    model = build_model(optimizer, params)
    initial = model.get_weights()
    steps = 1 if optimizer == "sgd" and not params else 3
    batches = [(x[i * 16 : (i + 1) * 16], labels[i * 16 : (i + 1) * 16]) for i in range(steps)]
    for i in range(steps):
        model.train_on_batch(x[i * 16 : (i + 1) * 16], y[i * 16 : (i + 1) * 16])
    ours_loss, _ = model.evaluate(x, y, batch_size=64)
    theirs_loss, theirs_weights = torch_mirror.loss_after_steps(
        initial, optimizer, dict(params), batches, x, labels
    )
    assert abs(ours_loss - theirs_loss) < 1e-4
    for ours, theirs in zip(model.get_weights(), theirs_weights, strict=True):
        np.testing.assert_allclose(ours, theirs, atol=2e-5)


@pytest.mark.parametrize("optimizer", ["rmsprop", "adagrad", "adadelta", "adamax"])
def test_other_optimizers_have_a_counterpart(batch, optimizer):
    """Epsilon sits elsewhere in these (see build_optimizer): close, not equal, after a step."""
    x, y, labels = batch
    model = build_model(optimizer, {})
    initial = model.get_weights()
    model.train_on_batch(x[:16], y[:16])
    ours_loss, _ = model.evaluate(x, y, batch_size=64)
    theirs_loss, _ = torch_mirror.loss_after_steps(
        initial, optimizer, {}, [(x[:16], labels[:16])], x, labels
    )
    assert theirs_loss == pytest.approx(ours_loss, rel=0.1)


def test_arguments_without_counterpart_are_rejected():
    with pytest.raises(ValueError, match="no PyTorch counterpart"):
        torch_mirror.build_optimizer("sgd", {"learning_rate": 0.01, "clipnorm": 1.0}, [])


def test_torch_run_times_an_epoch_slice(batch):
    x, _, labels = batch
    model = build_model("adam", {})
    run = torch_mirror.TorchRun(model.get_weights(), "adam", {}, x, labels.astype(np.int64))
    assert run.train(batch_size=16, n_samples=64) > 0
