"""Only regular files are read or replaced: what a path is, bounded reads, writability checks.

A FIFO blocks a reader forever, ``/dev/zero`` never ends, and replacing a device node by a
regular file breaks the system. Every file the program reads from a user-chosen place
(presets, run lists, class names, model files) goes through ``open_regular``, which opens
without blocking and refuses anything but a regular file with a message naming what it is.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFileError(OSError):
    """The path exists but is a FIFO, a device, a socket or a folder."""

    def __init__(self, path: str | os.PathLike[str], mode: int) -> None:
        self.kind = describe_special(mode)
        super().__init__(f"{os.fspath(path)} is {self.kind}, not a regular file")


class FileTooLargeError(OSError):
    """A file larger than its reader accepts (checked from its size before reading)."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        self.size, self.limit = size, limit
        super().__init__(
            f"{os.fspath(path)} is {size:,} bytes, more than the {limit:,} this kind of file "
            "may have"
        )


def describe_special(mode: int) -> str:
    """'a FIFO (named pipe)', 'a character device', ... for a stat mode that is not regular."""
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "a special file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for binary reading if it is a regular file (symlinks followed).

    The open itself never blocks (O_NONBLOCK, cleared afterwards), so a FIFO is refused
    instead of waiting for a writer. Raises NotRegularFileError or the usual OSErrors.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(path, mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_bytes(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The whole content of a regular file of at most ``max_bytes`` bytes."""
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise FileTooLargeError(path, size, max_bytes)
        data = handle.read(max_bytes + 1)  # the file may have grown since fstat
    if len(data) > max_bytes:
        raise FileTooLargeError(path, len(data), max_bytes)
    return data


def read_regular_text(path: str | os.PathLike[str], max_bytes: int) -> str:
    """UTF-8 text of a regular file (UnicodeDecodeError for other encodings)."""
    return read_regular_bytes(path, max_bytes).decode("utf-8")


def is_regular(path: str | os.PathLike[str]) -> bool:
    """True for a regular file or a symlink to one (never opens the path)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def why_unwritable(path: str | os.PathLike[str]) -> str | None:
    """Why a file could not be written at ``path`` (a symlink: at its target), or None.

    Checked before long work (training) so that a mistake is reported in seconds, not after
    the run. A later failure (a full disk) is still possible and reported when it happens.
    """
    try:
        target = Path(os.path.realpath(os.path.expanduser(os.fspath(path))))
        if target.exists():
            mode = target.stat().st_mode
            if not stat.S_ISREG(mode):
                return f"it is {describe_special(mode)}, not a regular file"
            if not os.access(target, os.W_OK):
                return "the file is read-only"
        folder = target.parent
        if not folder.exists():
            return f"the folder {folder} does not exist"
        if not folder.is_dir():
            return f"{folder} is not a folder"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"the folder {folder} is not writable"
        try:  # the real test: a read-only mount, /proc or a quota refuse even root
            tempfile.TemporaryFile(dir=folder).close()
        except OSError as exc:
            return f"the folder {folder} is not writable ({exc.strerror or exc})"
        if len(os.fsencode(target.name)) > _name_max(folder):
            return "the file name is too long"
    except OSError as exc:  # a path too long, a symlink loop, ...
        return exc.strerror or str(exc)
    except ValueError as exc:  # an embedded NUL character
        return str(exc)
    return None


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255
