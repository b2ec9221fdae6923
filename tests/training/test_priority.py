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
    result: dict[str, object] = {}
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def body():
        result["applied"] = set_background_priority(7)
        result["mine"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    worker = threading.Thread(target=body)
    worker.start()
    worker.join()
    assert result["applied"] is True
    assert result["mine"] >= 7
    seen: list[int] = []

    def record(whose):
        if whose == "second":
            seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    threads._second.run(record, "this", "second")
    assert seen and seen[0] >= 7
    # this thread, which did not ask, keeps its priority
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own
