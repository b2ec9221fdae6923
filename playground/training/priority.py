"""Training runs at a lower OS priority than the window, on every thread that computes."""

from __future__ import annotations

import os
import sys
import threading

from playground.engine.fast import threads


def set_background_priority(nice: int = 5) -> bool:
    """Give the calling thread and the engine's second thread at least this nice value, so
    that they yield their cores readily to other threads (a window's event loop). Linux only,
    where a thread has its own nice value; it cannot be lowered again without privileges, so
    only threads that do background work should ask. True when applied."""
    if not sys.platform.startswith("linux"):
        return False

    def apply() -> None:
        tid = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, tid) < nice:
            os.setpriority(os.PRIO_PROCESS, tid, min(19, nice))

    try:
        threads.on_both_threads(apply)
    except OSError:
        return False
    return True
