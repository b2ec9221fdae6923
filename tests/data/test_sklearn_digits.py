"""scikit-learn's real 8x8 digits (scikit-learn is in the test extra): loaded and trained on."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
from sklearn.datasets import load_digits

from playground.cli import main
from playground.data import DatasetError
from playground.data.datasets import load_dataset
from playground.data.loading import LoadOptions
from playground.data.sklearn_digits import from_sklearn_arrays, load_sklearn_digits


def _rows(x: np.ndarray, y: np.ndarray) -> list[bytes]:
    """Each (label, picture) pair as bytes, sorted: the set of examples, whatever their order."""
    return sorted(bytes([int(label)]) + image.tobytes() for image, label in zip(x, y, strict=True))


def test_every_digit_arrives_once_scaled_to_0_255():
    bunch = load_digits()
    data = load_dataset("digits")
    assert data.image_shape == (8, 8) and data.class_names == tuple("0123456789")
    assert len(data.x_train) + len(data.x_test) == len(bunch.images) == 1797
    assert 1797 // 7 <= len(data.x_test) <= 1797 // 7 + 1
    # 16 is sklearn's darkest ink; 255 is ours.
    expected = np.round(bunch.images * 255 / 16).astype(np.uint8)
    ours = _rows(
        np.concatenate([data.x_train, data.x_test]), np.concatenate([data.y_train, data.y_test])
    )
    assert ours == _rows(expected, bunch.target)
    assert data.x_train.max() == 255 and data.x_train.dtype == np.uint8


def test_train_on_the_digits_from_the_command_line(tmp_path, capsys):
    model = tmp_path / "digits.npz"
    argv = ["train", "--dataset", "digits", "--hidden", "32", "--epochs", "5", "--batch-size", "32"]
    assert main([*argv, "--save", str(model)]) == 0
    out = capsys.readouterr().out
    assert "64-32-10" in out, out
    accuracy = float(re.search(r"Accuracy of Testing Set: (0\.\d+)", out).group(1))
    assert accuracy > 0.85, out  # a 64-32-10 network learns these digits in a few epochs
    assert main(["predict", str(model), "--dataset", "digits", "--index", "3"]) == 0
    assert "Predicted digit:" in capsys.readouterr().out


def _digits_arrays(n: int = 70) -> tuple[np.ndarray, np.ndarray]:
    images = np.random.default_rng(0).integers(0, 17, (n, 8, 8)).astype(np.float64)
    return images, np.arange(n) % 10


def test_the_digits_on_their_own_are_named_digits():
    data = load_sklearn_digits()
    assert data.name == "digits" and data.class_names == tuple("0123456789")
    images, target = _digits_arrays()
    assert from_sklearn_arrays(images, target, LoadOptions()).name == "digits"


def test_the_ten_digit_classes_are_fixed():
    images, target = _digits_arrays()
    with pytest.raises(DatasetError) as info:
        from_sklearn_arrays(images, np.where(target == 9, 10, target), LoadOptions())
    assert info.value.path == "digits"
    assert "label 10 of example 10 in the training set is outside the 10 classes" in str(info.value)


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.reshape(len(a), 64),  # flat rows, not pictures
        lambda a: np.where(a == a.max(), np.nan, a),
        lambda a: a - 1.0,
        lambda a: a + 0.5,  # up to 16.5
    ],
)
def test_pictures_that_are_not_8x8_of_0_to_16_are_refused(change):
    images, target = _digits_arrays()
    with pytest.raises(DatasetError) as info:
        from_sklearn_arrays(change(images), target, LoadOptions())
    assert info.value.path == "digits"
    assert info.value.reason == "scikit-learn's digits are not 8x8 pictures of 0..16"


def test_without_scikit_learn_the_message_names_the_digits(monkeypatch):
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(DatasetError) as info:
        load_sklearn_digits()
    assert info.value.path == "digits"
    assert "(pip install scikit-learn)" in info.value.reason
