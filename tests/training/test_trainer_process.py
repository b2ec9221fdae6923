"""The trainer process: it starts, streams, obeys, reports failures, and never outlives
the process that started it."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from playground.training import TrainingConfig
from playground.training.events import Paused
from playground.training.snapshot import Snapshot
from playground.training.trainer_child import Failure, TrainerSpec
from playground.training.trainer_process import TrainerProcess

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals used to fake faults")

WAIT = 60.0  # a spawned interpreter imports NumPy and the engine first


class Inbox:
    """Messages from the reader thread, waited for by kind."""

    def __init__(self) -> None:
        self.queue: queue.Queue = queue.Queue()
        self.seen: list = []

    def __call__(self, message) -> None:
        self.queue.put(message)

    def wait_for(self, accept, timeout: float = WAIT):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"not received; last messages: {self.seen[-5:]}")
            message = self.queue.get(timeout=remaining)
            self.seen.append(message)
            if accept(message):
                return message


def _config(**changes) -> TrainingConfig:
    base = TrainingConfig(
        hidden=(16,), optimizer="sgd", learning_rate=0.1, batch_size=20, epochs=50, seed=3
    )
    return base.replace(**changes)


@pytest.fixture
def trainers():
    started: list[TrainerProcess] = []

    def start(spec: TrainerSpec, **kwargs) -> tuple[TrainerProcess, Inbox]:
        inbox = Inbox()
        trainer = TrainerProcess(spec, inbox, **kwargs)
        trainer.start()
        started.append(trainer)
        return trainer, inbox

    yield start
    for trainer in started:
        trainer.stop()
        assert not trainer.is_alive()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie still answers signal 0 until reaped; it trains no more.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] == "Z"


def test_it_streams_snapshots_and_weights_and_obeys_commands(trainers, synthetic):
    trainer, inbox = trainers(TrainerSpec(_config(), synthetic, paused=True))
    ready = inbox.wait_for(lambda m: m[0] == "ready")
    assert isinstance(ready[1], Snapshot) and ready[1].updates == 0
    assert [w.shape for w in ready[2]] == [(784, 16), (16,), (16, 10), (10,)]
    assert trainer.pid != os.getpid()

    trainer.send("steps", 3)
    # At a pause the weights come first, then the event: the window never sees stale ones.
    snap = inbox.wait_for(lambda m: m[0] == "snapshot" and m[1].updates == 3)
    assert snap[2] is not None
    assert not all((a == b).all() for a, b in zip(snap[2], ready[2], strict=True))
    inbox.wait_for(lambda m: m[0] == "event" and isinstance(m[1], Paused))
    trainer.send("snapshot")
    asked = inbox.wait_for(lambda m: m[0] == "snapshot")
    assert asked[1].updates == 3 and len(asked[1].batch_loss) == 3

    trainer.send("learning_rate", 0.05)
    trainer.send("resume")
    late = inbox.wait_for(lambda m: m[0] == "snapshot" and m[1].updates > 30)
    trainer.send("taken")
    assert late[1].learning_rate == pytest.approx(0.05)
    # How fast Stop ends training is measured by `python -m playground.commands.responsiveness`;
    # the bound here only keeps a hang from stalling the suite.
    assert trainer.stop(10.0)
    inbox.wait_for(lambda m: m[0] == "ended")


def test_an_error_in_the_trainer_is_reported(trainers, synthetic):
    # 10^12 weights (4 TB): the trainer refuses them by the shared size limits before it
    # allocates anything, and the window hears why.
    _, inbox = trainers(TrainerSpec(_config(hidden=(1, 10**12)), synthetic))
    failed = inbox.wait_for(lambda m: m[0] == "failed")
    assert isinstance(failed[1], Failure)
    assert failed[1].kind == "ConfigError" and "limit of 65,536" in failed[1].message


def test_a_trainer_that_dies_or_hangs_is_reported(trainers, synthetic):
    trainer, inbox = trainers(TrainerSpec(_config(), synthetic, paused=True), hang_seconds=1.5)
    inbox.wait_for(lambda m: m[0] == "ready")
    os.kill(trainer.pid, signal.SIGSTOP)  # frozen: no more signs of life
    try:
        hang = inbox.wait_for(lambda m: m[0] == "failed", timeout=20)
        assert hang[1].kind == "Hang"
    finally:
        os.kill(trainer.pid, signal.SIGCONT)
    os.kill(trainer.pid, signal.SIGKILL)
    died = inbox.wait_for(lambda m: m[0] == "failed", timeout=20)
    assert died[1].kind == "TrainerDied" and "-9" in died[1].message
    inbox.wait_for(lambda m: m[0] == "ended")


def test_a_killed_parent_leaves_no_trainer_behind(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            """
            import sys, threading
            sys.path.insert(0, sys.argv[1])
            from tests.training.conftest import make_synthetic
            from playground.training import TrainingConfig
            from playground.training.trainer_process import TrainerProcess
            from playground.training.trainer_child import TrainerSpec

            if __name__ == "__main__":
                ready = threading.Event()
                config = TrainingConfig(hidden=(16,), batch_size=20, epochs=1000)
                spec = TrainerSpec(config, make_synthetic())
                trainer = TrainerProcess(spec, lambda m: m[0] == "ready" and ready.set())
                trainer.start()
                ready.wait(60)
                print(trainer.pid, flush=True)
                threading.Event().wait()
            """
        )
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parent = subprocess.Popen(
        [sys.executable, str(script), root], stdout=subprocess.PIPE, text=True
    )
    try:
        child_pid = int(parent.stdout.readline())
        assert not _gone(child_pid)  # training, in its own process
    finally:
        parent.kill()
        parent.wait(10)
    deadline = time.monotonic() + 10
    while not _gone(child_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child_pid), "the trainer outlived the killed window"


def _streamed(inbox: Inbox, trainer: TrainerProcess, accept, timeout: float = WAIT):
    """The next streamed snapshot ``accept`` takes, each one taken as the window would."""

    def taken(message) -> bool:
        if message[0] == "snapshot":
            trainer.send("taken")
            return accept(message)
        return False

    return inbox.wait_for(taken, timeout)


def test_gradients_and_weights_stream_only_while_a_view_needs_them(trainers, synthetic):
    trainer, inbox = trainers(TrainerSpec(_config(), synthetic, delay=0.002))
    inbox.wait_for(lambda m: m[0] == "ready")
    # The Loss view: neither the gradient norms nor the weights are wanted.
    trainer.send("details", False, False, False, False)
    trainer.send("snapshot")  # answered after the demand: everything later follows it
    first = _streamed(inbox, trainer, lambda m: m[1].gradient_norms == [])
    later = [_streamed(inbox, trainer, lambda m: True) for _ in range(8)]
    assert all(m[1].gradient_norms == [] and m[2] is None for m in later)
    assert later[-1][1].updates > first[1].updates  # it went on training meanwhile

    # The Weights view plots the gradient norms; a probing view wants the model at once.
    trainer.send("details", True, False, True, True)
    shown = _streamed(inbox, trainer, lambda m: m[2] is not None)
    assert shown[1].gradient_norms and all(len(s) > 0 for s in shown[1].gradient_norms)
    assert [w.shape for w in shown[2]] == [(784, 16), (16,), (16, 10), (10,)]

    # Unwanted weights still come with a pause: the window's copy is never stale at rest.
    trainer.send("details", False, False, False, False)
    trainer.send("pause")
    inbox.wait_for(lambda m: m[0] == "snapshot" and m[2] is not None)
    inbox.wait_for(lambda m: m[0] == "event" and isinstance(m[1], Paused))


def test_a_bundled_data_set_goes_by_name_and_is_checked(synthetic, monkeypatch):
    import dataclasses

    from playground.data import datasets
    from playground.training.trainer_child import DatasetRef

    monkeypatch.setattr(datasets, "load_dataset", lambda source: synthetic)
    ref = DatasetRef.of("mnist", synthetic)
    assert ref.load() is synthetic
    changed = dataclasses.replace(synthetic, y_train=(synthetic.y_train + 1) % 10)
    with pytest.raises(ValueError, match="changed on disk"):
        DatasetRef.of("mnist", changed).load()
