"""TrainingSession: exact steps and epochs, run control on a thread, divergence, snapshots."""

from __future__ import annotations

import math
import threading
import time

import numpy as np
import pytest

from playground.training import (
    ConfigError,
    Diverged,
    EpochEnded,
    Failed,
    Finished,
    Paused,
    Progress,
    RunControl,
    Started,
    TrainingConfig,
    TrainingSession,
)
from tests.patience import patience


def paused_at(n: int):
    return lambda events: any(isinstance(e, Paused) and e.updates == n for e in events)


def test_step_counts_are_exact(synthetic, small_config):
    cfg = small_config.replace(batch_size=70)  # 600 examples: 8 full batches and one of 40
    s = TrainingSession(cfg, synthetic)
    assert s.n_train == 600 and s.updates_per_epoch == 9
    sizes = [s.step().batch_size for _ in range(9)]
    assert sizes == [70] * 8 + [40]
    assert s.updates == 9 and s.epoch == 1 and s.samples_seen == 600 and s.epoch_progress == 0
    r = s.step()
    assert (r.updates, r.epoch, r.batch_size, r.epoch_ended) == (10, 1, 70, False)
    assert s.history.total == 10
    assert all(h.total == 10 for h in s.gradient_history)
    assert len(s.test_accuracy) == 1 and len(s.total_loss) >= 1


def test_each_epoch_visits_every_example_once(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=64), synthetic)
    seen = []
    original = s.model.train_on_batch

    def spy(x, y, return_dict=False):
        seen.append(x.copy())
        return original(x, y, return_dict=return_dict)

    s.model.train_on_batch = spy
    for _ in range(s.updates_per_epoch):
        s.step()
    rows = np.concatenate(seen)
    assert len(rows) == s.n_train
    assert len(np.unique(rows, axis=0)) == len(np.unique(s.x_train, axis=0))


def test_training_learns_and_reports_total_loss(synthetic, small_config):
    s = TrainingSession(small_config.replace(epochs=2), synthetic, total_loss_every=4)
    for _ in range(2 * s.updates_per_epoch):
        s.step()
    tl = s.total_loss.series()
    assert len(tl) >= 2 * s.updates_per_epoch // 4
    assert tl.y[-1] < tl.y[0]
    # L is the sum over the training set: n times the mean loss
    np.testing.assert_allclose(tl.y, s.train_loss.series().y * s.n_train)
    loss, acc = s.evaluate_test()
    assert acc > 0.5
    assert math.isclose(
        loss, s.model.evaluate(s.x_test, _one_hot(s.y_test_labels))[0], rel_tol=1e-4
    )


def test_total_loss_points_within_epochs_for_small_sets(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=30), synthetic, total_loss_per_epoch=4)
    for _ in range(2 * s.updates_per_epoch):  # 20 updates per epoch
        s.step()
    np.testing.assert_array_equal(s.total_loss.series().updates, [5, 10, 15, 20, 25, 30, 35, 40])
    s1 = TrainingSession(small_config.replace(batch_size=30), synthetic, total_loss_per_epoch=1)
    for _ in range(s1.updates_per_epoch):
        s1.step()
    np.testing.assert_array_equal(s1.total_loss.series().updates, [20])


def _one_hot(labels):
    return np.eye(10, dtype=np.float32)[labels]


def test_invalid_config_is_refused(synthetic, small_config):
    with pytest.raises(ConfigError) as info:
        TrainingSession(small_config.replace(batch_size=601), synthetic)
    assert info.value.problems[0].field == "batch_size"


def test_subsets_and_validation_split(mnist):
    cfg = TrainingConfig(
        hidden=(16,), batch_size=100, epochs=1, train_size=1000, validation_split=0.2, test_size=300
    )
    s = TrainingSession(cfg, mnist)
    assert (s.n_train, s.n_validation, s.n_test) == (800, 200, 300)
    counts = np.bincount(np.concatenate([s.y_train_labels, s.y_val_labels]), minlength=10)
    assert counts.tolist() == [100] * 10  # stratified
    assert s.x_train.dtype == np.float32 and s.x_train.shape[1] == 784
    assert np.min(s.x_train) >= 0.0 and np.max(s.x_train) <= 1.0
    assert s.y_train.shape == (800, 10)
    for _ in range(s.updates_per_epoch):
        s.step()
    ended = s.last_epoch_end
    assert ended.val_loss is not None and ended.test_accuracy > 0.2
    assert math.isclose(ended.total_loss, ended.train_loss * 800)


def test_pause_stops_updates_and_step_runs_exactly_one(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(epochs=1000), synthetic)
    control = RunControl()
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Progress) and e.updates > 5 for e in ev))
    control.pause()
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) for e in ev))
    frozen = s.updates
    weights = s.model.get_weights()
    # Nothing may happen while paused (the loop waits on an Event; give it time to misbehave).
    assert not threading.Event().wait(0.2)
    assert s.updates == frozen
    assert all(np.array_equal(a, b) for a, b in zip(weights, s.model.get_weights(), strict=True))

    control.request_steps(1)
    run.log.wait_for(paused_at(frozen + 1))
    assert not threading.Event().wait(0.1)
    assert s.updates == frozen + 1
    assert s.history.total == frozen + 1

    control.request_steps(3)
    run.log.wait_for(paused_at(frozen + 4))
    assert s.updates == frozen + 4

    control.request_epoch()
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.reason == "epoch" for e in ev))
    assert s.epoch_progress == 0 and s.updates % s.updates_per_epoch == 0

    control.resume()
    run.log.wait_for(lambda ev: s.updates > frozen + 20)
    run.finish()
    finished = run.log.of(Finished)
    assert finished and finished[0].reason == "stopped"
    assert isinstance(run.log.events[0], Started)


def test_learning_rate_change_takes_effect_at_the_next_batch(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(learning_rate=0.01), synthetic)
    control = RunControl(paused=True)
    run = start_run(s, control)
    control.request_steps(3)
    run.log.wait_for(paused_at(3))
    control.set_learning_rate(0.5)
    before = s.model.get_weights()
    control.request_steps(1)
    run.log.wait_for(paused_at(4))
    after = s.model.get_weights()
    dkernel, dbias = s.model.last_gradients[0]
    # plain SGD: w <- w - lr * g, so the update of batch 4 used the new rate
    np.testing.assert_allclose(after[0] - before[0], -0.5 * dkernel, rtol=1e-3, atol=1e-6)
    np.testing.assert_allclose(after[1] - before[1], -0.5 * dbias, rtol=1e-3, atol=1e-6)
    assert s.learning_rate == 0.5 and s.config.learning_rate == 0.5
    assert s.snapshot().learning_rate_changes[-1] == (3, 0.5)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the engine's overflow warnings
def test_divergence_pauses_with_finite_weights(mnist, start_run):
    cfg = TrainingConfig(
        hidden=(64, 64), optimizer="sgd", learning_rate=1000, batch_size=100, epochs=5,
        train_size=1000, test_size=200,
    )  # fmt: skip
    s = TrainingSession(cfg, mnist)
    control = RunControl()
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Diverged) for e in ev))
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.reason == "diverged" for e in ev))
    diverged = run.log.of(Diverged)[0]
    assert "1000" in diverged.message and "smaller learning rate" in diverged.message
    assert "keep their last finite values" in diverged.message  # the engine kept them
    assert diverged.learning_rate == 1000
    assert control.paused
    updates = s.updates
    assert not threading.Event().wait(0.1)
    assert s.updates == updates  # stays paused
    assert all(np.isfinite(w).all() for w in s.model.get_weights())
    assert not run.log.of(Failed)
    # Stepping on (with a smaller rate) is still answered, with a step or a new divergence.
    control.set_learning_rate(1e-3)
    n_paused = len(run.log.of(Paused))
    control.request_steps(1)
    run.log.wait_for(lambda ev: len([e for e in ev if isinstance(e, Paused)]) > n_paused)
    assert all(np.isfinite(w).all() for w in s.model.get_weights())


def test_weights_left_non_finite_go_back_to_the_checkpoint(synthetic, small_config, start_run):
    """Should an update fail half-way with some weights already written as NaN, the session
    restores the last checkpoint (here the starting weights) and says so."""
    from playground.engine import NonFiniteError

    s = TrainingSession(small_config, synthetic)
    start = s.model.get_weights()

    def half_written_update(*args, **kwargs):
        s.model.layers[0].kernel[0, 0] = np.nan
        raise NonFiniteError("the gradient of layer 1", math.nan, small_config.learning_rate)

    s.model.train_on_batch = half_written_update
    run = start_run(s, RunControl())
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.reason == "diverged" for e in ev))
    diverged = run.log.of(Diverged)[0]
    assert "the weights went back to update 0" in diverged.message
    weights = s.model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(start, weights, strict=True))
    assert not run.log.of(Failed)


def test_unexpected_exception_becomes_failed(synthetic, small_config, start_run):
    s = TrainingSession(small_config, synthetic)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    s.model.train_on_batch = broken
    run = start_run(s, RunControl())
    run.log.wait_for(lambda ev: any(isinstance(e, Failed) for e in ev))
    run.thread.join(patience(5))
    failed = run.log.of(Failed)[0]
    assert isinstance(failed.exception, RuntimeError)
    assert "disk on fire" in failed.traceback and "Traceback" in failed.traceback
    assert not s.running


def test_run_completes_the_configured_epochs(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(epochs=2, batch_size=200), synthetic)
    run = start_run(s, RunControl())
    run.log.wait_for(lambda ev: any(isinstance(e, Finished) for e in ev))
    assert run.log.of(Finished)[0].reason == "completed"
    assert [e.epoch for e in run.log.of(EpochEnded)] == [1, 2]
    assert s.updates == 2 * 3


def test_slow_motion_delay(synthetic, small_config, start_run):
    s = TrainingSession(small_config, synthetic)
    control = RunControl(delay=60.0)
    run = start_run(s, control)
    run.log.wait_for(lambda ev: s.updates >= 1)
    assert not threading.Event().wait(0.2)
    assert s.updates == 1  # waiting the delay out
    control.set_delay(0.0)
    run.log.wait_for(lambda ev: s.updates >= 5)


def test_snapshot_contents(mnist):
    cfg = TrainingConfig(hidden=(100, 50), batch_size=100, epochs=2, train_size=1000, test_size=500)
    s = TrainingSession(cfg, mnist)
    for _ in range(s.updates_per_epoch + 2):
        s.step()
    snap = s.snapshot()
    assert snap.updates == 12 and snap.epoch == 1
    assert snap.epoch_progress == pytest.approx(0.2)
    assert snap.confusion is not None and snap.confusion.sum() == s.n_test == 500
    assert snap.confusion.shape == (10, 10)
    assert np.trace(snap.confusion) / 500 == pytest.approx(snap.test_accuracy.last)
    assert len(snap.batch_loss) == 12 and len(snap.test_accuracy) == 1
    assert len(snap.batch_loss.x("epochs")) == 12
    assert len(snap.weight_histograms) == len(snap.bias_histograms) == 3
    h = snap.weight_histograms[0]
    assert len(h.edges) == len(h.counts) + 1 and h.n_values == 784 * 100
    assert h.counts.sum() == pytest.approx(784 * 100, rel=1e-6)
    assert snap.first_layer_weights.shape == (64, 28, 28)
    np.testing.assert_array_equal(
        snap.first_layer_weights[3].ravel(),
        s.model.layers[0].kernel[:, snap.first_layer_neurons[3]],
    )
    assert not np.shares_memory(snap.first_layer_weights, s.model.layers[0].kernel)
    assert len(snap.gradient_norms) == 3 and len(snap.gradient_norms[0]) == 12
    d = snap.display
    assert d.images.shape == (60, 28, 28) and d.probabilities.shape == (60, 10)
    assert sorted(np.bincount(d.true, minlength=10)) == [6] * 10
    np.testing.assert_allclose(d.probabilities.sum(axis=1), 1, rtol=1e-5)
    np.testing.assert_array_equal(d.pred, d.probabilities.argmax(axis=1))
    np.testing.assert_array_equal(d.confidence, d.probabilities.max(axis=1))
    # Unchanged session: the same snapshot comes back without recomputing.
    assert s.snapshot() is snap
    s.step()
    assert s.snapshot().updates == 13


def test_confusion_on_demand_and_reset(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    assert s.snapshot().confusion is None
    s.request_confusion()
    assert s.snapshot().confusion.sum() == s.n_test
    s.step()
    first = s.model.get_weights()[0].copy()
    s.reset(seed=123)
    assert s.updates == 0 and s.history.total == 0 and s.config.seed == 123
    assert not np.array_equal(first, s.model.get_weights()[0])
    assert s.snapshot().updates == 0


def test_snapshot_while_running_never_blocks(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(epochs=1000), synthetic)
    start_run(s, RunControl())
    seen = set()
    for _ in range(200):
        snap = s.snapshot()
        seen.add(snap.updates)
        assert snap.display.probabilities.shape[0] == 60
        if len(seen) > 3:
            break
        threading.Event().wait(0.01)
    assert len(seen) > 3


def test_many_start_stop_cycles_leave_no_thread(synthetic, small_config):
    s = TrainingSession(small_config.replace(epochs=1000), synthetic)
    baseline = threading.active_count()
    for i in range(100):
        control = RunControl()
        started = threading.Event()

        # Every tenth run trains until its first Progress; the others stop right after Started.
        wanted = (Progress, Paused) if i % 10 == 0 else (Started,)

        def on_event(event, started=started, wanted=wanted):
            if isinstance(event, wanted):
                started.set()

        if i % 2:
            control.pause()  # stop while paused, waiting on its Event
        t = threading.Thread(target=s.run, args=(control, on_event))
        t.start()
        assert started.wait(patience(10))
        control.stop()
        t.join(patience(5))
        assert not t.is_alive()
        assert not s.running
    assert threading.active_count() == baseline
    assert s.updates > 0


def test_continue_training_an_opened_model(tmp_path, synthetic, synthetic_factory, small_config):
    from playground.engine import load_model

    s = TrainingSession(small_config, synthetic)
    for _ in range(3):
        s.step()
    s.save_model(tmp_path / "m.npz")
    loaded = load_model(tmp_path / "m.npz")
    s2 = TrainingSession(small_config, synthetic, model=loaded)
    np.testing.assert_array_equal(s2.model.get_weights()[0], s.model.get_weights()[0])
    assert s2.step().updates == 1
    with pytest.raises(ConfigError, match="inputs"):
        TrainingSession(small_config, synthetic_factory(n_train=60), model=_model_with_inputs(20))


def _model_with_inputs(n_inputs):
    from playground.engine import Dense, Sequential

    model = Sequential(
        [Dense(4, activation="relu", input_dim=n_inputs), Dense(10, activation="softmax")]
    )
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    return model


def test_stop_is_noticed_during_a_long_epoch_end_evaluation(
    monkeypatch, synthetic_factory, small_config, start_run
):
    import playground.training.session_evaluation as session_module

    monkeypatch.setattr(session_module, "EVAL_CHUNK", 100)
    s = TrainingSession(small_config.replace(batch_size=600), synthetic_factory(n_test=2000))
    evaluating = threading.Event()
    chunks: list[int] = []
    original = s.model.predict

    def slow_predict(x, batch_size=None, verbose=0):
        if len(x) == 100:  # a chunk of an evaluation: 20 of them for the test set
            chunks.append(len(x))
            evaluating.set()
            threading.Event().wait(0.2)
        return original(x, batch_size)

    s.model.predict = slow_predict
    run = start_run(s, RunControl())
    assert evaluating.wait(patience(10))
    run.control.stop()
    chunks_when_stopped = len(chunks)
    run.thread.join(patience(30))
    assert not run.thread.is_alive()
    # The evaluation is given up at the next chunk, not finished (20 chunks).
    assert len(chunks) <= chunks_when_stopped + 1 < 20
    assert run.log.of(Finished)[0].reason == "stopped"
    assert not run.log.of(EpochEnded)


def test_progress_events_are_rate_bounded(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(batch_size=1, epochs=1, hidden=(4,)), synthetic)
    run = start_run(s, RunControl())
    run.log.wait_for(lambda ev: any(isinstance(e, Finished) for e in ev), timeout=patience(60))
    assert s.updates == 600
    progress = run.log.of(Progress)
    assert 1 <= len(progress) < 200  # about 20 per second at most, not one per update
    assert progress[-1].updates == 600 and progress[-1].eta == 0.0


def test_try_with_model_stays_live_while_training(synthetic, small_config, start_run):
    """Views read the model between mini-batches without ever waiting for one."""
    s = TrainingSession(small_config.replace(epochs=1000), synthetic)
    # Idle: the call runs at once, on the caller's thread.
    assert s.try_with_model(lambda m: threading.current_thread().name) == (
        threading.current_thread().name
    )
    control = RunControl()
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Progress) and e.updates > 5 for e in ev))
    served_on: set[str] = set()
    seen_updates: list[int] = []

    def read(model):
        seen_updates.append(s.updates)
        return threading.current_thread().name, model.layers[0].kernel.copy()

    deadline = time.monotonic() + patience(20.0)
    while "training-test" not in served_on or len(set(seen_updates)) < 3:
        assert time.monotonic() < deadline, "the model was never read while training"
        result = s.try_with_model(read)
        if result is not None:
            served_on.add(result[0])
            assert result[1].shape == (784, 32) and np.isfinite(result[1]).all()
        threading.Event().wait(0.005)  # a view polls a few times a second
    assert s.running and not control.paused  # training went on meanwhile
    assert len(set(seen_updates)) >= 3  # reads at different moments of training


def test_try_with_model_hands_errors_back_to_the_caller(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(epochs=1000), synthetic)
    control = RunControl()
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Progress) and e.updates > 5 for e in ev))

    def broken(model):
        raise RuntimeError("view bug")

    deadline = time.monotonic() + patience(20.0)
    with pytest.raises(RuntimeError, match="view bug"):
        while time.monotonic() < deadline:
            s.try_with_model(broken)
            threading.Event().wait(0.005)
    assert not any(isinstance(e, Failed) for e in run.log.events)  # training unharmed
