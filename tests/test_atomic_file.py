"""Files are written whole or not at all."""

from __future__ import annotations

import numpy as np
import pytest

from playground.atomic_file import write_atomically, write_text_atomically


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "curves.csv"
    target.write_text("old", encoding="utf-8")

    def half_then_fail(tmp):
        tmp.write_text("half of the new", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["curves.csv"]


def test_the_writer_gets_the_suffix_and_the_file_replaces_the_old_one(tmp_path):
    target = tmp_path / "weights.npz"
    target.write_text("old", encoding="utf-8")
    seen = []

    def save(tmp):
        seen.append(tmp.suffix)
        np.savez(tmp, w=np.arange(3))  # would add ".npz" to a name without it

    write_atomically(target, save)
    assert seen == [".npz"]
    np.testing.assert_array_equal(np.load(target)["w"], np.arange(3))
    assert [p.name for p in tmp_path.iterdir()] == ["weights.npz"]
    write_text_atomically(tmp_path / "a.txt", "line\n", newline="")
    assert (tmp_path / "a.txt").read_bytes() == b"line\n"
