""".npz files as NumPy and Keras users write them: every .npy version, Fortran order, the
image layouts and pixel ranges the reader accepts, its limits and its messages."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest
from data_forms import mnist_slice

from playground.data import DatasetError
from playground.data.datasets import load_dataset
from playground.data.loading import LoadCancelledError, LoadOptions
from playground.data.npz_files import load_npz


@pytest.fixture(scope="module")
def digits():
    x, y, xt, yt = mnist_slice(40, 20)
    return x, y, xt, yt


def _npy(array: np.ndarray, version=None) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _fails(path: Path, match: str) -> DatasetError:
    with pytest.raises(DatasetError, match=match) as info:
        load_dataset(path)
    assert info.value.path == str(path)
    assert str(info.value).startswith(f"{path}: ")
    return info.value


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_every_npy_version_numpy_writes_is_read(tmp_path, digits, version):
    x, y, xt, yt = digits
    members = {"x_train": x, "y_train": y, "x_test": xt, "y_test": yt}
    path = _zip(tmp_path / "v.npz", {f"{k}.npy": _npy(a, version) for k, a in members.items()})
    data = load_dataset(path)
    np.testing.assert_array_equal(data.x_train, x)
    np.testing.assert_array_equal(data.y_test, yt)


def test_an_unknown_npy_version_is_named(tmp_path, digits):
    x, y, _, _ = digits
    future = b"\x93NUMPY\x04\x00" + _npy(x)[8:]
    path = _zip(tmp_path / "v4.npz", {"x_train.npy": future, "y_train.npy": _npy(y)})
    _fails(path, r"x_train is damaged \(unknown \.npy version \(4, 0\)\)")


def test_fortran_ordered_arrays_keep_their_pixels(tmp_path, digits):
    x, y, xt, yt = digits
    assert np.asfortranarray(x).flags.f_contiguous
    path = tmp_path / "f.npz"
    np.savez(path, x_train=np.asfortranarray(x), y_train=y, x_test=xt, y_test=yt)
    np.testing.assert_array_equal(load_dataset(path).x_train, x)


def test_a_member_shorter_than_its_header_says_is_cut_short(tmp_path, digits):
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "|u1", "fortran_order": False, "shape": (4, 28, 28)}
    )
    cut = header.getvalue() + bytes(4 * 28 * 28 - 50)  # the last 50 pixels missing
    path = _zip(tmp_path / "cut.npz", {"x_train.npy": cut, "y_train.npy": _npy(digits[1][:4])})
    _fails(path, "^.*: x_train is cut short$")


def test_a_single_number_is_not_images(tmp_path, digits):
    path = tmp_path / "scalar.npz"
    np.savez(path, x_train=np.uint8(7), y_train=digits[1])
    _fails(path, r"x_train has shape \(\); square images \(n, side, side\) are needed")


@pytest.mark.parametrize("dtype", [np.bool_, np.complex64])
def test_arrays_that_are_not_plain_numbers_are_refused(tmp_path, digits, dtype):
    x, y, _, _ = digits
    path = tmp_path / "odd.npz"
    np.savez(path, x_train=(x > 128).astype(dtype), y_train=y)
    _fails(path, f"x_train holds {np.dtype(dtype)}; numbers are needed")


def test_images_with_a_channel_axis_of_one(tmp_path, digits):
    x, y, xt, yt = digits
    path = tmp_path / "channel.npz"
    np.savez(path, x_train=x[..., None], y_train=y, x_test=xt[..., None], y_test=yt)
    data = load_dataset(path)
    np.testing.assert_array_equal(data.x_train, x)
    np.testing.assert_array_equal(data.x_test, xt)


def test_images_that_are_not_square_pictures_name_the_file(tmp_path, digits):
    x, y, _, _ = digits
    path = tmp_path / "odd.npz"
    np.savez(path, x_train=x.reshape(40, -1)[:, :780], y_train=y)
    _fails(path, "780 pixels per image do not make a square")
    np.savez(path, x_train=x[:, :1, :1], y_train=y)
    _fails(path, "1 pixels per image do not make a square")


def test_whole_number_pixels_of_any_integer_type(tmp_path, digits):
    x, y, _, _ = digits
    wide = x.astype(np.int16)
    wide[0, 0, :2] = 0, 255
    path = tmp_path / "int.npz"
    np.savez(path, x_train=wide, y_train=y)
    data = load_dataset(path)
    assert data.x_train.dtype == np.uint8
    sorted_back = np.sort(np.concatenate([data.x_train, data.x_test]).ravel())
    np.testing.assert_array_equal(sorted_back, np.sort(wide.ravel()))
    # Integers are 0..255 even when a picture only holds 0 and 1 (a black-and-white mask).
    np.savez(path, x_train=(x > 128).astype(np.int64), y_train=y)
    assert int(load_dataset(path).x_train.max()) == 1
    wide[0, 0, 0] = 256
    np.savez(path, x_train=wide, y_train=y)
    _fails(path, r"x_train pixels lie in 0\.\.256, not 0\.\.255 or 0\.\.1")


def test_float_pixels_are_0_to_1_or_0_to_255(tmp_path, digits):
    x, y, _, _ = digits
    xt, yt = digits[2:]
    path = tmp_path / "float.npz"
    for scale in (np.float32(255), 1.0):
        np.savez(path, x_train=x / scale, y_train=y, x_test=xt / scale, y_test=yt)
        data = load_dataset(path)
        assert data.x_train.dtype == np.uint8 and data.x_test.dtype == np.uint8
        np.testing.assert_array_equal(data.x_train, x)
    # Above 1 the values are taken as 0..255, however dark the pictures are.
    dark = np.zeros((40, 28, 28))
    dark[:, 0, :3] = 0.0, 1.5, 2.0
    np.savez(path, x_train=dark, y_train=y)
    assert {int(v) for v in load_dataset(path).x_train[:, 0, :3].ravel()} == {0, 2}
    np.savez(path, x_train=dark - 1.0, y_train=y)
    _fails(path, r"pixels lie in -1\.\.1, not 0\.\.255 or 0\.\.1")


def test_an_empty_test_pair_is_named(tmp_path, digits):
    x, y, _, _ = digits
    path = tmp_path / "empty.npz"
    np.savez(path, x_train=x, y_train=y, x_test=np.zeros((0, 28, 28), np.float32), y_test=y[:0])
    _fails(path, "the test set is empty")


def test_limits_on_unpacked_size_and_image_count_are_inclusive(tmp_path, digits, monkeypatch):
    x, y, xt, yt = digits
    path = tmp_path / "limits.npz"
    np.savez(path, x_train=x, y_train=y, x_test=xt, y_test=yt)
    with zipfile.ZipFile(path) as z:
        biggest = z.getinfo("x_train.npy").file_size
    monkeypatch.setattr("playground.data.npz_files.MAX_FILE_BYTES", biggest)
    monkeypatch.setattr("playground.data.npz_files.MAX_EXAMPLES", 40)
    assert len(load_dataset(path).x_train) == 40
    monkeypatch.setattr("playground.data.npz_files.MAX_EXAMPLES", 39)
    _fails(path, "^.*: x_train has more than 39 images$")
    monkeypatch.setattr("playground.data.npz_files.MAX_FILE_BYTES", biggest - 1)
    _fails(path, f"x_train would unpack to {biggest:,} bytes, too many")


def test_missing_members_name_the_layout(tmp_path, digits):
    path = tmp_path / "half.npz"
    np.savez(path, x_train=digits[0])
    _fails(path, r"no y_train in the archive \(it needs x_train, y_train, x_test, y_test\)")


def test_load_npz_on_its_own_and_cancelled(tmp_path, digits):
    x, y, xt, yt = digits
    path = tmp_path / "own.npz"
    np.savez(path, x_train=x, y_train=y, x_test=xt, y_test=yt)
    np.testing.assert_array_equal(load_npz(path).x_test, xt)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(LoadCancelledError) as info:
        load_npz(path, LoadOptions(cancel=cancel))
    assert info.value.path == str(path)


def test_test_pair_messages_name_the_file_and_the_member(tmp_path, digits):
    x, y, xt, yt = digits
    path = tmp_path / "pair.npz"
    np.savez(path, x_train=x, y_train=y, x_test=xt.astype(np.int32) * 3, y_test=yt)
    _fails(path, r"^.*: x_test pixels lie in 0\.\.765, not 0\.\.255 or 0\.\.1$")
    np.savez(path, x_train=x, y_train=y, x_test=xt[:, :, :20], y_test=yt)
    _fails(path, r"^.*: x_test has shape \(20, 28, 20\); square images")
    np.savez(path, x_train=x, y_train=y, x_test=xt[:, :14, :14], y_test=yt)
    _fails(path, r"^.*: x_test's images differ in size from x_train's$")
    np.savez(path, x_train=x, y_train=y, x_test=xt, y_test=yt[:3])
    _fails(path, r"^.*: y_test has shape \(3,\); one label per image is needed$")


def test_the_data_set_is_named_after_the_file_and_label_errors_name_it(tmp_path, digits):
    x, y, xt, yt = digits
    path = tmp_path / "letters.npz"
    np.savez(path, x_train=x, y_train=y, x_test=xt, y_test=yt)
    assert load_npz(path).name == "letters"
    np.savez(path, x_train=x, y_train=y.astype(np.int64) - 1, x_test=xt, y_test=yt)
    _fails(path, "label -1 of example")


def test_progress_while_reading_the_members_and_a_cancel_at_the_end(tmp_path, digits):
    x, y, xt, yt = digits
    path = tmp_path / "four.npz"
    np.savez(path, x_train=x, y_train=y, x_test=xt, y_test=yt)
    seen = []
    load_npz(path, LoadOptions(progress=lambda done, total: seen.append((done, total))))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    cancel = threading.Event()

    def progress(done, total):
        if done == 3:
            cancel.set()

    with pytest.raises(LoadCancelledError) as info:
        load_npz(path, LoadOptions(progress=progress, cancel=cancel))
    assert info.value.path == str(path)
