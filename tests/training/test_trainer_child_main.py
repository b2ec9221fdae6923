"""The trainer's entry point on a thread of this process, with a real pipe to it: what the
window receives from start to end, and how the trainer finds its data and its record."""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from playground.training import TrainingConfig, trainer_child
from playground.training.events import Paused
from playground.training.model_builder import build_model
from playground.training.recording.session_recording import SessionRecording
from playground.training.session import TrainingSession
from playground.training.trainer_child import DatasetRef, TrainerSpec, _recording, fingerprint

CONFIG = TrainingConfig(
    hidden=(8,), optimizer="sgd", learning_rate=0.1, batch_size=50, epochs=3, seed=5
)
WAIT = 10.0  # in this process, answers take milliseconds
# The trainer's exit, faked here, ends the thread that calls it with SystemExit, which pytest
# reports as an exception in that thread.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


class Window:
    """The window's end of the pipe, and the thread that runs the trainer's entry point."""

    def __init__(self, conn, thread: threading.Thread) -> None:
        self.conn, self.thread = conn, thread
        self.seen: list[tuple] = []

    def send(self, *command) -> None:
        self.conn.send(command)

    def wait_for(self, accept, timeout: float = WAIT) -> tuple:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.conn.poll(remaining):
                raise AssertionError(f"not received; last messages: {self.seen[-5:]}")
            message = self.conn.recv()
            self.seen.append(message)
            if accept(message):
                return message

    def kind(self, kind: str) -> tuple:
        return self.wait_for(lambda m: m[0] == kind)

    def close(self) -> None:
        """Quit, read on until the entry point returns (a full pipe would hold the trainer
        up), and close the window's end."""
        if not self.conn.closed:
            with contextlib.suppress(OSError):
                self.send("quit")
            deadline = time.monotonic() + WAIT
            with contextlib.suppress(OSError, EOFError):
                while self.thread.is_alive() and time.monotonic() < deadline:
                    if self.conn.poll(0.05):
                        self.conn.recv()
            self.conn.close()
        self.thread.join(WAIT)


pytestmark = pytest.mark.usefixtures("plan_at_normal_priority")


@pytest.fixture
def trainer():
    """start(spec) runs ``child_main`` on a thread; its exit calls end that thread instead."""
    codes: list = []

    def _exit(code) -> None:
        codes.append(code)
        raise SystemExit(code)

    real_os = trainer_child.os
    trainer_child.os = SimpleNamespace(_exit=_exit)
    before = set(threading.enumerate())
    windows: list[Window] = []

    def start(spec: TrainerSpec) -> Window:
        conn, child_end = multiprocessing.Pipe()
        # Not a daemon, as the trainer process's main thread is not: the threads the entry
        # point starts must be daemons by their own making.
        thread = threading.Thread(
            target=trainer_child.child_main, args=(child_end, spec), daemon=False
        )
        thread.start()
        windows.append(Window(conn, thread))
        return windows[-1]

    start.exits = codes  # type: ignore[attr-defined]
    yield start
    for window in windows:
        window.close()
    left = [
        t
        for t in set(threading.enumerate()) - before
        if t.name != "playground-elementwise" and (t.join(WAIT) or t.is_alive())
    ]
    # A trainer thread still alive could end this process when it meets the closed pipe.
    assert not left, f"trainer threads still running: {[t.name for t in left]}"
    trainer_child.os = real_os


def _trainer_threads() -> dict[str, bool]:
    return {t.name: t.daemon for t in threading.enumerate() if t.name.startswith("trainer ")}


def test_ready_then_steps_on_command_then_the_end_on_quit(trainer, synthetic):
    window = trainer(TrainerSpec(CONFIG, synthetic, paused=True))
    _, ready, weights, state = window.kind("ready")
    assert ready.updates == 0 and ready.display.images.shape == (0, 1, 1)
    assert len(ready.gradient_norms) == 2  # a series per layer: the views have not said yet
    assert [w.shape for w in weights] == [(784, 8), (8,), (8, 10), (10,)]
    assert isinstance(state, tuple)
    window.wait_for(lambda m: m[0] == "event" and isinstance(m[1], Paused))
    assert isinstance(window.kind("alive")[1], float)
    assert _trainer_threads() == {
        "trainer commands": True,
        "trainer heartbeat": True,
        "trainer snapshots": True,
    }

    window.send("steps", 2)
    window.wait_for(lambda m: m[0] == "event" and isinstance(m[1], Paused) and m[1].updates == 2)
    before = [m for m in window.seen if m[0] == "snapshot"][-1]
    assert before[1].updates == 2 and not np.array_equal(before[2][0], weights[0])
    window.send("snapshot")
    assert window.kind("snapshot")[1].updates == 2

    window.send("quit")
    window.kind("run_ended")
    last = [m for m in window.seen if m[0] == "snapshot"][-1]
    assert last[1].updates == 2 and last[2] is not None
    assert window.kind("ended") == ("ended",)
    window.thread.join(WAIT)
    assert not window.thread.is_alive()
    window.close()  # the closed pipe ends the command thread, as it would the process
    for thread in threading.enumerate():
        if thread.name.startswith("trainer "):
            thread.join(WAIT)
    assert trainer.exits == [0] and _trainer_threads() == {}


def test_a_failure_while_starting_is_all_the_window_hears(trainer, synthetic):
    # 10^12 weights: refused by the shared size limits before anything is allocated.
    window = trainer(TrainerSpec(CONFIG.replace(hidden=(1, 10**12)), synthetic))
    kind, failure = window.kind("failed")
    assert failure.kind == "ConfigError" and "limit of 65,536" in failure.message
    assert "Traceback" in failure.traceback and "ConfigError" in failure.traceback
    window.thread.join(WAIT)
    assert window.seen == [(kind, failure)]
    assert _trainer_threads() == {}


@pytest.fixture
def datasets(monkeypatch, synthetic) -> list:
    """The names the trainer asks ``load_dataset`` for; each answer is the synthetic set."""
    from playground.data import datasets as module

    names: list = []

    def load_dataset(name, *args, **kwargs):
        names.append(name)
        return synthetic

    monkeypatch.setattr(module, "load_dataset", load_dataset)
    return names


def test_the_trainer_reads_a_named_data_set_itself(trainer, datasets, synthetic):
    window = trainer(TrainerSpec(CONFIG, "my digits", run=False))
    assert window.kind("ready")[1].updates == 0
    window.close()
    ref = DatasetRef.of("other digits", synthetic)
    window = trainer(TrainerSpec(CONFIG, ref, run=False))
    window.kind("ready")
    window.close()
    assert datasets == ["my digits", "other digits"]


def test_a_data_set_changed_since_the_window_read_it_is_refused(trainer, datasets, synthetic):
    x = synthetic.x_train.copy()
    x[0, 14, 14] ^= 0xFF
    before = dataclasses.replace(synthetic, x_train=x)
    window = trainer(TrainerSpec(CONFIG, DatasetRef.of("my digits", before)))
    _, failure = window.kind("failed")
    assert failure.kind == "ValueError"
    assert failure.message == "the data set 'my digits' changed on disk since it was read"


def test_the_trainer_trains_the_model_it_was_given(trainer, synthetic):
    model = build_model(CONFIG.replace(seed=99), 784, 10)
    own = build_model(CONFIG, 784, 10)
    assert not np.array_equal(model.get_weights()[0], own.get_weights()[0])
    window = trainer(TrainerSpec(CONFIG, synthetic, model=model, run=False))
    weights = window.kind("ready")[2]
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.get_weights(), strict=True))


@pytest.fixture
def branches(monkeypatch) -> list:
    """What ``continue_from`` was asked: the session and the branch's moment."""
    from playground.training.recording import replay

    asked: list = []

    def continue_from(session, start):
        asked.append((session, start))
        return {"run": Path(start[0]).name, "updates": int(start[1])}

    monkeypatch.setattr(replay, "continue_from", continue_from)
    return asked


def test_a_recorded_trainer_keeps_its_runs_where_the_window_said(
    trainer, synthetic, branches, tmp_path
):
    spec = TrainerSpec(
        CONFIG, synthetic, paused=True, record_to=str(tmp_path), start_from=("old", 3)
    )
    window = trainer(spec)
    window.wait_for(lambda m: m[0] == "event" and isinstance(m[1], Paused))
    window.send("quit")
    window.kind("ended")
    [(session, start)] = branches
    assert isinstance(session, TrainingSession) and start == ("old", 3)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 1  # the run's folder


def test_the_record_and_the_branch_a_session_starts_with(synthetic, branches, tmp_path):
    session = TrainingSession(CONFIG, synthetic)
    assert _recording(session, TrainerSpec(CONFIG, synthetic)) is None
    kept = _recording(session, TrainerSpec(CONFIG, synthetic, record_to=str(tmp_path)))
    assert isinstance(kept, SessionRecording)
    assert kept.root == tmp_path and kept.branch_of is None and branches == []
    spec = TrainerSpec(CONFIG, synthetic, record_to=str(tmp_path), start_from=("a/run", 7))
    branch = _recording(session, spec)
    assert branch.root == tmp_path and branch.branch_of == {"run": "run", "updates": 7}
    assert branches == [(session, ("a/run", 7))]
    # A branch not kept is still put at its moment.
    assert _recording(session, TrainerSpec(CONFIG, synthetic, start_from=("b", 1))) is None
    assert branches[-1] == (session, ("b", 1))


def test_a_data_set_is_known_by_its_shapes_and_sampled_checksums(synthetic):
    ref = DatasetRef.of("digits", synthetic)
    assert ref == DatasetRef("digits", fingerprint(synthetic))
    names, *rest = ref.fingerprint
    assert names == synthetic.class_names
    assert rest[:4] == [(600, 28, 28), (600,), (200, 28, 28), (200,)]
    assert all(isinstance(s, int) for s in rest[4:]) and len(rest) == 8
    x = synthetic.x_train.copy()
    x[0, 3, 3] ^= 0xFF
    changed = dataclasses.replace(synthetic, x_train=x)
    assert fingerprint(changed) != ref.fingerprint
    y = synthetic.y_test.copy()
    y[0] = (y[0] + 1) % 10
    relabelled = dataclasses.replace(synthetic, y_test=y)
    assert fingerprint(relabelled) != ref.fingerprint


def test_a_reference_loads_the_set_it_names_if_unchanged(datasets, synthetic):
    ref = DatasetRef.of("digits", synthetic)
    assert ref.load() is synthetic and datasets == ["digits"]
