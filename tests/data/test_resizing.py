"""A chosen picture size for data sets read at their own size first (IDX folders, the bundled
MNIST, scikit-learn's digits): every picture converted, labels and names kept, progress and
cancelling as for any other form."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from playground.data import DatasetError
from playground.data.datasets import load_dataset
from playground.data.loading import LoadCancelledError, LoadOptions


def _blocks(x: np.ndarray) -> np.ndarray:
    """Each 2x2 block's mean: what halving a picture by area averaging gives."""
    n, h, w = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2).astype(float).mean(axis=(2, 4))


def test_an_idx_folder_at_a_chosen_size(tmp_path, make_arrays, make_folder):
    arrays = make_arrays()
    folder = make_folder(tmp_path / "fashion", arrays)
    (folder / "class_names.txt").write_text("\n".join(f"kind {i}" for i in range(10)))
    seen = []
    data = load_dataset(folder, LoadOptions(14, progress=lambda done, total: seen.append(total)))
    assert data.name == "Fashion-MNIST"
    assert data.class_names == tuple(f"kind {i}" for i in range(10))
    assert data.x_train.shape == (60, 14, 14) and data.x_test.shape == (20, 14, 14)
    assert data.x_train.dtype == np.uint8 and data.x_predict is None
    assert np.abs(data.x_train - _blocks(arrays["x_train"])).max() <= 1
    assert np.abs(data.x_test - _blocks(arrays["x_test"])).max() <= 1
    np.testing.assert_array_equal(data.y_train, arrays["y_train"])
    np.testing.assert_array_equal(data.y_test, arrays["y_test"])
    assert seen == [60, 20]  # one report as each set starts


def test_cancelling_while_pictures_are_converted_names_the_folder(
    tmp_path, make_arrays, make_folder
):
    folder = make_folder(tmp_path / "letters", make_arrays())
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(LoadCancelledError) as info:
        load_dataset(folder, LoadOptions(14, cancel=cancel))
    assert info.value.path == str(folder)
    assert str(info.value) == f"{folder}: loading was cancelled"
    # cancelled once the training pictures are done: the test pictures name it too
    cancel.clear()
    with pytest.raises(LoadCancelledError) as info:
        load_dataset(folder, LoadOptions(14, progress=lambda d, t: cancel.set(), cancel=cancel))
    assert info.value.path == str(folder)


def test_the_digits_cancelled_while_converted_are_named_digits():
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(LoadCancelledError) as info:
        load_dataset("Sklearn-Digits", LoadOptions(16, cancel=cancel))
    assert info.value.path == "digits"


def _many_small(path, n_train: int) -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(0, 256, (n_train + 10, 4, 4), dtype=np.uint8)
    y = np.arange(n_train + 10) % 2
    np.savez(path, x_train=x[:n_train], y_train=y[:n_train], x_test=x[n_train:], y_test=y[n_train:])


def test_conversion_reports_progress_every_thousand_pictures(tmp_path):
    path = tmp_path / "many.npz"
    _many_small(path, 2001)
    seen = []
    data = load_dataset(
        path, LoadOptions(2, progress=lambda done, total: seen.append((done, total)))
    )
    assert data.x_train.shape == (2001, 2, 2) and data.x_train.dtype == np.uint8
    reading = [(i, 4) for i in range(5)]  # the four members, then done
    assert seen == [*reading, (0, 2001), (1000, 2001), (2000, 2001), (0, 10)]
    # at the data's own size there is nothing to convert, and nothing to report
    seen.clear()
    load_dataset(path, LoadOptions(4, progress=lambda done, total: seen.append((done, total))))
    assert seen == reading


def test_cancelling_in_the_middle_of_a_conversion_names_the_file(tmp_path):
    path = tmp_path / "many.npz"
    _many_small(path, 2001)
    cancel = threading.Event()

    def progress(done, total):
        if (done, total) == (1000, 2001):
            cancel.set()

    with pytest.raises(LoadCancelledError) as info:
        load_dataset(path, LoadOptions(2, progress=progress, cancel=cancel))
    assert info.value.path == str(path)


def test_a_csv_through_load_dataset_reports_its_progress(tmp_path):
    path = tmp_path / "small.csv"
    path.write_text("".join(f"{i % 2},1,2,3,4\n" for i in range(14)), encoding="ascii")
    seen = []
    load_dataset(path, LoadOptions(progress=lambda done, total: seen.append((done, total))))
    assert seen == [(path.stat().st_size,) * 2]


def test_a_missing_file_is_named(tmp_path):
    path = tmp_path / "missing.dat"
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert info.value.path == str(path)
    assert info.value.reason.startswith("no such file; a data set is 'mnist' (bundled)")
