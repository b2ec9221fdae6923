"""GUI test fixtures: Qt offscreen, settings and logs in a temporary folder, and a check that
fails any test leaving a QThread running or a top-level widget alive (as napari's does)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import gc

import pytest

import playground.gui  # noqa: F401  (applies the PySide6 workaround before any widget)

IGNORED_WINDOWS = {"QTipLabel", "QComboBoxPrivateContainer", "QMenu", "QToolTip"}


@pytest.fixture(scope="session", autouse=True)
def _app_identity(qapp, tmp_path_factory):
    """QSettings and QStandardPaths point into a temporary folder, never the user's."""
    from PySide6.QtCore import QSettings, QStandardPaths

    from playground.gui.app import APP_NAME, configure_pyqtgraph

    QStandardPaths.setTestModeEnabled(True)
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName("nn-playground-tests")
    configure_pyqtgraph(white_background=True)
    yield


def running_qthreads() -> list:
    """Every QThread that Python knows of and that is still running."""
    from PySide6.QtCore import QThread
    from shiboken6 import Shiboken

    found = []
    for obj in Shiboken.getAllValidWrappers():
        try:
            if isinstance(obj, QThread) and obj is not QThread.currentThread() and obj.isRunning():
                found.append(obj)
        except RuntimeError:  # deleted meanwhile
            continue
    return found


def _flush_deletions(qapp) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()
        gc.collect()


@pytest.fixture(autouse=True)
def _no_leaked_qthreads_or_widgets(qapp, request):
    from PySide6.QtWidgets import QApplication, QMenu

    before = {id(w) for w in QApplication.topLevelWidgets()}
    yield
    _flush_deletions(qapp)
    threads = running_qthreads()
    leaked = [
        w
        for w in QApplication.topLevelWidgets()
        if id(w) not in before
        and type(w).__name__ not in IGNORED_WINDOWS
        and w.metaObject().className() not in IGNORED_WINDOWS
        and not w.objectName().startswith("qt_")
        and w.parent() is None
        and not isinstance(w, QMenu)  # pyqtgraph's plot menus live as long as their plots' wrappers
    ]
    problems = []
    if threads:
        for t in threads:
            t.quit()
            t.wait(5000)
        problems.append(f"QThreads left running: {[t.objectName() for t in threads]}")
    if leaked:
        names = [f"{type(w).__name__}({w.objectName()!r})" for w in leaked]
        for w in leaked:
            w.close()
            w.deleteLater()
        _flush_deletions(qapp)
        problems.append(f"top-level widgets left alive: {names}")
    if problems:
        pytest.fail("; ".join(problems))


@pytest.fixture(scope="session")
def mnist():
    from playground.data.datasets import load_dataset

    return load_dataset("mnist")


SMALL = {
    "hidden": (32,),
    "activation": "relu",
    "optimizer": "adam",
    "learning_rate": 1e-3,
    "batch_size": 50,
    "epochs": 100,
    "train_size": 1000,
    "validation_split": 0.0,
    "seed": 0,
}


@pytest.fixture
def make_window(qtbot, mnist):
    """Build main windows with a small configuration (1000 training digits, one layer of 32)."""
    from playground.gui.main_window import MainWindow
    from playground.training import TrainingConfig
    from playground.training.dataset_cache import shared_datasets

    shared_datasets().put("mnist", mnist)
    windows = []

    def make(host_extras: bool = False, trainer: str = "process", **changes):
        window = MainWindow(restore_settings=False, host_extras=host_extras, trainer=trainer)
        window.data.load("mnist")
        cfg = TrainingConfig(**{**SMALL, **changes})
        window.apply_config(cfg)
        window.show()
        qtbot.waitExposed(window)
        window.ensure_views()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.deleteLater()
    windows.clear()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def thread_window(make_window):
    """A window that trains on a thread of its own process (the thread runner's tests)."""
    return make_window(trainer="thread")


@pytest.fixture(autouse=True)
def dialogs_seen(monkeypatch):
    """Record message boxes instead of showing them (a modal box would block the test)."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []

    def warning(parent, title, text, *args, **kwargs):
        seen.append((title, text))
        return QMessageBox.StandardButton.Ok

    def exec_(box):
        seen.append((box.windowTitle(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen
