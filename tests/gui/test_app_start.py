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
