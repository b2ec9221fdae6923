"""A progress bar on stderr while a large data set loads (image folders, big CSV files)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from playground.data.loading import LoadOptions


@contextlib.contextmanager
def loading_options(image_size: int | None) -> Iterator[LoadOptions]:
    """LoadOptions whose progress draws a bar (only on a terminal, and only once loading
    takes a moment); the bar is closed however loading ends."""
    from tqdm import tqdm

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(
                total=total, desc="Loading data", file=sys.stderr, disable=None, delay=0.5,
                leave=False,
            )  # fmt: skip
        bar.total = total
        bar.update(done - bar.n)  # redraws at most ten times a second

    try:
        yield LoadOptions(image_size, progress)
    finally:
        if bar is not None:
            bar.close()
