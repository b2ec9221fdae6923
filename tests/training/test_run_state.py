"""The run state's allowed moves, and the controller that makes them."""

from __future__ import annotations

import threading

import pytest

from playground.training import RunControl, TrainingConfig, TrainingSession
from playground.training.controller import RunController, SessionError
from playground.training.events import Diverged, Finished, Paused
from playground.training.run_state import TRANSITIONS, RunState
from tests.patience import patience

ALIVE = {RunState.RUNNING, RunState.PAUSED, RunState.STEPPING, RunState.DIVERGED}


def test_every_state_has_its_moves_and_equals_its_name():
    assert set(TRANSITIONS) == set(RunState)
    assert RunState.RUNNING == "running" and str(RunState.PAUSED) == "paused"
    assert {s for s in RunState if s.trains} == ALIVE
    assert {s for s in RunState if s.busy} == {RunState.RUNNING, RunState.STEPPING}


@pytest.mark.parametrize("state", list(RunState))
def test_moves_that_never_happen_are_refused(state):
    # Only a live run finishes or diverges; an opened model is shown only after a run ended.
    if state.trains:
        assert state.allows(RunState.FINISHED) and state.allows(RunState.STOPPED)
        assert not state.allows(RunState.EVALUATING)
    else:
        assert not state.allows(RunState.DIVERGED)
        assert state.allows(RunState.RUNNING) and state.allows(RunState.EVALUATING)
        assert state.allows(RunState.FINISHED) == (state is RunState.FINISHED)
    assert state.allows(state)
    assert state.allows(RunState.IDLE) and state.allows(RunState.ERROR)


class ThreadRunner:
    """The window's runner without Qt: session.run on a plain thread."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.control = None
        self.events: list = []
        self.paused = threading.Event()

    def make_session(self, config, dataset, model=None):
        return TrainingSession(config, dataset=dataset, model=model)

    def make_control(self, paused, delay):
        return RunControl(paused=paused, delay=delay)

    def is_running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, session, control) -> None:
        self.control = control
        self.thread = threading.Thread(target=session.run, args=(control, self._on_event))
        self.thread.start()

    def _on_event(self, event) -> None:
        self.events.append(event)
        if isinstance(event, Paused) and event.reason == "steps":
            self.paused.set()  # a Step request is done

    def stop(self, timeout_ms: int = 1000) -> bool:
        if self.thread is None:
            return True
        self.control.stop()
        self.thread.join(timeout_ms / 1000)
        return not self.thread.is_alive()

    def wait_stopped(self, total_ms: int = 30_000) -> bool:
        return self.stop(total_ms)

    def shutdown(self) -> bool:
        return self.wait_stopped()


@pytest.fixture
def controller():
    runner = ThreadRunner()
    seen: list[RunState] = []
    ctl = RunController(runner, on_state=seen.append)
    ctl.seen = seen
    yield ctl
    ctl.shutdown()


def test_start_pause_step_stop_walk_the_states(controller, synthetic, small_config):
    controller.start(small_config, synthetic)
    assert controller.state is RunState.RUNNING and controller.running
    session = controller.session
    controller.pause()
    assert controller.state is RunState.PAUSED and not controller.busy
    before = session.updates
    controller.step(small_config, synthetic)
    assert controller.state is RunState.STEPPING
    assert controller.runner.paused.wait(patience(20))
    controller.handle(Paused(session.updates, session.epoch, "steps"))
    assert controller.state is RunState.PAUSED
    # The step trained (a batch already under way when Pause came may be counted in
    # ``before`` or not, so the step's own pause event says how many updates there were).
    done = [e for e in controller.runner.events if isinstance(e, Paused) and e.reason == "steps"]
    assert done and done[-1].updates >= 1 and session.updates >= before
    assert controller.stop()
    assert controller.state is RunState.STOPPED and not controller.running
    # Start continues the same session (same weights) after Stop.
    controller.start(small_config, synthetic)
    assert controller.session is session
    controller.stop()
    assert controller.seen[:3] == [RunState.RUNNING, RunState.PAUSED, RunState.STEPPING]


def test_a_changed_setting_makes_a_new_session_and_reset_keeps_it(
    controller, synthetic, small_config
):
    controller.step(small_config, synthetic)
    first = controller.session
    controller.stop()
    controller.start(small_config.replace(learning_rate=0.05), synthetic)
    assert controller.session is first and first.learning_rate == 0.05  # a live setting
    controller.stop()
    controller.start(small_config.replace(hidden=(16,)), synthetic)
    assert controller.session is not first
    second = controller.session
    controller.reset(small_config.replace(hidden=(16,)))
    assert controller.session is second and second.updates == 0
    assert controller.state is RunState.IDLE
    controller.reset(small_config)
    assert controller.session is None


def test_events_of_an_ended_run_do_not_move_the_state(controller, synthetic, small_config):
    controller.start(small_config, synthetic)
    controller.handle(Diverged("loss is nan", 3, 0.1))
    assert controller.state is RunState.DIVERGED
    controller.stop()
    assert controller.state is RunState.DIVERGED  # the message stays until Reset or Start
    controller.reset(small_config)
    controller.handle(Finished("completed", 3, 1))  # late news of the old run
    assert controller.state is RunState.IDLE


def test_settings_the_data_cannot_take_raise_one_message(controller, synthetic):
    with pytest.raises(SessionError, match="Batch size"):
        controller.start(TrainingConfig(hidden=(8,), batch_size=10_000), synthetic)
    assert controller.state is RunState.IDLE and controller.session is None


def test_live_settings_go_through_the_controller_to_the_next_batch(
    controller, synthetic, small_config
):
    from playground.training.config import ConfigError
    from playground.training.events import SettingChanged

    controller.step(small_config, synthetic)
    assert controller.runner.paused.wait(patience(20))
    controller.runner.paused.clear()
    session = controller.session
    changed = controller.set_settings(small_config.replace(batch_size=25, dropout=0.2))
    assert changed == {"batch_size": 25, "dropout": 0.2}
    # A setting that needs new weights is not live: Start makes a new session for it.
    assert controller.set_settings(small_config.replace(hidden=(8,))) == {}
    with pytest.raises(ConfigError):
        controller.set_settings(small_config.replace(batch_size=10_000))
    controller.step(small_config.replace(batch_size=25, dropout=0.2), synthetic)
    assert controller.runner.paused.wait(patience(20))
    events = [e for e in controller.runner.events if isinstance(e, SettingChanged)]
    assert [(e.updates, e.name, e.old, e.new) for e in events] == [
        (1, "batch_size", 50, 25),
        (1, "dropout", 0.0, 0.2),
    ]
    assert session.samples_seen == 50 + 25 and controller.session is session
    controller.stop()
    # Between runs the session takes them at once; the next run reports them first.
    controller.set_settings(small_config.replace(batch_size=25, dropout=0.2, l2=0.01))
    assert session.config.l2 == 0.01
    controller.step(small_config.replace(batch_size=25, dropout=0.2, l2=0.01), synthetic)
    assert controller.runner.paused.wait(patience(20))
    assert [e.name for e in controller.runner.events if isinstance(e, SettingChanged)][-1] == "l2"
