"""Shared test fixtures: Qt runs offscreen, and no test may leave a thread running."""

from __future__ import annotations

import os
import threading

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail any test that leaves a Python thread running (QThreads are checked in tests/gui)."""
    before = set(threading.enumerate())
    yield
    leaked = []
    for thread in set(threading.enumerate()) - before:
        # A QThread that called threading.current_thread() shows up as a dummy entry that
        # cannot be joined; QThreads are checked by tests/gui/conftest.py instead.
        if isinstance(thread, threading._DummyThread):
            continue
        thread.join(timeout=2.0)
        if thread.is_alive() and not thread.daemon:
            leaked.append(thread.name)
    if leaked:
        pytest.fail(f"test left threads running: {leaked}")
