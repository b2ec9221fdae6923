"""CSV files as users have them: with or without a header (however its columns are named),
Train/Test in any case, the smallest pictures, progress by bytes, the row limit, and messages
that give the line of the file and the pixel's number."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from playground.data import DatasetError
from playground.data.csv_files import load_csv
from playground.data.loading import LoadCancelledError, LoadOptions


def _rows(n: int, pixels: int = 4) -> list[str]:
    rng = np.random.default_rng(n)
    return [
        ",".join([str(i % 2), *(str(int(v)) for v in rng.integers(0, 256, pixels))])
        for i in range(n)
    ]


def _write(path: Path, lines: list[str], *, end: str = "\n") -> Path:
    path.write_text("\n".join(lines) + end, encoding="ascii")
    return path


def _error(path: Path, options: LoadOptions | None = None) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        load_csv(path, options)
    return info.value


def test_pictures_of_2x2_and_a_last_line_without_newline(tmp_path):
    path = _write(tmp_path / "tiny.csv", _rows(30), end="")
    data = load_csv(path)
    assert data.image_shape == (2, 2) and len(data.x_train) + len(data.x_test) == 30


def test_a_header_naming_the_pixel_columns_by_number(tmp_path):
    header = ",".join(["label", *(str(i) for i in range(4))])
    data = load_csv(_write(tmp_path / "numbered.csv", [header, *_rows(30)]))
    assert len(data.x_train) + len(data.x_test) == 30


@pytest.mark.parametrize(("train", "test"), [("Train", "Test"), ("TRAIN", "TEST")])
def test_train_and_test_files_in_capitals(tmp_path, train, test):
    path = _write(tmp_path / f"digits_{train}.csv", _rows(30))
    _write(tmp_path / f"digits_{test}.csv", _rows(6))
    data = load_csv(path)
    assert len(data.x_train) == 30 and len(data.x_test) == 6


@pytest.mark.parametrize("header", [True, False])
def test_a_pixel_outside_0_255_is_named_by_line_and_number(tmp_path, header):
    lines = _rows(10)
    lines[2] = "1,0,0,256,0"
    if header:
        lines.insert(0, "label,a,b,c,d")
    path = _write(tmp_path / "train.csv", lines)
    error = _error(path)
    assert error.path == str(path)
    assert error.reason == f"pixel 3 of row {4 if header else 3} is 256, outside 0..255"


@pytest.mark.parametrize("header", [True, False])
@pytest.mark.parametrize("labelled", [True, False])
def test_a_pixel_outside_0_255_in_the_test_file_names_that_file(tmp_path, header, labelled):
    _write(tmp_path / "train.csv", _rows(10, pixels=9))
    lines = [row if labelled else row.split(",", 1)[1] for row in _rows(5, pixels=9)]
    lines[1] = ",".join((["1"] if labelled else []) + ["0"] * 8 + ["-1"])
    if header:
        lines.insert(0, ",".join((["label"] if labelled else []) + list("abcdefghi")))
    test = _write(tmp_path / "test.csv", lines)
    error = _error(tmp_path / "train.csv")
    assert error.path == str(test)
    assert error.reason == f"pixel 9 of row {3 if header else 2} is -1, outside 0..255"


def test_a_test_file_of_another_width_gives_both_widths(tmp_path):
    _write(tmp_path / "train.csv", _rows(10))
    test = _write(tmp_path / "test.csv", _rows(3, pixels=16))
    error = _error(tmp_path / "train.csv")
    assert error.path == str(test)
    assert error.reason == (
        "rows of 17 values do not match the training file's 5 (label and pixels) or 4 (pixels only)"
    )


def test_files_without_rows(tmp_path):
    path = _write(tmp_path / "blank.csv", ["", "  ", ""])
    error = _error(path)
    assert (error.path, error.reason) == (str(path), "the file holds no rows")
    path = _write(tmp_path / "header.csv", ["label,a,b,c,d"])
    assert _error(path).reason == "the file has a header but no rows"


def test_progress_by_bytes_every_2000_lines(tmp_path):
    lines = ["1,2,3,4,5"] * 4001  # ten bytes a line
    lines[::2] = ["0,2,3,4,5"] * 2001
    path = _write(tmp_path / "many.csv", lines)
    size = path.stat().st_size
    seen = []
    load_csv(path, LoadOptions(progress=lambda done, total: seen.append((done, total))))
    assert seen == [(20_000, size), (40_000, size), (size, size)]


def test_cancelling_names_the_file(tmp_path):
    path = _write(tmp_path / "many.csv", ["0,2,3,4,5", "1,2,3,4,5"] * 2001)
    cancel = threading.Event()
    cancel.set()
    error = _error(path, LoadOptions(cancel=cancel))
    assert isinstance(error, LoadCancelledError) and error.path == str(path)
    cancel.clear()  # cancelled after the first report, at the next one
    error = _error(path, LoadOptions(progress=lambda d, t: cancel.set(), cancel=cancel))
    assert isinstance(error, LoadCancelledError) and error.path == str(path)


def test_the_row_limit_counts_every_row(tmp_path, monkeypatch):
    monkeypatch.setattr("playground.data.csv_files.CHUNK_ROWS", 10)
    monkeypatch.setattr("playground.data.csv_files.MAX_EXAMPLES", 20)
    path = _write(tmp_path / "rows.csv", _rows(20))
    data = load_csv(path)
    assert len(data.x_train) + len(data.x_test) == 20
    monkeypatch.setattr("playground.data.csv_files.MAX_EXAMPLES", 19)
    error = _error(path)
    assert (error.path, error.reason) == (str(path), "more than 19 rows")


def test_a_bad_value_after_the_first_chunk_names_the_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setattr("playground.data.csv_files.CHUNK_ROWS", 10)
    lines = _rows(25)
    lines[14] = "1,0,x,0,0"
    path = _write(tmp_path / "rows.csv", lines)
    error = _error(path)
    assert (error.path, error.reason) == (str(path), "line 15: 'x' is not a whole number 0..255")


def test_a_file_that_cannot_be_read_is_named(tmp_path, deny_reading):
    path = _write(tmp_path / "locked.csv", _rows(10))
    deny_reading(path)
    error = _error(path)
    assert (error.path, error.reason) == (str(path), "cannot read (Permission denied)")


def test_a_small_file_cancelled_at_its_only_report_names_the_file(tmp_path):
    path = _write(tmp_path / "small.csv", _rows(10))
    cancel = threading.Event()
    cancel.set()
    error = _error(path, LoadOptions(cancel=cancel))
    assert isinstance(error, LoadCancelledError) and error.path == str(path)


def test_a_line_one_byte_too_long_is_refused_even_with_its_newline(tmp_path):
    path = tmp_path / "long.csv"
    longest = 8 * (256 * 256 + 1)  # a label and 256x256 pixels of eight bytes each
    line = ("0," * longest)[: longest + 1]
    path.write_text(line + "\n" + _rows(1)[0] + "\n", encoding="ascii")
    error = _error(path)
    assert (error.path, error.reason) == (str(path), "line 1 is too long for an image row")
