"""The session's run loop (``TrainingSession.run``): train until done or stopped, obeying a
RunControl before every mini-batch, reporting events at a bounded rate and publishing
snapshots for the views."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from playground.training import live_settings
from playground.training.control import RunControl
from playground.training.events import (
    Diverged,
    Finished,
    Paused,
    Progress,
    Resumed,
    Started,
    StepResult,
)

if TYPE_CHECKING:
    from playground.training.session import TrainingSession


@dataclass
class _Pacing:
    """What the loop keeps between two mini-batches: when it last reported, whether paused."""

    progress_interval: float
    snapshot_interval: float
    recording: Any
    last_progress: float = -math.inf
    last_snapshot: float = -math.inf
    was_paused: bool = False


def run_loop(
    session: TrainingSession,
    control: RunControl,
    emit,
    progress_interval: float,
    snapshot_interval: float,
):
    pacing = _Pacing(progress_interval, snapshot_interval, session.recording)
    if pacing.recording is not None:  # the run's record sees every event and every update
        emit = pacing.recording.watching(emit, session)
    emit(Started(session.config, session.updates, session.epoch))
    reason = "completed"
    while True:
        _take_live_settings(session, control, emit)
        if control.stopped:
            reason = "stopped"
            break
        if control.paused:
            _stay_paused(session, control, emit, pacing)
            continue
        if pacing.was_paused:
            pacing.was_paused = False
            session._idle_in_run = False
            emit(Resumed(session.updates, session.epoch))
        if not control.may_step(epochs_done=session.epoch >= session.config.epochs):
            if control.paused or control.stopped:
                continue
            break
        result = _step_or_diverge(session, control, emit)
        if result is None:
            continue
        control.batch_done(result.epoch_ended)
        _after_step(session, control, emit, result, pacing)
    session._publish_if_wanted(force=True)
    emit(progress(session))
    emit(Finished(reason, session.updates, session.epoch))


def _take_live_settings(session: TrainingSession, control: RunControl, emit) -> None:
    """Apply the settings changed since the last mini-batch and report every change."""
    changes = control.take_settings()
    if changes:
        with session._lock:
            live_settings.apply(session, changes)
    for change in session.take_unreported_changes():
        emit(change)


def _stay_paused(session: TrainingSession, control: RunControl, emit, pacing: _Pacing) -> None:
    """Report a pause once, with the views up to date, then wait for the next command."""
    if not pacing.was_paused:
        pacing.was_paused = True
        session._idle_in_run = True
        session._publish_if_wanted(force=True)
        emit(progress(session))
        emit(Paused(session.updates, session.epoch, control.pause_reason()))
    control.wait_while_paused()


def _after_step(
    session: TrainingSession, control: RunControl, emit, result: StepResult, pacing: _Pacing
) -> None:
    """The bookkeeping between two mini-batches: the record, the views' model reads, the
    snapshot and the reports, each at its own rate; then slow motion's wait."""
    if pacing.recording is not None:
        pacing.recording.after_step(session)
    session.answer_model_requests()
    now = time.perf_counter()
    if session._snapshot_wanted and now - pacing.last_snapshot >= pacing.snapshot_interval:
        session._publish_if_wanted()
        pacing.last_snapshot = now
    if result.epoch_ended and session.last_epoch_end is not None:
        emit(session.last_epoch_end)
    if now - pacing.last_progress >= pacing.progress_interval:
        emit(progress(session))
        pacing.last_progress = now
    if control.delay > 0:
        _slow_motion(session, control, emit)


def _step_or_diverge(session: TrainingSession, control: RunControl, emit) -> StepResult | None:
    """One mini-batch; None when it diverged (training then pauses with a message)."""
    from playground.engine import NonFiniteError

    try:
        with session._lock:
            return session._step()
    except NonFiniteError as exc:
        with session._lock:
            restored = session.checkpoint.restore_if_not_finite(session.model)
            message = divergence_message(session, exc, restored)
            session._version += 1
        control.pause_for("diverged")
        emit(Diverged(message, session.updates, session.learning_rate))
        return None


def _slow_motion(session: TrainingSession, control: RunControl, emit) -> None:
    """The wait after a mini-batch in slow motion, with the views up to date meanwhile."""
    session._publish_if_wanted(force=True)
    emit(progress(session))
    session._idle_in_run = True
    control.sleep(control.delay)
    session._idle_in_run = False


def progress(session: TrainingSession) -> Progress:
    return Progress(
        session.updates,
        session.epoch,
        session.epoch_progress,
        session._last_batch_loss,
        session.samples_per_second,
        session.elapsed,
        session.eta,
        session.learning_rate,
    )


def divergence_message(session: TrainingSession, exc: Exception, restored: bool) -> str:
    lr = session.learning_rate
    kept = (
        f"the weights went back to update {session.checkpoint.updates:,}"
        if restored
        else "the weights keep their last finite values"
    )
    return (
        f"Training diverged at update {session.updates + 1:,}: the loss or a gradient became "
        f"infinite or NaN with learning rate {lr:g}. Training paused and {kept}. "
        f"Try a smaller learning rate, such as {lr / 10:g}."
    )
