"""One control for every network of a race: Start, Pause, Step and slow motion.

The race's state (running, paused, finished) lives here, Qt-free; a window only reflects it.
``run`` is the loop a background thread runs: it trains one tick of every variant at a time
(the variants stay in lockstep on one time axis), reports each tick, waits while paused and
sleeps between ticks in slow motion. Commands come from any thread.

One thread trains all the variants in turn, rather than one trainer process each: the
variants share one copy of the data and one order of examples, a tick is naturally the same
moment for all of them, and NumPy releases the interpreter during its matrix products, so the
window's thread stays free to draw. On a two-core classroom laptop several processes would only
compete with the window for the same cores.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import Enum

from playground.training.race import Race

MAX_SLOW_SECONDS = 2.0  # the longest pause between ticks in slow motion


class RaceState(Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class RaceDriver:
    """Start/Pause/Step/slow motion for one race; ``run`` in a background thread."""

    def __init__(self, race: Race) -> None:
        self.race = race
        self._wake = threading.Condition()
        self._state = RaceState.READY
        self._steps = 0  # ticks asked for by Step while paused
        self._quit = False
        self.delay = 0.0  # seconds between ticks: slow motion
        self.busy = False  # a tick is under way (after Pause, it still completes)

    @property
    def state(self) -> RaceState:
        return self._state

    def set_slow_motion(self, seconds: float) -> None:
        """Seconds between ticks, 0 for full speed (clamped to [0, MAX_SLOW_SECONDS])."""
        with self._wake:
            self.delay = min(max(0.0, float(seconds)), MAX_SLOW_SECONDS)
            self._wake.notify_all()

    def start(self) -> None:
        self._command(RaceState.RUNNING)

    def pause(self) -> None:
        self._command(RaceState.PAUSED)

    def step(self) -> None:
        """One more tick, then paused."""
        with self._wake:
            if self._state in (RaceState.FINISHED, RaceState.STOPPED):
                return
            self._state = RaceState.PAUSED
            self._steps += 1
            self._wake.notify_all()

    def stop(self) -> None:
        """End the loop (the thread returns after the tick under way)."""
        with self._wake:
            self._quit = True
            if self._state is not RaceState.FINISHED:
                self._state = RaceState.STOPPED
            self._wake.notify_all()

    def _command(self, state: RaceState) -> None:
        with self._wake:
            if self._state not in (RaceState.FINISHED, RaceState.STOPPED):
                self._state = state
                self._wake.notify_all()

    def _next_tick(self) -> bool:
        """Wait until a tick may run (True) or the loop must end (False)."""
        with self._wake:
            while True:
                if self._quit or self._state is RaceState.FINISHED:
                    return False
                if self._state is RaceState.RUNNING:
                    self.busy = True  # under the lock: Pause never sees a tick about to start idle
                    return True
                if self._steps:
                    self._steps -= 1
                    self.busy = True
                    return True
                self._wake.wait()

    def _slow_motion(self) -> None:
        with self._wake:
            if self.delay > 0 and self._state is RaceState.RUNNING:
                self._wake.wait(self.delay)  # a command ends the wait at once

    def run(self, on_tick: Callable[[Race], None] | None = None) -> None:
        """Train tick by tick until the race ends or ``stop``; ``on_tick`` after each."""
        while self._next_tick():
            try:
                self.race.advance()
            finally:
                self.busy = False
            if self.race.finished:
                with self._wake:
                    self._state = RaceState.FINISHED
            if on_tick is not None:
                on_tick(self.race)
            self._slow_motion()
