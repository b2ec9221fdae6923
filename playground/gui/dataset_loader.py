"""Reading a data set off the GUI thread: a future whose end is a queued Qt signal."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from PySide6.QtCore import QObject, Signal

from playground.data import Dataset, DatasetError
from playground.training.dataset_cache import DatasetCache

THREAD_NAME = "nn-playground data"


class DatasetLoader(QObject):
    """One background read at a time. ``finished(source)`` arrives on the GUI thread once
    the read has ended and its set is in the cache (a failed read is reported by ``load``)."""

    finished = Signal(str)
    _ended = Signal(str)  # emitted by the reading thread; queued to this object's thread

    def __init__(self, cache: DatasetCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache
        self._reading: tuple[str, Future[Dataset]] | None = None
        self._ended.connect(self._take)

    @property
    def reading(self) -> str | None:
        """The source being read, if any."""
        return None if self._reading is None else self._reading[0]

    def read_in_background(self, source: str) -> None:
        if self._reading is not None or source in self.cache:
            return
        future: Future[Dataset] = Future()

        def read() -> None:
            try:
                future.set_result(self.cache.read(source))
            except (DatasetError, OSError) as exc:
                future.set_exception(exc)
            self._ended.emit(source)

        self._reading = (source, future)
        threading.Thread(target=read, name=THREAD_NAME, daemon=True).start()

    def wait(self, timeout: float | None = None) -> None:
        """Block until a background read has ended (or ``timeout`` seconds have passed), and
        take its set into the cache."""
        if self._reading is None:
            return
        try:
            self._reading[1].exception(timeout)  # a failure is reported by load()
        except TimeoutError:
            return
        self._take(self._reading[0], announce=False)

    def load(self, source: str) -> Dataset:
        """The set for ``source``, read now if needed (DatasetError or OSError)."""
        if self.reading == source:
            self.wait()
        return self.cache.load(source)

    def _take(self, source: str, announce: bool = True) -> None:
        if self._reading is None or self._reading[0] != source:
            return  # taken already (by wait)
        future = self._reading[1]
        self._reading = None
        if future.exception() is None:
            self.cache.put(source, future.result())
        if announce:
            self.finished.emit(source)
