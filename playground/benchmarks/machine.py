"""What this machine can do: its float32 matrix-multiply peak and its BLAS threads."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BlasInfo:
    library: str  # e.g. "openblas 0.3.31 (Haswell kernels)"
    threads: int | None  # None when threadpoolctl is not installed


def blas_info() -> BlasInfo:
    """NumPy's BLAS and its thread count, read with threadpoolctl when it is installed."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return BlasInfo("unknown (install threadpoolctl to see it)", None)
    for pool in threadpool_info():
        if pool.get("user_api") == "blas" and "numpy" in pool.get("filepath", ""):
            arch = pool.get("architecture")
            name = f"{pool.get('internal_api')} {pool.get('version')}"
            return BlasInfo(f"{name} ({arch} kernels)" if arch else name, pool.get("num_threads"))
    return BlasInfo("unknown", None)


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def matmul_peak(size: int = 2048, repeats: int = 5) -> float:
    """GFLOP/s of the best of ``repeats`` float32 ``np.matmul`` of two (size, size) matrices.

    A product this large runs BLAS at its best, with all of its threads, so it stands for what
    the machine can do; the best of several runs filters out moments when other programs
    had the cores.
    """
    rng = np.random.default_rng(0)
    a = rng.random((size, size), dtype=np.float32)
    b = rng.random((size, size), dtype=np.float32)
    out = np.empty_like(a)
    np.matmul(a, b, out=out)  # warm up: threads started, pages touched
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        np.matmul(a, b, out=out)
        best = min(best, time.perf_counter() - start)
    return 2.0 * size**3 / best / 1e9


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def openblas_environment() -> str:
    found = [f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("OPENBLAS")]
    return " ".join(found) or "none set"
