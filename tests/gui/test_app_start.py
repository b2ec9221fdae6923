"""Starting the window on a Linux desktop that lacks Qt's X11 libraries: one clear line."""

from __future__ import annotations

import ctypes.util

from playground.gui import app


def test_missing_x11_libraries_are_named_instead_of_a_qt_abort(monkeypatch, capsys):
    monkeypatch.setattr(app.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    real = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else real(name)
    )
    assert app.missing_x11_libraries()[0] == "libxcb-cursor0"
    assert app.run_app([]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "sudo apt install libxcb-cursor0" in err[0]


def test_offscreen_needs_no_x11_libraries(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert app.missing_x11_libraries() == []


def test_the_first_data_set_loads_beside_a_responsive_window(qtbot, mnist, monkeypatch):
    """Right after the first paint the data set is read on a worker thread: the event loop
    keeps running meanwhile, and the window takes the data set when the read ends."""
    import threading

    import playground.data.datasets as datasets
    from playground.gui import main_window
    from playground.gui.main_window import MainWindow
    from playground.training.dataset_cache import DatasetCache

    release = threading.Event()
    reader: list[str] = []

    def slow_load(source):
        reader.append(threading.current_thread().name)
        assert release.wait(30)
        return mnist

    monkeypatch.setattr(datasets, "load_dataset", slow_load)
    window = MainWindow(restore_settings=False, datasets=DatasetCache())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(reader), timeout=10_000)
    assert reader == ["nn-playground data"]
    ticks = []
    timer = main_window.QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5_000)  # the event loop is not blocked
    assert window.data.dataset is None
    release.set()
    qtbot.waitUntil(lambda: window.data.dataset is mnist, timeout=10_000)
    timer.stop()
    assert window.data.ensure()
    window.close()


def test_starting_while_the_data_set_loads_waits_for_it(qtbot, mnist, monkeypatch):
    import threading

    from PySide6.QtWidgets import QApplication

    import playground.data.datasets as datasets
    from playground.gui.main_window import MainWindow
    from playground.training.dataset_cache import DatasetCache

    started, waiting = threading.Event(), threading.Event()
    calls = []

    def slow_load(source):
        calls.append(source)
        started.set()
        assert waiting.wait(30)  # still reading when the window starts waiting for it
        return mnist

    real_cursor = QApplication.setOverrideCursor

    def cursor(shape):
        waiting.set()
        real_cursor(shape)

    monkeypatch.setattr(datasets, "load_dataset", slow_load)
    monkeypatch.setattr(QApplication, "setOverrideCursor", cursor)
    window = MainWindow(restore_settings=False, datasets=DatasetCache())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    assert window.data.ensure()  # joins the read instead of starting a second one
    assert window.data.dataset is mnist
    assert calls == ["mnist"]
    window.close()
