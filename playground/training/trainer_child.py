"""The trainer process's own side: it owns the session, trains, and streams what it sees.

Started by ``TrainerProcess`` (spawn). Commands arrive on the pipe; events, snapshots and
heartbeats go back. A closed pipe means the window is gone: the process ends at once, so no
trainer outlives a killed window.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any

from playground.training.config import TrainingConfig
from playground.training.control import RunControl
from playground.training.events import Failed
from playground.training.session import TrainingSession

HEARTBEAT = 0.25  # seconds between signs of life (the window reports a hang after several)
SNAPSHOT_INTERVAL = 1 / 30  # at most this often a snapshot, and only once the last was taken


@dataclass(frozen=True)
class TrainerSpec:
    """What a trainer process starts from: settings, data (a source name or the set), and
    optionally a model to continue."""

    config: TrainingConfig
    dataset: Any  # a playground.data.Dataset, or a source name for load_dataset
    model: Any = None
    paused: bool = False
    delay: float = 0.0


@dataclass(frozen=True)
class Failure:
    """A failure as text: exceptions of any kind cross the pipe this way."""

    kind: str
    message: str
    traceback: str


class _Child:
    def __init__(self, conn, spec: TrainerSpec) -> None:
        self.conn = conn
        self.send_lock = threading.Lock()
        self.control = RunControl(paused=spec.paused, delay=spec.delay)
        self.session: TrainingSession | None = None
        self.taken = threading.Event()  # the window took the last snapshot: send the next
        self.taken.set()
        self.wanted = threading.Event()  # a snapshot is asked for now (pause, a new view)
        self.done = threading.Event()

    def send(self, *message: Any) -> None:
        try:
            with self.send_lock:
                self.conn.send(message)
        except (OSError, EOFError):  # the window is gone
            os._exit(0)

    def on_event(self, event: Any) -> None:
        if isinstance(event, Failed):
            exc = event.exception
            failure = Failure(type(exc).__name__, str(exc), event.traceback)
            self.send("failed", failure)
        else:
            self.send("event", event)
        self.wanted.set()

    def commands(self) -> None:
        """Obey the window until the pipe closes; a closed pipe ends the process."""
        while True:
            try:
                name, *args = self.conn.recv()
            except (OSError, EOFError):
                os._exit(0)
            self.obey(name, args)

    def obey(self, name: str, args: list[Any]) -> None:
        control, session = self.control, self.session
        if name == "taken":
            self.taken.set()
        elif name == "snapshot":
            self.wanted.set()
        elif name == "pause":
            control.pause()
        elif name == "resume":
            control.resume()
        elif name == "steps":
            control.request_steps(int(args[0]))
        elif name == "epoch":
            control.request_epoch()
        elif name == "stop":
            control.stop()
        elif name == "learning_rate":
            control.set_learning_rate(float(args[0]))
        elif name == "delay":
            control.set_delay(float(args[0]))
        elif name == "details" and session is not None:
            session.set_detail_demand(weights=bool(args[0]), predictions=bool(args[1]))
        elif name == "confusion" and session is not None:
            session.request_confusion()
            self.wanted.set()

    def stream(self) -> None:
        """Snapshots (and the weights they were taken from) while training runs."""
        session = self.session
        assert session is not None
        last = -1
        while not self.done.is_set():
            self.wanted.wait(SNAPSHOT_INTERVAL)
            if not self.taken.is_set() and not self.wanted.is_set():
                continue
            if session.updates == last and not self.wanted.is_set():
                continue
            self.wanted.clear()
            self.taken.clear()
            snap = session.snapshot()
            weights = session.try_with_model(lambda model: model.get_weights())
            last = snap.updates
            self.send("snapshot", snap, weights)

    def heartbeat(self) -> None:
        while not self.done.wait(HEARTBEAT):
            self.send("alive", time.monotonic())


def child_main(conn, spec: TrainerSpec) -> None:
    """The trainer process's entry point (a module-level function, as spawn needs)."""
    child = _Child(conn, spec)
    threading.Thread(target=child.commands, name="trainer commands", daemon=True).start()
    threading.Thread(target=child.heartbeat, name="trainer heartbeat", daemon=True).start()
    try:
        dataset = spec.dataset
        if isinstance(dataset, str):
            from playground.data.datasets import load_dataset

            dataset = load_dataset(dataset)
        child.session = TrainingSession(spec.config, dataset=dataset, model=spec.model)
    except BaseException as exc:  # MemoryError included: the window shows it
        child.send("failed", Failure(type(exc).__name__, str(exc), traceback.format_exc()))
        child.done.set()
        return
    child.send("ready", child.session.snapshot(), child.session.model.get_weights())
    streamer = threading.Thread(target=child.stream, name="trainer snapshots", daemon=True)
    streamer.start()
    child.session.run(child.control, child.on_event)
    child.done.set()
    streamer.join()
    child.send("snapshot", child.session.snapshot(), child.session.model.get_weights())
    child.send("ended")
