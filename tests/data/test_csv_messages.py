"""The message for a CSV value that is not a whole number names that value, as the user wrote
it, whatever made it unreadable."""

from __future__ import annotations

import pytest

from playground.data import DatasetError
from playground.data.csv_files import load_csv


def _row(label: str, bad: str, at: int = 100) -> str:
    pixels = ["0"] * 784
    pixels[at] = bad
    return ",".join([label, *pixels])


@pytest.mark.parametrize("bad", ["--5", "1e3", "0x1F", "- 5", "X5", "9999999999"])
def test_the_value_that_is_not_a_whole_number_is_the_one_named(tmp_path, bad):
    path = tmp_path / "data.csv"
    path.write_text(_row("7", "0") + "\n" + _row("3", bad) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_csv(path)
    assert info.value.path == str(path)
    assert info.value.reason == f"line 2: {bad!r} is not a whole number 0..255"


def test_a_long_unreadable_value_is_shown_by_its_first_20_characters(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(_row("7", " " + "abcdefghij" * 3 + " ") + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        load_csv(path)
    assert info.value.reason == "line 1: 'abcdefghijabcdefghij' is not a whole number 0..255"
