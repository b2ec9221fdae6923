"""What every reader checks first (the file is there, readable, not empty, not too large),
class_names.txt beside a file, the picture sizes allowed and the conversion of one picture."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from playground.data import DatasetError
from playground.data.assemble import read_class_names, resize_image
from playground.data.loading import check_file_size
from playground.data.npz_files import load_npz


def _reason(call, path) -> str:
    with pytest.raises(DatasetError) as info:
        call(path)
    assert info.value.path == str(path)
    return info.value.reason


def test_a_missing_path_a_folder_and_an_empty_file(tmp_path):
    assert _reason(check_file_size, tmp_path / "missing.csv") == "no such file"
    assert _reason(check_file_size, tmp_path) == "not a file"
    (tmp_path / "empty.csv").write_bytes(b"")
    assert _reason(check_file_size, tmp_path / "empty.csv") == "the file is empty"
    (tmp_path / "one.csv").write_bytes(b"1")
    assert check_file_size(tmp_path / "one.csv") == 1


def test_the_size_limit_lets_its_own_size_through(tmp_path, monkeypatch):
    path = tmp_path / "data.csv"
    path.write_bytes(b"1" * 2000)
    monkeypatch.setattr("playground.data.loading.MAX_FILE_BYTES", 2000)
    assert check_file_size(path) == 2000
    monkeypatch.setattr("playground.data.loading.MAX_FILE_BYTES", 1999)
    assert _reason(check_file_size, path) == "2,000 bytes is more than the 1,999 allowed"


def test_a_file_whose_size_cannot_be_read_is_named(tmp_path, monkeypatch):
    path = tmp_path / "data.csv"
    path.write_bytes(b"1,2,3")
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "is_file", lambda self: True)
    monkeypatch.setattr(Path, "stat", stat)
    assert _reason(check_file_size, path) == "cannot read (Permission denied)"


def test_class_names_of_exactly_the_largest_size_are_read_whole(tmp_path):
    path = tmp_path / "class_names.txt"
    head = b"ant\nbee\n"
    tail = b"\nzebra"
    path.write_bytes(head + b" " * (2**20 - len(head) - len(tail)) + tail)
    assert path.stat().st_size == 2**20
    assert read_class_names(path) == ("ant", "bee", "zebra")
    path.write_bytes(head + b" " * (2**20 - len(head) - len(tail) + 1) + tail)
    assert _reason(read_class_names, path) == "the file of class names is too large"


def test_class_names_that_cannot_be_read_are_named(tmp_path, deny_reading):
    path = tmp_path / "class_names.txt"
    path.write_text("a\nb\n", encoding="utf-8")
    deny_reading(path)
    assert _reason(read_class_names, path) == "cannot read (Permission denied)"


def test_pictures_of_256x256_are_the_largest_allowed(tmp_path):
    x = np.zeros((4, 256, 256), np.uint8)
    x[:, 100:150, 120:130] = 255
    np.savez(tmp_path / "big.npz", x_train=x, y_train=np.array([0, 1, 0, 1]))
    assert load_npz(tmp_path / "big.npz").image_shape == (256, 256)
    np.savez(tmp_path / "bigger.npz", x_train=np.zeros((4, 257, 257), np.uint8), y_train=[0, 1] * 2)
    assert "66049 pixels per image do not make a square picture between 2x2 and 256x256" in (
        _reason(load_npz, tmp_path / "bigger.npz")
    )


def _picture(width: int, height: int) -> Image.Image:
    pixels = np.random.default_rng(width * height).integers(0, 256, (height, width))
    return Image.fromarray(pixels.astype(np.uint8), mode="L")


def test_a_picture_longer_than_wide_is_shrunk_by_area(tmp_path):
    # 20 wide and 40 high to 20x20: each output pixel is the mean of two, one above the other
    picture = _picture(20, 40)
    pairs = np.asarray(picture, float).reshape(20, 2, 20).mean(axis=1)
    assert np.abs(resize_image(picture, 20) - pairs).max() <= 1
    picture = _picture(40, 20)
    pairs = np.asarray(picture, float).reshape(20, 20, 2).mean(axis=2)
    assert np.abs(resize_image(picture, 20) - pairs).max() <= 1


def test_a_picture_smaller_on_any_side_is_grown_by_interpolation():
    for width, height in ((10, 10), (40, 10)):
        grown = resize_image(_picture(width, height), 20).astype(int)
        assert grown.shape == (20, 20)
        # neighbouring rows are not copies of one source row
        assert (grown[0::2] != grown[1::2]).any()
