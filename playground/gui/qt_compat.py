"""Work around a reference-counting bug of PySide6 6.12 on Python 3.10 and 3.11.

PySide6 6.12.0 returns ``None`` from every void method (``setToolTip``, ``setEnabled``, ...)
and from empty QVariants (``QObject.property`` of an unset name, ``currentData`` without data)
without taking a reference to it, and loses references to True/False in places too. A window
makes such calls thousands of times a second, so soon None's reference count reaches zero and
the interpreter aborts ("none_dealloc: deallocating None"). Python 3.12 and later make these
objects immortal, so the bug is harmless there. On older Pythons we detect the bug and give
None, True and False a reserve of references that no session can use up; with a fixed PySide6
the probe finds nothing and nothing is changed.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40  # a trillion lost references: far beyond any run


def _loses_none_references() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
        probe.property("_nn_playground_probe")
    lost = before - sys.getrefcount(None)
    return lost >= 32


def apply() -> bool:
    """Install the reserve if this PySide6 loses references to None; True if it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if getattr(apply, "_done", None) is not None:
        return apply._done
    affected = _loses_none_references()
    if affected:
        # ob_refcnt is the first field of every object in CPython 3.10/3.11.
        for obj in (None, True, False):
            ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE
    apply._done = affected
    return affected
