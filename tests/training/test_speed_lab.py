"""The speed lab: one result per batch size, reported as each is done, and cancellable."""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest

from playground.training import TrainingConfig, TrainingSession
from playground.training.speed_lab import (
    WHOLE_SET,
    SpeedResult,
    clearly_ordered,
    measure,
    order_by_speed,
    plan_text,
    rate_text,
    stable_rate,
)


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


def _result(batch_size: int, times: tuple[float, ...]) -> SpeedResult:
    ordered = tuple(sorted(times))
    empty = np.zeros(0)
    return SpeedResult(batch_size, False, 1000, 1000, 1000 // batch_size, ordered[1], ordered[1],
                       True, 1000 // batch_size, 1.0, empty, empty, empty, 0.0,
                       repeat_seconds=ordered)  # fmt: skip


def test_batch_sizes_are_ordered_by_their_median_epoch():
    one, ten = _result(1, (9.0, 8.0, 12.0)), _result(10, (1.5, 1.6, 1.4))
    hundred = _result(100, (0.8, 0.7, 3.0))  # one slow repeat does not move the median
    assert order_by_speed([one, ten, hundred]) == (100, 10, 1)
    assert hundred.spread == (0.7, 3.0)
    assert not clearly_ordered([one, ten, hundred])  # 100's spread reaches into 10's
    assert clearly_ordered([one, ten, _result(100, (0.8, 0.7, 0.9))])
    assert order_by_speed([one, _result(100, (10.0, 11.0, 12.0))]) == (1, 100)


def test_small_batches_get_a_smaller_learning_rate():
    assert stable_rate(0.1, 100) == stable_rate(0.1, 1000) == 0.1
    assert stable_rate(0.1, 1) == pytest.approx(0.01)
    assert stable_rate(0.1, 10) == pytest.approx(0.1 / 10**0.5)
    text = rate_text(0.1, (1, 10, 100))
    assert "1: 0.01," in text and "100: 0.1)" in text and "stays stable" in text


def test_repeats_report_the_median_with_the_spread(synthetic):
    cfg = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1, seed=1)
    (r,) = measure(cfg, (1,), max_samples=200, dataset=synthetic, repeats=3, warm_up=True,
                   scale_rates=True)  # fmt: skip
    assert len(r.repeat_seconds) == 3 and list(r.repeat_seconds) == sorted(r.repeat_seconds)
    assert r.seconds_per_epoch == r.repeat_seconds[1]
    assert r.spread == (r.repeat_seconds[0], r.repeat_seconds[2])
    assert r.learning_rate == pytest.approx(0.01) and r.updates == 200
    # Every repeat starts from the same weights: the one reported learned as a single run does.
    (single,) = measure(cfg.replace(learning_rate=0.01), (1,), max_samples=200, dataset=synthetic)
    np.testing.assert_array_equal(r.loss, single.loss)


def test_batch_size_one_at_the_slide_rate_blows_up_and_the_lab_rate_does_not(synthetic):
    # SGD at the slide's 0.1 with single examples: the network is knocked out and stays near
    # chance (2.3); at the lab's 0.01 it learns.
    cfg = TrainingConfig(hidden=(64, 64), optimizer="sgd", learning_rate=0.1, seed=0)
    (wild,) = measure(cfg, (1,), max_samples=600, dataset=synthetic)
    (calm,) = measure(cfg, (1,), max_samples=600, dataset=synthetic, scale_rates=True)
    assert calm.learning_rate == pytest.approx(0.01) and not calm.diverged
    assert wild.diverged or np.mean(wild.loss[-100:]) > 1.5
    assert np.mean(calm.loss[-100:]) < 0.2


def _counting_stop(stop_at: int | None = None):
    """A should_stop that counts its calls and asks to stop at call ``stop_at``."""
    calls = []

    def should_stop() -> bool:
        calls.append(True)
        return stop_at is not None and len(calls) >= stop_at

    return should_stop, calls


def test_stop_is_asked_before_each_batch_size_and_each_mini_batch(synthetic):
    cfg = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1)
    stop, calls = _counting_stop()
    (result,) = measure(cfg, (10,), max_samples=20, dataset=synthetic, should_stop=stop)
    assert len(calls) == 1 + 2  # the batch size, then its two mini-batches: one timing
    assert len(result.repeat_seconds) == 1
    stop, calls = _counting_stop()
    measure(cfg, (10,), max_samples=20, dataset=synthetic, should_stop=stop, warm_up=True)
    assert len(calls) == 1 + 5 + 2  # five untimed warm-up updates first
    stop, calls = _counting_stop()
    (result,) = measure(cfg, (10,), max_samples=20, dataset=synthetic, should_stop=stop, repeats=3)
    assert len(calls) == 1 + 3 * 2 and len(result.repeat_seconds) == 3


def test_a_stop_inside_a_batch_size_keeps_the_ones_done_before(synthetic):
    cfg = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1)
    stop, calls = _counting_stop(stop_at=5)  # the first mini-batch of the second batch size
    results = measure(cfg, (10, 1), max_samples=20, dataset=synthetic, should_stop=stop)
    assert [r.batch_size for r in results] == [10] and len(calls) == 5


def test_spreads_that_touch_or_overlap_are_not_a_clear_order():
    fast, slow = _result(10, (1.0, 1.5, 2.0)), _result(1, (2.0, 2.5, 3.0))
    assert not clearly_ordered([fast, slow])  # 2.0 s in both spreads
    inside = _result(1, (1.8, 2.5, 3.0))  # fast's slowest lies inside this one's spread
    assert not clearly_ordered([fast, inside])
    assert clearly_ordered([fast, _result(1, (2.01, 2.5, 3.0))])


def test_any_configured_batch_size_works_as_the_lab_sets_its_own(synthetic):
    cfg = TrainingConfig(hidden=(8,), batch_size=5000, train_size=300)
    (result,) = measure(cfg, (10,), max_samples=20, dataset=synthetic)
    assert result.n_train == 300 and result.samples == 20


def test_a_scheduled_rate_and_the_time_measured_within_the_call(synthetic):
    cfg = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1, schedule="cosine")
    start = time.perf_counter()
    (result,) = measure(cfg, (10,), max_samples=30, dataset=synthetic)
    wall = time.perf_counter() - start
    assert result.diverged is False and result.updates == 3
    assert 0 < result.seconds <= wall  # only the timed updates, never more than the call took
    assert result.loss_seconds[-1] == pytest.approx(result.seconds)
