"""Commands for a running session, given from any thread (the GUI's), obeyed between batches."""

from __future__ import annotations

import math
import threading
import time


class RunControl:
    """Thread-safe run commands; each takes effect before the next mini-batch.

    While paused, ``TrainingSession.run`` blocks on an Event (no polling) until resume, a step
    or epoch request, a change of settings or stop wakes it.
    """

    def __init__(self, paused: bool = False, delay: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._paused = paused
        self._stop = False
        self._steps = 0  # mini-batches still to run before pausing again (Step)
        self._epoch = False  # run to the next epoch end, then pause (+1 epoch)
        self._delay = 0.0
        self._settings: dict[str, object] = {}  # live settings for the next mini-batch
        self._pause_reason = "paused"
        self.set_delay(delay)

    # -- commands (any thread) ---------------------------------------------------------------
    def pause(self) -> None:
        with self._lock:
            self._paused = True
            self._steps = 0
            self._epoch = False
            self._pause_reason = "paused"
            self._wake.set()

    def resume(self) -> None:
        with self._lock:
            self._paused = False
            self._steps = 0
            self._epoch = False
            self._wake.set()

    def stop(self) -> None:
        with self._lock:
            self._stop = True
            self._wake.set()

    def request_steps(self, n: int = 1) -> None:
        """Run ``n`` more mini-batches, then pause (presses add up)."""
        if n < 1:
            raise ValueError("request_steps needs n >= 1")
        with self._lock:
            self._steps += int(n)
            self._paused = False
            self._wake.set()

    def request_epoch(self) -> None:
        """Run to the end of the current epoch (a whole epoch at an epoch boundary), then pause."""
        with self._lock:
            self._epoch = True
            self._steps = 0
            self._paused = False
            self._wake.set()

    def set_delay(self, seconds: float) -> None:
        """Slow motion: wait this long after each mini-batch (0 for full speed)."""
        seconds = float(seconds)
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError("delay must be a finite number of seconds, 0 or more")
        with self._lock:
            self._delay = seconds
            self._wake.set()

    def set_learning_rate(self, learning_rate: float) -> None:
        """Change the learning rate live; used from the next mini-batch on."""
        lr = float(learning_rate)
        if not math.isfinite(lr) or lr <= 0:
            raise ValueError("learning rate must be a finite number greater than 0")
        self.set_settings({"learning_rate": lr})

    def set_settings(self, changes: dict[str, object]) -> None:
        """Change live settings (``live_settings.LIVE_SETTINGS``, checked by the caller); the
        training loop applies them before the next mini-batch, newest value per setting."""
        with self._lock:
            self._settings.update(changes)
            self._wake.set()

    # -- state (any thread) ------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        with self._lock:
            return self._paused

    @property
    def stopped(self) -> bool:
        with self._lock:
            return self._stop

    @property
    def delay(self) -> float:
        with self._lock:
            return self._delay

    @property
    def pending_steps(self) -> int:
        with self._lock:
            return self._steps

    # -- used by the training loop -----------------------------------------------------------
    def take_learning_rate(self) -> float | None:
        with self._lock:
            return self._settings.pop("learning_rate", None)  # type: ignore[return-value]

    def take_settings(self) -> dict[str, object]:
        with self._lock:
            changes, self._settings = self._settings, {}
            return changes

    def pause_reason(self) -> str:
        with self._lock:
            return self._pause_reason

    def pause_for(self, reason: str) -> None:
        """Pause from inside the loop (divergence), keeping ``reason`` for the Paused event."""
        with self._lock:
            self._paused = True
            self._steps = 0
            self._epoch = False
            self._pause_reason = reason

    def may_step(self, epochs_done: bool) -> bool:
        """True when the loop should run a mini-batch now (not paused, not stopped, and work
        is left: configured epochs remain, or a Step / +1 epoch request is pending)."""
        with self._lock:
            if self._stop or self._paused:
                return False
            return not epochs_done or self._steps > 0 or self._epoch

    def has_request(self) -> bool:
        with self._lock:
            return self._steps > 0 or self._epoch

    def batch_done(self, epoch_ended: bool) -> None:
        """Count down a Step request / finish a +1 epoch request; pause when one is used up."""
        with self._lock:
            if self._steps > 0:
                self._steps -= 1
                if self._steps == 0 and not self._epoch:
                    self._paused = True
                    self._pause_reason = "steps"
            if self._epoch and epoch_ended:
                self._epoch = False
                self._steps = 0
                self._paused = True
                self._pause_reason = "epoch"

    def wait_while_paused(self, timeout: float | None = None) -> None:
        """Block (on an Event, no spinning) until not paused, stopped, or anything changed."""
        with self._lock:
            if self._stop or not self._paused:
                return
            self._wake.clear()
        self._wake.wait(timeout)

    def sleep(self, seconds: float) -> None:
        """The slow-motion wait: returns early on pause, stop or a shorter delay."""
        start = time.monotonic()
        while True:
            with self._lock:
                if self._stop or self._paused:
                    return
                # The delay may be changed while waiting: the newest value counts.
                remaining = start + min(seconds, self._delay) - time.monotonic()
                if remaining <= 0:
                    return
                self._wake.clear()
            self._wake.wait(remaining)
