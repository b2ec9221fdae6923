"""The run loop's reports: what a run says when it starts, pauses, steps, resumes, diverges
and ends, with which numbers, and what a run's record and slow motion get to see."""

from __future__ import annotations

import math
import threading
import types

import pytest

from playground.training import (
    Diverged,
    EpochEnded,
    Finished,
    Paused,
    Progress,
    Resumed,
    RunControl,
    Started,
    TrainingSession,
)
from playground.training.events import SettingChanged
from playground.training.session_loop import divergence_message, progress
from tests.patience import patience


def _kinds(events) -> list[str]:
    return [type(e).__name__ for e in events]


def test_a_run_reports_its_start_each_epoch_and_its_end(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(epochs=2, batch_size=200), synthetic)
    run = start_run(s, RunControl())
    run.log.wait_for(lambda ev: any(isinstance(e, Finished) for e in ev))
    run.thread.join(patience(10))
    events = run.log.events
    assert events[0] == Started(s.config, 0, 0)
    assert [(e.epoch, e.updates) for e in run.log.of(EpochEnded)] == [(1, 3), (2, 6)]
    assert events[-1] == Finished("completed", 6, 2)
    assert all(e is not None for e in events)
    first = [e for e in run.log.of(Progress) if e.updates == 1]  # the first update is shown
    assert len(first) == 1 and first[0].epoch == 0 and first[0].epoch_progress == 200 / 600
    last = events[-2]  # the views' last word: where the run ended
    assert isinstance(last, Progress)
    assert (last.updates, last.epoch, last.epoch_progress) == (6, 2, 0.0)
    assert last.batch_loss == s.history.series().last
    assert last.learning_rate == 0.1 and last.eta == 0.0
    assert last.elapsed == s.elapsed > 0
    assert last.samples_per_second == s.samples_per_second > 0
    assert not s.running
    # A finished run started again has nothing left to do.
    again = start_run(s, RunControl())
    again.log.wait_for(lambda ev: any(isinstance(e, Finished) for e in ev))
    assert again.log.events[0] == Started(s.config, 6, 2)
    assert again.log.events[-1] == Finished("completed", 6, 2)
    assert s.updates == 6


def test_a_paused_run_reports_once_then_steps_and_pauses_again(synthetic, small_config, start_run):
    s = TrainingSession(small_config, synthetic)
    control = RunControl(paused=True)
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) for e in ev))
    control.set_delay(0.0)  # wakes the loop; it must not report the pause again
    control.request_steps(2)
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.updates == 2 for e in ev))
    events = run.log.events
    assert events[:3] == [
        Started(s.config, 0, 0),
        progress_at(events[1], 0),
        Paused(0, 0, "paused"),
    ]
    assert events[3] == Resumed(0, 0)
    assert events[-1] == Paused(2, 0, "steps")
    assert isinstance(events[-2], Progress) and events[-2].updates == 2
    assert _kinds(events).count("Paused") == 2 and _kinds(events).count("Resumed") == 1
    snap = s.snapshot()  # paused: the views get everything fresh
    assert snap.updates == snap.details_updates == snap.display_updates == 2
    control.request_epoch()  # to the end of this epoch of 12 updates
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.reason == "epoch" for e in ev))
    assert run.log.events[-1] == Paused(12, 1, "epoch")
    control.stop()
    run.log.wait_for(lambda ev: any(isinstance(e, Finished) for e in ev))
    assert run.log.events[-1] == Finished("stopped", 12, 1)


def progress_at(event, updates: int):
    """The event itself when it is a Progress at ``updates`` (for comparing event lists)."""
    assert isinstance(event, Progress) and event.updates == updates, event
    return event


def test_a_setting_changed_while_paused_is_reported_before_the_next_batch(
    synthetic, small_config, start_run
):
    s = TrainingSession(small_config, synthetic)
    control = RunControl(paused=True)
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) for e in ev))
    control.set_learning_rate(0.5)
    control.request_steps(1)
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.updates == 1 for e in ev))
    changes = run.log.of(SettingChanged)
    assert [(c.updates, c.name, c.old, c.new) for c in changes] == [(0, "learning_rate", 0.1, 0.5)]
    kinds = _kinds(run.log.events)
    assert kinds.index("SettingChanged") < kinds.index("Resumed")
    assert s.learning_rate_history.series().y.tolist() == [0.5]


def test_divergence_pauses_with_a_message_that_names_the_update_and_a_smaller_rate(
    synthetic, small_config, start_run
):
    from playground.engine import NonFiniteError

    s = TrainingSession(small_config.replace(learning_rate=0.5), synthetic)
    control = RunControl(paused=True)
    run = start_run(s, control)
    control.request_steps(2)
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.updates == 2 for e in ev))
    before = s.snapshot()

    def diverging(*args, **kwargs):
        raise NonFiniteError("the loss", math.inf, 0.5)

    s.model.train_on_batch = diverging
    control.resume()
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) and e.reason == "diverged" for e in ev))
    diverged = run.log.of(Diverged)[0]
    assert diverged.message == (
        "Training diverged at update 3: the loss or a gradient became infinite or NaN with "
        "learning rate 0.5. Training paused and the weights keep their last finite values. "
        "Try a smaller learning rate, such as 0.05."
    )
    assert (diverged.updates, diverged.learning_rate) == (2, 0.5)
    assert control.paused and s.updates == 2
    assert s.snapshot() is not before  # the views hear of it
    assert run.log.events[-1] == Paused(2, 0, "diverged")


def test_the_divergence_message_says_where_the_weights_went_back_to():
    session = types.SimpleNamespace(
        learning_rate=3e-4, updates=12344, checkpoint=types.SimpleNamespace(updates=12000)
    )
    assert divergence_message(session, ValueError("nan"), restored=True) == (
        "Training diverged at update 12,345: the loss or a gradient became infinite or NaN "
        "with learning rate 0.0003. Training paused and the weights went back to update "
        "12,000. Try a smaller learning rate, such as 3e-05."
    )


def test_progress_carries_where_the_session_stands(synthetic, small_config):
    s = TrainingSession(small_config.replace(learning_rate=0.2, epochs=2), synthetic)
    fresh = progress(s)
    assert (fresh.updates, fresh.epoch, fresh.epoch_progress) == (0, 0, 0.0)
    assert math.isnan(fresh.batch_loss) and math.isnan(fresh.samples_per_second)
    assert fresh.eta is None and fresh.elapsed == 0.0 and fresh.learning_rate == 0.2
    for _ in range(14):  # 12 updates an epoch
        result = s.step()
    now = progress(s)
    assert (now.updates, now.epoch, now.epoch_progress) == (14, 1, 100 / 600)
    assert now.batch_loss == result.loss
    assert now.samples_per_second == s.samples_per_second > 0
    assert now.elapsed == s.elapsed > 0
    assert now.eta == pytest.approx(500 * s.elapsed / 700)
    assert now.learning_rate == 0.2


class _Record:
    """A run's record as the loop sees one: it watches every event and every update."""

    def __init__(self) -> None:
        self.watched: list = []
        self.updates: list[int] = []
        self.sessions: list = []

    def watching(self, emit, session):
        self.sessions.append(session)

        def watched(event):
            self.watched.append(event)
            emit(event)

        return watched

    def after_step(self, session) -> None:
        self.updates.append(session.updates)


def test_a_runs_record_sees_every_event_and_every_update(synthetic, small_config, start_run):
    s = TrainingSession(small_config.replace(epochs=1, batch_size=200), synthetic)
    s.recording = record = _Record()
    run = start_run(s, RunControl())
    run.log.wait_for(lambda ev: any(isinstance(e, Finished) for e in ev))
    assert record.sessions == [s]
    assert record.updates == [1, 2, 3]
    assert record.watched == run.log.events


def test_slow_motion_shows_every_update_before_it_waits(synthetic, small_config):
    from tests.training.conftest import EventLog

    s = TrainingSession(small_config.replace(epochs=1, batch_size=200), synthetic)
    log = EventLog()
    control = RunControl(delay=0.001)
    thread = threading.Thread(
        target=s.run, args=(control, log), kwargs={"progress_interval": 1e9}, name="slow"
    )
    thread.start()
    try:
        log.wait_for(lambda ev: any(isinstance(e, Finished) for e in ev))
    finally:
        control.stop()
        thread.join(patience(10))
    # Progress is rate-bounded to once per 1e9 s here, yet slow motion reports each update.
    shown = {e.updates for e in log.of(Progress)}
    assert {1, 2, 3} <= shown


def test_a_session_runs_on_one_thread_at_a_time(synthetic, small_config, start_run):
    s = TrainingSession(small_config, synthetic)
    control = RunControl(paused=True)
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) for e in ev))
    assert s.running
    with pytest.raises(RuntimeError, match=r"^this session is already running$"):
        s.run(RunControl())
    with pytest.raises(RuntimeError, match=r"^stop training before resetting the session$"):
        s.reset(1)
    run.finish()
    assert not s.running
    s.reset(1)  # stopped: allowed again


def test_a_resumed_run_goes_back_to_the_views_demand(synthetic, small_config):
    s = TrainingSession(small_config.replace(epochs=1000, batch_size=10), synthetic)
    s.set_detail_demand(weights=False, predictions=False)
    control = RunControl(paused=True)
    shown = []

    def on_event(event):  # on the training thread, between two mini-batches
        if isinstance(event, Paused):
            control.resume()
        elif isinstance(event, Progress) and event.updates > 0 and not control.stopped:
            snap = s.snapshot()
            shown.append((snap.updates, snap.details_updates, snap.display_updates))
            control.stop()

    thread = threading.Thread(target=s.run, args=(control, on_event), name="resumed")
    thread.start()
    thread.join(patience(30))
    assert not thread.is_alive()
    # Training again after the pause: nobody shows the weights or the digits, so they stay.
    assert shown == [(1, 0, 0)]


@pytest.mark.parametrize("command", ["stop", "pause"])
def test_a_command_that_comes_just_before_a_batch_is_obeyed(synthetic, small_config, command):
    """Stop or Pause pressed after the loop looked but before it trains: no batch runs, and
    the run stops or pauses as asked rather than counting as completed."""
    s = TrainingSession(small_config, synthetic)
    control = RunControl(paused=True)
    log = []

    def on_event(event):  # on the training thread
        log.append(event)
        if isinstance(event, Paused):
            if len([e for e in log if isinstance(e, Paused)]) == 1:
                control.resume()
            else:
                control.stop()
        elif isinstance(event, Resumed):  # right before the loop asks for the next batch
            getattr(control, command)()

    thread = threading.Thread(target=s.run, args=(control, on_event), name="command")
    thread.start()
    thread.join(patience(30))
    assert not thread.is_alive()
    assert s.updates == 0
    assert log[-1] == Finished("stopped", 0, 0)
    assert _kinds(log).count("Paused") == (2 if command == "pause" else 1)


def _details_at_events(s, control, kinds, **run_args) -> list:
    """(event, updates, details, display) of a snapshot taken as each event of ``kinds`` arrives,
    on the training thread, with no view asking for the weights or the digits."""
    s.set_detail_demand(weights=False, predictions=False)
    seen = []

    def on_event(event):
        if isinstance(event, kinds):
            snap = s.snapshot()
            seen.append((type(event).__name__, snap.updates, snap.details_updates))
            seen[-1] += (snap.display_updates,)

    thread = threading.Thread(target=s.run, args=(control, on_event), kwargs=run_args)
    thread.start()
    thread.join(patience(30))
    assert not thread.is_alive()
    return seen


def test_the_views_last_picture_of_a_run_is_complete(synthetic, small_config):
    s = TrainingSession(small_config.replace(epochs=1, batch_size=200), synthetic)
    seen = _details_at_events(s, RunControl(), Finished)
    assert seen == [("Finished", 3, 3, 3)]


def test_slow_motion_shows_the_whole_picture_of_each_update(synthetic, small_config):
    s = TrainingSession(small_config.replace(epochs=1, batch_size=200), synthetic)
    seen = _details_at_events(s, RunControl(delay=0.001), Progress, progress_interval=1e9)
    assert {("Progress", u, u, u) for u in (1, 2, 3)} <= set(seen)


def test_a_snapshot_asked_for_during_a_batch_is_published_right_after_it(synthetic, small_config):
    s = TrainingSession(small_config.replace(epochs=1, batch_size=100), synthetic)
    shown = []
    original = s.model.train_on_batch

    def asking(*args, **kwargs):  # a view asks while the batch holds the session
        shown.append(s.snapshot().updates)
        return original(*args, **kwargs)

    s.model.train_on_batch = asking
    thread = threading.Thread(
        target=s.run, args=(RunControl(), None), kwargs={"snapshot_interval": 0.0}
    )
    thread.start()
    thread.join(patience(30))
    assert not thread.is_alive()
    assert shown == [0, 1, 2, 3, 4, 5]  # each time the snapshot of the batch before


def test_while_paused_the_views_see_an_edited_model_at_once(synthetic, small_config, start_run):
    s = TrainingSession(small_config, synthetic)
    s.set_detail_demand(weights=False, predictions=False)
    control = RunControl(paused=True)
    run = start_run(s, control)
    run.log.wait_for(lambda ev: any(isinstance(e, Paused) for e in ev))
    with s.between_batches():  # a view edits the weights
        s.model.layers[1].kernel[:] = 0.5
        s.mark_changed()
    h = s.snapshot().weight_histograms[1]
    # all 32 × 10 weights equal: one bin in the middle of a window of one around them
    assert h.counts[20] == h.counts.sum() == 320
    assert h.edges[0] == 0.0 and h.edges[-1] == 1.0


def test_after_a_slow_motion_wait_the_views_demand_holds_again(synthetic, small_config):
    s = TrainingSession(small_config.replace(epochs=1, batch_size=200), synthetic)
    seen = _details_at_events(s, RunControl(delay=0.001), Progress, progress_interval=0.0)
    # Each update is reported twice: right after the batch, with the pictures of the wait
    # before it (nobody asks for newer ones), then from the wait, with its own.
    at_two = [row for row in seen if row[1] == 2]
    assert at_two[:2] == [("Progress", 2, 1, 1), ("Progress", 2, 2, 2)]
