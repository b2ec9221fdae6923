"""The divergence safety net: a copy of finite weights, due every two seconds, put back only
when a weight is not finite."""

from __future__ import annotations

import time

import numpy as np

from playground.training import TrainingConfig
from playground.training.checkpoint import INTERVAL, Checkpoint
from playground.training.model_builder import build_model


def _model():
    return build_model(TrainingConfig(hidden=(3,)), input_dim=4, n_classes=2)


def _same(a, b) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_a_checkpoint_keeps_a_copy_of_the_weights_then():
    model = _model()
    before = [w.copy() for w in model.get_weights()]
    cp = Checkpoint.of(model, 7, now=12.5)
    assert cp.updates == 7 and cp.taken_at == 12.5
    model.set_weights([w + 1 for w in before])  # training goes on
    assert _same(cp.weights, before)


def test_without_a_time_it_is_taken_now():
    start = time.perf_counter()
    cp = Checkpoint.of(_model(), 0)
    assert start <= cp.taken_at <= time.perf_counter()
    plain = Checkpoint([], 0)
    assert start <= plain.taken_at <= time.perf_counter()


def test_the_next_one_is_due_after_two_seconds():
    cp = Checkpoint.of(_model(), 0, now=100.0)
    assert INTERVAL == 2.0
    assert not cp.due(100.0) and not cp.due(102.0)
    assert cp.due(102.001)


def test_finite_weights_are_left_alone():
    model = _model()
    cp = Checkpoint.of(model, 0, now=0.0)
    trained = [w + 0.5 for w in model.get_weights()]
    model.set_weights(trained)
    assert cp.restore_if_not_finite(model) is False
    assert _same(model.get_weights(), trained)


def test_a_weight_not_finite_sends_the_model_back_to_the_checkpoint():
    for bad in (np.nan, np.inf, -np.inf):
        model = _model()
        cp = Checkpoint.of(model, 3, now=0.0)
        broken = model.get_weights()
        broken[-1][0] = bad  # only the last bias
        model.set_weights(broken)
        assert cp.restore_if_not_finite(model) is True
        assert _same(model.get_weights(), cp.weights)
