"""A user's own data: CSV in both MNIST layouts, .npz, image folders, scikit-learn's digits."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from data_forms import mnist_slice, write_csv, write_image_folder, write_npz
from PIL import Image

from playground.data import DatasetError
from playground.data.datasets import load_dataset
from playground.data.loading import LoadCancelledError, LoadOptions
from playground.data.sklearn_digits import from_sklearn_arrays, load_sklearn_digits


@pytest.fixture(scope="module")
def digits():
    return mnist_slice(300, 100)


def test_kaggle_csv_with_header_and_an_unlabelled_test_file(tmp_path, digits):
    x_train, y_train, x_test, _ = digits
    write_csv(tmp_path / "train.csv", x_train, y_train, header=True)
    write_csv(tmp_path / "test.csv", x_test, None, header=True)
    data = load_dataset(str(tmp_path / "train.csv"))
    # No labelled test file: a seventh of the training rows is held out, the rest kept.
    assert len(data.x_train) + len(data.x_test) == 300
    assert len(data.x_test) == round(300 / 7)
    rows = {row.tobytes(): label for row, label in zip(x_train, y_train, strict=True)}
    for image, label in zip(data.x_train, data.y_train, strict=True):
        assert rows[image.tobytes()] == label
    np.testing.assert_array_equal(data.x_predict, x_test)
    assert data.class_names == tuple("0123456789")
    assert data.image_shape == (28, 28)


def test_headerless_csv_with_a_labelled_test_file(tmp_path, digits):
    x_train, y_train, x_test, y_test = digits
    write_csv(tmp_path / "mnist_train.csv", x_train, y_train, header=False)
    write_csv(tmp_path / "mnist_test.csv", x_test, y_test, header=False)
    data = load_dataset(tmp_path / "mnist_train.csv")
    np.testing.assert_array_equal(data.x_train, x_train)
    np.testing.assert_array_equal(data.y_train, y_train)
    np.testing.assert_array_equal(data.x_test, x_test)
    np.testing.assert_array_equal(data.y_test, y_test)
    assert data.x_predict is None


def test_npz_in_keras_layout_and_class_names_file(tmp_path, digits):
    path = write_npz(tmp_path / "mnist.npz", *digits)
    (tmp_path / "class_names.txt").write_text("\n".join(f"digit {d}" for d in range(10)))
    data = load_dataset(str(path))
    for got, want in zip(
        (data.x_train, data.y_train, data.x_test, data.y_test), digits, strict=True
    ):
        np.testing.assert_array_equal(got, want)
    assert data.class_names[3] == "digit 3"


def test_npz_flat_float_images(tmp_path, digits):
    x_train, y_train, x_test, y_test = digits
    np.savez(
        tmp_path / "flat.npz",
        x_train=x_train.reshape(300, 784) / np.float32(255),
        y_train=y_train.astype(np.int64),
        x_test=x_test.reshape(100, 784) / np.float32(255),
        y_test=y_test,
    )
    data = load_dataset(str(tmp_path / "flat.npz"))
    np.testing.assert_array_equal(data.x_train, x_train)


def test_image_folder_of_larger_colour_pngs_gives_the_source_arrays(tmp_path, digits):
    x_train, y_train, x_test, y_test = digits
    write_image_folder(tmp_path / "set" / "train", x_train, y_train, scale=2)
    write_image_folder(tmp_path / "set" / "test", x_test, y_test, scale=2)
    seen = []
    data = load_dataset(tmp_path / "set", LoadOptions(28, progress=lambda d, t: seen.append(d)))
    # Files are read class by class; the source order within a class is kept.
    order = np.argsort(y_train, kind="stable")
    assert np.abs(data.x_train.astype(int) - x_train[order]).max() <= 1
    np.testing.assert_array_equal(data.y_train, y_train[order])
    assert np.abs(data.x_test.astype(int) - x_test[np.argsort(y_test, kind="stable")]).max() <= 1
    assert seen[0] == 0 and seen[-1] == 400 and len(seen) == 401
    # Without a chosen size, the pictures' own 56x56 is kept.
    assert load_dataset(tmp_path / "set").image_shape == (56, 56)


def test_image_folder_without_test_split_and_names(tmp_path, digits):
    x_train, y_train, _, _ = digits
    root = write_image_folder(tmp_path / "flat", x_train[:70], y_train[:70], scale=1)
    (root / "9").rename(root / "nine")
    data = load_dataset(root, LoadOptions(14))
    assert data.class_names[-1] == "nine" and data.image_shape == (14, 14)
    assert len(data.x_train) + len(data.x_test) == 70


def test_any_form_can_be_resized(tmp_path, digits):
    path = write_npz(tmp_path / "m.npz", *digits)
    data = load_dataset(path, LoadOptions(image_size=14))
    assert data.x_train.shape == (300, 14, 14) and data.x_test.shape == (100, 14, 14)
    # Area averaging: a 2x2 block's mean (within rounding).
    block = digits[0][0, :2, :2].astype(float).mean()
    assert abs(float(data.x_train[0, 0, 0]) - block) <= 1


def test_loading_can_be_cancelled(tmp_path, digits):
    root = write_image_folder(tmp_path / "imgs", digits[0][:50], digits[1][:50], scale=1)
    cancel = threading.Event()

    def progress(done, total):
        if done >= 10:
            cancel.set()

    with pytest.raises(LoadCancelledError, match="cancelled"):
        load_dataset(root, LoadOptions(progress=progress, cancel=cancel))


def test_sklearn_digits_conversion_and_missing_package(monkeypatch):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 17, (140, 8, 8)).astype(np.float64)
    images[:, 0, 0], images[:, 0, 1], images[:, 0, 2] = 16, 0, 4
    data = from_sklearn_arrays(images, np.arange(140) % 10, LoadOptions())
    assert data.image_shape == (8, 8) and len(data.x_test) == 20
    assert {int(v) for v in data.x_train[:, 0, 0]} == {255}
    assert {int(v) for v in data.x_train[:, 0, 1]} == {0}
    assert {int(v) for v in data.x_test[:, 0, 2]} == {64}  # 4/16 of 255, rounded
    monkeypatch.setitem(__import__("sys").modules, "sklearn.datasets", None)
    with pytest.raises(DatasetError, match="pip install scikit-learn"):
        load_sklearn_digits()
    with pytest.raises(DatasetError, match="scikit-learn"):
        load_dataset("digits")


def test_class_counts(tmp_path, digits):
    data = load_dataset(write_npz(tmp_path / "m.npz", *digits))
    np.testing.assert_array_equal(data.class_counts(), np.bincount(digits[1], minlength=10))


def test_unknown_paths_name_the_forms(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(DatasetError, match=r"notes\.txt: not a data set .*\.csv"):
        load_dataset(tmp_path / "notes.txt")
    with pytest.raises(DatasetError, match="no such file"):
        load_dataset(str(tmp_path / "missing.csv.gz"))


def _picture(path: Path, size=(8, 8)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", size, 0).save(path)
    return path
