"""Folders of pictures as users keep them: stray files and hidden folders, a train folder
without a test folder, a class named 'test', the picture size taken from the first picture,
limits at their own value, progress, cancelling and the messages that name what is wrong."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from playground.data import DatasetError
from playground.data.image_folder import load_image_folder
from playground.data.loading import LoadCancelledError, LoadOptions


def _pictures(folder: Path, count: int, size=(8, 8), start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        value = (40 * i) % 256
        Image.new("L", size, value).save(folder / f"{i:02d}.png")


def _two_classes(root: Path, count: int = 4, size=(8, 8)) -> Path:
    _pictures(root / "a", count, size)
    _pictures(root / "b", count, size)
    return root


def _error(root: Path, options: LoadOptions | None = None) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        load_image_folder(root, options)
    return info.value


def test_stray_files_and_hidden_entries_are_left_alone(tmp_path):
    root = _two_classes(tmp_path / "pics")
    (root / "README.txt").write_text("my pictures")
    (root / "a" / "notes.txt").write_text("not a picture")
    (root / "a" / ".hidden.png").write_text("an editor's backup, not a picture")
    (root / ".thumbnails").mkdir()
    data = load_image_folder(root)
    assert data.class_names == ("a", "b") and len(data.x_train) + len(data.x_test) == 8


def test_a_train_folder_without_a_test_folder(tmp_path):
    _two_classes(tmp_path / "set" / "train", count=7)
    data = load_image_folder(tmp_path / "set")
    assert data.class_names == ("a", "b") and len(data.x_train) + len(data.x_test) == 14


def test_a_class_may_be_called_test(tmp_path):
    root = tmp_path / "flat"
    _pictures(root / "other", 4)
    _pictures(root / "test", 4)
    assert load_image_folder(root).class_names == ("other", "test")


@pytest.mark.parametrize("where", ["root", "class"])
def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch, where):
    root = _two_classes(tmp_path / "pics")
    locked = root if where == "root" else root / "b"
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    error = _error(root)
    assert (error.path, error.reason) == (str(locked), "cannot list (Permission denied)")


def test_messages_for_missing_roots_empty_classes_and_strange_test_classes(tmp_path):
    error = _error(tmp_path / "missing")
    assert (error.path, error.reason) == (str(tmp_path / "missing"), "no such folder")
    (tmp_path / "file.png").write_bytes(b"x")
    error = _error(tmp_path / "file.png")
    assert (error.path, error.reason) == (str(tmp_path / "file.png"), "not a folder")
    root = tmp_path / "pics"
    _pictures(root / "a", 3)
    (root / "b").mkdir()
    error = _error(root)
    assert error.path == str(root / "b")
    assert error.reason == "class 'b' has no pictures (.png, .jpg, .jpeg, .bmp)"
    split = tmp_path / "split"
    _two_classes(split / "train")
    _pictures(split / "test" / "c", 1)
    error = _error(split)
    assert error.path == str(split / "test" / "c")
    assert error.reason == "a test class that the training set does not have"


def test_a_picture_that_is_not_one_is_named(tmp_path):
    root = _two_classes(tmp_path / "pics")
    (root / "b" / "99.png").write_text("text, not a picture")
    error = _error(root)
    assert error.path == str(root / "b" / "99.png")
    assert error.reason.startswith("not a picture Pillow can read (")


def test_the_limit_on_pictures_lets_its_own_count_through(tmp_path, monkeypatch):
    root = _two_classes(tmp_path / "pics", count=2)
    monkeypatch.setattr("playground.data.image_folder.MAX_EXAMPLES", 4)
    data = load_image_folder(root)
    assert len(data.x_train) + len(data.x_test) == 4
    monkeypatch.setattr("playground.data.image_folder.MAX_EXAMPLES", 3)
    error = _error(root)
    assert (error.path, error.reason) == (str(root), "more than 3 pictures")


def test_the_limit_on_picture_size_lets_its_own_size_through(tmp_path, monkeypatch):
    root = _two_classes(tmp_path / "pics", count=2)
    monkeypatch.setattr("playground.data.image_folder.MAX_SOURCE_PIXELS", 64)
    assert load_image_folder(root).image_shape == (8, 8)
    monkeypatch.setattr("playground.data.image_folder.MAX_SOURCE_PIXELS", 63)
    error = _error(root)
    assert error.path == str(root / "a" / "00.png")
    assert error.reason == "8x8 pixels is larger than this loader reads"


@pytest.mark.parametrize(
    ("first", "second", "side"),
    [((10, 10), (12, 12), 10), ((64, 64), (64, 64), 64), ((30, 20), (30, 20), 28)],
)
def test_without_a_chosen_size_the_first_picture_decides(tmp_path, first, second, side):
    root = tmp_path / "pics"
    _pictures(root / "a", 1, first)
    _pictures(root / "a", 3, second, start=1)
    _pictures(root / "b", 4, second)
    assert load_image_folder(root).image_shape == (side, side)


@pytest.mark.parametrize("split", [False, True])
def test_progress_counts_every_picture_of_both_sets(tmp_path, split):
    root = tmp_path / "pics"
    if split:
        _two_classes(root / "train", count=3)
        _two_classes(root / "test", count=1)
    else:
        _two_classes(root, count=4)
    seen = []
    load_image_folder(root, LoadOptions(progress=lambda done, total: seen.append((done, total))))
    assert seen == [(i, 8) for i in range(9)]


def test_cancelling_between_pictures_and_at_the_end_names_where(tmp_path):
    root = _two_classes(tmp_path / "pics", count=2)
    cancel = threading.Event()

    def after(count):
        def progress(done, total):
            if done == count:
                cancel.set()

        return progress

    error = _error(root, LoadOptions(progress=after(0), cancel=cancel))
    assert isinstance(error, LoadCancelledError) and error.path == str(root / "a" / "01.png")
    cancel.clear()
    error = _error(root, LoadOptions(progress=after(3), cancel=cancel))
    assert isinstance(error, LoadCancelledError) and error.path == str(root)


def test_a_class_whose_only_picture_is_held_out_names_the_folder(tmp_path):
    root = _two_classes(tmp_path / "pics", count=1)
    error = _error(root)
    assert error.path == str(root)
    assert error.reason.endswith("has no training examples")


def test_pictures_load_as_bytes_in_the_mnist_layout(tmp_path):
    # uint8 (n, side, side), as Keras' MNIST: a picture's grey levels, and an eighth of the
    # memory float64 would take for a large folder.
    _two_classes(tmp_path / "set" / "train", count=3)
    _two_classes(tmp_path / "set" / "test", count=2)
    data = load_image_folder(tmp_path / "set")
    assert data.x_train.dtype == data.x_test.dtype == np.uint8
    assert data.x_train.shape == (6, 8, 8) and data.x_test.shape == (4, 8, 8)
    assert sorted({int(v) for v in data.x_train.reshape(-1)}) == [0, 40, 80]
