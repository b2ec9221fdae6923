"""What every reader of user data shares: options, progress, cancelling and size limits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playground.data.dataset import DatasetError

# Limits that keep a damaged or hostile file from taking all memory or time.
MAX_SIDE = 256  # an image side the playground converts to (256x256 = 65,536 inputs)
MAX_EXAMPLES = 2_000_000
MAX_FILE_BYTES = 4 * 2**30  # a CSV or .npz (MNIST as CSV is 110 MB)
MAX_SOURCE_PIXELS = 4096 * 4096  # one picture in an image folder, before it is shrunk
DEFAULT_SIDE = 28

Progress = Callable[[int, int], None]  # (done, total): files read, or bytes of a CSV


class LoadCancelledError(DatasetError):
    """The user cancelled loading; nothing was kept."""

    def __init__(self, path: str | Path) -> None:
        super().__init__(path, "loading was cancelled")


@dataclass(frozen=True)
class LoadOptions:
    """How to read a data set: the square side to convert images to (None: keep the data's
    own size where every image has it, else 28), a progress callback and a cancel flag."""

    image_size: int | None = None
    progress: Progress | None = None
    cancel: threading.Event | None = None

    def __post_init__(self) -> None:
        size = self.image_size
        if size is not None and (isinstance(size, bool) or not 2 <= int(size) <= MAX_SIDE):
            raise ValueError(f"the image size must lie between 2 and {MAX_SIDE}, not {size}")

    def tick(self, path: str | Path, done: int, total: int) -> None:
        """Report progress; raise LoadCancelledError if the user has asked to stop."""
        if self.cancel is not None and self.cancel.is_set():
            raise LoadCancelledError(path)
        if self.progress is not None:
            self.progress(done, total)


def check_file_size(path: Path) -> int:
    """The file's size, or DatasetError if it is not a readable file or is too large."""
    try:
        if not path.is_file():
            raise DatasetError(path, "no such file" if not path.exists() else "not a file")
        size = path.stat().st_size
    except OSError as exc:
        raise DatasetError(path, f"cannot read ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise DatasetError(path, f"{size:,} bytes is more than the {MAX_FILE_BYTES:,} allowed")
    if size == 0:
        raise DatasetError(path, "the file is empty")
    return size
