"""class_names.txt that is huge, not UTF-8 or not a file: one message naming it, no network."""

from __future__ import annotations

import os

import pytest

from playground.data import DatasetError
from playground.data.folders import MAX_NAME_CHARS, load_idx_folder, read_class_names
from playground.engine import limits


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("\n".join(f"class {i}" for i in range(5000)).encode(), ["5,000 classes", "limit"]),
        (b"a class\n" * 100_000, ["bytes", f"{limits.MAX_CLASSES:,} names"]),
        ("caf\u00e9\nth\u00e9\n".encode("latin-1"), ["not UTF-8", "byte 4"]),
        ("\n".join("abcdefghij").encode("utf-16"), ["not UTF-8"]),
    ],
    ids=["5000-names", "800-kB", "latin-1", "utf-16"],
)
def test_unusable_class_names_get_one_message(tmp_path, make_arrays, make_folder, content, words):
    folder = make_folder(tmp_path / "letters", make_arrays())
    (folder / "class_names.txt").write_bytes(content)
    with pytest.raises(DatasetError) as caught:
        load_idx_folder(folder)
    assert "class_names.txt" in str(caught.value)
    for word in words:
        assert word in str(caught.value), str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
@pytest.mark.timeout(30)
def test_special_files_as_class_names_are_named(tmp_path, make_arrays, make_folder):
    folder = make_folder(tmp_path / "letters", make_arrays())
    os.mkfifo(folder / "class_names.txt")
    with pytest.raises(DatasetError, match="FIFO"):
        load_idx_folder(folder)
    (folder / "class_names.txt").unlink()
    (folder / "class_names.txt").symlink_to("/dev/zero")
    with pytest.raises(DatasetError, match="character device"):
        load_idx_folder(folder)


def test_at_the_limit_names_load_and_long_names_are_shortened(tmp_path):
    path = tmp_path / "class_names.txt"
    names = [f"n{i}" for i in range(limits.MAX_CLASSES - 1)] + ["y" * 500]
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    read = read_class_names(path)
    assert len(read) == limits.MAX_CLASSES and read[:2] == ("n0", "n1")
    assert len(read[-1]) == MAX_NAME_CHARS and read[-1].endswith("…")


def test_an_unreadable_folder_is_named_as_such(tmp_path, make_arrays, make_folder, monkeypatch):
    folder = make_folder(tmp_path / "locked", make_arrays())
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: False if str(path) == str(folder) else real_access(path, mode),
    )
    with pytest.raises(DatasetError, match="cannot be read"):
        load_idx_folder(folder)


def test_control_characters_never_reach_the_screen(tmp_path):
    path = tmp_path / "class_names.txt"
    path.write_text("cat\x1b[2J\x1b]0;owned\x07\ndog\u200b\n\x00\n", encoding="utf-8")
    assert read_class_names(path) == ("cat[2J]0;owned", "dog")


def test_names_beyond_the_classes_the_labels_use_are_left_out(
    tmp_path, make_arrays, make_folder, caplog
):
    arrays = make_arrays()
    n_classes = int(max(arrays["y_train"].max(), arrays["y_test"].max())) + 1
    folder = make_folder(tmp_path / "letters", arrays)
    (folder / "class_names.txt").write_text("\n".join(f"c{i}" for i in range(900)), "utf-8")
    data = load_idx_folder(folder)
    assert data.class_names == tuple(f"c{i}" for i in range(n_classes))
    assert "900 names" in caplog.text
