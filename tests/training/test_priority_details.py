"""The background priority's default, and the two cases where none is set: another system,
and a thread whose priority cannot be changed."""

from __future__ import annotations

import os
import sys

import pytest

from playground.engine.fast import threads
from playground.training import priority


class Nice:
    """Stands in for the system's per-thread nice values (every thread starts at 0)."""

    def __init__(self) -> None:
        self.values: dict[int, int] = {}

    def get(self, which: int, who: int) -> int:
        assert which == os.PRIO_PROCESS
        return self.values.get(who, 0)

    def set(self, which: int, who: int, value: int) -> None:
        assert which == os.PRIO_PROCESS
        self.values[who] = value


@pytest.fixture
def nice(monkeypatch) -> Nice:
    fake = Nice()
    monkeypatch.setattr(priority.os, "getpriority", fake.get)
    monkeypatch.setattr(priority.os, "setpriority", fake.set)
    monkeypatch.setattr(threads, "on_both_threads", lambda fn: fn())
    return fake


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_the_default_is_nice_5(nice) -> None:
    assert priority.set_background_priority() is True
    assert list(nice.values.values()) == [5]


def test_another_system_is_left_alone(monkeypatch, nice) -> None:
    monkeypatch.setattr(priority.sys, "platform", "darwin")
    assert priority.set_background_priority() is False
    assert nice.values == {}


def test_a_priority_that_cannot_be_set_says_so(monkeypatch) -> None:
    def refused(fn) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(threads, "on_both_threads", refused)
    assert priority.set_background_priority() is False
