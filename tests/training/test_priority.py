"""Training threads yield to the window: a lower priority on both engine threads."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from playground.engine.fast import threads
from playground.training.priority import set_background_priority


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_background_priority_applies_to_this_thread_and_the_second():
    # Relative to where this process starts (it may already run under `nice`); a nice value
    # can only be raised, so the target lies above the current one.
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    target = min(19, own + 3)
    result: dict[str, object] = {}

    def body():
        result["applied"] = set_background_priority(target)
        result["mine"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    worker = threading.Thread(target=body)
    worker.start()
    worker.join()
    assert result["applied"] is True
    assert result["mine"] >= target
    seen: list[int] = []

    def record(whose):
        if whose == "second":
            seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    threads._second.run(record, "this", "second")
    assert seen and seen[0] >= target
    # this thread, which did not ask, keeps its priority
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own
