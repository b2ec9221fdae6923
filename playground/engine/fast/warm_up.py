"""The compiled kernels loaded on a background thread, so that training need not wait.

Importing Numba and loading a model's kernels from the disk cache takes 0.6-0.8 s; compiling
them the first time, longer. A window's trainer process calls ``in_background`` as it starts:
its first steps take the NumPy kernels, and the steps after the kernels are ready the compiled
ones (``fused.available()`` says which). The compiled updates are bit for bit the textbook's,
so the switch changes no number beyond the NumPy kernels' own float32 rounding.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable
from typing import Any

import numpy as np

from . import blas, fused, layer_passes


def in_background(optimizer: Any, activations: Iterable[str]) -> threading.Thread | None:
    """Start loading the kernels of ``optimizer`` and of the layers' ``activations``; None when
    there is nothing to load (no Numba, switched off, or already loading or loaded)."""
    if not fused.enabled or not fused.installed() or fused.loading is not None:
        return None
    done = fused.loading = threading.Event()
    names = set(activations)

    def load() -> None:
        try:
            blas.scipy_available()  # before Numba's compiler loads SciPy (see fused.available)
            load_kernels(optimizer, names)
        except Exception:
            pass
        finally:
            done.set()

    thread = threading.Thread(target=load, name="playground-compiler", daemon=True)
    thread.start()
    return thread


def load_kernels(optimizer: Any, activations: set[str]) -> None:
    """Run each kernel a step of this model will call once, on a few numbers: Numba compiles
    (or loads) them for exactly the argument types of a real step."""
    make = fused.STEPS.get(optimizer.fused_update or "")
    if make is not None:
        twin = copy.deepcopy(optimizer)  # its own state: the real one stays untouched
        w = np.ones(4, np.float32)
        twin.build([w])
        twin.begin_step()
        make(twin, twin.learning_rate)(np.ones(4, np.float32), w, twin.state_of(0))
    if "relu" in activations:
        layer_passes.load_kernels()
