"""Loading a data set with a progress dialog that can cancel it.

The reading runs on a worker thread; its progress reaches the dialog through a queued signal,
and a local event loop waits for the thread's end signal, so the window keeps drawing. Small
sets finish before the dialog's short delay and never show it.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from playground.data import Dataset
from playground.data.datasets import load_dataset
from playground.data.loading import LoadOptions

SHOW_AFTER_MS = 400


class _Relay(QObject):
    """Signals the worker emits; the receivers are widgets of the GUI thread, so each call
    is queued to that thread."""

    total = Signal(int)
    done = Signal(int)
    finished = Signal()

    def progress(self, done: int, total: int) -> None:
        self.total.emit(max(total, 1))
        self.done.emit(min(done, max(total, 1)))


def load_with_progress(parent: QWidget, source: str, image_size: int | None = None) -> Dataset:
    """``load_dataset(source)`` behind a cancellable progress dialog, its pictures converted to
    ``image_size`` squares if given; raises what it raises (DatasetError, LoadCancelledError
    when cancelled, OSError)."""
    relay = _Relay()
    cancel = threading.Event()
    outcome: dict[str, object] = {}
    text = QCoreApplication.translate("DataLoading", "Loading {source}…").format(source=source)
    cancel_text = QCoreApplication.translate("DataLoading", "Cancel")
    dialog = QProgressDialog(text, cancel_text, 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(cancel.set)

    relay.total.connect(dialog.setMaximum)
    relay.done.connect(dialog.setValue)
    loop = QEventLoop()
    relay.finished.connect(loop.quit)

    def read() -> None:
        try:
            options = LoadOptions(image_size, progress=relay.progress, cancel=cancel)
            outcome["dataset"] = load_dataset(source, options)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc
        finally:
            relay.finished.emit()

    thread = threading.Thread(target=read, name="nn-playground data load", daemon=True)
    thread.start()
    if thread.is_alive():
        loop.exec()
    thread.join()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["dataset"]  # type: ignore[return-value]
