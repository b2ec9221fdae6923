"""IDX reading and writing: round trips, and a DatasetError naming the file for every fault."""

from __future__ import annotations

import gzip
import hashlib
import struct
from pathlib import Path

import numpy as np
import pytest

from playground.data import DatasetError
from playground.data.idx import read_idx, write_idx

DTYPES = ["uint8", "int8", "int16", "int32", "float32", "float64"]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("shape", [(7,), (3, 5), (4, 28, 28), (2, 3, 4, 5)])
def test_round_trip(tmp_path, dtype, suffix, shape):
    rng = np.random.default_rng(1)
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else None
    if info is not None:
        array = rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)
    else:
        array = rng.standard_normal(shape).astype(dtype)
    path = write_idx(tmp_path / f"a.idx{suffix}", array)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype) and back.dtype.isnative
    assert back.shape == shape
    np.testing.assert_array_equal(back, array)
    assert back.flags.writeable


def test_format_is_big_endian_idx(tmp_path):
    path = write_idx(tmp_path / "x", np.array([[1, 256]], dtype=np.int32))
    assert path.read_bytes() == bytes([0, 0, 0x0C, 2]) + struct.pack(">IIii", 1, 2, 1, 256)


def test_gzip_told_apart_by_content_not_name(tmp_path):
    array = np.arange(12, dtype=np.uint8).reshape(3, 4)
    gz = write_idx(tmp_path / "x.gz", array)
    renamed = gz.rename(tmp_path / "plain-name")
    np.testing.assert_array_equal(read_idx(renamed), array)


def test_write_refuses_unsupported_dtype(tmp_path):
    with pytest.raises(ValueError, match="cannot store"):
        write_idx(tmp_path / "x", np.zeros(3, dtype=np.complex64))


def test_one_to_sixteen_dimensions(tmp_path):
    deepest = np.arange(2, dtype=np.uint8).reshape((2,) + (1,) * 15)
    np.testing.assert_array_equal(read_idx(write_idx(tmp_path / "deep", deepest)), deepest)
    for shape in ((), (1,) * 17):
        with pytest.raises(ValueError, match=f"1 to 16 dimensions, not {len(shape)}"):
            write_idx(tmp_path / "bad", np.zeros(shape, np.uint8))
    assert not (tmp_path / "bad").exists()


def test_checksum_accepted_and_rejected(tmp_path):
    array = np.arange(100, dtype=np.uint8).reshape(10, 10)
    raw = write_idx(tmp_path / "raw", array)
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    gz = write_idx(tmp_path / "x.gz", array)
    np.testing.assert_array_equal(read_idx(gz, sha256=digest), array)
    np.testing.assert_array_equal(read_idx(raw, sha256=digest.upper()), array)
    with pytest.raises(DatasetError, match="checksum mismatch") as info:
        read_idx(gz, sha256="0" * 64)
    assert str(gz) in str(info.value)


def _header(code: int, dims: tuple[int, ...]) -> bytes:
    return bytes([0, 0, code, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


GOOD = _header(0x08, (2, 3)) + bytes(range(6))

# (name, bytes of the uncompressed file, words the message must contain)
CORRUPT = [
    ("empty", b"", "too short"),
    ("three bytes", b"\x00\x00\x08", "too short"),
    ("bad magic", b"\x50\x4b\x03\x04" + GOOD[4:], "magic"),
    # Either of the two leading bytes alone makes the magic number wrong.
    ("bad first magic byte", b"\x01" + GOOD[1:], "magic"),
    ("bad second magic byte", b"\x00\x01" + GOOD[2:], "magic"),
    ("unknown type code", _header(0x0A, (2, 3)) + bytes(6), "type code 0x0A"),
    ("zero dimensions", bytes([0, 0, 8, 0]), "number of dimensions 0"),
    ("too many dimensions", bytes([0, 0, 8, 200]) + bytes(800), "number of dimensions 200"),
    ("truncated dimensions", bytes([0, 0, 8, 3]) + struct.pack(">I", 2), "truncated header"),
    ("truncated data", GOOD[:-1], "truncated"),
    ("header only", _header(0x08, (2, 3)), "truncated"),
    ("trailing data", GOOD + b"\x00", "more data"),
    ("huge claimed size", _header(0x08, (4_000_000_000, 4_000_000_000)) + bytes(6), "far more"),
    ("int32 cut mid-value", _header(0x0C, (2,)) + bytes(7), "truncated"),
]


@pytest.mark.parametrize("gz", [False, True], ids=["raw", "gz"])
@pytest.mark.parametrize(("name", "content", "words"), CORRUPT, ids=[c[0] for c in CORRUPT])
def test_corrupt_files_raise_dataset_error(tmp_path, name, content, words, gz):
    path = tmp_path / ("bad.gz" if gz else "bad")
    path.write_bytes(gzip.compress(content) if gz else content)
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    assert str(path) in str(info.value)
    assert info.value.path == str(path)
    assert words in str(info.value)


def test_good_bytes_of_the_corrupt_table_are_good(tmp_path):
    path = tmp_path / "good"
    path.write_bytes(GOOD)
    assert read_idx(path).tolist() == [[0, 1, 2], [3, 4, 5]]


def _gz_of(tmp_path: Path) -> bytes:
    array = np.random.default_rng(0).integers(0, 256, (50, 28, 28), dtype=np.uint8)
    return write_idx(tmp_path / "src.gz", array).read_bytes()


def test_truncated_gzip_stream(tmp_path):
    path = tmp_path / "cut.gz"
    path.write_bytes(_gz_of(tmp_path)[:-100])
    with pytest.raises(DatasetError, match=r"truncated|corrupt gzip") as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_gzip_with_bad_crc(tmp_path):
    data = bytearray(_gz_of(tmp_path))
    data[-8] ^= 0xFF  # the CRC-32 in the gzip trailer
    path = tmp_path / "crc.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match="corrupt gzip") as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_gzip_with_damaged_deflate_data(tmp_path):
    data = bytearray(_gz_of(tmp_path))
    for i in range(40, len(data) - 40, 97):
        data[i] ^= 0x5A
    path = tmp_path / "damaged.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_gzip_header_but_garbage(tmp_path):
    path = tmp_path / "garbage.gz"
    path.write_bytes(b"\x1f\x8b" + bytes(range(200)))
    with pytest.raises(DatasetError, match="corrupt gzip"):
        read_idx(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DatasetError, match="no such file") as info:
        read_idx(tmp_path / "nothing.gz")
    assert "nothing.gz" in str(info.value)
    with pytest.raises(DatasetError, match="is a folder"):
        read_idx(tmp_path)


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux's /proc")
def test_a_file_that_fails_to_read_names_the_system_error():
    # /proc/self/mem is a file that any user (root too) can open but not read from offset 0.
    with pytest.raises(DatasetError) as info:
        read_idx("/proc/self/mem")
    assert info.value.path == "/proc/self/mem"
    assert info.value.reason == "cannot read: Input/output error"


def test_exact_messages_for_what_a_user_can_get_wrong(tmp_path):
    def reason(content: bytes | None, name: str = "f") -> str:
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(DatasetError) as info:
            read_idx(path)
        assert info.value.path == str(path)
        return info.value.reason

    assert reason(None, "absent") == "no such file"
    (tmp_path / "folder").mkdir()
    assert reason(None, "folder") == "is a folder, not an IDX file"
    assert reason(b"\x50\x4b\x03\x04" + GOOD[4:]) == (
        "not an IDX file: bad magic number 0x504b0304 (must start 0x0000)"
    )
    assert reason(_header(0x0A, (2, 3)) + bytes(6)) == (
        "unknown IDX type code 0x0A (known: 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E)"
    )
    # a plain file one byte short: refused before reading, from its size
    assert reason(GOOD[:-1]) == (
        "truncated or corrupt: header announces 2x3 values of uint8 (6 bytes), "
        "far more than the file holds"
    )
    # the same in gzip: found out while reading
    assert reason(gzip.compress(GOOD[:-1]), "f.gz") == (
        "truncated: 2x3 values need 6 bytes of data, found only 5"
    )
    # a plain file announcing 1,000 values while holding 10 is refused without reading
    assert reason(_header(0x08, (1000,)) + bytes(10)).startswith("truncated or corrupt: ")
    assert (
        reason(GOOD + b"\x00")
        == "corrupt: more data after the 2x3 values than the header announces"
    )


def test_checksum_mismatch_message(tmp_path):
    path = write_idx(tmp_path / "x", np.zeros(3, np.uint8))
    with pytest.raises(DatasetError) as info:
        read_idx(path, sha256="0" * 64)
    assert (
        info.value.reason == "checksum mismatch: the file's SHA-256 differs from the recorded one"
    )


def test_damaged_gzip_says_what_zlib_found(tmp_path):
    path = tmp_path / "cut.gz"
    path.write_bytes(_gz_of(tmp_path)[:-100])
    with pytest.raises(DatasetError) as info:
        read_idx(path)
    # the library's own words, not just the name of the exception
    assert info.value.reason.startswith("corrupt gzip stream (")
    assert "end-of-stream marker" in info.value.reason
