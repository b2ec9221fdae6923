"""The speed lab: one result per batch size, reported as each is done, and cancellable."""

from __future__ import annotations

import math
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


def test_each_result_describes_its_batch_size(synthetic):
    cfg = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1, seed=3)
    results = measure(cfg, (7, 250, 10_000), max_samples=500, dataset=synthetic)
    small, large, whole = results
    assert [r.batch_size for r in results] == [7, 250, 600]  # larger than the set: the set
    assert [r.updates_per_epoch for r in results] == [86, 3, 1]
    assert [r.n_train for r in results] == [600, 600, 600]
    assert small.samples == 500 and small.updates == 72  # 71 of 7 and the 3 left
    assert large.samples == 500 and large.updates == 2  # 250 + 250
    assert whole.samples == 600 and whole.updates == 1 and whole.epoch_measured
    for r in results:
        assert not r.diverged and math.isfinite(r.final_loss)
        assert r.final_loss == pytest.approx(r.loss[-1])  # curve ends where the run ends
        assert r.loss_updates[-1] == pytest.approx(r.updates, rel=0.1)
        assert 0 < r.loss_seconds[-1] <= r.seconds
        assert r.seconds_per_epoch == pytest.approx(r.seconds * 600 / r.samples)
    # seeded: the same examples in the same order, so the same losses
    again = measure(cfg, (7,), max_samples=500, dataset=synthetic)[0]
    np.testing.assert_array_equal(again.loss, small.loss)
    with pytest.raises(ValueError, match=r"^batch size must be at least 1, not 0$"):
        measure(cfg, (0,), data=(np.zeros((5, 784), np.float32), np.eye(10)[:5]))


def test_a_diverging_batch_size_is_marked_and_the_rest_still_run(synthetic):
    cfg = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=1e30)
    diverging, whole = measure(cfg, (10, 600), dataset=synthetic)
    assert diverging.diverged and diverging.samples < 600 and not diverging.epoch_measured
    assert diverging.seconds > 0  # the failed update's time counts too
    # one update of the whole set starts from the same finite weights: it completes
    assert not whole.diverged and whole.updates == 1


def test_a_time_limit_ends_each_batch_size_after_its_first_update(synthetic):
    cfg = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1)
    results = measure(cfg, (10, 100), max_seconds=0.0, dataset=synthetic)
    assert [r.updates for r in results] == [1, 1] and [r.samples for r in results] == [10, 100]
    assert all(r.scaled for r in results)


def test_integer_labels_with_the_sparse_loss(synthetic):
    cfg = TrainingConfig(hidden=(8,), loss="sparse_categorical_crossentropy", batch_size=50)
    x = np.random.default_rng(0).random((100, 784), dtype=np.float32)
    y = np.arange(100) % 10
    (r,) = measure(cfg, (50,), data=(x, y))
    assert r.updates == 2 and math.isfinite(r.final_loss)
    assert r.final_loss == pytest.approx(np.log(10), abs=1.0)  # about chance at the start
