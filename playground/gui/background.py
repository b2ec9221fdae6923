"""Work off the window's thread: a future whose result comes back through a signal.

A view hands ``BackgroundWork.submit`` a function; it runs on a worker thread and its value
arrives as ``finished(value)`` (or its exception's message as ``failed(text)``) on the window's
thread. Only the newest request counts: a result that a later ``submit`` has overtaken is
dropped, and long work may ask ``stopping()`` whether it is still wanted. Each request gets a
thread of its own that ends with it, so an overtaken one never holds up the next.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal


class BackgroundWork(QObject):
    finished = Signal(object)  # the newest request's value
    failed = Signal(str)  # the newest request's exception, as one sentence
    _arrived = Signal(object, bool, int)  # value or exception, it succeeded, request number

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._request = 0
        self._closed = False
        self._futures: set[Future] = set()
        self._arrived.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return any(not f.done() for f in list(self._futures))

    def stopping(self) -> Callable[[], bool]:
        """For the work about to be submitted: a check that turns true once a newer request
        or ``shutdown`` has made its result useless."""
        mine = self._request + 1
        return lambda: self._closed or self._request != mine

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        self._request += 1
        request, arrived = self._request, self._arrived

        def run() -> Any:
            try:
                value, ok = fn(*args), True
            except Exception as exc:  # reported as a sentence, the window keeps going
                value, ok = exc, False
            with contextlib.suppress(RuntimeError):  # the view was closed meanwhile
                arrived.emit(value, ok, request)
            if not ok:
                raise value
            return value

        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self._name)
        future = pool.submit(run)
        pool.shutdown(wait=False)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return future

    def cancel(self) -> None:
        """Drop the pending result; the running work sees ``stopping()`` turn true."""
        self._request += 1

    def shutdown(self, wait: bool = True) -> None:
        """Drop every pending result; with ``wait``, until the running work has ended."""
        self._closed = True
        self._request += 1
        if wait:
            for future in list(self._futures):
                with contextlib.suppress(Exception):
                    future.result()

    def _deliver(self, value: object, ok: bool, request: int) -> None:
        if request != self._request:
            return  # overtaken by a newer request, or shut down
        if ok:
            self.finished.emit(value)
        else:
            self.failed.emit(str(value) or type(value).__name__)
