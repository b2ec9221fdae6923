"""Where a replay stands: which recorded moment is shown, and playing through them in time.

Playing at speed s shows, after w seconds of wall time, the last moment whose training time
is at most s·w seconds past where play began (1×: as fast as the run trained).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np

from playground.training.recording.run_file import RecordedRun

SPEEDS = (0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)


@dataclass
class Scrubber:
    moments: list[int]  # updates, ascending
    seconds: list[float]  # training time of each moment, ascending
    index: int = 0
    speed: float = 1.0
    playing: bool = False
    _clock: float = field(default=0.0, repr=False)  # training seconds play has reached

    @classmethod
    def of(cls, run: RecordedRun) -> Scrubber:
        """The run's moments, starting at its newest."""
        moments = list(run.moments)
        if len(run.metrics):
            seconds = np.interp(moments, run.metrics[:, 0], run.metrics[:, 2], left=0.0)
        else:
            seconds = np.zeros(len(moments))
        seconds = np.maximum.accumulate(seconds) if len(seconds) else seconds
        return cls(moments, [float(s) for s in seconds], index=max(len(moments) - 1, 0))

    @property
    def updates(self) -> int:
        return self.moments[self.index]

    def go(self, index: int) -> bool:
        """Show moment ``index`` (clamped); True when that changed what is shown."""
        index = min(max(int(index), 0), len(self.moments) - 1)
        changed = index != self.index
        self.index = index
        self._clock = self.seconds[index] if self.seconds else 0.0
        return changed

    def set_speed(self, speed: float) -> None:
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}")
        self.speed = speed

    def play(self) -> None:
        if self.index >= len(self.moments) - 1:
            self.go(0)  # at the end: play from the start
        self._clock = self.seconds[self.index]
        self.playing = True

    def pause(self) -> None:
        self.playing = False

    def advance(self, wall_seconds: float) -> bool:
        """Move on by ``wall_seconds`` of playing; True when another moment is due. Play
        stops at the last moment."""
        if not self.playing:
            return False
        self._clock += wall_seconds * self.speed
        index = bisect.bisect_right(self.seconds, self._clock) - 1
        index = max(index, self.index)
        if index >= len(self.moments) - 1:
            index = len(self.moments) - 1
            self.playing = False
        changed = index != self.index
        self.index = index
        return changed
