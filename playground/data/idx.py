"""Reading and writing IDX files, the format of MNIST and its relatives, plain or gzip-compressed.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number of dimensions),
one big-endian uint32 per dimension, then the values in C order, big-endian. Every way a file
can be wrong is reported as a :class:`DatasetError` naming the file, before any large
allocation, so a corrupt or hostile file cannot exhaust memory.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import zlib
from pathlib import Path

import numpy as np

from playground.data.dataset import DatasetError

# IDX type code -> big-endian NumPy dtype.
TYPE_CODES: dict[int, np.dtype] = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
MAX_DIMENSIONS = 16
# Deflate cannot compress better than about 1032:1, so a .gz that claims more data than this
# many times its own size is truncated; checked before allocating the buffer.
_MAX_DEFLATE_RATIO = 1100


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def _read_exact(stream, size: int) -> bytearray:
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        n = stream.readinto(view[got:])
        if not n:
            break
        got += n
    del view
    if got < size:
        del buf[got:]
    return buf


def _parse_header(path: Path, head: bytes, read_dims) -> tuple[np.dtype, tuple[int, ...], bytes]:
    if len(head) < 4:
        raise DatasetError(path, f"truncated: {len(head)} bytes, too short for an IDX header")
    if head[0] != 0 or head[1] != 0:
        raise DatasetError(
            path, f"not an IDX file: bad magic number 0x{head[:4].hex()} (must start 0x0000)"
        )
    code, ndim = head[2], head[3]
    if code not in TYPE_CODES:
        known = ", ".join(f"0x{c:02X}" for c in TYPE_CODES)
        raise DatasetError(path, f"unknown IDX type code 0x{code:02X} (known: {known})")
    if not 1 <= ndim <= MAX_DIMENSIONS:
        raise DatasetError(path, f"bad number of dimensions {ndim} (must be 1 to {MAX_DIMENSIONS})")
    dims_raw = read_dims(4 * ndim)
    if len(dims_raw) < 4 * ndim:
        raise DatasetError(path, f"truncated header: {ndim} dimensions announced, fewer stored")
    dims = struct.unpack(f">{ndim}I", dims_raw)
    return TYPE_CODES[code], tuple(int(d) for d in dims), bytes(head[:4]) + bytes(dims_raw)


def read_idx(path: str | os.PathLike, *, sha256: str | None = None) -> np.ndarray:
    """Read an IDX file (``.gz`` or raw, told apart by content) into a native-endian array.

    With ``sha256``, the uncompressed bytes must have that SHA-256 (hex) or a DatasetError is
    raised. The returned array is writable and owns its data.
    """
    path = Path(path)
    try:
        if not path.is_file():
            reason = "is a folder, not an IDX file" if path.is_dir() else "no such file"
            raise DatasetError(path, reason)
        gz = _is_gzip(path)
        stored_size = path.stat().st_size
        opener = gzip.open if gz else open
        with opener(path, "rb") as f:
            head = f.read(4)
            dtype, dims, header = _parse_header(path, head, f.read)
            count = 1
            for d in dims:
                count *= d
            expected = count * dtype.itemsize
            what = "x".join(map(str, dims))
            limit = stored_size * _MAX_DEFLATE_RATIO if gz else stored_size - len(header)
            if expected > limit:
                raise DatasetError(
                    path,
                    f"truncated or corrupt: header announces {what} values of {dtype.name} "
                    f"({expected} bytes), far more than the file holds",
                )
            payload = _read_exact(f, expected)
            if len(payload) < expected:
                raise DatasetError(
                    path,
                    f"truncated: {what} values need {expected} bytes of data, "
                    f"found only {len(payload)}",
                )
            extra = len(f.read(1 << 16))
            if extra:
                raise DatasetError(
                    path, f"corrupt: more data after the {what} values than the header announces"
                )
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise DatasetError(path, f"corrupt gzip stream ({exc or type(exc).__name__})") from None
    except OSError as exc:
        raise DatasetError(path, f"cannot read: {exc.strerror or exc}") from None
    if sha256 is not None:
        digest = hashlib.sha256(header)
        digest.update(payload)
        if digest.hexdigest() != sha256.lower():
            raise DatasetError(
                path, "checksum mismatch: the file's SHA-256 differs from the recorded one"
            )
    array = np.frombuffer(payload, dtype=dtype).reshape(dims)
    if dtype.byteorder == ">":
        array = array.astype(dtype.newbyteorder("="))
    return array


def write_idx(path: str | os.PathLike, array: np.ndarray) -> Path:
    """Write ``array`` as an IDX file; gzip-compressed when the name ends in ``.gz``."""
    path = Path(path)
    array = np.asarray(array)
    native = array.dtype.newbyteorder("=")
    code = next((c for c, d in TYPE_CODES.items() if d.newbyteorder("=") == native), None)
    if code is None:
        raise ValueError(f"IDX cannot store dtype {array.dtype}")
    dtype = TYPE_CODES[code]
    if not 1 <= array.ndim <= MAX_DIMENSIONS:
        raise ValueError(f"IDX stores 1 to {MAX_DIMENSIONS} dimensions, not {array.ndim}")
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    data = np.ascontiguousarray(array, dtype=dtype).tobytes()
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header)
        f.write(data)
    return path
