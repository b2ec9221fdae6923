"""A session's own bookkeeping, one ``step()`` at a time: where a new session starts, what one
update records, the rate a schedule gave it, its place in the run kept and put back, a reset."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import TrainingSession
from tests.patience import patience


def _spy_batches(session) -> list:
    """Record (x, y, logs) of every mini-batch the model trains on."""
    seen = []
    original = session.model.train_on_batch

    def spy(x, y, return_dict=False):
        logs = original(x, y, return_dict=return_dict)
        seen.append((x.copy(), y.copy(), logs))
        return logs

    session.model.train_on_batch = spy
    return seen


def test_a_new_session_starts_at_the_beginning(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=70, learning_rate=0.25), synthetic)
    assert (s.updates, s.epoch, s.samples_seen, s.elapsed) == (0, 0, 0, 0.0)
    assert s.updates_per_epoch == 9  # 600 examples: 8 batches of 70 and one of 40
    assert s.learning_rate == 0.25 and isinstance(s.learning_rate, float)
    assert math.isnan(s.samples_per_second) and s.eta is None
    assert s.class_names == tuple(str(d) for d in range(10)) and s.n_classes == 10
    assert (s.n_train, s.n_validation, s.n_test, s.input_dim) == (600, 0, 200, 784)
    assert s.image_shape == (28, 28)
    assert s.y_train.shape == (600, 10)
    np.testing.assert_array_equal(s.y_train.argmax(axis=1), s.y_train_labels)
    assert s.last_epoch_end is None and not s.running
    assert len(s.gradient_history) == 2
    snap = s.snapshot()
    assert snap.learning_rate_changes == [(0, 0.25)]
    assert snap.confusion is None and snap.confusion_updates is None
    assert len(snap.batch_loss) == 0 and all(len(g) == 0 for g in snap.gradient_norms)
    assert snap.layer_names == ["Dense 1 (32, relu)", "Dense 2 (10, softmax)"]
    assert math.isnan(snap.samples_per_second)


def test_the_display_digits_are_fixed_and_read_only(synthetic, small_config):
    s = TrainingSession(small_config, synthetic, display_size=30)
    assert s.display_images.shape == (30, 28, 28)
    assert not s.display_images.flags.writeable
    order = s.snapshot().display
    np.testing.assert_array_equal(order.true, s.y_test_labels[order.indices])
    assert sorted(np.bincount(order.true, minlength=10)) == [3] * 10
    np.testing.assert_array_equal(s.display_images.reshape(30, -1), s.x_test[order.indices])
    with pytest.raises(ValueError):
        order.true[0] = 9  # the labels are shared with every snapshot: read-only


def test_a_step_records_the_update_it_made(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=50), synthetic)
    seen = _spy_batches(s)
    result = s.step()
    x, y, logs = seen[0]
    assert (result.updates, result.epoch, result.batch_size, result.epoch_ended) == (
        1,
        0,
        50,
        False,
    )
    assert result.loss == float(logs["loss"]) and result.accuracy == float(logs["accuracy"])
    assert x.shape == (50, 784) and y.shape == (50, 10)
    assert s.samples_seen == 50 and s.epoch_progress == 50 / 600
    assert s.elapsed > 0
    loss, accuracy = s.history.series(), s.batch_accuracy.series()
    assert loss.y.tolist() == [result.loss] and accuracy.y.tolist() == [result.accuracy]
    for curve in (loss, accuracy, s.learning_rate_history.series(), s.penalty_history.series()):
        assert curve.updates.tolist() == [1.0]
        assert curve.epochs.tolist() == [50 / 600]
        assert curve.seconds.tolist() == loss.seconds.tolist()
    assert 0 < loss.seconds[0] <= s.elapsed  # the update's time; evaluations come after
    assert s.learning_rate_history.series().y.tolist() == [0.1]
    assert s.penalty_history.series().y.tolist() == [0.0]
    norms = s.model.gradient_norms()
    for history, norm in zip(s.gradient_history, norms, strict=True):
        assert history.series().y.tolist() == [pytest.approx(norm, rel=1e-12)]
        assert norm > 0
    assert s.snapshot().batch_loss.last == result.loss
    assert s.snapshot().confusion is None  # nobody asked, and no epoch has ended


def test_the_penalty_of_a_regularized_update_is_recorded(synthetic, small_config):
    s = TrainingSession(small_config.replace(l2=0.01), synthetic)
    s.step()
    penalty = s.penalty_history.series().y
    assert penalty.tolist() == [pytest.approx(s.model.last_regularization_loss, rel=1e-6)]
    assert penalty[0] > 0


def test_a_schedules_rate_is_recorded_for_the_update_that_used_it(synthetic, small_config):
    s = TrainingSession(small_config.replace(schedule="exponential", batch_size=300), synthetic)
    rates = []
    for _ in range(4):
        rates.append(float(s.model.optimizer.learning_rate))  # the rate of the next update
        s.step()
    assert s.learning_rate_history.series().y.tolist() == pytest.approx(rates, rel=1e-12)
    # 0.8 less each epoch of this training set (two updates of 300), smoothly
    assert rates == pytest.approx([0.1 * 0.8 ** (k / 2) for k in range(4)], rel=1e-12)


def test_the_last_batch_of_an_epoch_is_the_rest(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=250), synthetic)
    results = [s.step() for _ in range(4)]
    assert [r.batch_size for r in results] == [250, 250, 100, 250]
    assert [r.epoch_ended for r in results] == [False, False, True, False]
    assert [r.epoch for r in results] == [0, 0, 1, 1]
    assert s.samples_seen == 850 and s.epoch_progress == 250 / 600
    assert s.history.series().epochs.tolist() == pytest.approx(
        [250 / 600, 500 / 600, 1.0, 1 + 250 / 600]
    )


def test_buffers_never_exceed_the_training_set(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.size_batch_buffers(5000)
    result = s.step()
    assert (result.batch_size, result.epoch_ended, s.epoch) == (600, True, 1)
    s.size_batch_buffers(7)
    assert s.step().batch_size == 7


def test_a_failed_update_still_counts_its_time(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    s.model.train_on_batch = broken
    with pytest.raises(RuntimeError, match="disk on fire"):
        s.step()
    assert s.elapsed > 0 and s.updates == 0 and s.samples_seen == 0


def test_rate_changes_at_one_update_keep_only_the_last(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.note_learning_rate(0.2)
    s.mark_changed()
    assert s.snapshot().learning_rate_changes == [(0, 0.2)]
    s.step()
    s.note_learning_rate(0.3)
    s.note_learning_rate(0.4)
    s.mark_changed()
    assert s.snapshot().learning_rate_changes == [(0, 0.2), (1, 0.4)]


def test_a_runs_place_is_kept_and_put_back(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=100), synthetic)
    for _ in range(3):
        s.step()
    s.note_learning_rate(0.05)
    s.request_confusion()
    place = s.position()
    confusion = s.snapshot().confusion.copy()
    seen = _spy_batches(s)
    for _ in range(5):  # across the epoch's end: a new order is drawn
        s.step()
    first = [x for x, _, _ in seen]
    s.note_learning_rate(0.01)
    s.restore_position(place)
    assert (s.updates, s.epoch, s.samples_seen) == (3, 0, 300)
    assert s.epoch_progress == 0.5
    s.forget_snapshots()
    snap = s.snapshot()
    assert snap.learning_rate_changes == [(0, 0.1), (3, 0.05)]
    np.testing.assert_array_equal(snap.confusion, confusion)
    seen.clear()
    for _ in range(5):
        s.step()
    for a, (b, _, _) in zip(first, seen, strict=True):
        np.testing.assert_array_equal(a, b)  # the same examples in the same order
    assert place.counters["updates"] == 3  # the kept place is a copy
    place.order[:] = 0
    s.restore_position(place)
    s.restore_position(s.position())


def test_reset_draws_new_weights_and_clears_the_run(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    for _ in range(3):
        s.step()
    s.reset(seed=7)
    assert s.config.seed == 7
    assert (s.updates, s.epoch, s.samples_seen) == (0, 0, 0)
    assert s.history.total == 0 and s.snapshot().updates == 0
    same = TrainingSession(small_config.replace(seed=7), synthetic)
    for a, b in zip(s.model.get_weights(), same.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    s.reset()
    assert 0 <= s.config.seed < 2**31 and s.config.seed != 7


def test_an_opened_model_is_trained_as_it_is(synthetic, small_config):
    model = Sequential(
        [Dense(32, activation="relu", input_dim=784), Dense(10, activation="softmax")], seed=3
    )
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    weights = [w.copy() for w in model.get_weights()]
    cfg = small_config.replace(schedule="exponential", batch_size=300)
    s = TrainingSession(cfg, synthetic, model=model)
    for a, b in zip(s.model.get_weights(), weights, strict=True):
        np.testing.assert_array_equal(a, b)
    s.step()
    s.step()
    assert s.updates == 2
    assert s.model.optimizer.learning_rate == pytest.approx(0.08)  # one epoch of 600: 0.8 less


def test_a_confusion_asked_for_mid_batch_comes_after_it(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    answers = []

    def view():  # asks while the batch holds the session; never waits for it
        s.request_confusion()
        answers.append(s.snapshot())  # the last published snapshot

    asking = threading.Thread(target=view, name="view")
    with s.between_batches():  # a mini-batch holds the session
        asking.start()
        asking.join(patience(10))
        waited = asking.is_alive()
    asking.join(patience(10))
    assert not waited
    held = answers[0]
    assert held.confusion is None
    s.step()
    snap = s.snapshot()
    assert snap.confusion is not None and snap.confusion.sum() == 200
    assert snap.confusion_updates == 1
    s.step()
    assert s.snapshot().confusion_updates == 1  # asked for once


def test_an_idle_confusion_request_is_answered_at_once(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    before = s.snapshot()
    s.request_confusion()
    after = s.snapshot()
    assert after is not before
    assert after.confusion.sum() == 200 and after.confusion_updates == 0
    predicted = s.model.predict(s.x_test).argmax(axis=1)
    expected = np.zeros((10, 10), dtype=np.int64)
    np.add.at(expected, (s.y_test_labels, predicted), 1)
    np.testing.assert_array_equal(after.confusion, expected)


def test_settings_that_cannot_train_are_refused_with_every_reason(synthetic, small_config):
    from playground.training import ConfigError

    with pytest.raises(ConfigError) as refused:
        TrainingSession(small_config.replace(learning_rate=-1.0, batch_size=601), synthetic)
    assert str(refused.value) == (
        "Learning rate must be greater than 0. "
        "Batch size 601 is larger than the 600 training examples."
    )
    assert [p.field for p in refused.value.problems] == ["learning_rate", "batch_size"]


def test_the_same_seed_trains_on_the_same_batches(synthetic, small_config):
    runs = []
    for _ in range(2):
        s = TrainingSession(small_config.replace(seed=11), synthetic)
        seen = _spy_batches(s)
        for _ in range(3):
            s.step()
        runs.append([x for x, _, _ in seen])
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)


class _Clock:
    """``time.perf_counter`` for the session: every reading is ``tick`` seconds after the last."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 1000.0, tick

    def perf_counter(self) -> float:
        self.now += self.tick
        return self.now


def test_speed_follows_the_last_seconds_of_training(synthetic, small_config, monkeypatch):
    import types

    from playground.training import session as session_module

    s = TrainingSession(small_config.replace(batch_size=50), synthetic)
    clock = _Clock(0.5)  # each update takes 0.5 s, and 0.5 s more pass before the next
    monkeypatch.setattr(
        session_module, "time", types.SimpleNamespace(perf_counter=clock.perf_counter)
    )
    s.step()
    assert s.samples_per_second == 100.0  # 50 examples in 0.5 s
    assert s.elapsed == 1.0
    assert s.eta == pytest.approx((3 * 600 - 50) * 1.0 / 50)
    for _ in range(3):
        s.step()
    assert s.samples_per_second == 100.0  # 200 in 2 s: not yet forgotten
    assert s.elapsed == 4.0
    clock.tick = 0.25  # faster: the older seconds count half once more than 2 s are kept
    s.step()
    # (200 + 50) examples in (2 + 0.25) s, halved: 125 in 1.125 s
    assert s.samples_per_second == pytest.approx(125 / 1.125)
    s.step()
    assert s.samples_per_second == pytest.approx(175 / 1.375)


def test_without_a_data_set_the_configured_one_is_loaded(mnist):
    from playground.training import TrainingConfig

    cfg = TrainingConfig(hidden=(8,), batch_size=50, epochs=1, train_size=100, test_size=50)
    s = TrainingSession(cfg)
    assert s.dataset.name == mnist.name and s.class_names == tuple(mnist.class_names)
    assert (s.n_train, s.n_test, s.input_dim) == (100, 50, 784)


def test_the_total_loss_every_so_many_updates(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=100), synthetic, total_loss_every=3)
    for _ in range(5):
        s.step()
    assert s.total_loss.series().updates.tolist() == [3.0]


def test_set_learning_rate_is_a_live_setting(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.set_learning_rate(0.5)
    assert s.learning_rate == 0.5 and s.config.learning_rate == 0.5
    assert [(c.name, c.old, c.new) for c in s.setting_changes] == [("learning_rate", 0.1, 0.5)]


def test_a_reset_keeps_the_schedule_to_the_training_set(synthetic, small_config):
    s = TrainingSession(small_config.replace(schedule="exponential", batch_size=300), synthetic)
    s.reset(seed=3)
    s.step()
    s.step()
    assert s.model.optimizer.learning_rate == pytest.approx(0.08)  # one epoch of 600: 0.8 less
