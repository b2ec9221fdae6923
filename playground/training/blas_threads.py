"""How many BLAS threads training may use while a window shares the machine.

OpenBLAS's worker threads wait for each other at every matrix product; when another busy thread
(the window's event loop, or other programs) takes one of their cores, a product that needs
4 ms can take 40-100 ms. Training beside a window therefore leaves one core to the window:
``cpu_count - 1`` BLAS threads, at least one. The limit is process-wide (OpenBLAS has one pool).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def threads_beside_window(cpus: int | None = None) -> int:
    """BLAS threads for training while a window draws: one core stays free for the window."""
    n = usable_cpus() if cpus is None else cpus
    return max(1, n - 1)


@contextlib.contextmanager
def limit_blas_threads(n: int | None) -> Iterator[bool]:
    """Cap NumPy's BLAS pool to ``n`` threads inside the block (None = leave it); yields whether
    a limit was applied (False without threadpoolctl)."""
    if n is None:
        yield False
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield False
        return
    with threadpool_limits(limits=n, user_api="blas"):
        yield True
