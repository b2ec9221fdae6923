"""Turning a reader's arrays into a Dataset: the labels' rules and messages, the held-out
seventh, class names given or counted, conversion to a chosen size (unlabelled pictures too),
and the options' own limits."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from playground.data import DatasetError
from playground.data.assemble import build_dataset, read_class_names
from playground.data.loading import LoadCancelledError, LoadOptions

SOURCE = Path("/data/set.npz")


def _x(n: int, side: int = 4) -> np.ndarray:
    return np.random.default_rng(n).integers(0, 256, (n, side, side), dtype=np.uint8)


def _build(y_train, y_test=None, names=None, options=None, x_predict=None):
    y_train = np.asarray(y_train)
    test = None if y_test is None else (_x(len(y_test)), np.asarray(y_test))
    return build_dataset(
        "set", SOURCE, (_x(len(y_train)), y_train), test, names, options or LoadOptions(), x_predict
    )


def _reason(**kwargs) -> str:
    with pytest.raises(DatasetError) as info:
        _build(**kwargs)
    assert info.value.path == str(SOURCE)
    return info.value.reason


def test_labels_that_are_not_one_whole_number_per_image():
    assert _reason(y_train=np.zeros((4, 1), int), y_test=[0]) == (
        "labels must be whole numbers, one per image in the training set"
    )
    assert _reason(y_train=np.array(list("abab")), y_test=[0]).startswith("labels must be whole")
    assert _reason(y_train=[0, 1, 0.5, 1], y_test=[0]) == (
        "labels must be whole numbers in the training set"
    )
    assert _reason(y_train=[0, 1, np.nan, 1], y_test=[0]) == (
        "labels must be whole numbers in the training set"
    )


def test_whole_numbers_stored_as_floats_are_labels():
    data = _build([0.0, 1.0, 0.0, 1.0], [1.0])
    assert data.y_train.tolist() == [0, 1, 0, 1] and data.y_test.tolist() == [1]


def test_a_label_outside_the_named_classes_is_named_with_its_example():
    names = tuple("abc")
    assert _reason(y_train=[0, 1, 2, 3], y_test=[0], names=names) == (
        "label 3 of example 4 in the training set is outside the 3 classes (0 to 2)"
    )
    assert _reason(y_train=[0.0, 1.0, 2.0, 7.0], y_test=[0], names=names) == (
        "label 7.0 of example 4 in the training set is outside the 3 classes (0 to 2)"
    )
    assert _reason(y_train=[0, 1, 2], y_test=[1, 3], names=names) == (
        "label 3 of example 2 in the test set is outside the 3 classes (0 to 2)"
    )


def test_labels_up_to_999_keep_their_value():
    names = tuple(str(i) for i in range(1000))
    data = _build(np.arange(1000), [256], names=names)
    assert data.y_train.max() == 999 and data.y_test.tolist() == [256]
    assert _build(np.arange(257), [256]).y_train.max() == 256
    assert _build([0, 1], [1]).y_train.dtype == np.uint8


def test_the_smallest_sets():
    assert len(_build([0, 1], [1]).x_train) == 2
    assert _reason(y_train=[0], y_test=[0]) == "the training set needs at least 2 examples"
    assert len(_build([0, 1, 0], [1]).x_test) == 1
    assert _reason(y_train=[0, 1], y_test=np.zeros(0, int)) == "the test set is empty"


def test_a_seventh_is_held_out_when_there_is_no_test_set():
    data = _build([0, 1] * 3 + [0])
    assert (len(data.x_train), len(data.x_test)) == (6, 1)


def test_class_names_counted_from_the_labels_or_given():
    assert _build([0, 1, 0, 1], [1]).class_names == ("0", "1")
    assert _reason(y_train=[0, 1, 0, 1], y_test=[1], names=tuple("abc")) == (
        "class 'c' has no training examples"
    )


def test_conversion_to_a_chosen_size_includes_unlabelled_pictures():
    data = _build([0, 1, 0, 1], [1], options=LoadOptions(2), x_predict=_x(3))
    assert data.x_train.shape == (4, 2, 2) and data.x_test.shape == (1, 2, 2)
    assert data.x_predict.shape == (3, 2, 2) and data.x_predict.dtype == np.uint8
    block = _x(3)[0, :2, :2].astype(float).mean()
    assert abs(float(data.x_predict[0, 0, 0]) - block) <= 1


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_cancel_during_any_conversion_names_the_source(after):
    cancel = threading.Event()
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == after:
            cancel.set()

    if after == 0:
        cancel.set()
    with pytest.raises(LoadCancelledError) as info:
        _build([0, 1, 0, 1], [1], options=LoadOptions(2, progress, cancel), x_predict=_x(3))
    assert info.value.path == str(SOURCE)


@pytest.mark.parametrize("size", [2, 256, None])
def test_the_chosen_size_lies_between_2_and_256(size):
    assert LoadOptions(size).image_size == size


@pytest.mark.parametrize("size", [1, 257, True])
def test_other_chosen_sizes_are_refused(size):
    with pytest.raises(ValueError) as info:
        LoadOptions(size)
    assert str(info.value) == f"the image size must lie between 2 and 256, not {size}"


def test_class_names_files_of_two_and_of_1000_names(tmp_path):
    path = tmp_path / "class_names.txt"
    path.write_text("cat\ndog\n", encoding="utf-8")
    assert read_class_names(path) == ("cat", "dog")
    path.write_text("\n".join(f"c{i}" for i in range(1000)), encoding="utf-8")
    assert len(read_class_names(path)) == 1000
    for text in ("cat\n", "\n".join(f"c{i}" for i in range(1001))):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(DatasetError) as info:
            read_class_names(path)
        assert (info.value.path, info.value.reason) == (
            str(path),
            "name between 2 and 1000 classes, one per line",
        )
    path.write_bytes("caf\u00e9\nth\u00e9\n".encode("latin-1"))
    with pytest.raises(DatasetError) as info:
        read_class_names(path)
    assert info.value.reason == "class names must be UTF-8 text, one per line"
