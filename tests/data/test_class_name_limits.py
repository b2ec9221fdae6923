"""The size a class_names.txt may have, the names kept for the classes the labels use, and the
messages for a file or folder that cannot be read."""

from __future__ import annotations

import logging
import os

import numpy as np
import pytest

from playground.data import DatasetError
from playground.data.folders import MAX_NAME_CHARS, load_idx_folder, read_class_names
from playground.engine import limits

WIDE = "\U0001d7d8"  # a digit of four UTF-8 bytes: the widest a character can be


def test_the_largest_list_of_names_loads_and_one_byte_more_does_not(tmp_path):
    path = tmp_path / "class_names.txt"
    names = [WIDE * MAX_NAME_CHARS for _ in range(limits.MAX_CLASSES)]
    path.write_text("".join(name + "\n" for name in names), encoding="utf-8")
    assert path.stat().st_size == limits.MAX_CLASSES * (4 * MAX_NAME_CHARS + 1)
    read = read_class_names(path)
    # names of exactly the longest length are kept whole
    assert len(read) == limits.MAX_CLASSES and read[0] == WIDE * MAX_NAME_CHARS
    path.write_text("".join(name + "\n" for name in names) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_class_names(path)
    assert info.value.path == str(path)
    assert info.value.reason == "241,001 bytes is more than a list of 1,000 names needs"


def test_a_special_file_of_names_is_named(tmp_path):
    path = tmp_path / "class_names.txt"
    path.symlink_to(os.devnull)
    with pytest.raises(DatasetError) as info:
        read_class_names(path)
    assert info.value.path == str(path)
    assert info.value.reason == "this is a character device, not a text file of class names"


def test_a_file_of_names_that_cannot_be_read_is_named(tmp_path, monkeypatch):
    path = tmp_path / "class_names.txt"
    path.write_text("a\nb\n", encoding="utf-8")

    def denied(*_args):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("playground.data.folders.read_regular_text", denied)
    with pytest.raises(DatasetError) as info:
        read_class_names(path)
    assert info.value.path == str(path)
    assert info.value.reason == "cannot read the file (Permission denied)"


@pytest.mark.parametrize("denied_mode", [os.R_OK, os.X_OK])
def test_a_folder_without_read_or_search_permission_is_named(
    tmp_path, make_arrays, make_folder, monkeypatch, denied_mode
):
    folder = make_folder(tmp_path / "locked", make_arrays())
    real_access = os.access

    def access(path, mode):
        if str(path) == str(folder):
            return not mode & denied_mode
        return real_access(path, mode)

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(DatasetError) as info:
        load_idx_folder(folder)
    assert info.value.path == str(folder)
    assert info.value.reason == "the folder cannot be read (permission denied)"


def _two_classes(make_arrays) -> dict[str, np.ndarray]:
    arrays = make_arrays()
    arrays["y_train"] = arrays["y_train"] % 2
    arrays["y_test"] = arrays["y_test"] % 2
    return arrays


@pytest.mark.parametrize("count", [3, 4, 9])
def test_names_beyond_two_used_classes_are_left_out_with_a_warning(
    tmp_path, make_arrays, make_folder, caplog, count
):
    folder = make_folder(tmp_path / "pairs", _two_classes(make_arrays))
    names_file = folder / "class_names.txt"
    names_file.write_text("\n".join(f"c{i}" for i in range(count)), "utf-8")
    with caplog.at_level(logging.WARNING, logger="playground.data.folders"):
        data = load_idx_folder(folder)
    assert data.class_names == ("c0", "c1")
    assert [r.getMessage() for r in caplog.records] == [
        f"{names_file}: {count} names, but the labels use 2 classes; the rest are left out"
    ]


def test_as_many_names_as_classes_load_without_a_warning(
    tmp_path, make_arrays, make_folder, caplog
):
    folder = make_folder(tmp_path / "pairs", _two_classes(make_arrays))
    (folder / "class_names.txt").write_text("heads\ntails\n", "utf-8")
    with caplog.at_level(logging.WARNING, logger="playground.data.folders"):
        data = load_idx_folder(folder)
    assert data.class_names == ("heads", "tails")
    assert caplog.records == []
