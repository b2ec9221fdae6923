"""The trainer process's own side, in this process: what the window receives for each
command, event and moment (the end of a pipe here records what would cross it)."""

from __future__ import annotations

import itertools
import threading
from types import SimpleNamespace

import numpy as np
import pytest

from playground.training import TrainingConfig, trainer_child
from playground.training.control import RunControl
from playground.training.events import Failed, Paused, Progress
from playground.training.session import TrainingSession
from playground.training.trainer_child import (
    HEARTBEAT,
    SNAPSHOT_INTERVAL,
    WEIGHTS_INTERVAL,
    Failure,
    _Child,
)
from tests.patience import patience

CONFIG = TrainingConfig(
    hidden=(8,), optimizer="sgd", learning_rate=0.1, batch_size=50, epochs=3, seed=5
)


class Wire:
    """The trainer's end of the pipe: keeps what it sends, answers what the test queued."""

    def __init__(self, *commands) -> None:
        self.sent: list[tuple] = []
        self.commands = list(commands)

    def send(self, message) -> None:
        self.sent.append(message)

    def recv(self):
        if not self.commands:
            raise EOFError  # the window closed its end
        return self.commands.pop(0)

    def take(self) -> list[tuple]:
        sent, self.sent = self.sent, []
        return sent


class GoneWire:
    """A pipe whose other end has closed."""

    def __init__(self, error: type[Exception]) -> None:
        self.error = error

    def send(self, message) -> None:
        raise self.error("the window is gone")

    def recv(self):
        raise self.error("the window is gone")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


class Doorbell(threading.Event):
    """``wanted`` that answers at once and notes how long the stream would have waited."""

    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float | None] = []

    def wait(self, timeout=None) -> bool:
        self.waits.append(timeout)
        return self.is_set()


class Passes:
    """``done`` for the stream: one pass of its loop per action, each action run first."""

    def __init__(self, *actions) -> None:
        self.actions = list(actions)

    def is_set(self) -> bool:
        if not self.actions:
            return True
        self.actions.pop(0)()
        return False


pytestmark = pytest.mark.usefixtures("plan_at_normal_priority")


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(trainer_child, "time", SimpleNamespace(monotonic=clock.monotonic))
    return clock


@pytest.fixture
def exits(monkeypatch) -> list:
    """Exit codes the trainer asked for; the exit ends the calling thread instead."""
    codes: list = []

    def _exit(code) -> None:
        codes.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(trainer_child, "os", SimpleNamespace(_exit=_exit))
    return codes


@pytest.fixture
def child(synthetic) -> _Child:
    child = _Child(Wire())
    child.session = TrainingSession(CONFIG, synthetic)
    return child


def _same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def _snapshots(sent: list[tuple]) -> list[tuple]:
    return [m for m in sent if m[0] == "snapshot"]


# -- sending ---------------------------------------------------------------------------------
def test_messages_cross_as_tuples_and_a_gone_window_ends_the_trainer_cleanly(exits):
    wire = Wire()
    _Child(wire).send("alive", 1.5)
    assert wire.sent == [("alive", 1.5)]
    for error in (OSError, EOFError, BrokenPipeError):
        with pytest.raises(SystemExit):
            _Child(GoneWire(error)).send("alive", 2.0)
    assert exits == [0, 0, 0]


def test_a_snapshot_carries_the_weights_and_the_optimizer_state(child, clock):
    child.session.step()
    child.send_snapshot()
    [(kind, snapshot, weights, state)] = child.conn.take()
    assert kind == "snapshot" and snapshot.updates == 1
    model = child.session.model
    assert _same(weights, model.get_weights())
    assert len(state) == len(model.optimizer.get_state())
    # The display digits stay behind (the window has its own), the gradient norms come along.
    assert snapshot.display.images.shape == (0, 1, 1)
    assert len(snapshot.display.pred) == 60
    assert [len(s) for s in snapshot.gradient_norms] == [1, 1]


def test_without_a_session_no_snapshot_is_sent():
    wire = Wire()
    _Child(wire).send_snapshot()
    assert wire.sent == []


def test_while_training_the_weights_come_at_most_every_interval(child, clock):
    child.send_snapshot(weights_due=False)  # the first one has them
    clock.now = WEIGHTS_INTERVAL / 2
    child.send_snapshot(weights_due=False)
    clock.now = WEIGHTS_INTERVAL
    child.send_snapshot(weights_due=False)
    clock.now = 1.5 * WEIGHTS_INTERVAL
    child.send_snapshot(weights_due=False)
    clock.now = 1.6 * WEIGHTS_INTERVAL
    child.send_snapshot()  # a pause or an end: always
    got = [(m[2] is not None, m[3] is not None) for m in child.conn.take()]
    assert got == [(True, True), (False, False), (True, True), (False, False), (True, True)]


def test_the_weights_wait_for_a_view_that_needs_them_except_at_a_pause(child, clock):
    child.set_demand(True, True, True, False)  # no visible view probes the model
    child.send_snapshot(weights_due=False)
    clock.now = 10.0
    child.send_snapshot(weights_due=False)
    child.send_snapshot()
    assert [m[2] is not None for m in child.conn.take()] == [False, False, True]


def test_a_view_that_probes_the_model_gets_the_weights_at_once(child, clock):
    child.set_demand(True, True, True, False)
    child.send_snapshot()  # at a pause, t = 0
    clock.now = WEIGHTS_INTERVAL / 2
    child.set_demand(True, True, True, True)  # such a view is shown now
    child.send_snapshot(weights_due=False)
    child.set_demand(True, True, True, True)  # asked again: nothing new to hurry
    clock.now = WEIGHTS_INTERVAL * 0.75
    child.send_snapshot(weights_due=False)
    assert [m[2] is not None for m in child.conn.take()] == [True, True, False]


def test_the_gradient_norms_come_only_while_a_view_plots_them(child):
    child.session.step()
    child.set_demand(True, True, False, True)
    child.send_snapshot()
    assert child.conn.take()[0][1].gradient_norms == []
    child.set_demand(True, True, True, True)
    child.send_snapshot()
    assert len(child.conn.take()[0][1].gradient_norms) == 2


def test_details_tell_the_session_which_parts_to_compute(child, monkeypatch):
    asked: list[dict] = []
    monkeypatch.setattr(child.session, "set_detail_demand", lambda **kw: asked.append(kw))
    child.obey("details", [0, 1, 1, 1])
    child.obey("details", [1, 0, 0, 0])
    assert asked == [
        {"weights": False, "predictions": True},
        {"weights": True, "predictions": False},
    ]
    child.send_snapshot()
    assert child.conn.take()[0][1].gradient_norms == []


# -- events ----------------------------------------------------------------------------------
def test_a_failure_crosses_the_pipe_as_text(child):
    child.on_event(Failed(ValueError("no more memory"), "Traceback: line 1"))
    assert child.conn.take() == [
        ("failed", Failure("ValueError", "no more memory", "Traceback: line 1"))
    ]


def test_at_a_pause_the_weights_come_before_the_event(child):
    paused = Paused(3, 0, "steps")
    child.on_event(paused)
    first, second = child.conn.take()
    assert first[0] == "snapshot" and first[2] is not None
    assert second == ("event", paused)
    progress = Progress(3, 0, 0.25, 1.0, 100.0, 1.0, None, 0.1)
    child.on_event(progress)
    assert child.conn.take() == [("event", progress)]


# -- commands --------------------------------------------------------------------------------
def test_run_commands_reach_the_run_the_window_started(child):
    child.obey("run", [1, 0])
    control = child.runs.get_nowait()
    assert control is child.control and control.paused is True and control.delay == 0.0
    child.obey("run", [0, "0.5"])
    control = child.runs.get_nowait()
    assert control.paused is False and control.delay == 0.5
    child.obey("pause", [])
    assert control.paused is True
    child.obey("resume", [])
    assert control.paused is False
    child.obey("steps", ["3"])
    assert control.pending_steps == 3
    child.obey("delay", ["0.25"])
    assert control.delay == 0.25
    child.obey("learning_rate", ["0.05"])
    assert control.take_learning_rate() == 0.05
    child.obey("settings", [[("batch_size", 10)]])
    assert control.take_settings() == {"batch_size": 10}
    child.obey("stop", [])
    assert control.stopped
    assert child.conn.take() == []


def test_quit_stops_the_run_and_ends_the_training_loop(child):
    child.obey("run", [0, 0])
    control = child.runs.get_nowait()
    child.obey("quit", [])
    assert control.stopped and child.runs.get_nowait() is None


def test_session_commands_apply_between_runs_and_show_at_once(child):
    wanted = child.wanted
    child.obey("set_learning_rate", ["0.05"])
    assert child.session.learning_rate == pytest.approx(0.05) and wanted.is_set()
    wanted.clear()
    child.obey("change_settings", [[("batch_size", 10)]])
    assert child.session.config.batch_size == 10 and wanted.is_set()
    child.obey("reset", ["7"])
    assert child.session.config.seed == 7
    child.obey("confusion", [])
    child.obey("no such command", [1])  # an unknown command changes nothing
    assert child.conn.take() == []


def test_save_answers_with_none_or_the_reason(child, tmp_path):
    path = tmp_path / "model.keras"
    child.obey("save", [str(path), "ignored"])
    assert child.conn.take() == [("saved", None)] and path.is_file()
    child.obey("save", [str(tmp_path / "missing" / "model.keras")])
    [(kind, reason)] = child.conn.take()
    assert kind == "saved" and "No such file" in reason


def test_without_a_session_details_and_save_are_ignored():
    wire = Wire()
    child = _Child(wire)
    child.obey("details", [0, 0, 0, 0])
    child.obey("save", ["model.keras"])
    child.obey("pause", [])  # no run yet
    assert wire.sent == [] and child.want_model is True


def test_the_command_loop_reports_a_bad_command_and_ends_with_the_pipe(child, exits):
    child.conn.commands = [("run", 0, 0), ("steps",), ("snapshot",)]
    with pytest.raises(SystemExit):
        child.commands()
    assert exits == [0]
    [(kind, failure)] = child.conn.take()
    assert kind == "failed" and failure.kind == "TypeError"
    assert "missing 1 required positional argument: 'n'" in failure.message
    assert "Traceback" in failure.traceback and "TypeError" in failure.traceback
    assert child.runs.get_nowait() is child.control and child.wanted.is_set()
    with pytest.raises(SystemExit):
        _Child(GoneWire(OSError)).commands()
    assert exits == [0, 0]


# -- the threads' loops ----------------------------------------------------------------------
def test_snapshots_are_paced_by_the_window_taking_them(child, clock):
    child.wanted = Doorbell()
    session = child.session
    counts: list[int] = []

    def then(action):
        def run() -> None:
            counts.append(len(child.conn.sent))
            action()

        return run

    def ask(name: str):
        return lambda: child.obey(name, [])

    child.done = Passes(
        *map(
            then,
            (
                lambda: None,  # the first one goes out at once
                session.step,  # trained on, but the last one is not taken yet: wait
                ask("taken"),  # taken: the next one goes out
                ask("taken"),  # taken, and nothing new: wait
                ask("snapshot"),  # asked for: goes out even without news
                lambda: None,  # nothing asked, nothing taken
                lambda: (session.step(), child.obey("taken", [])),
            ),
        )
    )
    child.stream()
    counts.append(len(child.conn.sent))
    assert [b - a for a, b in itertools.pairwise(counts)] == [1, 0, 1, 0, 1, 0, 1]
    sent = child.conn.take()
    assert [m[1].updates for m in sent] == [0, 1, 1, 2]
    # Only the first has the weights: the clock stands still.
    assert [m[2] is not None for m in sent] == [True, False, False, False]
    assert child.wanted.waits == [SNAPSHOT_INTERVAL] * 7


def test_a_heartbeat_every_interval_until_done(child, clock):
    waits: list = []
    answers = [False, False, True]

    def wait(timeout):
        waits.append(timeout)
        clock.now += timeout
        return answers.pop(0)

    child.done = SimpleNamespace(wait=wait)
    child.heartbeat()
    assert child.conn.take() == [("alive", HEARTBEAT), ("alive", 2 * HEARTBEAT)]
    assert waits == [HEARTBEAT] * 3


def test_each_run_trains_then_sends_its_last_snapshot_and_its_end(synthetic):
    wire = Wire()
    child = _Child(wire)
    child.session = TrainingSession(CONFIG.replace(epochs=1), synthetic)
    child.runs.put(RunControl())
    child.runs.put(None)
    # On its own thread, as in the trainer.
    thread = threading.Thread(target=child.train, name="training-test")
    thread.start()
    thread.join(patience(60))
    assert not thread.is_alive()
    kinds = [m[0] if m[0] != "event" else type(m[1]).__name__ for m in wire.sent]
    assert kinds[0] == "Started" and kinds[-4:] == ["snapshot", "Finished", "snapshot", "run_ended"]
    assert wire.sent[-1] == ("run_ended",)
    assert wire.sent[-2][1].updates == 12 and wire.sent[-2][2] is not None
