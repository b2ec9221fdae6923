"""The trainer process's own side: it owns the session, trains, and streams what it sees.

Started by ``TrainerProcess`` (spawn), it keeps one session for its whole life: each
``run`` command trains until paused for good, stopped or done, and the next continues the
same weights and history. Events, snapshots (with the weights they show) and heartbeats go
back on the pipe. A closed pipe means the window is gone: the process ends at once, so no
trainer outlives a killed window.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import threading
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from playground.training.config import TrainingConfig
from playground.training.control import RunControl
from playground.training.events import Diverged, Failed, Finished, Paused
from playground.training.session import TrainingSession
from playground.training.snapshot import Snapshot

HEARTBEAT = 0.25  # seconds between signs of life (the window reports a hang after several)
SNAPSHOT_INTERVAL = 1 / 30  # at most this often a snapshot, and only once the last was taken
# The weights (2.6 MB for 784-500-500-10) go with a snapshot at most this often while training
# runs, and always when it pauses or ends: the views that probe the model refresh at 5/s.
WEIGHTS_INTERVAL = 0.2


@dataclass(frozen=True)
class TrainerSpec:
    """What a trainer process starts from: settings, data (a source name or the set), and
    optionally a model to continue."""

    config: TrainingConfig
    dataset: Any  # a playground.data.Dataset, a DatasetRef, or a source name for load_dataset
    model: Any = None
    paused: bool = False  # with ``run``: start a run at once (paused or not)
    delay: float = 0.0
    run: bool = True
    record_to: str | None = None  # the folder that keeps every run's record (none: not kept)
    start_from: tuple[str, int] | None = None  # (run folder, updates): a branch's moment


@dataclass(frozen=True)
class DatasetRef:
    """A bundled data set by name, with a fingerprint of the one the window holds: the
    trainer reads it itself instead of receiving ~55 MB through the spawn pipe, which the
    window would wait on while the new interpreter starts."""

    source: str
    fingerprint: tuple

    @classmethod
    def of(cls, source: str, dataset: Any) -> DatasetRef:
        return cls(source, fingerprint(dataset))

    def load(self) -> Any:
        from playground.data.datasets import load_dataset

        dataset = load_dataset(self.source)
        if fingerprint(dataset) != self.fingerprint:
            raise ValueError(f"the data set {self.source!r} changed on disk since it was read")
        return dataset


def fingerprint(dataset: Any) -> tuple:
    """Shapes and checksums of the labels and of a sample of the images (a few ms)."""
    arrays = (dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test)
    sums = tuple(zlib.crc32(np.ascontiguousarray(a[::97]).tobytes()) for a in arrays)
    return (dataset.class_names, *(a.shape for a in arrays), *sums)


@dataclass(frozen=True)
class Failure:
    """A failure as text: exceptions of any kind cross the pipe this way."""

    kind: str
    message: str
    traceback: str


class _Child:
    def __init__(self, conn) -> None:
        self.conn = conn
        self.send_lock = threading.Lock()
        self.control: RunControl | None = None
        self.session: TrainingSession | None = None
        self.runs: queue.Queue[RunControl | None] = queue.Queue()
        self.taken = threading.Event()  # the window took the last snapshot: send the next
        self.taken.set()
        self.wanted = threading.Event()  # a snapshot is asked for now
        self.done = threading.Event()
        self.weights_sent = -float("inf")
        # What the window's visible view needs streamed (``details``): all until it says.
        self.want_gradients = self.want_model = True

    def send(self, *message: Any) -> None:
        try:
            with self.send_lock:
                self.conn.send(message)
        except (OSError, EOFError):  # the window is gone
            os._exit(0)

    def send_snapshot(self, weights_due: bool = True) -> None:
        session = self.session
        if session is None:
            return
        weights = optimizer_state = None
        now = time.monotonic()
        if weights_due or (self.want_model and now - self.weights_sent >= WEIGHTS_INTERVAL):
            state = session.try_with_model(model_state)
            if state is not None:
                weights, optimizer_state = state
            self.weights_sent = now
        snapshot = for_window(session.snapshot(), gradients=self.want_gradients)
        self.send("snapshot", snapshot, weights, optimizer_state)

    def set_demand(self, weights: bool, predictions: bool, gradients: bool, model: bool) -> None:
        """What the visible view shows; a view that probes the model gets the weights now."""
        assert self.session is not None
        self.session.set_detail_demand(weights=weights, predictions=predictions)
        if model and not self.want_model:
            self.weights_sent = -float("inf")
        self.want_gradients, self.want_model = gradients, model
        self.wanted.set()

    def on_event(self, event: Any) -> None:
        if isinstance(event, Failed):
            exc = event.exception
            self.send("failed", Failure(type(exc).__name__, str(exc), event.traceback))
            return
        if isinstance(event, (Paused, Diverged, Finished)):
            self.send_snapshot()  # the window has the weights before it hears of the pause
        self.send("event", event)

    def commands(self) -> None:
        """Obey the window until the pipe closes; a closed pipe ends the process."""
        while True:
            try:
                name, *args = self.conn.recv()
            except (OSError, EOFError):
                os._exit(0)
            try:
                self.obey(name, args)
            except Exception as exc:  # a bad command must not end the trainer silently
                self.send("failed", Failure(type(exc).__name__, str(exc), traceback.format_exc()))

    def obey(self, name: str, args: list[Any]) -> None:
        control, session = self.control, self.session
        if name == "taken":
            self.taken.set()
        elif name == "snapshot":
            self.wanted.set()
        elif name == "details" and session is not None:
            self.set_demand(*(bool(a) for a in args))
        elif name == "run":
            self.start_run(bool(args[0]), float(args[1]))
        elif name == "quit":
            if control is not None:
                control.stop()
            self.runs.put(None)
        elif name == "save" and session is not None:
            try:  # between mini-batches: the session lock keeps the model whole
                session.save_model(args[0])
                self.send("saved", None)
            except Exception as exc:
                self.send("saved", str(exc))
        elif control is not None and name in _RUN_COMMANDS:
            _RUN_COMMANDS[name](control, *args)
        elif session is not None and name in _SESSION_COMMANDS:
            _SESSION_COMMANDS[name](session, *args)
            self.wanted.set()

    def start_run(self, paused: bool, delay: float) -> None:
        # Made here, not by the training thread: commands sent right after "run" apply to it.
        self.control = RunControl(paused=paused, delay=delay)
        self.runs.put(self.control)

    def stream(self) -> None:
        """Snapshots while training runs, paced by the window taking them."""
        last = -1
        while not self.done.is_set():
            self.wanted.wait(SNAPSHOT_INTERVAL)
            session = self.session
            if session is None or not (self.taken.is_set() or self.wanted.is_set()):
                continue
            if session.updates == last and not self.wanted.is_set():
                continue
            self.wanted.clear()
            self.taken.clear()
            last = session.updates
            self.send_snapshot(weights_due=False)

    def heartbeat(self) -> None:
        while not self.done.wait(HEARTBEAT):
            self.send("alive", time.monotonic())

    def train(self) -> None:
        """Each ``run`` command: one run of the session, then wait for the next."""
        session = self.session
        assert session is not None
        from playground.training.blas_threads import following, plan_beside_window

        # The window draws on one of the cores: BLAS threads that spin while waiting for a
        # core the window holds would make every product many times slower (see blas_threads).
        plan = plan_beside_window()
        while (control := self.runs.get()) is not None:
            with following(plan):
                session.run(control, self.on_event)
            self.send_snapshot()
            self.send("run_ended")


# Commands for the live run (RunControl's own methods) and for the session between runs.
_RUN_COMMANDS: dict[str, Callable[..., None]] = {
    "pause": lambda c: c.pause(),
    "resume": lambda c: c.resume(),
    "steps": lambda c, n: c.request_steps(int(n)),
    "epoch": lambda c: c.request_epoch(),
    "stop": lambda c: c.stop(),
    "learning_rate": lambda c, lr: c.set_learning_rate(float(lr)),
    "settings": lambda c, changes: c.set_settings(dict(changes)),
    "delay": lambda c, s: c.set_delay(float(s)),
}
_SESSION_COMMANDS: dict[str, Callable[..., None]] = {
    "confusion": lambda s: s.request_confusion(),
    "reset": lambda s, seed: s.reset(int(seed)),
    "set_learning_rate": lambda s, lr: s.set_learning_rate(float(lr)),
    "change_settings": lambda s, changes: s.change_settings(dict(changes)),
}


def for_window(snapshot: Snapshot, gradients: bool = True) -> Snapshot:
    """The snapshot as it crosses the pipe: without the display digits' images (they never
    change, and the window's copy of the session has the same ones: ``MirrorSession.take``
    puts them back), and without the gradient norms unless a visible view plots them."""
    changes: dict[str, Any] = {}
    if snapshot.display is not None:
        changes["display"] = dataclasses.replace(snapshot.display, images=NO_IMAGES)
    if not gradients:
        changes["gradient_norms"] = []
    return dataclasses.replace(snapshot, **changes) if changes else snapshot


NO_IMAGES = np.zeros((0, 1, 1), np.float32)


def child_main(conn, spec: TrainerSpec) -> None:
    """The trainer process's entry point (a module-level function, as spawn needs)."""
    child = _Child(conn)
    try:
        dataset = spec.dataset
        if isinstance(dataset, DatasetRef):
            dataset = dataset.load()
        elif isinstance(dataset, str):
            from playground.data.datasets import load_dataset

            dataset = load_dataset(dataset)
        child.session = TrainingSession(spec.config, dataset=dataset, model=spec.model)
        child.session.recording = _recording(child.session, spec)
    except BaseException as exc:  # MemoryError included: the window shows it
        child.send("failed", Failure(type(exc).__name__, str(exc), traceback.format_exc()))
        return
    if spec.run:
        child.start_run(spec.paused, spec.delay)
    ready = for_window(child.session.snapshot())
    child.send("ready", ready, *model_state(child.session.model))
    # Commands are read once the session and its run exist: none sent meanwhile is lost.
    for target, name in (
        (child.commands, "trainer commands"),
        (child.heartbeat, "trainer heartbeat"),
        (child.stream, "trainer snapshots"),
    ):
        threading.Thread(target=target, name=name, daemon=True).start()
    child.train()
    child.done.set()
    child.send("ended")


def _recording(session: TrainingSession, spec: TrainerSpec) -> Any:
    """The session put at the branch's moment, if any, and what records its runs."""
    branch_of = None
    if spec.start_from is not None:
        from playground.training.recording.replay import continue_from

        branch_of = continue_from(session, spec.start_from)
    if spec.record_to is None:
        return None
    from playground.training.recording.session_recording import SessionRecording

    return SessionRecording(Path(spec.record_to), branch_of=branch_of)


def model_state(model) -> tuple[list, tuple]:
    """The weights and the optimizer's state (moments, step count): the window's copy then
    takes the same next step as the trainer would, e.g. in the Backpropagation view."""
    return model.get_weights(), model.optimizer.get_state()
