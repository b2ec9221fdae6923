"""The parts of a session's snapshot: the fixed display digits and weight samples, what a
snapshot carries, and how often its costly parts are made anew (on a clock the test moves)."""

from __future__ import annotations

import types

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import TrainingSession
from playground.training import session_details as details
from playground.training.session_details import (
    HISTOGRAM_SAMPLE,
    build_snapshot,
    display_indices,
    histogram,
    weight_samples,
)


def test_display_digits_take_each_class_in_turn():
    labels = np.array([2, 0, 1, 0, 2, 1, 0])  # class 0 at 1, 3, 6; class 1 at 2, 5; 2 at 0, 4
    chosen = display_indices(labels, 3, 5)
    np.testing.assert_array_equal(chosen, [1, 2, 0, 3, 5])
    assert chosen.dtype == np.intp
    np.testing.assert_array_equal(display_indices(labels, 3, 100), [1, 2, 0, 3, 5, 4, 6])
    # a class with no example is skipped; a class beyond n_classes is never shown
    np.testing.assert_array_equal(display_indices(labels, 4, 4), [1, 2, 0, 3])
    np.testing.assert_array_equal(display_indices(labels, 2, 10), [1, 2, 3, 5, 6])
    # none at all is still an index array (it picks no picture)
    for empty in (
        display_indices(np.array([], dtype=int), 3, 5),
        display_indices(labels, 3, 0),
        display_indices(labels, 0, 5),
    ):
        assert empty.size == 0 and empty.dtype == np.intp


def _model(*units: int, input_dim: int) -> Sequential:
    layers = [Dense(units[0], activation="relu", input_dim=input_dim)]
    layers += [Dense(n, activation="tanh") for n in units[1:-1]]
    layers.append(Dense(units[-1], activation="softmax"))
    return Sequential(layers, seed=0)


def test_large_layers_get_a_fixed_sorted_sample_of_distinct_weights():
    model = _model(200, 82, 128, 10, input_dim=100)  # 20,000, 16,400, 10,496, 1,280 weights
    samples, _, _ = weight_samples(model, seed=3, max_neuron_images=64)
    assert [s is None for s in samples] == [False, False, True, True]
    for sample, layer in zip(samples[:2], model.layers[:2], strict=True):
        assert len(sample) == HISTOGRAM_SAMPLE == 16384
        assert len(np.unique(sample)) == HISTOGRAM_SAMPLE  # distinct weights ...
        assert np.all(np.diff(sample) > 0)  # ... in order
        assert sample[0] >= 0 and sample[-1] < layer.kernel.size
    again, _, _ = weight_samples(model, seed=3, max_neuron_images=64)
    np.testing.assert_array_equal(again[0], samples[0])
    other, _, _ = weight_samples(model, seed=4, max_neuron_images=64)
    assert not np.array_equal(other[0], samples[0])


def test_a_layer_of_exactly_the_sample_size_is_counted_whole():
    samples, _, _ = weight_samples(_model(128, 10, input_dim=128), 0, 64)
    assert samples == [None, None]


def test_the_first_layer_units_drawn_as_images():
    model = _model(32, 10, input_dim=784)
    _, all_units, names = weight_samples(model, seed=1, max_neuron_images=64)
    np.testing.assert_array_equal(all_units, np.arange(32))
    assert names == ["Dense 1 (32, relu)", "Dense 2 (10, softmax)"]
    _, some, _ = weight_samples(model, seed=1, max_neuron_images=5)
    assert len(some) == 5 and len(np.unique(some)) == 5 and np.all(np.diff(some) > 0)
    assert some[0] >= 0 and some[-1] < 32
    for units in (all_units, some):
        assert not units.flags.writeable
    _, same, _ = weight_samples(model, seed=1, max_neuron_images=5)
    np.testing.assert_array_equal(same, some)
    _, other, _ = weight_samples(model, seed=2, max_neuron_images=5)
    assert not np.array_equal(other, some)


def _same_series(a, b) -> None:
    for axis in ("updates", "epochs", "seconds"):
        np.testing.assert_array_equal(a.x(axis), b.x(axis))
    np.testing.assert_array_equal(a.y, b.y)


def test_a_snapshot_carries_the_run_as_it_stands(synthetic, small_config):
    cfg = small_config.replace(validation_split=0.2, learning_rate=0.05, epochs=4)
    s = TrainingSession(cfg, synthetic, max_neuron_images=5, display_size=20)
    assert s.n_train == 480 and s.n_validation == 120
    for _ in range(s.updates_per_epoch + 3):  # 10 + 3
        s.step()
    s.change_settings({"learning_rate": 0.02})
    s.request_confusion()
    snap = s.snapshot()
    assert (snap.updates, snap.epoch, snap.epochs) == (13, 1, 4)
    assert snap.epoch_progress == pytest.approx(150 / 480)
    assert (snap.updates_per_epoch, snap.batch_size, snap.samples_seen) == (10, 50, 630)
    assert (snap.n_train, snap.n_validation, snap.n_test) == (480, 120, 200)
    assert snap.class_names == tuple(str(d) for d in range(10))
    assert snap.learning_rate == 0.02
    assert snap.learning_rate_changes == [(0, 0.05), (13, 0.02)]
    assert [c.name for c in snap.setting_changes] == ["learning_rate"]
    assert snap.elapsed == s.elapsed > 0
    assert snap.samples_per_second == s.samples_per_second > 0
    assert snap.eta == s.eta > 0
    curves = s.history_series()
    for name, series in curves.items():
        _same_series(getattr(snap, name), series)
    assert len(snap.batch_loss) == len(snap.batch_accuracy) == 13
    assert len(snap.val_loss) == len(snap.val_accuracy) == len(snap.test_accuracy) == 1
    assert len(snap.learning_rate_history) == len(snap.regularization_loss) == 13
    np.testing.assert_array_equal(snap.learning_rate_history.y, [0.05] * 13)
    assert len(snap.gradient_norms) == 2 and all(len(g) == 13 for g in snap.gradient_norms)
    _same_series(snap.gradient_norms[1], s.gradient_history[1].series())
    assert snap.layer_names == ["Dense 1 (32, relu)", "Dense 2 (10, softmax)"]
    assert snap.confusion.sum() == 200 and snap.confusion_updates == 13
    snap.confusion[:] = 0  # the snapshot's own copy
    s.step()
    assert s.snapshot().confusion.sum() == 200


def test_a_snapshot_shows_the_weights_and_the_display_digits(synthetic, small_config):
    s = TrainingSession(small_config, synthetic, max_neuron_images=5, display_size=20)
    for _ in range(3):
        s.step()
    snap = s.snapshot()
    assert snap.details_updates == snap.display_updates == 3
    kernel = s.model.layers[0].kernel
    assert snap.first_layer_weights.shape == (5, 28, 28)
    assert len(snap.first_layer_neurons) == 5
    for image, unit in zip(snap.first_layer_weights, snap.first_layer_neurons, strict=True):
        np.testing.assert_array_equal(image.ravel(), kernel[:, unit])
    samples, _, _ = weight_samples(s.model, s.config.seed, 5)  # the first layer's is a sample
    assert samples[0] is not None and samples[1] is None
    for h, layer, sample in zip(snap.weight_histograms, s.model.layers, samples, strict=True):
        np.testing.assert_array_equal(h.counts, histogram(layer.kernel, sample).counts)
        assert h.n_values == layer.kernel.size
    for h, layer in zip(snap.bias_histograms, s.model.layers, strict=True):
        np.testing.assert_array_equal(h.edges, histogram(layer.bias, None).edges)
        assert h.n_values == layer.units
    d = snap.display
    want = display_indices(s.y_test_labels, 10, 20)
    np.testing.assert_array_equal(d.indices, want)
    np.testing.assert_array_equal(d.true, s.y_test_labels[want])
    np.testing.assert_array_equal(d.images.reshape(20, -1), s.x_test[want])
    probs = s.model.predict(s.x_test[want])
    np.testing.assert_allclose(d.probabilities, probs, rtol=1e-5, atol=1e-7)
    assert d.probabilities.dtype == np.float32
    np.testing.assert_array_equal(d.pred, probs.argmax(axis=1))
    np.testing.assert_allclose(d.confidence, probs.max(axis=1), rtol=1e-5)


class _Clock:
    """A stand-in for ``time.perf_counter`` in session_details: ``now`` moves by ``tick`` at
    every reading."""

    def __init__(self, start: float) -> None:
        self.now = start
        self.tick = 0.0

    def perf_counter(self) -> float:
        value = self.now
        self.now += self.tick
        return value


@pytest.fixture
def session_on_a_clock(monkeypatch, synthetic, small_config):
    """A new session, then the clock its snapshots read from there on."""
    import time

    s = TrainingSession(small_config, synthetic)
    fake = _Clock(float(int(time.perf_counter()) + 1000))  # whole seconds: exact sums below
    monkeypatch.setattr(details, "time", types.SimpleNamespace(perf_counter=fake.perf_counter))
    return s, fake


def _shown(snap) -> tuple[int, int, int]:
    """The updates a snapshot's curves, weights and display digits are from."""
    return snap.updates, snap.details_updates, snap.display_updates


def _after_a_step(s) -> tuple[int, int, int]:
    """One mini-batch, then a snapshot as the training thread publishes one."""
    s.step()
    return _shown(build_snapshot(s, fresh=False))


def test_while_training_weights_are_redrawn_every_fifth_and_digits_every_half_second(
    session_on_a_clock,
):
    s, clock = session_on_a_clock
    start = clock.now
    assert _after_a_step(s) == (1, 1, 1)  # both were due long ago
    clock.now = start + 0.19
    assert _after_a_step(s) == (2, 1, 1)  # the curves move on, the details wait
    clock.now = start + 0.2
    assert _after_a_step(s) == (3, 3, 1)
    clock.now = start + 0.39
    assert _after_a_step(s) == (4, 3, 1)
    clock.now = start + 0.5
    assert _after_a_step(s) == (5, 5, 5)
    # Idle (a fresh snapshot): both parts are brought up to date at once.
    clock.now = start + 0.6
    assert _after_a_step(s) == (6, 5, 5)
    assert _shown(build_snapshot(s, fresh=True)) == (6, 6, 6)


def test_a_costly_refresh_waits_twenty_times_its_cost(session_on_a_clock):
    s, clock = session_on_a_clock
    start = clock.now
    clock.tick = 0.125  # every reading 0.125 s later: each part costs 0.125 s
    assert _after_a_step(s) == (1, 1, 1)  # details begun at start, display at start + 0.25
    clock.tick = 0.0
    clock.now = start + 2.49
    assert _after_a_step(s) == (2, 1, 1)
    clock.now = start + 2.5  # 20 × 0.125 s after the details were begun
    assert _after_a_step(s) == (3, 3, 1)
    clock.now = start + 2.74  # cheap now: the weights wait 0.2 s again
    assert _after_a_step(s) == (4, 4, 1)
    clock.now = start + 2.75  # 20 × 0.125 s after the digits were begun
    assert _after_a_step(s) == (5, 4, 5)


def test_a_fresh_snapshot_completes_one_that_only_half_caught_up(session_on_a_clock):
    s, clock = session_on_a_clock
    start = clock.now
    _after_a_step(s)
    s.step()
    clock.now = start + 0.3  # the weights are due, the digits not yet
    stale = build_snapshot(s, fresh=False)
    assert _shown(stale) == (2, 2, 1)
    assert build_snapshot(s, fresh=False) is stale  # nothing changed: the same snapshot
    fresh = build_snapshot(s, fresh=True)
    assert _shown(fresh) == (2, 2, 2)
    assert build_snapshot(s, fresh=True) is fresh


def test_the_run_curves_by_name(synthetic, small_config):
    s = TrainingSession(small_config.replace(validation_split=0.1), synthetic)
    for _ in range(s.updates_per_epoch):
        s.step()
    curves = s.history_series()
    assert list(curves) == [
        "batch_loss",
        "batch_accuracy",
        "total_loss",
        "train_loss",
        "train_accuracy",
        "val_loss",
        "val_accuracy",
        "test_loss",
        "test_accuracy",
    ]
    owners = [
        s.history,
        s.batch_accuracy,
        s.total_loss,
        s.train_loss,
        s.train_accuracy,
        s.val_loss,
        s.val_accuracy,
        s.test_loss,
        s.test_accuracy,
    ]
    for series, owner in zip(curves.values(), owners, strict=True):
        assert len(series) > 0
        _same_series(series, owner.series())
