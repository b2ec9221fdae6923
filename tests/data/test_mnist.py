"""The bundled MNIST: Keras' layout, checksums, and the cache that makes warm loads fast."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.data import DatasetError, cache
from playground.data.datasets import load_dataset
from playground.data.mnist import SUMS_FILE, load_data, load_mnist, mnist_dir


def _entries(cache_dir):
    return sorted(p for p in cache_dir.iterdir() if p.name.startswith("mnist-"))


def test_bundled_mnist_like_keras(private_cache):
    (x_train, y_train), (x_test, y_test) = load_data()
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    counts = np.bincount(y_train).tolist()
    assert counts == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert x_train.max() == 255 and x_train.min() == 0

    # The second load comes from the cache, equal, without gunzip and SHA-256: the IDX files
    # are not read again. (How fast that is: `python -m playground.commands.responsiveness`.)
    assert len(_entries(private_cache)) == 1

    def no_reading(*args, **kwargs):
        raise AssertionError("a warm load read the IDX files")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("playground.data.mnist.read_idx", no_reading)
        (x2, _y2), (_x3, y3) = load_data()
    np.testing.assert_array_equal(x2, x_train)
    np.testing.assert_array_equal(y3, y_test)
    assert x2.flags.writeable


def test_bundled_files_and_sums_are_there():
    folder = mnist_dir()
    assert (folder / SUMS_FILE).is_file()
    assert len((folder / SUMS_FILE).read_text().split()) == 8
    assert (folder / "README.md").is_file()


def test_load_dataset_mnist():
    data = load_dataset("MNIST")
    assert data.name == "MNIST"
    assert data.class_names == tuple("0123456789")
    assert data.num_classes == 10 and data.input_dim == 784


def test_small_copy_loads_and_caches(small_mnist, private_cache):
    _, arrays = small_mnist
    (x, _y), (_xt, yt) = load_data()
    np.testing.assert_array_equal(x, arrays["x_train"])
    np.testing.assert_array_equal(yt, arrays["y_test"])
    (entry,) = _entries(private_cache)
    manifest = json.loads((entry / "manifest.json").read_text())
    assert set(manifest) == {"x_train", "y_train", "x_test", "y_test"}
    assert manifest["x_train"]["shape"] == [60, 28, 28]


def test_checksum_mismatch_is_refused(small_mnist):
    folder, _ = small_mnist
    sums = folder / SUMS_FILE
    sums.write_text(sums.read_text().replace(sums.read_text()[:8], "00000000", 1))
    with pytest.raises(DatasetError, match="checksum mismatch") as info:
        load_data()
    assert "train-images-idx3-ubyte" in str(info.value)


def test_replaced_data_file_is_refused(small_mnist):
    from playground.data.idx import write_idx

    folder, arrays = small_mnist
    other = arrays["y_test"].copy()
    other[0] = (other[0] + 1) % 10
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", other)
    with pytest.raises(DatasetError, match="checksum mismatch") as info:
        load_data(use_cache=False)
    assert "t10k-labels-idx1-ubyte.gz" in str(info.value)


def test_missing_checksum_line(small_mnist):
    folder, _ = small_mnist
    sums = folder / SUMS_FILE
    sums.write_text("".join(sums.read_text().splitlines(keepends=True)[1:]))
    with pytest.raises(DatasetError, match="no checksum for train-images-idx3-ubyte"):
        load_data()


def test_malformed_checksum_file(small_mnist):
    folder, _ = small_mnist
    (folder / SUMS_FILE).write_text("not a checksum line\n")
    with pytest.raises(DatasetError, match="line 1") as info:
        load_data()
    assert SUMS_FILE in str(info.value)


def test_missing_bundled_file(small_mnist):
    folder, _ = small_mnist
    (folder / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match="no such file") as info:
        load_data()
    assert "t10k-images-idx3-ubyte" in str(info.value)


def test_cache_is_used_once_written(small_mnist, monkeypatch):
    load_data()
    # With the cache warm, the IDX reader is not needed at all.
    monkeypatch.setattr(
        "playground.data.mnist.read_idx", lambda *a, **k: pytest.fail("read the .gz files again")
    )
    (x, _), _ = load_data()
    assert x.shape == (60, 28, 28)


def _corrupt_payload(entry):
    path = entry / "x_train.npy"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(entry):
    path = entry / "x_test.npy"
    path.write_bytes(path.read_bytes()[:-10])


def _drop_manifest(entry):
    (entry / "manifest.json").unlink()


def _garble_manifest(entry):
    (entry / "manifest.json").write_text("{not json")


def _wrong_shape(entry):
    np.save(entry / "y_train.npy", np.zeros(3, np.uint8))


def _object_array(entry):
    np.save(entry / "y_test.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)


@pytest.mark.parametrize(
    "damage",
    [_corrupt_payload, _truncate, _drop_manifest, _garble_manifest, _wrong_shape, _object_array],
)
def test_damaged_cache_falls_back_and_is_rebuilt(small_mnist, private_cache, damage):
    _, arrays = small_mnist
    load_data()
    (entry,) = _entries(private_cache)
    damage(entry)
    (x, y), (xt, yt) = load_data()
    np.testing.assert_array_equal(x, arrays["x_train"])
    np.testing.assert_array_equal(y, arrays["y_train"])
    np.testing.assert_array_equal(xt, arrays["x_test"])
    np.testing.assert_array_equal(yt, arrays["y_test"])
    # ... and the entry was rewritten, so the next load is from the cache again.
    assert cache.load_arrays(entry, ("x_train", "y_train", "x_test", "y_test")) is not None


def test_cache_keyed_by_the_sums(small_mnist, private_cache, make_arrays, make_folder):
    folder, _ = small_mnist
    load_data()
    new = make_arrays(seed=5)
    make_folder(folder, new, sums=True)
    (x, _), _ = load_data()
    np.testing.assert_array_equal(x, new["x_train"])
    assert len(_entries(private_cache)) == 2


def test_unwritable_cache_still_loads(small_mnist, monkeypatch, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv("NN_PLAYGROUND_CACHE_DIR", str(blocker / "sub"))
    (x, _), _ = load_data()
    assert x.shape == (60, 28, 28)


def test_cache_folder_follows_platform_conventions(monkeypatch, tmp_path):
    monkeypatch.delenv("NN_PLAYGROUND_CACHE_DIR", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.user_cache_dir() == tmp_path / "xdg" / "nn-playground"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    assert cache.user_cache_dir().parent.name == ".cache"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert cache.user_cache_dir() == tmp_path / "local" / "nn-playground" / "Cache"


def test_load_mnist_dataset_object(small_mnist):
    _, arrays = small_mnist
    data = load_mnist()
    assert data.name == "MNIST" and data.x_train.shape == (60, 28, 28)
    assert data.class_names == tuple("0123456789")
    for key in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(data, key), arrays[key])


def test_cache_folder_without_overrides(monkeypatch, tmp_path):
    monkeypatch.delenv("NN_PLAYGROUND_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    assert cache.user_cache_dir() == tmp_path / "AppData" / "Local" / "nn-playground" / "Cache"
    monkeypatch.setattr("sys.platform", "darwin")
    assert cache.user_cache_dir() == tmp_path / "Library" / "Caches" / "nn-playground"
    monkeypatch.setattr("sys.platform", "linux")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache.user_cache_dir() == tmp_path / ".cache" / "nn-playground"


def test_use_cache_false_neither_reads_nor_writes_it(small_mnist, private_cache):
    _, arrays = small_mnist
    (x, _), _ = load_data(use_cache=False)
    np.testing.assert_array_equal(x, arrays["x_train"])
    assert not _entries(private_cache)
    assert load_mnist(use_cache=False).name == "MNIST"
    assert not _entries(private_cache)
    load_mnist()  # the default fills the cache ...
    assert len(_entries(private_cache)) == 1
    # ... which use_cache=False then ignores, reading the files instead
    (entry,) = _entries(private_cache)
    _corrupt_payload(entry)
    (x, _), _ = load_data(use_cache=False)
    np.testing.assert_array_equal(x, arrays["x_train"])


def test_checksum_file_without_an_entry_names_itself(small_mnist):
    folder, _ = small_mnist
    sums = folder / SUMS_FILE
    sums.write_text("".join(sums.read_text().splitlines(keepends=True)[1:]))
    with pytest.raises(DatasetError) as info:
        load_data()
    assert info.value.path == str(sums)


def test_missing_file_reason(small_mnist):
    folder, _ = small_mnist
    (folder / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(DatasetError) as info:
        load_data()
    assert info.value.reason == "no such file"
    assert info.value.path == str(folder / "t10k-images-idx3-ubyte.gz")


def test_empty_and_one_example_sets(tmp_path, make_arrays, make_folder):
    from playground.data.folders import load_idx_folder

    arrays = make_arrays()
    arrays["x_test"], arrays["y_test"] = arrays["x_test"][:1], arrays["y_test"][:1]
    assert len(load_idx_folder(make_folder(tmp_path / "one", arrays)).y_test) == 1
    arrays["x_test"], arrays["y_test"] = arrays["x_test"][:0], arrays["y_test"][:0]
    folder = make_folder(tmp_path / "none", arrays)
    with pytest.raises(DatasetError) as info:
        load_idx_folder(folder)
    assert info.value.path == str(folder)
    assert info.value.reason == "the test set is empty"


UNPICKLED: list[str] = []


def _record(what: str) -> None:
    UNPICKLED.append(what)


class _Recorder:
    """Unpickling one of these would record that code ran from the cache's data."""

    def __reduce__(self):
        return (_record, ("unpickled",))


def test_cache_never_unpickles(tmp_path):
    entry = tmp_path / "entry"
    assert cache.save_arrays(entry, {"y": np.arange(3)}) is True
    np.save(entry / "y.npy", np.array([_Recorder()], dtype=object), allow_pickle=True)
    # even with a manifest that matches the file's size, nothing is unpickled
    manifest = json.loads((entry / "manifest.json").read_text())
    manifest["y"]["size"] = (entry / "y.npy").stat().st_size
    (entry / "manifest.json").write_text(json.dumps(manifest))
    assert cache.load_arrays(entry, ("y",)) is None
    assert UNPICKLED == []


def test_cache_entry_with_the_same_bytes_in_another_shape_is_a_miss(tmp_path):
    entry = tmp_path / "entry"
    cache.save_arrays(entry, {"x": np.arange(6, dtype=np.uint8).reshape(2, 3)})
    np.save(entry / "x.npy", np.arange(6, dtype=np.uint8).reshape(3, 2))  # same size and CRC
    assert cache.load_arrays(entry, ("x",)) is None


def test_cache_save_makes_missing_folders_and_reports_failure(tmp_path, monkeypatch):
    entry = tmp_path / "a" / "b" / "entry"
    assert cache.save_arrays(entry, {"x": np.arange(3)}) is True
    np.testing.assert_array_equal(cache.load_arrays(entry, ("x",))["x"], np.arange(3))
    # replacing an entry
    assert cache.save_arrays(entry, {"x": np.arange(4)}) is True
    assert cache.load_arrays(entry, ("x",))["x"].tolist() == [0, 1, 2, 3]

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("playground.data.cache.np.save", disk_full)
    other = tmp_path / "a" / "b" / "other"
    assert cache.save_arrays(other, {"x": np.arange(3)}) is False
    # nothing half-written is left beside the entries
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["entry"]
