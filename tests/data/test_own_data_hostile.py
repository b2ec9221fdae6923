"""Damaged and hostile files for each reader of a user's own data: one DatasetError that names
the file, never another exception, never a hang or a huge allocation."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import numpy as np
import pytest
from data_forms import mnist_slice, write_csv, write_image_folder, write_npz
from PIL import Image

from playground.data import DatasetError
from playground.data.datasets import load_dataset
from playground.data.loading import MAX_SOURCE_PIXELS, LoadOptions


@pytest.fixture(scope="module")
def digits():
    return mnist_slice(40, 20)


def _fails(path, match: str, options: LoadOptions | None = None, named: Path | None = None):
    with pytest.raises(DatasetError, match=match) as info:
        load_dataset(path, options)
    assert str(named or path) in str(info.value)
    return info.value


# ------------------------------------------------------------------------------- CSV
@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty"),
        ("label,pixel0\n", "an image needs more"),
        ("label," + ",".join(f"p{i}" for i in range(784)) + "\n", "header but no rows"),
        ("3," + ",".join(["0"] * 784) + "\n4," + ",".join(["0"] * 700) + "\n", "line 2 has 701"),
        ("3," + ",".join(["0"] * 783) + ",x\n", "line 1: 'x' is not a whole number"),
        ("3," + ",".join(["0"] * 783) + ",1.5\n", "'1.5' is not a whole number"),
        ("3," + ",".join(["0"] * 783) + ",99999999999999999999\n", "not a whole number"),
        ("3," + ",".join(["0"] * 783) + ",256\n", "outside 0..255"),
        ("3," + ",".join(["0"] * 780) + "\n", "780 pixels per image do not make a square"),
        ("-1," + ",".join(["0"] * 784) + "\n1," + ",".join(["0"] * 784) + "\n", "label -1"),
        ("1," + ",".join(["0"] * 784) + "\n" * 3, "at least 2 examples"),
    ],
)
def test_bad_csv(tmp_path, text, match):
    path = tmp_path / "data.csv"
    path.write_text(text)
    _fails(path, match)


def test_csv_binary_junk_and_long_lines(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    _fails(path, "not CSV text")
    path.write_bytes(b"1" * 5_000_000)  # one line, no newline, far beyond any image row
    _fails(path, "too long")


def test_csv_label_outside_the_named_classes(tmp_path, digits):
    x, y, _, _ = digits
    write_csv(tmp_path / "train.csv", x, y, header=True)
    (tmp_path / "class_names.txt").write_text("zero\none\ntwo\n")
    _fails(tmp_path / "train.csv", r"label \d+ of example \d+ in the training set is outside the 3")


def test_csv_test_file_of_another_width(tmp_path, digits):
    x, y, _, _ = digits
    write_csv(tmp_path / "train.csv", x, y, header=False)
    (tmp_path / "test.csv").write_text(",".join(["1"] * 20) + "\n")
    _fails(tmp_path / "train.csv", "do not match", named=tmp_path / "test.csv")


def test_csv_with_an_empty_class(tmp_path, digits):
    x, y, _, _ = digits
    keep = y != 4
    write_csv(tmp_path / "d.csv", x[keep], y[keep], header=True)
    _fails(tmp_path / "d.csv", "class '4' has no training examples")


# ------------------------------------------------------------------------------- .npz
def _npz_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def test_npz_truncated_and_not_a_zip(tmp_path, digits):
    good = write_npz(tmp_path / "good.npz", *digits).read_bytes()
    path = tmp_path / "cut.npz"
    path.write_bytes(good[: len(good) // 2])
    _fails(path, "not a readable .npz|damaged|cut short")
    path.write_bytes(b"just text, not a zip")
    _fails(path, "not a readable .npz")


def test_npz_wrong_shapes_and_keys(tmp_path, digits):
    x, y, xt, yt = digits
    path = tmp_path / "bad.npz"
    np.savez(path, images=x, labels=y)
    _fails(path, "no x_train or y_train")
    np.savez(path, x_train=x, y_train=y[:5], x_test=xt, y_test=yt)
    _fails(path, "one label per image")
    np.savez(path, x_train=x[:, :, :20], y_train=y)
    _fails(path, "square images")
    np.savez(path, x_train=x.astype(np.int32) * 3, y_train=y)
    _fails(path, "not 0..255")
    np.savez(path, x_train=np.full((4, 4, 4), np.nan), y_train=np.arange(4))
    _fails(path, "not finite")
    np.savez(path, x_train=x, y_train=y, x_test=xt[:, :14, :14], y_test=yt)
    _fails(path, "differ in size")


def test_npz_pickled_objects_are_refused(tmp_path, digits):
    path = _npz_with(
        tmp_path / "pickle.npz",
        {"x_train.npy": _npy(np.array([{"a": 1}], dtype=object)), "y_train.npy": _npy(digits[1])},
    )
    _fails(path, "numbers are needed")


def test_npz_huge_declared_shape(tmp_path, digits):
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "|u1", "fortran_order": False, "shape": (10**9, 28, 28)}
    )
    path = _npz_with(
        tmp_path / "huge.npz",
        {
            "x_train.npy": b"\x93NUMPY\x01\x00" + header.getvalue()[8:] + b"\0" * 100,
            "y_train.npy": _npy(digits[1]),
        },
    )
    _fails(path, "declares shape")


def test_npz_decompression_bomb(tmp_path, digits, monkeypatch):
    # A real bomb, scaled down with the limit: 8 MB of zeros packed into a few kilobytes is
    # refused from the zip directory, before anything is unpacked.
    monkeypatch.setattr("playground.data.npz_files.MAX_FILE_BYTES", 4 * 2**20)
    zeros = np.zeros((10_000, 28, 28), np.uint8)
    path = _npz_with(
        tmp_path / "bomb.npz", {"x_train.npy": _npy(zeros), "y_train.npy": _npy(np.zeros(10_000))}
    )
    assert path.stat().st_size < 100_000
    _fails(path, "x_train would unpack to 7,840,128 bytes, too many")


# ------------------------------------------------------------------------------- images
def test_image_folder_problems(tmp_path, digits):
    x, y, _, _ = digits
    root = write_image_folder(tmp_path / "pics", x, y, scale=1)
    (root / "3" / "notes.png").write_text("this is not a picture")
    _fails(root, "not a picture Pillow can read", named=root / "3" / "notes.png")
    (root / "3" / "notes.png").unlink()

    good = next((root / "5").iterdir())
    cut = root / "5" / "cut.png"
    cut.write_bytes(good.read_bytes()[:60])
    _fails(root, "damaged or unreadable|not a picture", named=cut)
    cut.unlink()

    for file in (root / "7").iterdir():
        file.unlink()
    _fails(root, "class '7' has no pictures", named=root / "7")


def test_image_folder_bomb_is_refused_before_decoding(tmp_path):
    root = tmp_path / "bomb"
    for c in "ab":
        (root / c).mkdir(parents=True)
        Image.new("L", (4, 4)).save(root / c / "ok.png")
    side = int(MAX_SOURCE_PIXELS**0.5) + 16
    Image.new("1", (side, side)).save(root / "a" / "big.png")  # tiny file, huge picture
    assert (root / "a" / "big.png").stat().st_size < 200_000
    _fails(root, "larger than this loader reads", named=root / "a" / "big.png")


def test_image_folder_layout_problems(tmp_path):
    (tmp_path / "one" / "only").mkdir(parents=True)
    _fails(tmp_path / "one", "not one sub-folder of pictures per class")
    root = tmp_path / "split"
    for part, classes in (("train", "ab"), ("test", "abc")):
        for c in classes:
            (root / part / c).mkdir(parents=True)
            Image.new("L", (4, 4)).save(root / part / c / "x.png")
    _fails(root, "test class", named=root / "test" / "c")
    (root / "class_names.txt").write_text("alpha\nbeta\ngamma\n")
    (root / "test" / "c" / "x.png").unlink()
    (root / "test" / "c").rmdir()
    _fails(root, "3 names for 2 class folders")
    (root / "class_names.txt").write_bytes(b"\xff\xfe bad")
    _fails(root, "UTF-8", named=root / "class_names.txt")


# ------------------------------------------------------------------------------- fuzz
def _mutate(rng: random.Random, blob: bytes) -> bytes:
    data = bytearray(blob)
    choice = rng.randrange(4)
    if choice == 0:
        return bytes(data[: rng.randrange(len(data))])
    if choice == 1:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    start = rng.randrange(len(data))
    if choice == 2:
        del data[start : start + rng.randint(1, 64)]
        return bytes(data)
    data[start:start] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def _only_dataset_errors(path: Path, target: Path) -> str:
    try:
        data = load_dataset(target)
    except DatasetError as error:
        assert str(error).startswith(str(target)) or str(path) in str(error)
        return "rejected"
    assert data.x_train.dtype == np.uint8 and data.x_train.ndim == 3
    assert int(data.y_train.max()) < data.num_classes
    return "loaded"


def test_fuzzed_files_only_ever_raise_dataset_error(tmp_path):
    x, y, xt, yt = mnist_slice(30, 10)
    x, xt = x[:, ::4, ::4], xt[:, ::4, ::4]  # 7x7: small files, many cases per second
    sources = {
        "d.csv": write_csv(tmp_path / "src.csv", x, y, header=True).read_bytes(),
        "d.npz": write_npz(tmp_path / "src.npz", x, y, xt, yt).read_bytes(),
    }
    write_image_folder(tmp_path / "src", x[:6], np.array([0, 1] * 3), scale=1)
    sources["pics/1/00001.png"] = (tmp_path / "src" / "1" / "00001.png").read_bytes()
    rng = random.Random(7)
    outcomes = {"rejected": 0, "loaded": 0}
    for name, blob in sources.items():
        for _ in range(300):
            case = tmp_path / "case"
            if name.startswith("pics"):
                target = case / "pics"
                if not target.exists():
                    write_image_folder(target, x[:6], np.array([0, 1] * 3), scale=1)
                path = case / name
            else:
                case.mkdir(exist_ok=True)
                target = path = case / name
            path.write_bytes(_mutate(rng, blob))
            outcomes[_only_dataset_errors(path, target)] += 1
    assert outcomes["rejected"] > 300 and outcomes["loaded"] > 20, outcomes
