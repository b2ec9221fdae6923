"""Data sets read once and shared by every window of the process (they are read-only)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from playground.data import Dataset

KEPT = ("mnist",)  # kept for good; of the other sources only the newest stays in memory


class DatasetCache:
    """Read-only data sets by source: the bundled ones and the newest other folder."""

    def __init__(self, loader: Callable[[str], Dataset] | None = None) -> None:
        self._loader = loader
        self._sets: dict[str, Dataset] = {}

    def __contains__(self, source: object) -> bool:
        return source in self._sets

    def get(self, source: str) -> Dataset | None:
        return self._sets.get(source)

    def put(self, source: str, dataset: Dataset) -> Dataset:
        """Keep ``dataset`` for ``source``, letting go of an older folder's set."""
        for key in [k for k in self._sets if k not in KEPT and k != source]:
            del self._sets[key]
        self._sets[source] = dataset
        return dataset

    def load(self, source: str) -> Dataset:
        """The cached set, or read it now (DatasetError or OSError when it cannot be read)."""
        cached = self._sets.get(source)
        if cached is not None:
            return cached
        return self.put(source, self.read(source))

    def read(self, source: str) -> Dataset:
        """Read ``source`` without caching it (safe on any thread)."""
        if self._loader is not None:
            return self._loader(source)
        from playground.data import datasets  # looked up at call time: tests replace it

        return datasets.load_dataset(source)

    def clear(self) -> None:
        self._sets.clear()


@functools.cache
def shared_datasets() -> DatasetCache:
    """The process's one cache, shared by its windows and tools."""
    return DatasetCache()
