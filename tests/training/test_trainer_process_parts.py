"""The window's side of a trainer process, without starting one: what it sets up, what it
sends, how it stops the trainer and how its reader passes on or reports what arrives.

A stand-in process records what is asked of it; the pipe is a real one whose other end the
test holds. The spawned trainer itself is covered by test_trainer_process.py."""

from __future__ import annotations

import multiprocessing
import queue
import threading

import pytest

from playground.training import TrainingConfig
from playground.training.trainer_child import Failure, TrainerSpec, child_main
from playground.training.trainer_process import HANG_SECONDS, TrainerProcess
from tests.patience import patience


class StandIn:
    """A process that is alive until `quits_after` joins (None: never by itself)."""

    def __init__(self, quits_after: int | None = 1, exitcode: int | None = 0) -> None:
        self.calls: list[tuple] = []
        self._joins_left = quits_after
        self.alive = True
        self.exitcode = exitcode
        self.pid = 4321

    def start(self) -> None:
        self.calls.append(("start",))

    def join(self, timeout=None) -> None:
        self.calls.append(("join", timeout))
        if self._joins_left is not None:
            self._joins_left -= 1
            if self._joins_left <= 0:
                self.alive = False

    def is_alive(self) -> bool:
        return self.alive

    def kill(self) -> None:
        self.calls.append(("kill",))
        self.alive = False


@pytest.fixture
def rig(synthetic):
    """A TrainerProcess with a stand-in process and the far end of its pipe."""
    inbox: queue.Queue = queue.Queue()
    trainer = TrainerProcess(TrainerSpec(TrainingConfig(), synthetic), inbox.put)
    trainer._conn.close()
    trainer._child_conn.close()
    trainer._conn, far = multiprocessing.Pipe()
    trainer._child_conn, spare = multiprocessing.Pipe()  # the end a real child would hold
    trainer.process = StandIn()
    yield trainer, far, inbox
    for end in (trainer._conn, far, trainer._child_conn, spare):
        end.close()


def _drain(inbox: queue.Queue) -> list:
    return [inbox.get_nowait() for _ in range(inbox.qsize())]


def _reading(trainer: TrainerProcess) -> threading.Thread:
    reader = threading.Thread(target=trainer._read, daemon=True)
    reader.start()
    return reader


def test_a_new_trainer_is_a_daemon_spawn_process_named_for_ps_with_its_spec(synthetic):
    spec = TrainerSpec(TrainingConfig(), synthetic)
    trainer = TrainerProcess(spec, print)
    try:
        assert trainer.spec is spec
        assert trainer._hang_seconds == HANG_SECONDS == 10.0
        assert trainer.process.name == "nn-playground trainer"
        assert trainer.process.daemon is True
        assert trainer.process._target is child_main
        assert trainer.process._args == (trainer._child_conn, spec)
        # spawn, as in the packaged app: the child does not inherit the window's threads
        assert trainer.process._start_method == "spawn"
        assert trainer._reader is None and trainer._stopping is False
        assert trainer.pid is None and not trainer.is_alive()
        # the window's end talks both ways
        trainer._child_conn.send("from the trainer")
        assert trainer._conn.recv() == "from the trainer"
        trainer._conn.send(("start",))
        assert trainer._child_conn.recv() == ("start",)
    finally:
        trainer._conn.close()
        trainer._child_conn.close()


def test_start_starts_the_process_gives_up_the_child_end_and_reads_on_a_named_daemon(rig):
    trainer, far, inbox = rig
    trainer.start()
    assert trainer.process.calls == [("start",)]
    assert trainer._child_conn.closed
    assert trainer._reader.name == "trainer reader"
    assert trainer._reader.daemon is True
    far.send(("alive", 0.5))  # the thread started reads this trainer's pipe
    assert inbox.get(timeout=patience(10)) == ("alive", 0.5)
    far.close()
    trainer._reader.join(patience(10))
    assert not trainer._reader.is_alive()
    assert _drain(inbox)[-1] == ("ended",)


def test_send_hands_the_command_over_and_says_false_once_the_pipe_is_closed(rig):
    trainer, far, _ = rig
    assert trainer.send("set", "learning_rate", 0.5) is True
    assert far.recv() == ("set", "learning_rate", 0.5)
    trainer._conn.close()
    assert trainer.send("pause") is False


def test_stop_asks_the_trainer_to_quit_and_waits_a_second(rig):
    trainer, far, _ = rig
    assert trainer.stop() is True
    assert trainer._stopping is True
    assert far.recv() == ("quit",)
    assert trainer.process.calls == [("join", 1.0)]
    assert trainer._conn.closed


def test_a_trainer_that_does_not_quit_is_killed_and_stop_says_so(rig):
    trainer, far, _ = rig
    trainer.process = StandIn(quits_after=None)
    assert trainer.stop(timeout=0.25) is False
    assert trainer.process.calls == [("join", 0.25), ("kill",), ("join", 1.0)]
    assert far.recv() == ("quit",)
    assert trainer._conn.closed


def test_stop_waits_for_the_reader_to_pass_on_the_end(rig):
    trainer, far, inbox = rig
    reader = _reading(trainer)
    trainer._reader = reader
    far.send(("event", "last"))
    heard: list = []

    def trainer_side() -> None:  # quits when asked: its end of the pipe closes
        heard.append(far.recv())
        far.close()

    quitting = threading.Thread(target=trainer_side, daemon=True)
    quitting.start()
    assert trainer.stop() is True
    quitting.join(patience(10))
    assert heard == [("quit",)]
    assert not reader.is_alive()
    assert _drain(inbox) == [("event", "last"), ("ended",)]


def test_the_reader_passes_messages_on_in_order_and_ends_after_ended(rig):
    trainer, far, inbox = rig
    reader = _reading(trainer)
    # only a message whose kind is "ended" ends the reading, not one that merely says it
    messages = [("ready", {"epoch": 0}, None), ("event", "ended"), ("alive", 2.5), ("ended",)]
    for message in messages:
        far.send(message)
    reader.join(patience(10))
    assert not reader.is_alive()
    # no second ("ended",) and no report of a death: the trainer said goodbye
    assert _drain(inbox) == messages
    assert trainer.process.calls == []


def test_the_reader_reports_a_death_with_the_exit_code_then_ends(rig):
    trainer, far, inbox = rig
    trainer.process = StandIn(exitcode=-11)
    reader = _reading(trainer)
    far.send(("event", 1))
    far.close()
    reader.join(patience(10))
    died = "The trainer process ended unexpectedly (exit code -11)."
    assert _drain(inbox) == [
        ("event", 1),
        ("failed", Failure("TrainerDied", died, died)),
        ("ended",),
    ]
    assert trainer.process.calls == [("join", 1.0)]


def test_a_closed_pipe_while_stopping_is_no_failure(rig):
    trainer, far, inbox = rig
    trainer._stopping = True
    reader = _reading(trainer)
    far.close()
    reader.join(patience(10))
    assert _drain(inbox) == [("ended",)]


class CountingEnd:
    """The window's end of the pipe, counting the reader's polls."""

    def __init__(self, conn, polls: int) -> None:
        self._conn, self.polled = conn, threading.Event()
        self.expect(polls)

    def expect(self, polls: int) -> None:
        self._left = polls
        self.polled.clear()

    def poll(self, timeout):
        self._left -= 1
        if self._left <= 0:
            self.polled.set()
        return self._conn.poll(timeout)

    def recv(self):
        return self._conn.recv()


def test_no_hang_is_reported_while_stopping(rig):
    trainer, far, inbox = rig
    trainer._hang_seconds = 0.01
    trainer._stopping = True
    window_end = trainer._conn
    trainer._conn = CountingEnd(window_end, polls=10)
    reader = _reading(trainer)
    assert trainer._conn.polled.wait(patience(10))  # ten silent periods
    far.close()
    reader.join(patience(10))
    trainer._conn = window_end
    assert _drain(inbox) == [("ended",)]


def test_a_hang_is_reported_once_and_again_only_after_the_trainer_spoke(rig):
    trainer, far, inbox = rig
    trainer._hang_seconds = 0.02
    window_end = trainer._conn
    trainer._conn = counting = CountingEnd(window_end, polls=6)
    reader = _reading(trainer)
    hang = "The trainer has not answered for 0.02 seconds."
    report = ("failed", Failure("Hang", hang, hang))
    assert counting.polled.wait(patience(10))  # five silent periods: one report
    assert _drain(inbox) == [report]
    counting.expect(6)
    far.send(("alive", 1.0))
    assert counting.polled.wait(patience(10))
    assert _drain(inbox) == [("alive", 1.0), report]
    far.send(("ended",))
    reader.join(patience(10))
    assert not reader.is_alive()
    trainer._conn = window_end
    assert _drain(inbox) == [("ended",)]


def test_stop_from_the_readers_own_callback_ends_the_reading(rig):
    trainer, far, inbox = rig

    def on_message(message) -> None:
        inbox.put(message)
        if message == ("event", "stop now"):
            trainer.stop()

    trainer._on_message = on_message
    reader = _reading(trainer)
    trainer._reader = reader
    far.send(("event", "stop now"))
    reader.join(patience(10))
    assert not reader.is_alive()
    assert _drain(inbox) == [("event", "stop now"), ("ended",)]
    assert far.recv() == ("quit",)


def test_stop_waits_for_a_slow_reader_to_pass_on_the_end(rig):
    trainer, far, inbox = rig
    delivered = threading.Event()

    def on_message(message) -> None:
        if message == ("ended",):
            threading.Event().wait(0.2)  # a window slow to take the last message
            inbox.put(message)
            delivered.set()

    trainer._on_message = on_message
    trainer._reader = _reading(trainer)
    far.close()
    trainer._stopping = True
    trainer.stop()
    assert delivered.is_set()  # stop returned only after the reader's last message


def test_stop_gives_up_on_a_reader_stuck_in_a_callback_after_a_second(rig):
    trainer, far, _ = rig
    inside, release = threading.Event(), threading.Event()

    def on_message(message) -> None:
        inside.set()
        release.wait(patience(30))

    trainer._on_message = on_message
    trainer._reader = _reading(trainer)
    far.send(("event", "slow"))
    assert inside.wait(patience(10))
    stopper = threading.Thread(target=trainer.stop, daemon=True)
    stopper.start()
    stopper.join(patience(10))
    stopped = not stopper.is_alive()
    release.set()
    trainer._reader.join(patience(10))
    assert stopped
