"""A second thread for the optimizers' elementwise work.

BLAS already spreads the matrix products over the cores, but NumPy's elementwise operations
(the optimizers' updates: Adam reads and writes every parameter a dozen times per step) run on
one core. NumPy releases the GIL inside those loops, so a second Python thread working on the
other half of the parameters runs truly in parallel. The thread is a daemon that sleeps
between jobs; one job runs at a time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

# Jobs smaller than this many elements are not worth waking the second thread for.
MIN_PARALLEL_ELEMENTS = 200_000
_enabled = True


def set_parallel(enabled: bool) -> None:
    """Allow or forbid the second thread (e.g. to time the engine on one core)."""
    global _enabled
    _enabled = bool(enabled)


def parallel_available() -> bool:
    return _enabled and (os.cpu_count() or 1) >= 2


class _SecondThread:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # one job at a time
        self._go = threading.Event()
        self._done = threading.Event()
        self._job: tuple[Callable[[Any], None], Any] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def _loop(self) -> None:
        while True:
            self._go.wait()
            self._go.clear()
            fn, arg = self._job
            try:
                fn(arg)
            except BaseException as exc:  # handed to the caller, who re-raises it
                self._error = exc
            self._job = None
            self._done.set()

    def run(self, fn: Callable[[Any], None], mine: Any, theirs: Any) -> None:
        """``fn(mine)`` here and ``fn(theirs)`` on the second thread; returns when both end."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="playground-elementwise", daemon=True
                )
                self._thread.start()
            self._error = None
            self._done.clear()
            self._job = (fn, theirs)
            self._go.set()
            try:
                fn(mine)
            finally:
                self._done.wait()
            if self._error is not None:
                raise self._error


_second = _SecondThread()


def run_halves(fn: Callable[[Sequence[Any]], None], items: Sequence[Any], sizes: Sequence[int]):
    """Run ``fn`` over ``items`` split in two halves of about equal total ``sizes``, on two
    threads when that pays off, else ``fn(items)`` here."""
    total = sum(sizes)
    if total < MIN_PARALLEL_ELEMENTS or len(items) < 2 or not parallel_available():
        fn(items)
        return
    acc, cut = 0, len(items)
    for index, size in enumerate(sizes):
        acc += size
        if acc * 2 >= total:
            cut = index + 1
            break
    _second.run(fn, items[cut:], items[:cut])
