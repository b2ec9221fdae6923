"""How training uses the cores while a window shares the machine.

OpenBLAS's worker threads wait for each other at every matrix product, spinning; when another
busy thread (the window's event loop, or other programs) takes one of their cores, a product
that needs 4 ms can take 40-100 ms. Training beside a window therefore leaves one core to the
window: ``cpu_count - 1`` BLAS threads, at least one. On a two-core machine that would leave
training a single core, so there BLAS runs on one thread and, where a measurement at start-up
shows that it pays (``sharing_pays``), the engine splits the large products between its own two
threads, a slice at a time and sleeping while it waits (``playground.engine.fast.threads``).
Training threads also run at a lower priority, so the window gets a core at once when it has
something to draw. The BLAS limit is process-wide.

Where oneMKL and TBB are installed (the ``mkl`` extra), the large products go to them instead,
on every core (``playground.engine.fast.mkl``): TBB's threads take work from each other, so a
core that the window takes slows a product by that core's share only, without the waits of
OpenBLAS's fixed parts or the wake-ups of the engine's own split.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from playground.engine.fast import mkl, threads

from .priority import set_background_priority

# Nice value of the training threads beside a window: the event loop preempts them at once
# (CFS gives a nice-0 thread ~3x the share of a nice-5 one), yet they still get every idle cycle.
BACKGROUND_NICE = 5


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


@dataclass(frozen=True)
class ThreadPlan:
    """How a training run uses the cores."""

    blas_threads: int | None  # None: NumPy's own setting
    shared_products: bool = False  # the engine splits large products over its two threads
    background_nice: int = 0  # 0: the training threads keep their priority
    mkl_threads: int = 0  # >0: large products go to oneMKL on this many TBB threads

    def describe(self) -> str:
        blas = "NumPy's default" if self.blas_threads is None else str(self.blas_threads)
        text = f"BLAS threads {blas}"
        if self.shared_products:
            text += ", large products split over 2 engine threads"
        if self.mkl_threads:
            text += f", large products in oneMKL on {self.mkl_threads} TBB threads"
        if self.background_nice:
            text += f", training threads at nice {self.background_nice}"
        return text


def plan_beside_window(
    cpus: int | None = None, share: bool | None = None, use_mkl: bool | None = None
) -> ThreadPlan:
    """The plan for training while a window draws (see the module's text). Where oneMKL and
    TBB are installed (``use_mkl`` None: whether they load), large products go to them on
    every core: their threads take work from each other, so a core the window takes slows a
    product only by that core's share. Otherwise, whether the engine splits products over two
    threads is ``share``, or when None, measured (``sharing_pays``)."""
    n = usable_cpus() if cpus is None else cpus
    if n >= 2 and (mkl.available() if use_mkl is None else use_mkl):
        return ThreadPlan(blas_threads=1, background_nice=BACKGROUND_NICE, mkl_threads=n)
    blas = threads_beside_window(n)
    shared = blas == 1 and n >= 2 and (sharing_pays() if share is None else share)
    return ThreadPlan(blas_threads=blas, shared_products=shared, background_nice=BACKGROUND_NICE)


# Shared products must take at most this share of one thread's time to be worth the plan.
SHARING_GAIN = 0.9
_PROBE_SHAPES = [((100, 784), (784, 500)), ((784, 100), (100, 500))]  # forward, kernel gradient
_PROBE_ROUNDS = 12


@functools.cache
def sharing_pays() -> bool:
    """Measured once per process (about 70 ms with the priming): whether the engine's split
    of a product over its two threads beats one BLAS thread, on the default network's
    first-layer products at batch size 100. Handing a slice to the other thread costs a
    wake-up of that thread, 67 us on a two-core VM where a product takes 0.5 ms: there one
    thread trained an epoch in 3.10 s against the split's 3.36 s, where on another two-core
    machine the split won (3.59 against 4.69 s)."""
    if usable_cpus() < 2:
        return False
    prime_for_single_threaded_blas()
    one, shared = _probe_times()
    return shared <= SHARING_GAIN * one


def _probe_times() -> tuple[float, float]:
    """The best times of the probe products on one BLAS thread and split over two."""
    rng = np.random.default_rng(0)
    pairs = [(rng.random(a, np.float32), rng.random(b, np.float32)) for a, b in _PROBE_SHAPES]
    outs = [np.empty((a.shape[0], b.shape[1]), np.float32) for a, b in pairs]
    best = {False: math.inf, True: math.inf}
    with limit_blas_threads(1):
        for _ in range(_PROBE_ROUNDS):
            for split in (False, True):
                with threads.shared_products(split):
                    start = time.perf_counter()
                    for (a, b), out in zip(pairs, outs, strict=True):
                        threads.matmul(a, b, out)
                    best[split] = min(best[split], time.perf_counter() - start)
    return best[False], best[True]


@contextlib.contextmanager
def limit_blas_threads(n: int | None) -> Iterator[bool]:
    """Cap NumPy's BLAS pool to ``n`` threads inside the block (None = leave it); yields whether
    a limit was applied (False without threadpoolctl)."""
    controller = _controller() if n is not None else None
    if controller is None:
        yield False
        return
    with controller.limit(limits=n, user_api="blas"):
        yield True


@functools.cache
def _controller():
    """threadpoolctl's view of the loaded thread pools, found once: finding them walks every
    loaded library (10-25 ms in a Qt process), a switch with the found pools takes ~0.05 ms."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


_PRIMER_SIZE = 256  # large enough for OpenBLAS to use two threads


@functools.cache
def prime_for_single_threaded_blas() -> None:
    """Once per process (cached): two products at once, each on two BLAS threads, from this
    thread and the engine's second thread.

    With NumPy's OpenBLAS (0.3), single-threaded products that run at the same time on two
    threads took 3x the CPU time each (3.4 ms against 1.1 ms for a 100x784 by 784x256
    product) unless two multi-threaded products had once run at the same time; the engine's
    shared products are exactly such pairs. Measured, not documented: OpenBLAS seems to keep
    the working buffers those first calls set up. It takes a few milliseconds.
    """
    if usable_cpus() < 2:
        return

    def prime() -> None:
        x = np.ones((_PRIMER_SIZE, _PRIMER_SIZE), np.float32)
        np.matmul(x, x)

    with limit_blas_threads(2):
        threads.on_both_threads(prime)


@contextlib.contextmanager
def following(plan: ThreadPlan | None) -> Iterator[None]:
    """Run the block (a training loop, on its own thread) as ``plan`` says; None: as is.
    The lower priority stays with the calling thread and the engine's second thread."""
    if plan is None:
        yield
        return
    if plan.blas_threads == 1:
        prime_for_single_threaded_blas()
    with limit_blas_threads(plan.blas_threads) as limited:
        # Splitting products over two threads only pays with a single-threaded BLAS.
        share = plan.shared_products and (limited or plan.blas_threads == 1)
        with threads.shared_products(share), mkl.products(plan.mkl_threads):
            if plan.background_nice:
                set_background_priority(plan.background_nice)
            yield
