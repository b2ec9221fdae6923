"""BackgroundWork: work off the window's thread whose newest result comes back as a signal."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication

from playground.gui.background import BackgroundWork


def test_the_result_arrives_on_the_windows_thread(qtbot) -> None:
    work = BackgroundWork("test")
    seen: list[tuple[int, threading.Thread]] = []
    work.finished.connect(lambda value: seen.append((value, threading.current_thread())))
    with qtbot.waitSignal(work.finished, timeout=10_000):
        future = work.submit(lambda a, b: a * b, 6, 7)
    assert future.result() == 42
    assert seen == [(42, threading.main_thread())]
    qtbot.waitUntil(lambda: not work.busy)


def test_an_overtaken_request_is_dropped_and_told_to_stop(qtbot) -> None:
    work = BackgroundWork("test")
    release = threading.Event()
    values: list[str] = []
    work.finished.connect(values.append)
    stop_first = work.stopping()

    def slow() -> str:
        release.wait(10)
        return "old"

    first = work.submit(slow)
    assert not stop_first()
    with qtbot.waitSignal(work.finished, timeout=10_000):
        work.submit(lambda: "new")  # runs at once, on a thread of its own
    assert stop_first()  # the first one may give up
    release.set()
    assert first.result(10) == "old"
    qtbot.waitUntil(lambda: not work.busy)
    assert values == ["new"]


def test_an_exception_becomes_one_sentence(qtbot) -> None:
    work = BackgroundWork("test")
    finished: list[object] = []
    work.finished.connect(finished.append)

    def broken() -> None:
        raise ValueError("the shapes do not match")

    with qtbot.waitSignal(work.failed, timeout=10_000) as blocker:
        work.submit(broken)
    assert blocker.args == ["the shapes do not match"]
    assert finished == []


def test_shutdown_waits_and_drops_the_pending_result(qtbot) -> None:
    work = BackgroundWork("test")
    release = threading.Event()
    values: list[object] = []
    work.finished.connect(values.append)
    stop = work.stopping()
    future = work.submit(lambda: release.wait(10))
    threading.Timer(0.05, release.set).start()
    work.shutdown()
    assert future.done() and stop()
    QCoreApplication.processEvents()  # the delivery was posted before the work ended
    assert values == []


def test_a_cancelled_request_is_dropped_and_told_to_stop(qtbot) -> None:
    work = BackgroundWork("test")
    release = threading.Event()
    values: list[str] = []
    work.finished.connect(values.append)
    stop = work.stopping()
    running = work.submit(lambda: release.wait(10) and "old")
    work.cancel()
    assert stop()
    release.set()
    assert running.result(10) == "old"
    with qtbot.waitSignal(work.finished, timeout=10_000):  # the next request still counts
        work.submit(lambda: "new")
    assert values == ["new"]
