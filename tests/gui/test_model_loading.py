"""Models open off the GUI thread: progress, Cancel, and errors reach the window as signals."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.engine import saving as engine_saving
from playground.gui import model_loading

TIMEOUT = 30_000


@pytest.fixture
def model_file(tmp_path: Path) -> tuple[Path, Sequential]:
    model = Sequential([Dense(300, "relu", input_dim=784), Dense(10, "softmax")], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.build()
    path = tmp_path / "digits.npz"
    model.save(path)
    return path, model


@pytest.fixture
def held_load(monkeypatch):
    """The background load waits for ``release`` before reading (``started`` says it waits)."""
    started, release = threading.Event(), threading.Event()

    def held(path, progress=None, cancel=None):
        started.set()
        assert release.wait(TIMEOUT / 1000)
        return engine_saving.load_model(path, progress=progress, cancel=cancel)

    monkeypatch.setattr(model_loading, "load_model", held)
    yield started, release
    release.set()


def test_a_load_reports_progress_and_the_model(qtbot, model_file, held_load):
    path, model = model_file
    started, release = held_load
    load = model_loading.ModelLoad(path)
    seen: list[int] = []
    load.progressed.connect(seen.append)
    load.start()  # returns while the read has not even begun
    assert started.wait(10) and not load.future.done()
    with qtbot.waitSignal(load.loaded, timeout=TIMEOUT) as blocker:
        release.set()
    loaded = blocker.args[0]
    np.testing.assert_array_equal(loaded.layers[0].kernel, model.layers[0].kernel)
    assert seen and seen == sorted(seen) and seen[-1] == 100


def test_cancel_stops_the_read(qtbot, model_file, held_load):
    path, _ = model_file
    started, release = held_load
    load = model_loading.ModelLoad(path)
    loaded = []
    load.loaded.connect(loaded.append)
    load.start()
    assert started.wait(10)
    load.cancel()
    with qtbot.waitSignal(load.cancelled, timeout=TIMEOUT):
        release.set()
    assert loaded == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_fails_with_a_message_instead_of_hanging(qtbot, tmp_path: Path):
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    load = model_loading.ModelLoad(fifo)
    with qtbot.waitSignal(load.failed, timeout=TIMEOUT) as blocker:
        load.start()
    assert "FIFO" in blocker.args[0] and str(fifo) in blocker.args[0]


def test_the_window_opens_a_model_from_the_file_dialog_in_the_background(
    window, qtbot, model_file, monkeypatch, held_load
):
    from PySide6.QtWidgets import QFileDialog

    path, model = model_file
    started, release = held_load
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    window.files.open_model_dialog("continue")
    assert started.wait(10)
    assert window.model_panel.hidden() != (300,)  # nothing applied before the file is read
    release.set()
    qtbot.waitUntil(lambda: window.model_panel.hidden() == (300,), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.session is not None, timeout=TIMEOUT)
    np.testing.assert_array_equal(window.session.model.layers[0].kernel, model.layers[0].kernel)


def test_the_window_shows_a_failed_background_load(
    window, qtbot, tmp_path, monkeypatch, dialogs_seen
):
    from PySide6.QtWidgets import QFileDialog

    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK\x03\x04 not a model" * 10)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), ""))
    )
    window.files.open_model_dialog("evaluate")
    qtbot.waitUntil(lambda: len(dialogs_seen) == 1, timeout=TIMEOUT)
    assert str(bad) in dialogs_seen[0][1] and str(bad) in window.last_message


def test_evaluating_a_model_whose_outputs_overflow_says_so(window, tmp_path, dialogs_seen):
    model = Sequential([Dense(10, "softmax", input_dim=784)], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    model.build()
    model.layers[0].kernel[:] = np.float32(3e38)
    model.layers[0].kernel[:, ::2] = np.float32(-3e38)
    path = tmp_path / "huge.npz"
    model.save(path)
    window.files.open_model(path, "evaluate")
    assert len(dialogs_seen) == 1, dialogs_seen
    assert "not a finite number" in dialogs_seen[0][1] and str(path) in dialogs_seen[0][1]
