"""Other IDX folders (Fashion-MNIST, KMNIST, ...) and folders that are not data sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from playground.data import DatasetError
from playground.data.datasets import load_dataset
from playground.data.folders import FASHION_MNIST, KMNIST, load_idx_folder
from playground.data.idx import write_idx
from playground.data.mnist import SUMS_FILE

DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")


@pytest.mark.parametrize(
    ("folder_name", "name", "classes"),
    [
        ("fashion-mnist", "Fashion-MNIST", FASHION_MNIST),
        ("FashionMNIST", "Fashion-MNIST", FASHION_MNIST),
        ("kmnist", "KMNIST", KMNIST),
        ("mnist", "MNIST", tuple("0123456789")),
        ("my_digits", "my_digits", tuple("0123456789")),
    ],
)
def test_names_and_class_names(tmp_path, make_arrays, make_folder, folder_name, name, classes):
    arrays = make_arrays()
    data = load_idx_folder(make_folder(tmp_path / folder_name, arrays))
    assert data.name == name
    assert data.class_names == classes
    np.testing.assert_array_equal(data.x_train, arrays["x_train"])
    np.testing.assert_array_equal(data.y_test, arrays["y_test"])


def test_uncompressed_files_and_dotted_names(tmp_path, make_arrays, make_folder):
    folder = make_folder(tmp_path / "raw", make_arrays(), gz=False)
    assert load_idx_folder(folder).x_test.shape == (20, 28, 28)
    for path in folder.iterdir():  # Kaggle's spelling: train-images.idx3-ubyte
        path.rename(folder / path.name.replace("-idx", ".idx"))
    assert load_idx_folder(folder).x_train.shape == (60, 28, 28)


def test_class_names_file(tmp_path, make_arrays, make_folder):
    folder = make_folder(tmp_path / "letters", make_arrays())
    (folder / "class_names.txt").write_text("\n".join("abcdefghij") + "\n")
    assert load_dataset(str(folder)).class_names == tuple("abcdefghij")


def test_checksums_beside_the_files_are_checked(tmp_path, make_arrays, make_folder):
    folder = make_folder(tmp_path / "fashion", make_arrays(), sums=True)
    load_idx_folder(folder)
    write_idx(folder / "train-labels-idx1-ubyte.gz", np.zeros(60, np.uint8))
    with pytest.raises(DatasetError, match="checksum mismatch") as info:
        load_idx_folder(folder)
    assert "train-labels-idx1-ubyte.gz" in str(info.value)
    (folder / SUMS_FILE).unlink()
    assert load_idx_folder(folder).y_train.sum() == 0


def test_not_a_folder(tmp_path):
    with pytest.raises(DatasetError, match="no such folder"):
        load_dataset(str(tmp_path / "missing"))
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(DatasetError, match="not a data set the playground reads"):
        load_dataset(file)
    with pytest.raises(DatasetError, match=r"no IDX files .* not one sub-folder"):
        load_dataset(tmp_path)


def test_folder_without_data(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(DatasetError, match="not a data set") as info:
        load_idx_folder(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_missing_one_file(tmp_path, make_arrays, make_folder):
    folder = make_folder(tmp_path / "partial", make_arrays())
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match="no such file") as info:
        load_idx_folder(folder)
    assert "t10k-labels-idx1-ubyte" in str(info.value)


@pytest.mark.parametrize(
    ("key", "bad", "words"),
    [
        ("x_train", np.zeros((60, 32, 32), np.uint8), "(n, 28, 28)"),
        ("x_test", np.zeros((20, 28, 28), np.float32), "uint8"),
        ("y_train", np.zeros(59, np.uint8), "60 train images but 59 labels"),
        ("y_test", np.zeros((20, 2), np.uint8), "labels must be uint8 of shape (n,)"),
        ("x_test", np.zeros((0, 28, 28), np.uint8), "0 test images"),
    ],
)
def test_mismatching_files(tmp_path, make_arrays, make_folder, key, bad, words):
    arrays = make_arrays()
    arrays[key] = bad
    folder = make_folder(tmp_path / "odd", arrays)
    with pytest.raises(DatasetError) as info:
        load_idx_folder(folder)
    assert words in str(info.value)
    assert str(folder) in str(info.value)


def test_corrupt_file_in_folder_names_the_file(tmp_path, make_arrays, make_folder):
    folder = make_folder(tmp_path / "broken", make_arrays())
    path = folder / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:50])
    with pytest.raises(DatasetError) as info:
        load_idx_folder(folder)
    assert str(path) in str(info.value)


@pytest.mark.skipif(not DEBIAN_FASHION.is_dir(), reason="Debian's dataset-fashion-mnist absent")
def test_debian_fashion_mnist():
    data = load_dataset("fashion-mnist")
    assert data.name == "Fashion-MNIST"
    assert data.class_names[9] == "Ankle boot"
    assert data.x_train.shape == (60000, 28, 28) and data.x_test.shape == (10000, 28, 28)
    assert np.bincount(data.y_train).tolist() == [6000] * 10
