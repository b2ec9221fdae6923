"""What one step leaves behind: a checkpoint when one is due, the time of a step that failed,
and each layer's gradient norm at the same updates, epochs and seconds as the loss."""

from __future__ import annotations

import time

import numpy as np
import pytest

from playground.training import TrainingSession
from playground.training.checkpoint import INTERVAL, Checkpoint


def test_a_due_checkpoint_holds_the_weights_and_update_count_after_the_step(
    synthetic, small_config
):
    s = TrainingSession(small_config, synthetic)
    s.step()
    s.step()
    s.checkpoint = Checkpoint(s.model.get_weights(), 0, time.perf_counter() - INTERVAL - 1)
    before = time.perf_counter()
    s.step()
    after = time.perf_counter()
    taken = s.checkpoint
    assert taken.updates == s.updates == 3
    assert before <= taken.taken_at <= after
    weights = s.model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(taken.weights, weights, strict=True))
    s.step()  # not due again for a while: the checkpoint keeps its own copy
    assert s.checkpoint is taken and taken.updates == 3
    assert all(np.array_equal(a, b) for a, b in zip(taken.weights, weights, strict=True))


def test_a_step_that_fails_adds_its_own_time_to_the_elapsed_time(
    synthetic, small_config, monkeypatch
):
    s = TrainingSession(small_config, synthetic)
    s.step()
    s.step()
    elapsed = s.elapsed
    assert elapsed > 0

    def fails(*args, **kwargs):
        raise RuntimeError("the engine gave up")

    monkeypatch.setattr(s.model, "train_on_batch", fails)
    before = time.perf_counter()
    with pytest.raises(RuntimeError):
        s.step()
    spent = time.perf_counter() - before
    assert elapsed <= s.elapsed <= elapsed + spent


def test_gradient_norms_are_recorded_at_the_losss_updates_epochs_and_seconds(
    synthetic, small_config
):
    s = TrainingSession(small_config, synthetic)
    for _ in range(s.updates_per_epoch + 2):  # into the second epoch
        s.step()
    loss = s.history.series()
    assert len(s.gradient_history) == len(s.model.layers)
    for layer in s.gradient_history:
        norms = layer.series()
        for axis in ("updates", "epochs", "seconds"):
            np.testing.assert_array_equal(norms.x(axis), loss.x(axis), err_msg=axis)
    assert loss.x("seconds")[-1] > 0 and loss.x("epochs")[-1] > 1
