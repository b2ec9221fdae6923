"""The session's evaluations: when the total loss L is computed, what each evaluation records,
the confusion matrix, and Stop during a long evaluation.

The expected update numbers follow from the rule the session documents: L every n updates when
asked for; else after every update for sets of up to 2,000 examples in up to 200 batches, four
evenly spaced points an epoch for sets of up to 5,000, and only at epoch ends above that.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.training import TrainingConfig, TrainingSession
from playground.training import session_evaluation as evaluation


def _config(batch_size: int, **changes) -> TrainingConfig:
    return TrainingConfig(
        hidden=(4,),
        optimizer="sgd",
        learning_rate=0.05,
        batch_size=batch_size,
        epochs=3,
        **changes,
    )


def _session(factory, n_train: int, batch_size: int, *, n_test: int = 40, **kwargs):
    data = factory(n_train=n_train, n_test=n_test)
    return TrainingSession(_config(batch_size), data, **kwargs)


def _total_loss_updates(session, steps: int) -> list[int]:
    for _ in range(steps):
        session.step()
    return session.total_loss.series().updates.astype(int).tolist()


def _one_hot(labels: np.ndarray) -> np.ndarray:
    return np.eye(10, dtype=np.float32)[labels]


def _first_update_past(fraction: float, n: int, batch: int) -> int:
    """The first update whose batch ends past ``fraction`` of an epoch of ``n`` examples."""
    return math.floor(fraction * n / batch) + 1


# -- when L is evaluated ----------------------------------------------------------------------
def test_every_n_updates_when_asked_for_plus_the_epoch_end(synthetic_factory):
    s = _session(synthetic_factory, 100, 10, total_loss_every=3)  # 10 updates an epoch
    assert _total_loss_updates(s, 10) == [3, 6, 9, 10]


def test_every_n_updates_whatever_the_size_of_the_set(synthetic_factory):
    s = _session(synthetic_factory, 6000, 1000, total_loss_every=2)
    assert s.updates_per_epoch == 6
    assert _total_loss_updates(s, 5) == [2, 4]


def test_after_every_update_up_to_2000_examples_in_200_batches(synthetic_factory):
    s = _session(synthetic_factory, 2000, 10)
    assert s.updates_per_epoch == 200
    assert _total_loss_updates(s, 6) == [1, 2, 3, 4, 5, 6]


def test_a_set_one_example_larger_gets_four_points_an_epoch(synthetic_factory):
    s = _session(synthetic_factory, 2001, 20)
    assert s.updates_per_epoch == 101
    quarters = [_first_update_past(q, 2001, 20) for q in (0.25, 0.5, 0.75)]
    assert _total_loss_updates(s, 101) == [*quarters, 101]


def test_more_than_200_batches_get_four_points_an_epoch(synthetic_factory):
    s = _session(synthetic_factory, 1990, 9)
    assert s.updates_per_epoch == 222
    assert _total_loss_updates(s, 60) == [_first_update_past(0.25, 1990, 9)]


def test_up_to_5000_examples_four_points_and_above_only_at_epoch_ends(synthetic_factory):
    s = _session(synthetic_factory, 5000, 1000)
    assert _total_loss_updates(s, 5) == [2, 3, 4, 5]  # past 1,250, 2,500 and 3,750 examples
    for per_epoch in (None, 4):
        big = _session(synthetic_factory, 5001, 1000, total_loss_per_epoch=per_epoch)
        assert big.updates_per_epoch == 6
        assert _total_loss_updates(big, 6) == [6]


@pytest.mark.parametrize(
    ("per_epoch", "expected"), [(1, [10]), (2, [5, 10]), (5, [2, 4, 6, 8, 10])]
)
def test_points_per_epoch_evenly_spaced(synthetic_factory, per_epoch, expected):
    s = _session(synthetic_factory, 100, 10, total_loss_per_epoch=per_epoch)
    assert _total_loss_updates(s, 10) == expected


# -- what an evaluation records ---------------------------------------------------------------
def test_points_within_an_epoch_carry_the_fraction_of_the_epoch(synthetic_factory):
    s = _session(synthetic_factory, 100, 25, total_loss_per_epoch=4)
    for _ in range(3):
        s.step()
    x_train, targets = s.x_train, _one_hot(s.y_train_labels)
    mean = s.model.evaluate(x_train, targets)[0]
    accuracy = np.mean(np.argmax(s.model.predict(x_train), axis=1) == s.y_train_labels)
    s.step()  # the epoch's end
    total, train = s.total_loss.series(), s.train_loss.series()
    np.testing.assert_array_equal(total.updates, [1, 2, 3, 4])
    np.testing.assert_allclose(total.epochs, [0.25, 0.5, 0.75, 1.0])
    for curve in (train, s.train_accuracy.series()):  # one point of each at the same moment
        for axis in ("updates", "epochs", "seconds"):
            np.testing.assert_array_equal(curve.x(axis), total.x(axis))
    assert np.all(np.diff(total.seconds) >= 0) and total.seconds[-1] <= s.elapsed
    np.testing.assert_allclose(total.y, train.y * 100)
    # the point after update 3 is the loss and accuracy of the weights update 3 left
    assert train.y[2] == pytest.approx(mean, rel=1e-5)
    assert s.train_accuracy.series().y[2] == pytest.approx(accuracy)


def test_the_epoch_end_records_every_set_and_reports_it(synthetic_factory):
    data = synthetic_factory(n_train=125, n_test=40)
    s = TrainingSession(_config(25, validation_split=0.2), data)
    assert (s.n_train, s.n_validation, s.updates_per_epoch) == (100, 25, 4)
    for _ in range(3):
        s.step()
    assert s.last_epoch_end is None and len(s.test_loss) == 0 and len(s.val_loss) == 0
    s.step()
    m = s.model

    def figures(x, labels):
        loss = m.evaluate(x, _one_hot(labels))[0]
        return loss, float(np.mean(np.argmax(m.predict(x), axis=1) == labels))

    train = figures(s.x_train, s.y_train_labels)
    val = figures(s.x_val, s.y_val_labels)
    test = figures(s.x_test, s.y_test_labels)
    ended = s.last_epoch_end
    assert (ended.epoch, ended.updates) == (1, 4)
    assert ended.train_loss == pytest.approx(train[0], rel=1e-5)
    assert ended.total_loss == pytest.approx(train[0] * 100, rel=1e-5)
    assert ended.train_accuracy == pytest.approx(train[1])
    assert ended.val_loss == pytest.approx(val[0], rel=1e-5)
    assert ended.val_accuracy == pytest.approx(val[1])
    assert ended.test_loss == pytest.approx(test[0], rel=1e-5)
    assert ended.test_accuracy == pytest.approx(test[1])
    for history, value in [
        (s.val_loss, val[0]),
        (s.val_accuracy, val[1]),
        (s.test_loss, test[0]),
        (s.test_accuracy, test[1]),
    ]:
        series = history.series()
        assert series.updates.tolist() == [4] and series.epochs.tolist() == [1.0]
        assert 0 < series.seconds[0] <= s.elapsed
        assert series.y[0] == pytest.approx(value, rel=1e-5)


def test_without_a_validation_part_the_epoch_end_has_no_validation_figures(synthetic_factory):
    s = _session(synthetic_factory, 100, 50)
    s.step()
    s.step()
    assert s.last_epoch_end.val_loss is None and s.last_epoch_end.val_accuracy is None
    assert len(s.val_loss) == 0 and len(s.val_accuracy) == 0
    assert len(s.test_loss) == 1


def test_the_confusion_matrix_counts_true_rows_against_predicted_columns(synthetic_factory):
    s = _session(synthetic_factory, 100, 50, n_test=60)
    s.step()
    s.step()
    predicted = np.argmax(s.model.predict(s.x_test), axis=1)
    expected = np.zeros((10, 10), dtype=np.int64)
    for true, guess in zip(s.y_test_labels, predicted, strict=True):
        expected[true, guess] += 1
    assert not np.array_equal(expected, expected.T)  # so that a transposed matrix shows
    snap = s.snapshot()
    assert snap.confusion.dtype == np.int64
    np.testing.assert_array_equal(snap.confusion, expected)
    assert snap.confusion_updates == 2


def test_a_confusion_asked_for_during_a_batch_comes_once_after_it(synthetic_factory):
    s = _session(synthetic_factory, 100, 10)
    with s.between_batches():  # as if a mini-batch were running on the training thread
        s.request_confusion()
    assert s.snapshot().confusion is None
    s.step()
    assert s.snapshot().confusion_updates == 1
    s.step()
    assert s.snapshot().confusion_updates == 1  # not computed again without being asked
    s.request_confusion()  # idle: computed at once
    assert s.snapshot().confusion_updates == 2


# -- whole sets in chunks, and Stop ------------------------------------------------------------
def test_predictions_for_a_set_larger_than_a_chunk_are_the_models(synthetic_factory):
    s = _session(synthetic_factory, 100, 50)
    s.step()
    x = np.concatenate([s.x_test] * 301)[: 2 * evaluation.EVAL_CHUNK + 7]
    out = evaluation.predict(s, x)
    assert out.shape == (len(x), 10) and out.dtype == np.float32
    np.testing.assert_allclose(out, s.model.predict(x), rtol=1e-6, atol=1e-7)
    labels = np.concatenate([s.y_test_labels] * 301)[: len(x)]
    probs, loss, accuracy = evaluation.evaluate(s, x, labels)
    np.testing.assert_array_equal(probs, out)
    assert loss == pytest.approx(s.model.evaluate(x, _one_hot(labels))[0], rel=1e-5)
    assert accuracy == pytest.approx(np.mean(np.argmax(out, axis=1) == labels))


def test_a_large_set_goes_to_the_model_in_chunks_of_at_most_5000(synthetic_factory):
    # Stop is checked between chunks, so a chunk bounds how long Stop waits.
    s = _session(synthetic_factory, 100, 50)
    original, chunks = s.model.predict, []

    def spy(x, batch_size=None):
        chunks.append(len(x))
        if len(chunks) > 3:
            raise AssertionError(f"more chunks than expected: {chunks[:5]}...")
        return original(x, batch_size)

    s.model.predict = spy
    x = np.concatenate([s.x_test] * 301)[: 2 * evaluation.EVAL_CHUNK + 7]
    evaluation.predict(s, x)
    assert chunks == [evaluation.EVAL_CHUNK, evaluation.EVAL_CHUNK, 7]


def test_stop_is_obeyed_between_chunks(synthetic_factory):
    s = _session(synthetic_factory, 100, 50)
    asked = []

    def stop_at_the_second_chunk() -> bool:
        asked.append(True)
        return len(asked) > 1

    s._stop_requested = stop_at_the_second_chunk
    x = np.concatenate([s.x_test] * 200)[: evaluation.EVAL_CHUNK + 1]
    with pytest.raises(evaluation.StopDuringEvaluationError):
        evaluation.predict(s, x)
    assert len(asked) == 2


def test_stop_during_the_epoch_end_loses_its_figures_but_not_the_update(synthetic_factory):
    s = _session(synthetic_factory, 100, 50, total_loss_per_epoch=1)
    s.step()
    s.step()
    assert s.last_epoch_end is not None
    s._stop_requested = lambda: True
    s.step()
    result = s.step()  # the second epoch's end, while Stop is pressed
    assert result.epoch_ended and s.updates == 4 and s.epoch == 2
    assert s.last_epoch_end is None  # not the first epoch's figures shown as the second's
    assert s.test_loss.series().updates.tolist() == [2]
    assert s.total_loss.series().updates.tolist() == [2]
