"""Training on a QThread: a QObject worker runs the Qt-free session loop and signals the window.

The session's own loop (``TrainingSession.run``) does the work and checks the thread-safe
``RunControl`` between mini-batches; the worker only turns its events into queued signals.
The session reports progress at a bounded rate and the views pull snapshots on a timer, so a
batch size of 1 cannot flood the GUI thread's event queue.
"""

from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot


class TrainingWorker(QObject):
    eventReceived = Signal(object)
    failed = Signal(str, str)  # message, traceback text
    done = Signal()

    def __init__(self, session, control, thread_plan=None):
        super().__init__()
        self._session = session
        self._control = control
        self._thread_plan = thread_plan

    @Slot()
    def run(self) -> None:
        from playground.training.blas_threads import following

        try:
            # The window keeps a core: BLAS threads that lose their core to the event loop (or
            # to other programs) make every matrix product many times slower.
            with following(self._thread_plan):
                self._session.run(self._control, self._on_event)
        except Exception as exc:
            text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            self.failed.emit(f"{type(exc).__name__}: {exc}", text)
        finally:
            _forget_dummy_thread()
            self.done.emit()

    def _on_event(self, event) -> None:
        self.eventReceived.emit(event)


def _forget_dummy_thread() -> None:
    """Python registers a _DummyThread for a Qt thread that asks for threading.current_thread()
    and never removes it (before 3.13); drop ours so finished runs leave nothing behind."""
    current = threading.current_thread()
    if isinstance(current, threading._DummyThread):
        with threading._active_limbo_lock:
            threading._active.pop(threading.get_ident(), None)


class TrainingRunner(QObject):
    """Owns the thread: start one run, stop it (waiting a bounded time), know if it is alive."""

    started = Signal()
    stopped = Signal()
    eventReceived = Signal(object)
    failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None, thread_plan="beside_window"):
        """``thread_plan``: how training uses the cores (a ``ThreadPlan``; "beside_window":
        the plan for this machine that leaves the window a core; None: NumPy's own setting)."""
        super().__init__(parent)
        if thread_plan == "beside_window":
            from playground.training.blas_threads import plan_beside_window

            thread_plan = plan_beside_window()
        self.thread_plan = thread_plan
        self.record_to: str | None = None  # where each run's record is kept
        self.start_from: tuple[str, int] | None = None  # the next session's moment (a branch)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self.control = None

    def make_session(self, config, dataset, model=None):
        from playground.training import TrainingSession

        session = TrainingSession(config, dataset=dataset, model=model)
        start_from, self.start_from = self.start_from, None
        branch_of = None
        if start_from is not None:
            from playground.training.recording.replay import continue_from

            branch_of = continue_from(session, start_from)
        if self.record_to is not None:
            from pathlib import Path

            from playground.training.recording.session_recording import SessionRecording

            session.recording = SessionRecording(Path(self.record_to), branch_of=branch_of)
        return session

    def make_control(self, paused: bool, delay: float):
        from playground.training import RunControl

        return RunControl(paused=paused, delay=delay)

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, session, control) -> None:
        if self.is_running():
            raise RuntimeError("a training run is already active")
        self._cleanup()
        self.control = control
        thread = QThread()
        thread.setObjectName("nn-playground training")
        worker = TrainingWorker(session, control, self.thread_plan)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Direct: quit must not wait for the GUI thread, which may be blocked in wait().
        worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.eventReceived.connect(self.eventReceived)
        worker.failed.connect(self.failed)
        thread.finished.connect(self._on_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        self.started.emit()

    def stop(self, timeout_ms: int = 1000) -> bool:
        """Ask the loop to stop and wait; True when the thread has ended."""
        if self._thread is None:
            return True
        if self.control is not None:
            self.control.stop()
        ended = self._thread.wait(timeout_ms)
        if ended:
            self._on_finished()
        return ended

    def wait_stopped(self, total_ms: int = 30_000) -> bool:
        """For shutdown: stop within 1 s normally, but never leave a running thread behind."""
        if self.stop(1000):
            return True
        return self.stop(total_ms)

    def shutdown(self) -> bool:
        return self.wait_stopped()

    def _on_finished(self) -> None:
        if self._thread is None or self._thread.isRunning():
            return
        self._cleanup()
        self.stopped.emit()

    def _cleanup(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if worker is not None:
            worker.deleteLater()
        if thread is not None:
            thread.wait()
            thread.deleteLater()
