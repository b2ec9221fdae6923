"""The data set the window trains on: the data panel's choice, read through the shared cache.

The first set is read on a worker thread right after the window appears (a future whose end
is a signal); choosing another (or another picture size) reads it at once, with a wait cursor.
The set's unlabelled pictures are labelled by the window's network when the panel asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from playground.data import Dataset, DatasetError
from playground.data.loading import LoadCancelledError
from playground.gui import dialogs
from playground.gui.data_loading import load_with_progress
from playground.gui.dataset_loader import DatasetLoader
from playground.gui.panels.data_panel import DataPanel
from playground.gui.unlabelled_predictions import UnlabelledPredictions
from playground.training.dataset_cache import DatasetCache


class DataChoice(QObject):
    """``dataset`` is the loaded set (None until one is); ``changed`` follows it."""

    changed = Signal(object)  # the Dataset now chosen

    def __init__(
        self,
        panel: DataPanel,
        cache: DatasetCache,
        report: Callable[[str], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.panel, self.cache = panel, cache
        self.dataset: Dataset | None = None
        self.closing = False
        self._report, self._parent = report, parent
        self.loader = DatasetLoader(cache, self)
        self.loader.finished.connect(self._on_read)
        panel.sourceChanged.connect(self._on_source_changed)
        self.predictions = UnlabelledPredictions(panel.unlabelled, lambda: self.dataset, parent)

    def predict_with(self, session: Callable[[], Any]) -> None:
        """Where the unlabelled pictures' predictions come from: the window's session."""
        self.predictions.session = session

    def load_initial(self) -> None:
        """Right after the first paint: the chosen set, from the cache or read in background."""
        source = self.panel.dataset_source()
        if self.dataset is not None or self.closing or not source:
            return
        if self._key(source) in self.cache or self.panel.chosen_image_size() is not None:
            self.load(source)
        else:
            self.loader.read_in_background(source)

    def ensure(self) -> bool:
        """Load the chosen data set if it is not loaded yet; False (and a dialog) on failure."""
        source = self.panel.dataset_source()
        if self.dataset is not None and self.cache.get(self._key(source)) is self.dataset:
            return True
        return self.load(source)

    def load(self, source: str) -> bool:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dataset = self._read(source)
        except LoadCancelledError:  # the user's own choice: no error dialog
            self.panel.set_source_problem(self.tr("Loading was cancelled."))
            return False
        except (DatasetError, OSError) as exc:
            message = str(exc)
            self.panel.set_source_problem(message)
            self._report(message)
            dialogs.show_error(self._parent, "dataset", message)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.dataset = dataset
        self.panel.set_dataset(dataset)
        self.changed.emit(dataset)
        return True

    def _key(self, source: str) -> str:
        """The cache's name for ``source`` at the chosen picture size (NUL is in no path)."""
        size = self.panel.chosen_image_size()
        return source if size is None else f"{source}\0{size}"

    def _read(self, source: str) -> Dataset:
        """From the cache or the background read; else read now behind a progress dialog
        with Cancel (a large folder of pictures can take a while)."""
        size = self.panel.chosen_image_size()
        key = self._key(source)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if size is None and self.loader.reading == source:
            return self.loader.load(source)
        return self.cache.put(key, load_with_progress(self._parent, source, size))

    def wait(self, timeout: float) -> None:
        """For closing: let a background read end (a data set reads in well under a second)."""
        self.closing = True
        self.loader.wait(timeout)

    def _on_read(self, source: str) -> None:
        chosen = self.panel.dataset_source(), self.panel.chosen_image_size()
        if not self.closing and self.dataset is None and chosen == (source, None):
            self.load(source)  # from the cache, or the error dialog

    def _on_source_changed(self, source: str) -> None:
        if source:
            self.load(source)
