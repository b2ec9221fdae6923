"""scikit-learn's real 8x8 digits (scikit-learn is in the test extra): loaded and trained on."""

from __future__ import annotations

import re

import numpy as np
from sklearn.datasets import load_digits

from playground.cli import main
from playground.data.datasets import load_dataset


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
