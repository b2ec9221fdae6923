"""The process's data sets: read once, shared by the windows, only the newest folder kept
besides the bundled MNIST."""

from __future__ import annotations

import numpy as np

from playground.data import Dataset
from playground.training import dataset_cache
from playground.training.dataset_cache import DatasetCache, shared_datasets


def tiny(name: str) -> Dataset:
    x = np.zeros((2, 2, 2), np.uint8)
    y = np.array([0, 1], np.uint8)
    return Dataset(name, x, y, x, y, ("a", "b"))


class Loader:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, source: str) -> Dataset:
        self.asked.append(source)
        return tiny(source)


def test_a_source_is_read_once_and_then_shared() -> None:
    loader = Loader()
    cache = DatasetCache(loader)
    assert "mnist" not in cache and cache.get("mnist") is None
    first = cache.load("mnist")
    assert first.name == "mnist" and "mnist" in cache
    assert cache.load("mnist") is first and cache.get("mnist") is first
    assert loader.asked == ["mnist"]


def test_only_the_newest_folder_stays_besides_mnist() -> None:
    loader = Loader()
    cache = DatasetCache(loader)
    mnist = cache.load("mnist")
    cache.load("/data/a")
    b = cache.load("/data/b")
    assert "/data/a" not in cache and cache.get("/data/a") is None
    assert cache.get("mnist") is mnist and cache.get("/data/b") is b
    cache.load("/data/b")  # again: kept, not read again
    assert loader.asked == ["mnist", "/data/a", "/data/b"]
    cache.load("/data/a")  # the older folder was let go: read again
    assert loader.asked[-1] == "/data/a" and "/data/b" not in cache


def test_put_keeps_the_given_set_and_returns_it() -> None:
    cache = DatasetCache(Loader())
    mine = tiny("mine")
    assert cache.put("/data/x", mine) is mine
    assert cache.load("/data/x") is mine
    replaced = tiny("again")
    cache.put("/data/x", replaced)  # the same source: replaced, not dropped
    assert cache.get("/data/x") is replaced


def test_read_does_not_cache() -> None:
    loader = Loader()
    cache = DatasetCache(loader)
    assert cache.read("/data/a").name == "/data/a"
    assert "/data/a" not in cache and loader.asked == ["/data/a"]


def test_clear_forgets_everything() -> None:
    cache = DatasetCache(Loader())
    cache.load("mnist")
    cache.load("/data/a")
    cache.clear()
    assert "mnist" not in cache and "/data/a" not in cache


def test_without_a_loader_the_data_sets_loader_reads(monkeypatch) -> None:
    from playground.data import datasets

    asked = []
    monkeypatch.setattr(datasets, "load_dataset", lambda source: asked.append(source) or tiny("x"))
    cache = DatasetCache()
    assert cache.load("/data/z").name == "x" and asked == ["/data/z"]


def test_the_process_has_one_shared_cache() -> None:
    assert shared_datasets() is shared_datasets()
    assert isinstance(shared_datasets(), dataset_cache.DatasetCache)
