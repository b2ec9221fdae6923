"""The speed lab: one result per batch size, reported as each is done, and cancellable."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from playground.training import TrainingConfig, TrainingSession
from playground.training.speed_lab import WHOLE_SET, measure, plan_text


def test_speed_lab_fills_results(synthetic):
    cfg = TrainingConfig(hidden=(16,), optimizer="sgd", learning_rate=0.1, batch_size=10)
    reported = []
    results = measure(cfg, (1, 10, 100, WHOLE_SET), max_samples=200, on_result=reported.append,
                      dataset=synthetic)  # fmt: skip
    assert reported == results and len(results) == 4
    by_size = {r.batch_size: r for r in results}
    assert set(by_size) == {1, 10, 100, 600}
    assert by_size[1].updates == 200 and by_size[1].updates_per_epoch == 600
    assert by_size[10].updates == 20 and by_size[100].updates == 2
    whole = by_size[600]
    assert whole.whole_set and whole.updates == 1 and whole.epoch_measured
    assert whole.label.startswith("whole set")
    for r in results:
        assert r.seconds > 0 and r.samples_per_second > 0 and r.seconds_per_epoch > 0
        assert len(r.loss) == len(r.loss_updates) == len(r.loss_seconds) == min(r.updates, 1024)
        assert np.all(np.diff(r.loss_seconds) >= 0)
        assert r.scaled == (r.samples < 600)
    # Samples per second count examples, not updates: a batch of 10 trains ten per update.
    for r in results:
        assert r.samples_per_second == pytest.approx(r.samples / r.seconds)
    assert by_size[10].samples == 200
    assert by_size[10].samples_per_second == pytest.approx(
        10 * by_size[10].updates / by_size[10].seconds
    )
    # scaled: the time for 200 examples times 3
    assert by_size[1].seconds_per_epoch == by_size[1].seconds * 3


def test_speed_lab_full_epoch_with_session_data(synthetic):
    cfg = TrainingConfig(hidden=(8,), batch_size=50)
    s = TrainingSession(cfg, synthetic)
    results = measure(cfg, (100,), data=(s.x_train, s.y_train))
    assert results[0].epoch_measured and results[0].samples == 600 and results[0].updates == 6
    assert "one full epoch" in plan_text(600, None)
    assert "scaled" in plan_text(600, 100)


def test_speed_lab_is_cancellable(synthetic):
    cfg = TrainingConfig(hidden=(8,), batch_size=10)
    cancel = threading.Event()
    done = []

    def on_result(result):
        done.append(result)
        cancel.set()  # cancel after the first batch size

    results = measure(cfg, (10, 1, 100), on_result=on_result, should_stop=cancel,
                      dataset=synthetic)  # fmt: skip
    assert [r.batch_size for r in results] == [10]
    assert done == results


def test_plan_text_for_a_budget_of_exactly_one_epoch():
    assert (
        plan_text(600, 600)
        == plan_text(600, None)
        == ("Each batch size trains one full epoch (600 examples) from the same start.")
    )
    assert plan_text(600, 599).startswith("Each batch size trains 599 examples")
