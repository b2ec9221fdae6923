"""Where a run stands, as one enum with the moves allowed between its values.

The window only shows the state; the controller changes it, and a move this table does not
allow (an event of a run that has already ended, say) is refused rather than shown.
"""

from __future__ import annotations

from enum import Enum


class RunState(str, Enum):
    """A ``str`` enum: ``RunState.RUNNING == "running"`` holds, for settings and signals."""

    IDLE = "idle"  # no session, or a fresh one that has not trained
    RUNNING = "running"
    PAUSED = "paused"
    STEPPING = "stepping"  # a Step or +1 epoch request is being trained
    STOPPED = "stopped"  # the run ended; Start continues from the same weights
    FINISHED = "finished"  # every configured epoch is done
    DIVERGED = "diverged"  # paused on a non-finite loss, the last finite weights kept
    ERROR = "error"  # training failed; the message is shown
    EVALUATING = "evaluating"  # an opened model is shown, evaluated on the test set

    def __str__(self) -> str:
        return self.value

    @property
    def trains(self) -> bool:
        """A run is alive: the settings that shape the model are locked."""
        return self in _ALIVE

    @property
    def busy(self) -> bool:
        """Mini-batches are being trained right now (Pause is the useful command)."""
        return self in (RunState.RUNNING, RunState.STEPPING)

    def allows(self, target: RunState) -> bool:
        return target is self or target in TRANSITIONS[self]


_ALIVE = frozenset({RunState.RUNNING, RunState.PAUSED, RunState.STEPPING, RunState.DIVERGED})
# A run starts from any resting state; a resting state never becomes finished or diverged.
_AT_REST = frozenset(
    {RunState.IDLE, RunState.STOPPED, RunState.FINISHED, RunState.ERROR, RunState.EVALUATING}
)
_LAUNCH = frozenset({RunState.RUNNING, RunState.PAUSED, RunState.STEPPING})
_FROM_REST = _LAUNCH | {RunState.IDLE, RunState.STOPPED, RunState.ERROR, RunState.EVALUATING}
# A live run moves between its own states, ends (stopped, finished, failed) or is reset.
_FROM_ALIVE = _ALIVE | {RunState.STOPPED, RunState.FINISHED, RunState.ERROR, RunState.IDLE}

TRANSITIONS: dict[RunState, frozenset[RunState]] = {
    **{state: _FROM_REST for state in _AT_REST},
    **{state: _FROM_ALIVE for state in _ALIVE},
}
