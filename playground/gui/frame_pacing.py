"""When the window redraws while training runs: a single-shot timer re-armed after each frame.

The pause before the next frame follows the window's own CPU use (this thread's CPU time,
painting included): drawing gets about ``budget`` of one core and training the rest, so a
slow machine draws less often instead of training slower.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

FRAME_MS = 33  # at most ~30 redraws per second, whatever the batch size
MAX_FRAME_MS = 1000  # views that cost much (weights: ~50 ms a frame) still redraw every second
# Share of one core the live views may use while training runs. The event loop holds the GIL
# while it draws, and the training threads wait for it between NumPy calls: each 1 % drawing
# took about 1.5 % from training on a two-core machine, so 7 % keeps an epoch within ~10 %.
DRAW_BUDGET = 0.07
# With training in its own process drawing takes nothing from it but a share of the cores:
# half of one keeps the trainer's BLAS threads busy on a two-core machine.
PROCESS_DRAW_BUDGET = 0.5


class FramePacer(QObject):
    """Calls ``draw()`` once per frame while ``keep_going()`` holds; updates never queue up."""

    def __init__(
        self,
        draw: Callable[[], None],
        keep_going: Callable[[], bool],
        parent: QObject,
        budget: float = DRAW_BUDGET,
    ) -> None:
        super().__init__(parent)
        self.budget = budget
        self._draw, self._keep_going = draw, keep_going
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.frame)
        self.clock: tuple[float, float] | None = None  # (wall, CPU) at the last frame

    def start(self) -> None:
        """A new run starts at the full frame rate."""
        self.clock = None
        self.timer.setInterval(FRAME_MS)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.clock = None

    def frame(self) -> None:
        """One redraw, then re-arm at the pace the last period's CPU use allows."""
        now_wall, now_cpu = time.perf_counter(), time.thread_time()
        last = self.clock
        if last is not None:
            wall, cpu = now_wall - last[0], now_cpu - last[1]
            if wall > 0:
                # The last period's CPU (the frame's data, its paint, anything else on this
                # thread) spread over DRAW_BUDGET of a core: the next pause follows at once.
                interval = min(MAX_FRAME_MS, max(FRAME_MS, 1000 * cpu / self.budget))
                self.timer.setInterval(round(interval))
        self.clock = (now_wall, now_cpu)
        try:
            self._draw()
        finally:
            if self._keep_going():
                self.timer.start()
            else:
                self.clock = None
