"""The run commands and the session's lifecycle, without Qt: the window only reflects them.

``RunController`` owns the session, the ``RunControl`` of the live run and the ``RunState``.
A ``Runner`` (a Qt thread in the window, a plain thread in tests) runs ``session.run``; the
runner's events come back through ``handle`` and its end through ``run_ended``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from playground.data import Dataset
from playground.training.config import TrainingConfig
from playground.training.control import RunControl
from playground.training.events import (
    Diverged,
    Event,
    Failed,
    Finished,
    Paused,
    Resumed,
    SettingChanged,
)
from playground.training.live_settings import LIVE_SETTINGS, checked, live_changes
from playground.training.run_state import RunState
from playground.training.session import TrainingSession

# Settings a session takes while it lives (and its seed, which Reset draws anew); the others
# need a new session (new weights).
KEPT_BY_SESSION = (*LIVE_SETTINGS, "seed")


class Runner(Protocol):
    """Trains a session somewhere else than the caller's thread: on a thread of this process
    (``session.run(control, on_event)``) or in a trainer process."""

    def make_session(
        self, config: TrainingConfig, dataset: Dataset, model: Any = None
    ) -> TrainingSession: ...

    def make_control(self, paused: bool, delay: float) -> RunControl: ...

    def is_running(self) -> bool: ...

    def start(self, session: TrainingSession, control: RunControl) -> None: ...

    def stop(self, timeout_ms: int = 1000) -> bool: ...

    def wait_stopped(self, total_ms: int = 30_000) -> bool: ...

    def shutdown(self) -> bool: ...


class SessionError(Exception):
    """A session could not be made for these settings; the message is for a dialog."""


def _ignore(*_args: Any) -> None:
    return None


class RunController:
    """Start, Pause, Step, +1 epoch, Stop, Reset and the live settings of one window."""

    def __init__(
        self,
        runner: Runner,
        *,
        on_state: Callable[[RunState], None] = _ignore,
        on_session: Callable[[TrainingSession | None], None] = _ignore,
        on_launch: Callable[[], None] = _ignore,
    ) -> None:
        self.runner = runner
        self.state = RunState.IDLE
        self.session: TrainingSession | None = None
        self.control: RunControl | None = None
        self.delay = 0.0  # slow motion, seconds after each mini-batch
        self._session_seed: int | None = None
        self._on_state, self._on_session, self._on_launch = on_state, on_session, on_launch

    # -- state -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """A run is alive (its thread or process has not ended)."""
        return self.runner.is_running()

    @property
    def busy(self) -> bool:
        """Mini-batches are being trained now: Pause is the command that applies."""
        return self.running and self.state.busy

    def set_state(self, state: RunState) -> bool:
        """Move to ``state`` if the table allows it; False (and no change) otherwise."""
        if not self.state.allows(state):
            return False
        self.state = state
        self._on_state(state)
        return True

    # -- run commands ------------------------------------------------------------------------
    def start(self, config: TrainingConfig, dataset: Dataset) -> None:
        """Start or continue (SessionError when no session can be made)."""
        if self.state is RunState.RUNNING:
            return
        if self._live():
            self.control.resume()  # type: ignore[union-attr]
            self.set_state(RunState.RUNNING)
            return
        self.prepare(config, dataset)
        self._launch(paused=False)

    def pause(self) -> None:
        if self._live():
            self.control.pause()  # type: ignore[union-attr]
            self.set_state(RunState.PAUSED)

    def step(self, config: TrainingConfig, dataset: Dataset) -> None:
        """Train exactly one more mini-batch, then pause."""
        self._request(config, dataset, lambda control: control.request_steps(1))

    def add_epoch(self, config: TrainingConfig, dataset: Dataset) -> None:
        """Train to the end of the current epoch (a whole one at a boundary), then pause."""
        self._request(config, dataset, lambda control: control.request_epoch())

    def stop(self) -> bool:
        """End the run (waits for the mini-batch in progress); Start continues the weights."""
        ended = self.runner.stop(1000) or self.runner.wait_stopped()
        self.control = None
        if self.state not in (RunState.DIVERGED, RunState.ERROR):
            self.set_state(RunState.STOPPED if self.session is not None else RunState.IDLE)
        return ended

    def reset(self, config: TrainingConfig) -> None:
        """New random weights and an empty history (the settings stay)."""
        self.stop()
        if self.session is not None and self.matches(config):
            self.session.reset()
            self._on_session(self.session)
        else:
            self.replace_session(None)
        self.set_state(RunState.IDLE)

    def open_model(
        self, config: TrainingConfig, dataset: Dataset, model: Any, *, evaluate: bool
    ) -> TrainingSession:
        """A session for an opened model: to continue training it, or only to evaluate it."""
        self.stop()
        if self.state.trains:
            self.set_state(RunState.STOPPED)  # a diverged run ends here
        session = self.new_session(config, dataset, model)
        self.set_state(RunState.EVALUATING if evaluate else RunState.STOPPED)
        return session

    def shutdown(self) -> bool:
        """For closing: never leave a run behind."""
        ended = self.runner.shutdown()
        self.control = None
        return ended

    # -- live settings -----------------------------------------------------------------------
    def set_learning_rate(self, learning_rate: float) -> None:
        if self._live():
            self.control.set_learning_rate(learning_rate)  # type: ignore[union-attr]

    def set_settings(self, config: TrainingConfig) -> dict[str, Any]:
        """Hand the session the live settings in which ``config`` differs from it: a live run
        takes them at its next mini-batch, a session between runs at once. Returns them
        (empty when nothing live changed); ConfigError when they cannot train."""
        session = self.session
        if session is None or not self.matches(config):
            return {}  # Start makes a new session for these settings anyway
        changes = live_changes(session.config, config)
        if not changes:
            return {}
        if self._live():  # checked here, applied by the training loop
            checked(session.config, changes, len(session.dataset.y_train))
            self.control.set_settings(changes)  # type: ignore[union-attr]
        else:
            session.change_settings(changes)  # checks them itself
        return changes

    def set_delay(self, seconds: float) -> None:
        self.delay = seconds
        if self.control is not None:
            self.control.set_delay(seconds)

    # -- sessions ----------------------------------------------------------------------------
    def matches(self, config: TrainingConfig) -> bool:
        """The session trains these settings (live ones aside)."""
        if self.session is None:
            return False
        blank = dict.fromkeys(KEPT_BY_SESSION)
        return self.session.config.replace(**blank) == config.replace(**blank)

    def prepare(self, config: TrainingConfig, dataset: Dataset) -> TrainingSession:
        """The session Start continues, or a new one when the settings or the seed changed."""
        session = self.session
        finished = session is not None and session.epoch >= session.config.epochs
        if (
            session is None
            or finished
            or not self.matches(config)
            or self._session_seed != config.seed  # Reset's new random seed is kept otherwise
            or self.state is RunState.EVALUATING
            or not session.alive  # its trainer process has ended
        ):
            return self.new_session(config, dataset)
        changes = live_changes(session.config, config)
        if changes:
            session.change_settings(changes)
        return session

    def new_session(
        self, config: TrainingConfig, dataset: Dataset, model: Any = None
    ) -> TrainingSession:
        try:
            session = self.runner.make_session(config, dataset, model)
        except Exception as exc:  # settings the data cannot take, or a model that does not fit
            problems = getattr(exc, "problems", None)
            message = " ".join(p.message for p in problems) if problems else str(exc)
            raise SessionError(message) from exc
        self._session_seed = config.seed
        self.replace_session(session)
        return session

    def replace_session(self, session: TrainingSession | None) -> None:
        self.session = session
        self._on_session(session)

    # -- what the runner reports -------------------------------------------------------------
    def handle(self, event: Event) -> None:
        """A run's event: the state it implies (failures are the window's to show)."""
        if isinstance(event, Paused):
            if event.reason != "diverged" and self.state is not RunState.DIVERGED:
                self.set_state(RunState.PAUSED)
        elif isinstance(event, Resumed):
            if self.state is not RunState.STEPPING:
                self.set_state(RunState.RUNNING)
        elif isinstance(event, Diverged):
            self.set_state(RunState.DIVERGED)
        elif isinstance(event, Failed):
            self.set_state(RunState.ERROR)
        elif isinstance(event, Finished) and event.reason == "completed":
            self.set_state(RunState.FINISHED)
        elif isinstance(event, SettingChanged):
            follow = getattr(self.session, "follow_change", None)
            if follow is not None:  # the window's copy of a session trained elsewhere
                follow(event)

    def failed(self) -> None:
        self.set_state(RunState.ERROR)

    def run_ended(self) -> None:
        self.control = None
        if self.state in (RunState.RUNNING, RunState.PAUSED, RunState.STEPPING):
            self.set_state(RunState.STOPPED)

    # -- inside ------------------------------------------------------------------------------
    def _live(self) -> bool:
        return self.control is not None and self.runner.is_running()

    def _request(self, config, dataset, request: Callable[[RunControl], None]) -> None:
        if not self._live():
            self.prepare(config, dataset)
            self._launch(paused=True)
        request(self.control)  # type: ignore[arg-type]
        self.set_state(RunState.STEPPING)

    def _launch(self, paused: bool) -> None:
        self.control = self.runner.make_control(paused, self.delay)
        self.runner.start(self.session, self.control)  # type: ignore[arg-type]
        self.set_state(RunState.PAUSED if paused else RunState.RUNNING)
        self._on_launch()
