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


def test_separators_in_folder_names_do_not_matter(tmp_path, make_arrays, make_folder):
    arrays = make_arrays()
    for folder_name in ("K-MNIST", "k_mnist", "Fashion_MNIST"):
        data = load_idx_folder(make_folder(tmp_path / folder_name, arrays))
        expected = "Fashion-MNIST" if "ashion" in folder_name else "KMNIST"
        assert data.name == expected, folder_name


def test_short_name_of_an_installed_data_set(tmp_path, make_arrays, make_folder, monkeypatch):
    installed = make_folder(tmp_path / "usr" / "fashion-mnist", make_arrays(seed=1))
    monkeypatch.setattr("playground.data.datasets.SYSTEM_FOLDERS", {"fashion-mnist": installed})
    monkeypatch.chdir(tmp_path)
    data = load_dataset(" Fashion-MNIST ")
    assert data.name == "Fashion-MNIST"
    np.testing.assert_array_equal(data.x_train, make_arrays(seed=1)["x_train"])
    # a folder of that name right here is what the user means, not the installed one
    make_folder(tmp_path / "fashion-mnist", make_arrays(seed=2))
    np.testing.assert_array_equal(
        load_dataset("fashion-mnist").x_train, make_arrays(seed=2)["x_train"]
    )


def test_the_default_data_set_is_the_bundled_mnist():
    data = load_dataset()
    assert data.name == "MNIST" and data.x_train.shape == (60000, 28, 28)
    assert load_dataset(" MNIST ").name == "MNIST"


def test_home_folder_shorthand(tmp_path, make_arrays, make_folder, monkeypatch):
    make_folder(tmp_path / "digits", make_arrays())
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load_dataset("~/digits").x_train.shape == (60, 28, 28)
    assert load_dataset(Path("~/digits")).x_test.shape == (20, 28, 28)


@pytest.mark.parametrize(
    ("labels", "names_file", "classes"),
    [
        # too few names for the labels: numbered classes instead
        (9, "a\nb\n", tuple("0123456789")),
        # names with blank lines and spaces around them
        (1, "\n  cat \n\ndog\n", ("cat", "dog")),
        # a single class still gives two (a classifier needs two outputs)
        (0, None, ("0", "1")),
        # more classes than digits, in an unknown folder
        (11, None, tuple(str(i) for i in range(12))),
    ],
)
def test_class_names_fit_the_labels(
    tmp_path, make_arrays, make_folder, labels, names_file, classes
):
    arrays = make_arrays()
    arrays["y_train"] = (np.arange(60) % (labels + 1)).astype(np.uint8)
    arrays["y_test"] = np.zeros(20, np.uint8)
    folder = make_folder(tmp_path / "things", arrays)
    if names_file is not None:
        (folder / "class_names.txt").write_text(names_file, encoding="utf-8")
    assert load_idx_folder(folder).class_names == classes


def test_class_names_file_in_utf8(tmp_path, make_arrays, make_folder):
    folder = make_folder(tmp_path / "kana", make_arrays())
    (folder / "class_names.txt").write_bytes("\n".join("おきすつなはまやれを").encode("utf-8"))
    assert load_idx_folder(folder).class_names[0] == "お"


def test_exact_reasons_for_unusable_folders(tmp_path):
    with pytest.raises(DatasetError) as info:
        load_idx_folder(tmp_path / "missing")
    assert (info.value.path, info.value.reason) == (str(tmp_path / "missing"), "no such folder")
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(DatasetError) as info:
        load_idx_folder(file)
    assert (info.value.path, info.value.reason) == (str(file), "not a folder")
    with pytest.raises(DatasetError) as info:
        load_idx_folder(tmp_path)
    assert info.value.reason == (
        "not a data set: none of train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
        "t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] is in this folder"
    )


def test_checksum_files_with_comments_blank_lines_and_capitals(tmp_path):
    from playground.data.checksums import read_sums

    a, b = "ab" * 32, "CD" * 32
    path = tmp_path / "SHA256SUMS"
    path.write_text(f"# made by sha256sum\n{a}  one\n\n{b} *two\n", encoding="utf-8")
    assert read_sums(path) == {"one": a, "two": b.lower()}


@pytest.mark.parametrize("content", [None, b"\xff\xfe not utf-8"])
def test_unreadable_checksum_file(tmp_path, content):
    from playground.data.checksums import read_sums

    path = tmp_path / "SHA256SUMS"
    if content is None:
        path.mkdir()  # a folder where the file should be
    else:
        path.write_bytes(content)
    with pytest.raises(DatasetError) as info:
        read_sums(path)
    assert info.value.path == str(path)
    assert info.value.reason.startswith("cannot read checksums: ")


def test_class_counts_include_a_class_seen_only_in_the_test_set(tmp_path, make_arrays, make_folder):
    arrays = make_arrays()
    arrays["y_train"] = np.where(arrays["y_train"] == 9, 8, arrays["y_train"])
    data = load_idx_folder(make_folder(tmp_path / "unseen", arrays))
    assert data.num_classes == 10
    counts = data.class_counts()
    np.testing.assert_array_equal(counts, np.bincount(arrays["y_train"], minlength=10))
    assert len(counts) == 10 and counts[9] == 0
