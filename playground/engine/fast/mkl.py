"""Large matrix products through Intel's oneMKL on its TBB threads, when both are installed.

Beside a window, training shares the two cores of a small machine with the window's drawing.
OpenBLAS cuts each product into one fixed part per thread: whenever the window takes a core,
the other thread finishes its part and then waits, so the product lasts as long as the
slowed part. oneMKL with its TBB threading layer cuts a product into many small tasks that
idle threads take from each other (work stealing): a thread that loses its core delays one
task, and the other thread goes on with the rest. A hand-written split between the engine's
own threads (``threads.shared_products``) does the same in Python, but on a virtual machine
each hand-over between threads costs a wake-up of tens of microseconds.

The ``mkl`` and ``tbb`` wheels (the ``mkl`` extra) carry the two libraries; they are loaded with
``ctypes`` on first use and only by a process that asks (``products()``). The products are the
same sums as NumPy's, in another order: equal to float32 rounding, and the same from run to run
(``tests/engine/test_mkl_products.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import site
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

# Products with fewer multiply-adds than this stay with NumPy: handing them to TBB's threads
# costs more than it saves.
MIN_PRODUCT = 1_000_000
_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112
_TBB_LAYER = 4  # MKL_THREADING_TBB
_PARTS = ("core", "tbb_thread", "intel_lp64")  # what libmkl_rt loads for these products
_on = threading.local()


def _library_dirs() -> list[Path]:
    """Where pip puts a wheel's shared libraries: ``<prefix>/lib`` of the environment."""
    roots = [sys.prefix, sys.base_prefix, site.getuserbase()]
    return [Path(root) / "lib" for root in dict.fromkeys(roots)]


def _find(pattern: str) -> Path | None:
    for folder in _library_dirs():
        found = sorted(folder.glob(pattern))
        if found:
            return found[-1]
    return None


def library() -> Path | None:
    """The oneMKL library these products would load (``libmkl_rt``), if installed."""
    return _find("libmkl_rt.so.*")


# cblas_?gemm(layout, transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
_INT, _PTR = ctypes.c_int, ctypes.c_void_p


def _gemm_arguments(scalar: type) -> list[type]:
    return [_INT] * 6 + [scalar, _PTR, _INT, _PTR, _INT, scalar, _PTR, _INT]


class _Loaded(NamedTuple):
    lib: ctypes.CDLL
    gemm: dict[type, Any]  # cblas_sgemm and cblas_dgemm by dtype


@functools.cache
def _load() -> _Loaded | None:
    """oneMKL with TBB as its threading layer, and its gemm functions; None where it cannot
    load."""
    if not sys.platform.startswith("linux") or os.environ.get("PLAYGROUND_NO_MKL"):
        return None
    rt, tbb = library(), _find("libtbb.so.12*")
    if rt is None or tbb is None:
        return None
    # MKL ends the process if it cannot load a part at its first product: check they are there
    if not all(any(rt.parent.glob(f"libmkl_{part}.so*")) for part in _PARTS):
        return None
    try:
        ctypes.CDLL(str(tbb), mode=ctypes.RTLD_GLOBAL)  # found by soname when MKL loads its layer
        lib = ctypes.CDLL(str(rt))
        lib.MKL_Set_Threading_Layer.argtypes = [_INT]
        if lib.MKL_Set_Threading_Layer(_TBB_LAYER) != _TBB_LAYER:
            return None  # the library was in use already, with another layer
        lib.MKL_Set_Num_Threads_Local.argtypes = [_INT]
        gemm: dict[type, Any] = {}
        for dtype, name, scalar in (
            (np.float32, "cblas_sgemm", ctypes.c_float),
            (np.float64, "cblas_dgemm", ctypes.c_double),
        ):
            fn = getattr(lib, name)
            fn.argtypes, fn.restype = _gemm_arguments(scalar), None
            gemm[dtype] = fn
    except (OSError, AttributeError):
        return None
    return _Loaded(lib, gemm)


def available() -> bool:
    """Whether oneMKL and TBB are installed and load (loads them on the first call)."""
    return _load() is not None


def in_use() -> bool:
    """Whether products on this thread go to oneMKL (inside ``products()``)."""
    return getattr(_on, "threads", 0) > 0


@contextlib.contextmanager
def products(threads: int, enabled: bool = True) -> Iterator[bool]:
    """Inside the block, large products called from this thread run in oneMKL on up to
    ``threads`` TBB threads (a limit of this thread's own, so a process-wide BLAS limit set
    for OpenBLAS leaves it alone); yields whether oneMKL is in use."""
    before = getattr(_on, "threads", 0)
    loaded = _load() if enabled and threads > 0 else None
    if loaded is not None:
        loaded.lib.MKL_Set_Num_Threads_Local(int(threads))
    _on.threads = int(threads) if loaded is not None else 0
    try:
        yield loaded is not None
    finally:
        _on.threads = before
        if loaded is not None:
            loaded.lib.MKL_Set_Num_Threads_Local(before)  # 0: back to the global setting


def takes(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether this thread sends a product of these shapes to oneMKL (inside ``products()``,
    large enough)."""
    return in_use() and a.shape[0] * a.shape[1] * b.shape[1] >= MIN_PRODUCT


def _layout(x: np.ndarray) -> tuple[int, int] | None:
    """(transpose flag, leading dimension) of a 2-D array as row-major BLAS reads it."""
    if x.flags.c_contiguous:
        return _NO_TRANS, max(1, x.shape[1])
    if x.flags.f_contiguous:
        return _TRANS, max(1, x.shape[0])
    return None


def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> bool:
    """``out = a @ b`` in oneMKL when this thread uses it and the product is large and of one
    float dtype with contiguous (or transposed contiguous) operands; False, untouched,
    otherwise."""
    if a.ndim != 2 or b.ndim != 2 or out.ndim != 2 or not takes(a, b):
        return False
    if a.dtype != out.dtype or b.dtype != out.dtype:
        return False
    loaded = _load()
    gemm = loaded.gemm.get(out.dtype.type) if loaded is not None else None
    ta, tb = _layout(a), _layout(b)
    if gemm is None or ta is None or tb is None or not out.flags.c_contiguous:
        return False
    if np.shares_memory(out, a) or np.shares_memory(out, b):
        return False
    (m, k), n = a.shape, b.shape[1]
    a_ptr, b_ptr, out_ptr = a.ctypes.data, b.ctypes.data, out.ctypes.data
    gemm(_ROW_MAJOR, ta[0], tb[0], m, n, k, 1.0, a_ptr, ta[1], b_ptr, tb[1], 0.0, out_ptr, n)
    return True
