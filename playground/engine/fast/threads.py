"""A second thread for the optimizers' elementwise work, and for shared matrix products.

BLAS already spreads the matrix products over the cores, but NumPy's elementwise operations
(the optimizers' updates: Adam reads and writes every parameter a dozen times per step) run on
one core. NumPy releases the GIL inside those loops, so a second Python thread working on the
other half of the parameters runs truly in parallel. The thread is a daemon that sleeps
between jobs; one job runs at a time.

With ``shared_products()``, large matrix products are also split between the two threads, for
a single-threaded BLAS: both threads take the next slice of columns when they are free, so a
thread that loses its core for a while (to a window drawing, or to other programs) delays only
its own slice, and the waiting thread sleeps instead of spinning as BLAS's own threads do.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from . import mkl

# Jobs smaller than this many elements are not worth waking the second thread for.
MIN_PARALLEL_ELEMENTS = 200_000
_enabled = True
# Products with fewer multiply-adds than this run on one thread (waking the second costs ~50 us).
MIN_SHARED_PRODUCT = 4_000_000
_COLUMN_STEP = 32  # slices are whole multiples of this many columns (SIMD-friendly)
# Per thread: only the thread that asked (a training loop) splits its products; a window's own
# small model calls never wait for the second thread.
_sharing = threading.local()


def set_parallel(enabled: bool) -> None:
    """Allow or forbid the second thread (e.g. to time the engine on one core)."""
    global _enabled
    _enabled = bool(enabled)


def parallel_available() -> bool:
    return _enabled and _CPUS >= 2


# Asked several times per step: os.cpu_count() reads /sys each time (~45 us).
_CPUS = os.cpu_count() or 1


class _SecondThread:
    # Plain locks used as binary semaphores, not Events: a hand-over is one release and one
    # acquire, each a single C call. Every Python step of a hand-over needs the GIL, which a
    # window's event loop may hold while it draws; fewer steps, less waiting.
    def __init__(self) -> None:
        self._lock = threading.Lock()  # one job at a time
        self._job: tuple[Callable[[Any], None], Any] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def _start(self) -> None:
        self._go = threading.Lock()  # released: the second thread has a job
        self._go.acquire()
        self._done = threading.Lock()  # released: the second thread's part has ended
        self._done.acquire()
        self._thread = threading.Thread(
            target=self._loop, name="playground-elementwise", daemon=True
        )
        self._thread.start()

    def _loop(self) -> None:
        go, done = self._go, self._done
        while True:
            go.acquire()
            assert self._job is not None  # set before go is released
            fn, arg = self._job
            try:
                fn(arg)
            except BaseException as exc:  # handed to the caller, who re-raises it
                self._error = exc
            self._job = None
            done.release()

    def run(self, fn: Callable[[Any], None], mine: Any, theirs: Any) -> None:
        """``fn(mine)`` here and ``fn(theirs)`` on the second thread; returns when both end."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._start()
            self._error = None
            self._job = (fn, theirs)
            self._go.release()
            try:
                fn(mine)
            finally:
                self._done.acquire()
            if self._error is not None:
                raise self._error


_second = _SecondThread()


def on_both_threads(fn: Callable[[], None]) -> None:
    """Run ``fn()`` on the calling thread and on the second thread (when it is available),
    for per-thread setup such as a priority (``playground.training.priority``)."""
    if parallel_available():
        _second.run(lambda _unused: fn(), None, None)
    else:
        fn()


def run_halves(fn: Callable[[Any], None], items: Sequence[Any], sizes: Sequence[int]) -> None:
    """Run ``fn`` over ``items`` split in two halves of about equal total ``sizes``, on two
    threads when that pays off, else ``fn(items)`` here."""
    total = sum(sizes)
    if total < MIN_PARALLEL_ELEMENTS or len(items) < 2 or not parallel_available():
        fn(items)
        return
    acc, cut = 0, len(items)
    for index, size in enumerate(sizes):
        acc += size
        if acc * 2 >= total:
            cut = index + 1
            break
    _second.run(fn, items[cut:], items[:cut])


@contextlib.contextmanager
def shared_products(enabled: bool = True) -> Iterator[None]:
    """Inside the block, ``matmul`` called from this thread splits large products between it
    and the second thread. Meant for a single-threaded BLAS (see
    ``playground.training.blas_threads``)."""
    before = getattr(_sharing, "on", False)
    _sharing.on = bool(enabled)
    try:
        yield
    finally:
        _sharing.on = before


def _column_slices(n: int) -> list[tuple[int, int]]:
    # About eight slices: small enough that a delayed one is short, large enough for BLAS.
    step = max(_COLUMN_STEP, -(-n // 8 // _COLUMN_STEP) * _COLUMN_STEP)
    return [(j, min(n, j + step)) for j in range(0, n, step)]


def would_share(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether ``matmul(a, b, out)`` would split the product between threads: the engine's two,
    or oneMKL's (``mkl.products()``)."""
    return mkl.takes(a, b) or _split_here(a, b)


def _split_here(a: np.ndarray, b: np.ndarray) -> bool:
    return (
        getattr(_sharing, "on", False)
        and a.shape[0] * a.shape[1] * b.shape[1] >= MIN_SHARED_PRODUCT
        and parallel_available()
    )


def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``np.matmul(a, b, out=out)`` for 2-D arrays; inside ``shared_products()``, a large
    product is computed slice by slice of ``b``'s columns on two threads. Every slice is one
    BLAS call whichever thread runs it, so the result does not depend on the timing. Inside
    ``mkl.products()`` a large product goes to oneMKL instead."""
    if mkl.matmul(a, b, out):
        return out
    if not _split_here(a, b):
        return np.matmul(a, b, out=out)
    n = b.shape[1]
    slices = _column_slices(n)
    taken = itertools.count()  # next() on a count is atomic under the GIL
    errors = np.geterr()  # NumPy's error handling is per thread: the second follows the caller

    def work(_unused: object) -> None:
        with np.errstate(**errors):
            for index in taken:
                if index >= len(slices):
                    return
                j0, j1 = slices[index]
                np.matmul(a, b[:, j0:j1], out=out[:, j0:j1])

    _second.run(work, None, None)
    return out


def outer_products(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``a.T @ b`` for a batch of rows ``a`` and ``b`` (a kernel gradient, or an update)."""
    if out is None:
        out = np.empty((a.shape[1], b.shape[1]), b.dtype)
    if len(a) == 1:
        # A batch of one: an outer product, one multiply per element (BLAS is slow on
        # products with an inner dimension of 1).
        return np.multiply(a.T, b, out=out)
    if would_share(a.T, b):  # split by the engine's threads, or by oneMKL's
        return matmul(a.T, b, out=out)
    # np.dot, not np.matmul: matmul takes a slow non-BLAS loop on some thin shapes.
    return np.dot(a.T, b, out=out)
