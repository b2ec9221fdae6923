"""The link between a training session and its run records: the run loop calls it once per
update and passes it every event; it starts a new run folder when a run starts afresh."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playground.training.events import Finished, Paused, SettingChanged, Started
from playground.training.recording.moment import capture
from playground.training.recording.recorder import Budget, RunRecorder

if TYPE_CHECKING:
    from playground.training.session import TrainingSession


class SessionRecording:
    """Records whatever ``session`` trains into folders under ``root``."""

    def __init__(
        self,
        root: Path,
        *,
        name: str = "",
        budget: Budget | None = None,
        branch_of: dict[str, Any] | None = None,
        min_interval: float = 0.1,
    ) -> None:
        self.root = Path(root)
        self.name = name
        self.budget = budget
        self.branch_of = branch_of  # {"run": folder name, "updates": n} of a branch's start
        self.min_interval = min_interval
        self.recorder: RunRecorder | None = None
        self._last_updates = 0
        self.errors: list[str] = []  # a disk that fills up stops recording, never training

    def watching(
        self, emit: Callable[[Any], None], session: TrainingSession
    ) -> Callable[[Any], None]:
        """``emit`` that first records the event."""

        def record_then_emit(event: Any) -> None:
            self._guarded(self._on_event, event, session)
            emit(event)

        return record_then_emit

    def after_step(self, session: TrainingSession) -> None:
        self._guarded(self._after_step, session)

    def close(self) -> None:
        if self.recorder is not None:
            self._guarded(self.recorder.close)

    # -- the work ----------------------------------------------------------------------------
    def _on_event(self, event: Any, session: TrainingSession) -> None:
        if isinstance(event, Started):
            if self.recorder is None or session.updates < self._last_updates:
                self.start(session)  # the first run, or the session was reset since
        elif isinstance(event, SettingChanged):
            if self.recorder is not None:
                self.recorder.event(
                    {
                        "updates": event.updates,
                        "name": event.name,
                        "old": _json(event.old),
                        "new": _json(event.new),
                    }
                )
        elif isinstance(event, (Paused, Finished)) and self.recorder is not None:
            self.recorder.flush()
            with session.between_batches():  # where it stands: to replay up to, or branch from
                self.recorder.moment(capture(session))

    def start(self, session: TrainingSession) -> None:
        """A new run folder beginning with the session's moment now."""
        if self.recorder is not None:
            self.recorder.close()
        # To the microsecond: runs sort by folder name, even several started in one second.
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        folder = self.root / f"{stamp}-{secrets.token_hex(3)}"
        header = {
            "name": self.name or run_name(session.config),
            "created": datetime.datetime.now().isoformat(timespec="seconds"),
            "config": session.config.to_dict(),
            "branch_of": self.branch_of,
        }
        self.branch_of = None  # a Reset later starts a run of its own
        self.recorder = RunRecorder(folder, header, self.budget, min_interval=self.min_interval)
        with session.between_batches():
            self.recorder.moment(capture(session))
        self._last_updates = session.updates

    def _after_step(self, session: TrainingSession) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        self._last_updates = u = session.updates
        norms = [h.last for h in session.gradient_history]
        recorder.metrics(
            [
                u,
                session.epoch + session.epoch_progress,
                session.elapsed,
                session.history.last,
                session.batch_accuracy.last,
                *norms,
            ]
        )
        if recorder.moment_due(u):
            with session.between_batches():
                recorder.moment(capture(session))

    def _guarded(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except OSError as exc:
            self.errors.append(f"Recording stopped: {exc}")
            self.recorder = None


def run_name(config: Any) -> str:
    """A run's default name: what sets it apart in a lecture."""
    layers = "-".join(str(n) for n in config.hidden) or "no hidden layer"
    return (
        f"{layers} {config.activation}, {config.loss}, {config.optimizer} "
        f"lr {config.learning_rate:g}, batch {config.batch_size}"
    )


def _json(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
