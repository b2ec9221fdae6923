"""Open a model file off the GUI thread, with a progress dialog whose Cancel stops the read.

The engine's ``load_model`` runs as a future in a worker thread; it reports the fraction read
and checks a cancel event between chunks. Its progress and its end reach the window as queued
Qt signals, so the window keeps painting however large or slow the file is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from playground.engine import ModelFileError, load_model
from playground.engine.saving import LoadCancelledError

_SHOW_AFTER_MS = 300  # a file that loads faster never flashes a dialog


class ModelLoad(QObject):
    """One background load: ``progressed(percent)``, then ``loaded(model)``, ``failed(text)``
    or ``cancelled()`` (each in the GUI thread)."""

    progressed = Signal(int)
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, path: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = str(path)
        self._cancel = threading.Event()
        self._percent = -1
        self.future: Future | None = None

    def start(self) -> ModelLoad:
        """Begin reading (connect the signals first: a small file is read at once)."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-load")
        self.future = executor.submit(
            load_model, self.path, progress=self._report, cancel=self._cancel
        )
        self.future.add_done_callback(self._finished)
        executor.shutdown(wait=False)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def _report(self, fraction: float) -> None:  # worker thread
        percent = int(fraction * 100)
        if percent != self._percent:
            self._percent = percent
            self.progressed.emit(percent)

    def _finished(self, future: Future) -> None:  # worker thread: signals are queued
        if future.cancelled():
            self.cancelled.emit()
            return
        exc = future.exception()
        if exc is None:
            self.loaded.emit(future.result())
        elif isinstance(exc, LoadCancelledError):
            self.cancelled.emit()
        elif isinstance(exc, ModelFileError):
            self.failed.emit(str(exc))
        else:  # the loader promises ModelFileError; still never leave the user waiting
            self.failed.emit(f"{self.path}: {type(exc).__name__}: {exc}")


def load_in_background(
    parent: QWidget,
    path: str | Path,
    on_loaded: Callable[[object], object],
    on_failed: Callable[[str], object],
) -> ModelLoad:
    """Start loading ``path``; a progress dialog with Cancel appears if it takes a while."""
    load = ModelLoad(path, parent)
    dialog = QProgressDialog(parent)  # Qt's own, translated Cancel button
    dialog.setRange(0, 100)
    dialog.setLabelText(
        QCoreApplication.translate("ModelLoad", "Opening {name}…").format(name=Path(path).name)
    )
    dialog.setObjectName("modelLoadProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(_SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    load.dialog = dialog
    dialog.canceled.connect(load.cancel)
    load.progressed.connect(dialog.setValue)

    def close() -> None:
        dialog.canceled.disconnect(load.cancel)
        dialog.close()
        dialog.deleteLater()
        load.deleteLater()

    load.loaded.connect(lambda model: (close(), on_loaded(model)))
    load.failed.connect(lambda message: (close(), on_failed(message)))
    load.cancelled.connect(close)
    return load.start()
