"""The run controller's commands against a stand-in runner: which session each command trains,
the control it launches, the state it shows and what it tells the window."""

from __future__ import annotations

import pytest

from playground.training import TrainingConfig
from playground.training.config import ConfigError, ConfigProblem
from playground.training.controller import RunController, SessionError
from playground.training.events import (
    Diverged,
    Failed,
    Finished,
    Paused,
    Resumed,
    SettingChanged,
)
from playground.training.run_state import RunState

CONFIG = TrainingConfig(hidden=(8,), learning_rate=0.1, batch_size=50, epochs=3, seed=1)
DATA = object()  # the runner only hands the data set on


class Control:
    """Records what the controller asks of the live run."""

    def __init__(self, paused, delay) -> None:
        self.paused, self.delay = paused, delay
        self.calls: list[tuple] = []

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: self.calls.append((name, *args))


class Session:
    """A session as the controller sees it: settings, progress and whether its trainer lives."""

    def __init__(self, config, dataset, model) -> None:
        self.config, self.dataset, self.model = config, dataset, model
        self.epoch, self.alive, self.resets = 0, True, 0

    def reset(self) -> None:
        self.resets += 1

    def change_settings(self, changes) -> None:
        self.config = self.config.replace(**changes)


class Runner:
    def __init__(self) -> None:
        self.sessions: list[Session] = []
        self.controls: list[Control] = []
        self.started: list[tuple] = []
        self.alive = False
        self.stops: list[int] = []
        self.stop_ends, self.waits = True, 0
        self.error: Exception | None = None

    def make_session(self, config, dataset, model=None):
        if self.error is not None:
            raise self.error
        self.sessions.append(Session(config, dataset, model))
        return self.sessions[-1]

    def make_control(self, paused, delay):
        self.controls.append(Control(paused, delay))
        return self.controls[-1]

    def is_running(self) -> bool:
        return self.alive

    def start(self, session, control) -> None:
        self.started.append((session, control))
        self.alive = True

    def stop(self, timeout_ms: int = 1000) -> bool:
        self.stops.append(timeout_ms)
        self.alive = not self.stop_ends
        return self.stop_ends

    def wait_stopped(self, total_ms: int = 30_000) -> bool:
        self.waits += 1
        self.alive = False
        return True

    def shutdown(self) -> bool:
        self.alive = False
        return True


@pytest.fixture
def ctl():
    seen, shown = [], []
    controller = RunController(Runner(), on_state=seen.append, on_session=shown.append)
    controller.seen, controller.sessions_shown = seen, shown
    return controller


def test_a_state_the_table_refuses_is_not_taken(ctl):
    assert ctl.set_state(RunState.DIVERGED) is False and ctl.state is RunState.IDLE
    assert ctl.set_state(RunState.RUNNING) is True and ctl.seen == [RunState.RUNNING]


def test_start_launches_an_unpaused_run_without_slow_motion(ctl):
    ctl.start(CONFIG, DATA)
    [control] = ctl.runner.controls
    assert control.paused is False and control.delay == 0.0
    [session] = ctl.runner.sessions
    assert ctl.runner.started == [(session, control)]
    assert (session.config, session.dataset, session.model) == (CONFIG, DATA, None)
    assert ctl.sessions_shown == [session] and ctl.state is RunState.RUNNING


def test_start_after_pause_resumes_the_live_run(ctl):
    ctl.start(CONFIG, DATA)
    ctl.pause()
    ctl.start(CONFIG, DATA)
    assert ctl.control.calls == [("pause",), ("resume",)]
    assert ctl.state is RunState.RUNNING and len(ctl.runner.started) == 1


def test_a_run_that_ended_on_its_own_is_launched_again(ctl):
    ctl.start(CONFIG, DATA)
    ctl.runner.alive = False  # its thread ended; the window has not heard yet
    ctl.pause()
    assert ctl.control.calls == []
    ctl.step(CONFIG, DATA)
    assert len(ctl.runner.started) == 2 and ctl.control.calls == [("request_steps", 1)]


@pytest.mark.parametrize("command", ["step", "add_epoch"])
def test_step_and_epoch_launch_a_paused_run_and_ask_it(ctl, command):
    getattr(ctl, command)(CONFIG, DATA)
    [control] = ctl.runner.controls
    assert control.paused is True
    asked = {"step": [("request_steps", 1)], "add_epoch": [("request_epoch",)]}[command]
    assert control.calls == asked
    assert ctl.seen == [RunState.PAUSED, RunState.STEPPING]
    [session] = ctl.runner.sessions
    assert (session.config, session.dataset) == (CONFIG, DATA)


def test_stop_waits_longer_when_the_first_wait_is_not_enough(ctl):
    ctl.start(CONFIG, DATA)
    ctl.runner.stop_ends = False
    assert ctl.stop() is True and ctl.runner.waits == 1
    assert ctl.state is RunState.STOPPED and ctl.control is None


def test_stop_without_a_session_is_idle(ctl):
    assert ctl.stop() is True and ctl.runner.waits == 0
    assert ctl.state is RunState.IDLE


@pytest.mark.parametrize("end", ["stop", "shutdown", "run_ended"])
def test_after_a_run_ends_the_delay_is_only_kept(ctl, end):
    ctl.set_delay(0.5)  # no run yet
    ctl.start(CONFIG, DATA)
    assert ctl.runner.controls[-1].delay == 0.5
    ctl.set_delay(0.2)
    assert ctl.control.calls == [("set_delay", 0.2)]
    getattr(ctl, end)()
    ctl.set_delay(0.3)
    assert ctl.delay == 0.3 and ctl.runner.controls[-1].calls == [("set_delay", 0.2)]


def test_reset_shows_the_same_session_again(ctl):
    ctl.start(CONFIG, DATA)
    session = ctl.session
    ctl.reset(CONFIG)
    assert session.resets == 1 and ctl.sessions_shown == [session, session]
    assert ctl.state is RunState.IDLE


@pytest.mark.parametrize("evaluate", [True, False])
def test_an_opened_model_ends_a_diverged_run(ctl, evaluate):
    model = object()
    ctl.start(CONFIG, DATA)
    ctl.handle(Diverged("loss is nan", 3, 0.1))
    session = ctl.open_model(CONFIG, DATA, model, evaluate=evaluate)
    assert session is ctl.runner.sessions[-1] and session is ctl.session
    assert (session.config, session.dataset, session.model) == (CONFIG, DATA, model)
    shown = RunState.EVALUATING if evaluate else RunState.STOPPED
    assert ctl.state is shown and ctl.seen[-2:] == [RunState.STOPPED, shown]


def test_the_learning_rate_goes_to_the_live_run(ctl):
    ctl.set_learning_rate(0.05)  # no run: nothing to tell
    ctl.start(CONFIG, DATA)
    ctl.set_learning_rate(0.05)
    assert ctl.control.calls == [("set_learning_rate", 0.05)]


def test_settings_without_a_session_change_nothing(ctl):
    assert ctl.set_settings(CONFIG.replace(learning_rate=0.5)) == {}
    assert ctl.matches(CONFIG) is False


def test_settings_that_need_new_weights_leave_the_session_alone(ctl):
    ctl.start(CONFIG, DATA)
    ctl.stop()
    assert ctl.set_settings(CONFIG.replace(hidden=(16,), learning_rate=0.5)) == {}
    assert ctl.session.config == CONFIG
    assert ctl.set_settings(CONFIG.replace(learning_rate=0.5)) == {"learning_rate": 0.5}
    assert ctl.session.config == CONFIG.replace(learning_rate=0.5)


def test_a_finished_session_is_not_continued(ctl):
    ctl.start(CONFIG, DATA)
    ctl.stop()
    ctl.session.epoch = CONFIG.epochs - 1
    ctl.start(CONFIG, DATA)
    assert len(ctl.runner.sessions) == 1
    ctl.stop()
    ctl.session.epoch = CONFIG.epochs
    ctl.start(CONFIG, DATA)
    assert len(ctl.runner.sessions) == 2


def test_a_new_seed_or_an_ended_trainer_makes_a_new_session(ctl):
    ctl.start(CONFIG, DATA)
    ctl.stop()
    ctl.start(CONFIG.replace(seed=2), DATA)
    assert len(ctl.runner.sessions) == 2
    ctl.stop()
    ctl.session.alive = False
    ctl.start(CONFIG.replace(seed=2), DATA)
    assert len(ctl.runner.sessions) == 3


def test_start_after_evaluating_a_model_trains_a_new_session(ctl):
    ctl.open_model(CONFIG, DATA, object(), evaluate=True)
    ctl.start(CONFIG, DATA)
    assert len(ctl.runner.sessions) == 2 and ctl.session.model is None


def test_a_session_that_cannot_be_made_says_each_problem(ctl):
    problems = [ConfigProblem("batch_size", "Batch size too big."), ConfigProblem("l2", "Bad.")]
    ctl.runner.error = ConfigError("invalid configuration", problems)
    with pytest.raises(SessionError) as raised:
        ctl.start(CONFIG, DATA)
    assert str(raised.value) == "Batch size too big. Bad."
    ctl.runner.error = ValueError("no model file")
    with pytest.raises(SessionError) as raised:
        ctl.start(CONFIG, DATA)
    assert str(raised.value) == "no model file"
    assert ctl.session is None and ctl.state is RunState.IDLE


def test_pause_events_move_the_state_unless_the_run_diverged(ctl):
    ctl.start(CONFIG, DATA)
    ctl.handle(Paused(5, 0, "diverged"))  # the Diverged event says so
    assert ctl.state is RunState.RUNNING
    ctl.handle(Paused(5, 0, "paused"))
    assert ctl.state is RunState.PAUSED
    ctl.handle(Resumed(5, 0))
    assert ctl.state is RunState.RUNNING
    ctl.handle(Diverged("loss is nan", 6, 0.1))
    ctl.handle(Paused(6, 0, "paused"))
    assert ctl.state is RunState.DIVERGED


def test_a_step_stays_stepping_when_the_run_resumes(ctl):
    ctl.step(CONFIG, DATA)
    ctl.handle(Resumed(0, 0))
    assert ctl.state is RunState.STEPPING


def test_the_end_of_a_run_as_its_events_say(ctl):
    ctl.start(CONFIG, DATA)
    ctl.handle(Finished("stopped", 9, 1))
    assert ctl.state is RunState.RUNNING  # Stop (or run_ended) says what a stop leaves
    ctl.handle(Finished("completed", 9, 3))
    assert ctl.state is RunState.FINISHED
    ctl.start(CONFIG, DATA)
    ctl.handle(Failed(RuntimeError("boom"), "traceback"))
    assert ctl.state is RunState.ERROR
    ctl.start(CONFIG, DATA)
    ctl.failed()
    assert ctl.state is RunState.ERROR


@pytest.mark.parametrize("state", [RunState.RUNNING, RunState.PAUSED, RunState.STEPPING])
def test_a_run_that_ended_stops(ctl, state):
    ctl.start(CONFIG, DATA)
    ctl.set_state(state)
    ctl.run_ended()
    assert ctl.state is RunState.STOPPED and ctl.control is None


def test_an_ended_run_keeps_a_finished_state(ctl):
    ctl.start(CONFIG, DATA)
    ctl.handle(Finished("completed", 9, 3))
    ctl.run_ended()
    assert ctl.state is RunState.FINISHED


def test_a_changed_setting_reaches_a_session_that_follows_one(ctl):
    change = SettingChanged(4, "learning_rate", 0.1, 0.05)
    ctl.handle(change)  # no session: nothing to follow
    ctl.start(CONFIG, DATA)
    ctl.handle(change)  # a session trained here needs no news
    followed = []
    ctl.session.follow_change = followed.append
    ctl.handle(change)
    assert followed == [change] and ctl.state is RunState.RUNNING
