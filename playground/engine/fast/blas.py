"""A product added into an array in one pass: ``c = beta * c + alpha * (a.T @ b)``.

An SGD step on a small batch is ``W = W - lr * (x.T @ dz)``: with NumPy that is a product
written out and then a second pass adding it to ``W``, and the passes over ``W`` (not the few
multiply-adds) are the cost. BLAS's gemm does both in one (``C = alpha * A @ B + beta * C``),
reading and writing ``W`` once. NumPy does not expose gemm's ``beta``; SciPy's BLAS wrappers do,
so with SciPy installed (the ``fast`` extra) ``add_outer_products`` takes one gemm call, and
without it the same arithmetic runs as a NumPy product and an addition.
"""

from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import sys
from pathlib import Path
from typing import Any

import numpy as np

from . import threads

# Tests switch the SciPy path off to check the NumPy one.
use_scipy = True


def add_outer_products(
    c: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    alpha: float,
    beta: float = 1.0,
    scratch: np.ndarray | None = None,
) -> None:
    """``c = beta * c + alpha * (a.T @ b)`` in place, for a batch of rows ``a`` (n, k) and ``b``
    (n, m) and a C-contiguous ``c`` (k, m); ``scratch``, of ``c``'s shape, spares the NumPy
    path an allocation."""
    gemm = _gemm(c.dtype) if use_scipy else None
    if gemm is not None and c.flags.c_contiguous and a.dtype == c.dtype and b.dtype == c.dtype:
        # c.T is Fortran-ordered (m, k) = alpha * b.T @ a + beta * c.T; a C-ordered batch is a
        # Fortran-ordered transpose, so no argument is copied and c.T is written in place.
        # (Called once per block of rows on every small-batch step: each check here costs.)
        ct = c.T
        out = gemm(alpha, b.T, a.T, beta=beta, c=ct, trans_b=1, overwrite_c=1)
        if out is not ct:  # pragma: no cover - SciPy copied c after all
            np.copyto(c, out.T)
        return
    t = c if beta == 0 else np.empty_like(c) if scratch is None else scratch
    scaled = np.multiply(a, alpha, dtype=a.dtype)
    if len(a) == 1:  # an outer product: BLAS is slow with an inner dimension of 1
        np.multiply(scaled.T, b, out=t)
    else:
        np.dot(scaled.T, b, out=t)
    if t is c:
        return
    if beta != 1.0:
        c *= beta
    c += t


def outer_products(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """``out = a.T @ b`` (a kernel gradient); for one example a single gemm call when SciPy is
    there, a third of the time of NumPy's broadcast multiply, else ``threads.outer_products``."""
    if len(a) == 1 and use_scipy and _gemm(out.dtype) is not None:
        add_outer_products(out, a, b, 1.0, beta=0.0)
    else:
        threads.outer_products(a, b, out=out)


def axpy(x: np.ndarray, y: np.ndarray, alpha: float, scratch: np.ndarray) -> None:
    """``y += alpha * x`` for flat arrays, in one pass with SciPy (BLAS's axpy), else a NumPy
    product into ``scratch`` and an addition."""
    blas = _scipy_blas() if use_scipy else None
    kind = {np.float32: "saxpy", np.float64: "daxpy"}.get(y.dtype.type)
    if blas is not None and kind is not None and x.dtype == y.dtype and y.flags.c_contiguous:
        out = getattr(blas, kind)(x, y, a=alpha)
        if out is not y:  # pragma: no cover - SciPy copied y after all
            np.copyto(y, out)
        return
    np.multiply(x, alpha, out=scratch)
    y += scratch


def one_pass() -> bool:
    """Whether ``add_outer_products`` and ``axpy`` take their one-pass SciPy path."""
    return use_scipy and scipy_available()


def scipy_available() -> bool:
    """Whether the one-pass gemm path can run (SciPy's BLAS is importable)."""
    return _scipy_blas() is not None


_GEMM = {np.dtype(np.float32): "sgemm", np.dtype(np.float64): "dgemm"}


def _gemm(dtype: np.dtype) -> Any:
    blas = _scipy_blas()
    name = _GEMM.get(dtype)
    return None if blas is None or name is None else getattr(blas, name)


@functools.cache
def _scipy_blas() -> Any:
    """SciPy's BLAS wrappers, loaded on first use (importing SciPy takes ~0.2 s), or None.

    A BLAS library that SciPy brings along (its own OpenBLAS, next to NumPy's) gets one
    thread: the products here are passes over memory, not arithmetic, and the thread limits
    that the caller set on NumPy's BLAS before (``nn-playground bench --threads``, the
    training loop's plan) did not see a library loaded after them.
    """
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a runtime dependency
        ThreadpoolController = None
    before = _blas_paths(ThreadpoolController)
    try:
        blas = _fortran_blas()
    except ImportError:
        return None
    if ThreadpoolController is not None:
        controller = ThreadpoolController()
        for pool in controller.select(user_api="blas").lib_controllers:
            if pool.filepath not in before:
                pool.set_num_threads(1)
    return blas


def _fortran_blas() -> Any:
    """SciPy's Fortran BLAS wrappers: ``scipy.linalg.blas`` re-exports them from the extension
    ``scipy.linalg._fblas``. Importing the ``scipy.linalg`` package costs 23 MB and 0.2 s (it
    loads LAPACK and the decompositions), the extension alone 3.5 MB, which keeps a training
    run within its memory budget; when the extension is not where SciPy 1.x keeps it, the
    public module is imported after all."""
    if "scipy.linalg" in sys.modules:
        from scipy.linalg import blas

        return blas
    import scipy  # the package's own setup (on Windows: where its DLLs are)

    folder = Path(scipy.__file__).parent / "linalg"
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = folder / f"_fblas{suffix}"
        if path.is_file():
            spec = importlib.util.spec_from_file_location("scipy.linalg._fblas", path)
            if spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                return module
    from scipy.linalg import blas

    return blas


def _blas_paths(controller_class: Any) -> set[str]:
    if controller_class is None:
        return set()
    pools = controller_class().select(user_api="blas").lib_controllers
    return {pool.filepath for pool in pools}
