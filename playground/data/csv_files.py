"""MNIST as CSV, in its two common layouts.

Kaggle's Digit Recognizer: ``train.csv`` with a header ``label,pixel0,...,pixel783`` and a
``test.csv`` beside it without the label column (used for predictions only). The header-less
layout (``mnist_train.csv``/``mnist_test.csv``): ``label,p1,...,p784`` on every line. The label
comes first; pixels are whole numbers 0..255 and any square number of them makes an image. A
test file is found beside the training file by its name (``train`` -> ``test``); without a
labelled one, a seventh of the examples is held out as the test set.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from playground.data.assemble import (
    CLASS_NAMES_FILE,
    build_dataset,
    read_class_names,
    square_side,
)
from playground.data.dataset import Dataset, DatasetError
from playground.data.loading import MAX_EXAMPLES, MAX_SIDE, LoadOptions, check_file_size

CHUNK_ROWS = 2000
# A line holds at most a label and MAX_SIDE**2 pixels of "255," each (plus spaces, a CR).
MAX_LINE = 8 * (MAX_SIDE * MAX_SIDE + 1)


class _Table:
    """Rows of a CSV file as one int array: (n, columns); ``header`` tells if it had one."""

    def __init__(self, rows: np.ndarray, header: bool) -> None:
        self.rows = rows
        self.header = header


def _lines(path: Path, options: LoadOptions, total: int):
    """(line number, text) of every non-blank line, read in binary with bounded lengths."""
    try:
        with path.open("rb") as f:
            number = 0
            while True:
                raw = f.readline(MAX_LINE + 1)
                if not raw:
                    return
                number += 1
                if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
                    raise DatasetError(path, f"line {number} is too long for an image row")
                if number % CHUNK_ROWS == 0:
                    options.tick(path, f.tell(), total)
                try:
                    text = raw.decode("ascii").strip()
                except UnicodeDecodeError:
                    raise DatasetError(
                        path, f"line {number} is not CSV text (only digits and commas)"
                    ) from None
                if text:
                    yield number, text
    except OSError as exc:
        raise DatasetError(path, f"cannot read ({exc.strerror or exc})") from None


def _parse_chunk(path: Path, chunk: list[tuple[int, str]], columns: int) -> np.ndarray:
    """The rows of ``chunk`` as int32 (rows, columns); DatasetError names the first bad line."""
    try:  # NumPy's C parser; the slow loop below only runs to name what it refused
        rows = np.loadtxt([text for _, text in chunk], delimiter=",", dtype=np.int32, ndmin=2)
        if rows.shape[1] == columns:
            return rows
    except (ValueError, OverflowError):
        pass
    return _explain_chunk(path, chunk, columns)


def _explain_chunk(path: Path, chunk: list[tuple[int, str]], columns: int) -> np.ndarray:
    out = np.empty((len(chunk), columns), np.int32)
    for i, (number, text) in enumerate(chunk):
        fields = text.split(",")
        if len(fields) != columns:
            raise DatasetError(
                path, f"line {number} has {len(fields)} values where the first row has {columns}"
            )
        try:
            out[i] = [int(field) for field in fields]
        except (ValueError, OverflowError):
            bad = next((f for f in fields if not _whole(f)), fields[0])
            raise DatasetError(
                path, f"line {number}: {bad.strip()[:20]!r} is not a whole number 0..255"
            ) from None
    return out


def _whole(field: str) -> bool:
    text = field.strip().removeprefix("-")
    return text.isdigit() and len(text) < 10


def read_table(path: Path, options: LoadOptions) -> _Table:
    """Every row of a CSV file of whole numbers, with progress by bytes read."""
    total = check_file_size(path)
    lines = _lines(path, options, total)
    first = next(lines, None)
    if first is None:
        raise DatasetError(path, "the file holds no rows")
    header = not _whole(first[1].split(",")[0])
    pending = [] if header else [first]
    columns = len(first[1].split(","))
    if columns < 5:
        raise DatasetError(path, f"a row has {columns} values; an image needs more")
    chunks, count = [], 0
    for item in lines:
        pending.append(item)
        if len(pending) == CHUNK_ROWS:
            chunks.append(_parse_chunk(path, pending, columns))
            count += len(pending)
            pending = []
            if count > MAX_EXAMPLES:
                raise DatasetError(path, f"more than {MAX_EXAMPLES:,} rows")
    if pending:
        chunks.append(_parse_chunk(path, pending, columns))
    if not chunks:
        raise DatasetError(path, "the file has a header but no rows")
    options.tick(path, total, total)
    return _Table(np.concatenate(chunks), header)


def _pixels(path: Path, rows: np.ndarray, first_line: int) -> np.ndarray:
    bad = np.argwhere((rows < 0) | (rows > 255))
    if bad.size:
        row, col = (int(v) for v in bad[0])
        raise DatasetError(
            path,
            f"pixel {col + 1} of row {row + first_line} is {int(rows[row, col])}, outside 0..255",
        )
    side = square_side(rows.shape[1], path)
    return rows.astype(np.uint8).reshape(len(rows), side, side)


def companion_test_file(path: Path) -> Path | None:
    """``train.csv`` -> ``test.csv``, ``mnist_train.csv`` -> ``mnist_test.csv`` if present."""
    name = path.name
    for train, test in (("train", "test"), ("Train", "Test"), ("TRAIN", "TEST")):
        if train in name:
            candidate = path.with_name(name.replace(train, test))
            if candidate != path and candidate.is_file():
                return candidate
    return None


def load_csv(path: str | Path, options: LoadOptions | None = None) -> Dataset:
    """A CSV of labelled images (see the module docstring), with its test file if any."""
    path = Path(path)
    options = options or LoadOptions()
    table = read_table(path, options)
    first = 2 if table.header else 1
    x_train = _pixels(path, table.rows[:, 1:], first)
    test, x_predict = None, None
    test_path = companion_test_file(path)
    if test_path is not None:
        other = read_table(test_path, options)
        start = 2 if other.header else 1
        if other.rows.shape[1] == table.rows.shape[1]:
            test = (_pixels(test_path, other.rows[:, 1:], start), other.rows[:, 0])
        elif other.rows.shape[1] == table.rows.shape[1] - 1:
            x_predict = _pixels(test_path, other.rows, start)
        else:
            raise DatasetError(
                test_path,
                f"rows of {other.rows.shape[1]} values do not match the training file's "
                f"{table.rows.shape[1]} (label and pixels) or {table.rows.shape[1] - 1} "
                "(pixels only)",
            )
        if test is not None and test[0].shape[1:] != x_train.shape[1:]:
            raise DatasetError(test_path, "its images differ in size from the training images")
    names = read_class_names(path.with_name(CLASS_NAMES_FILE))
    return build_dataset(
        path.stem, path, (x_train, table.rows[:, 0]), test, names, options, x_predict
    )
