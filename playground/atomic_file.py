"""Write a file so that it is either whole or not there: never half-written.

The writer gets a temporary path beside the destination (same folder, so the final rename is
atomic; same suffix, for writers that choose the format by it or add one, as ``np.savez`` and
Qt's image writers do), and the file replaces the destination only when the writer returned.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` and move ``tmp`` to ``path``; on any error ``path`` is untouched
    and no temporary file is left."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def write_text_atomically(path: str | os.PathLike[str], text: str, newline: str | None = None):
    return write_atomically(
        path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=newline)
    )
