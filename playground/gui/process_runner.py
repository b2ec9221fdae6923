"""Training in a trainer process, for the window: the runner the run controller drives.

The trainer owns the model and the data; the window keeps a ``MirrorSession`` that follows
its snapshots. Messages from the trainer's reader thread cross into the GUI thread as a
queued signal; a stop waits for the trainer's answer on a plain event (the GUI thread may be
the one waiting).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from playground.training.mirror_session import MirrorSession
from playground.training.trainer_child import DatasetRef, Failure, TrainerSpec
from playground.training.trainer_process import TrainerProcess


class RemoteControl:
    """The run commands of ``RunControl``, sent to the trainer."""

    def __init__(self, trainer: TrainerProcess, paused: bool, delay: float) -> None:
        self._send = trainer.send
        self.paused, self.delay = paused, delay  # how the run begins

    def pause(self) -> None:
        self._send("pause")

    def resume(self) -> None:
        self._send("resume")

    def stop(self) -> None:
        self._send("stop")

    def request_steps(self, n: int = 1) -> None:
        self._send("steps", int(n))

    def request_epoch(self) -> None:
        self._send("epoch")

    def set_delay(self, seconds: float) -> None:
        self.delay = float(seconds)
        self._send("delay", self.delay)

    def set_learning_rate(self, learning_rate: float) -> None:
        self._send("learning_rate", float(learning_rate))

    def set_settings(self, changes: dict) -> None:
        self._send("settings", dict(changes))


class ProcessRunner(QObject):
    """One trainer process per session; runs of it started and stopped on command."""

    started = Signal()
    stopped = Signal()
    eventReceived = Signal(object)
    failed = Signal(str, str)  # message, details
    snapshotArrived = Signal()  # while no run is active (a run's frames draw the rest)
    _arrived = Signal(object)  # a message from the reader thread, queued to the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread_plan = None  # the trainer uses NumPy's own threads: drawing no longer waits
        self.record_to: str | None = None  # where the trainer keeps each run's record
        self.start_from: tuple[str, int] | None = None  # the next session's moment (a branch)
        self._trainer: TrainerProcess | None = None
        self._mirror: MirrorSession | None = None
        # Runs started (GUI thread) and ended (the trainer's word, on the reader thread), and
        # the ends announced with ``stopped``: a late word of an old run ends no new one.
        self._started = self._ended = self._announced = 0
        self._ends = threading.Condition()
        self._arrived.connect(self._on_message)

    # -- the Runner protocol -----------------------------------------------------------------
    def make_session(self, config, dataset, model=None) -> MirrorSession:
        from playground.training import TrainingSession

        self.shutdown()
        start_from, self.start_from = self.start_from, None
        spec = TrainerSpec(
            config,
            _data_for_trainer(dataset),
            model,
            run=False,
            record_to=self.record_to,
            start_from=start_from,
        )
        trainer = TrainerProcess(spec, self._receive)
        trainer.start()  # the new interpreter starts while the window prepares its copy
        try:
            local = TrainingSession(config, dataset=dataset, model=model)  # checks settings
            if start_from is not None:
                from playground.training.recording.replay import continue_from

                continue_from(local, start_from)  # the trainer's session does the same
        except BaseException:
            trainer.stop(1.0)
            raise
        self._trainer, self._mirror = trainer, MirrorSession(local, trainer.send)
        return self._mirror

    def make_control(self, paused: bool, delay: float) -> RemoteControl:
        assert self._trainer is not None
        return RemoteControl(self._trainer, paused, delay)

    def is_running(self) -> bool:
        with self._ends:
            return self._started > self._ended

    def start(self, session: MirrorSession, control: RemoteControl) -> None:
        if self.is_running():
            raise RuntimeError("a training run is already active")
        if session is not self._mirror or self._trainer is None:
            raise RuntimeError("this session's trainer has ended")
        with self._ends:
            self._started += 1
        self._trainer.send("run", control.paused, control.delay)
        self.started.emit()

    def stop(self, timeout_ms: int = 1000) -> bool:
        """Ask the run to stop and wait for the trainer's answer; True when it ended."""
        if not self.is_running() or self._trainer is None:
            return True
        self._trainer.send("stop")
        with self._ends:
            if not self._ends.wait_for(lambda: self._ended >= self._started, timeout_ms / 1000):
                return False
        self._announce()
        return True

    def wait_stopped(self, total_ms: int = 30_000) -> bool:
        return self.stop(1000) or self.stop(total_ms)

    def shutdown(self) -> bool:
        """End the run and the trainer process (within about a second)."""
        trainer, self._trainer = self._trainer, None
        if self._mirror is not None:
            self._mirror.alive = False
        clean = True if trainer is None else trainer.stop(1.0)
        self._all_ended()
        return clean

    # -- messages ----------------------------------------------------------------------------
    def _receive(self, message: tuple) -> None:
        """On the reader thread: answers someone waits for now, the rest to the GUI thread."""
        kind = message[0]
        if kind == "saved" and self._mirror is not None:
            self._mirror.replies.put(message[1])
            return
        if kind == "run_ended":
            with self._ends:
                self._ended += 1
                self._ends.notify_all()
        if kind != "alive":
            self._arrived.emit((self._mirror, message))

    def _on_message(self, item: tuple) -> None:
        mirror, message = item
        if mirror is not self._mirror or mirror is None:
            return  # from a trainer that has been replaced
        kind = message[0]
        if kind in ("ready", "snapshot"):
            mirror.take(*message[1:])
            if self._trainer is not None:
                self._trainer.send("taken")
            if not self.is_running():
                self.snapshotArrived.emit()
        elif kind == "event":
            self.eventReceived.emit(message[1])
        elif kind == "run_ended":
            self._announce()
        elif kind == "failed":
            failure: Failure = message[1]
            self.failed.emit(f"{failure.kind}: {failure.message}", failure.traceback)
        elif kind == "ended":
            mirror.alive = False
            self._all_ended()

    def _all_ended(self) -> None:
        """The trainer is gone: whatever ran has ended."""
        with self._ends:
            self._ended = self._started
            self._ends.notify_all()
        self._announce()

    def _announce(self) -> None:
        if self._announced < self._ended and not self.is_running():
            self._announced = self._ended
            self.stopped.emit()


def _data_for_trainer(dataset):
    """A bundled set the window holds goes by name (the trainer reads it itself); any
    other set is sent whole."""
    from playground.training.dataset_cache import KEPT, shared_datasets

    cache = shared_datasets()
    for source in KEPT:
        if cache.get(source) is dataset:
            return DatasetRef.of(source, dataset)
    return dataset
