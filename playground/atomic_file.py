"""Write a file so that it is either whole or not there: never half-written.

The writer gets a temporary path beside the destination (same folder, so the final rename is
atomic; same suffix, for writers that choose the format by it or add one, as ``np.savez`` and
Qt's image writers do), and the file replaces the destination only when the writer returned.

What is replaced is always a regular file: a symlink's target is written (the link stays),
and a FIFO, a device node or a folder is refused with a message saying what the path is. The
new file gets the mode the old one had, or for a new file the usual ``0666`` minus the umask
(``mkstemp``'s private ``0600`` is not kept). A SIGTERM arriving mid-write (in the main
thread) removes the temporary before the process ends as the signal asks.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from playground.regular_files import NotRegularFileError

_pending: set[str] = set()  # temporaries being written, removed by the SIGTERM handler


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` and move ``tmp`` to ``path``; on any error ``path`` is untouched
    and no temporary file is left. Returns the path actually replaced (a symlink's target)."""
    target = _destination(Path(path))
    mode = _mode_for(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    tmp = Path(name)
    with _removed_on_sigterm(name):
        try:
            with contextlib.suppress(OSError):  # a file system without modes keeps its own
                os.fchmod(fd, mode)
            os.close(fd)
            write(tmp)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    _sync_folder(target.parent)
    return target


def write_text_atomically(path: str | os.PathLike[str], text: str, newline: str | None = None):
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    return write_atomically(path, write)


def _destination(path: Path) -> Path:
    """The file to replace: ``path`` itself or, for a symlink, the file it points to."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(mode):
        raise NotRegularFileError(path, mode)
    return target


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux shows it without changing it (changing it races with other threads)
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _removed_on_sigterm(name: str) -> Iterator[None]:
    """While the block runs, a SIGTERM removes ``name`` and then ends the process as usual."""
    install = (
        threading.current_thread() is threading.main_thread()
        and hasattr(signal, "SIGTERM")
        and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    )
    _pending.add(name)
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if install else None
    try:
        yield
    finally:
        _pending.discard(name)
        if install:
            signal.signal(signal.SIGTERM, previous)


def _on_sigterm(signum: int, frame: object) -> None:
    for name in list(_pending):
        with contextlib.suppress(OSError):
            os.unlink(name)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)  # die of SIGTERM, as the sender expects


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless to skip elsewhere."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
