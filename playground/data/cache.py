"""A per-user cache of decoded arrays, so that warm loads skip gunzip and SHA-256.

Each entry is a folder of uncompressed ``.npy`` files plus a manifest with every file's size and
CRC-32. The folder name carries a key (for MNIST, a digest of the SHA-256 sums), so new data
never meets old cache entries. Entries are written to a temporary folder and renamed into place;
anything odd on reading (missing, resized, CRC mismatch, bad header) counts as a miss, and the
caller falls back to the source files.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

APP_NAME = "nn-playground"
_MANIFEST = "manifest.json"


def user_cache_dir() -> Path:
    """The platform's per-user cache folder for the playground (created on first write)."""
    override = os.environ.get("NN_PLAYGROUND_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    base = os.environ.get("XDG_CACHE_HOME") or ""
    # The XDG spec says relative paths are invalid and must be ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / APP_NAME


def _crc(array: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(array).data.cast("B"))


def load_arrays(folder: Path, names: tuple[str, ...]) -> dict[str, np.ndarray] | None:
    """The cached arrays of ``folder``, or None if the entry is missing or fails its check."""
    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        arrays = {}
        for name in names:
            entry = manifest[name]
            file = folder / f"{name}.npy"
            if file.stat().st_size != entry["size"]:
                return None
            array = np.load(file, allow_pickle=False)
            if (
                array.dtype.str != entry["dtype"]
                or list(array.shape) != entry["shape"]
                or _crc(array) != entry["crc32"]
            ):
                return None
            arrays[name] = array
        return arrays
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None


def save_arrays(folder: Path, arrays: dict[str, np.ndarray]) -> bool:
    """Write an entry atomically; False (and no entry) if the cache folder is not writable."""
    tmp: Path | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        manifest = {}
        for name, array in arrays.items():
            file = tmp / f"{name}.npy"
            np.save(file, np.ascontiguousarray(array), allow_pickle=False)
            manifest[name] = {
                "size": file.stat().st_size,
                "dtype": array.dtype.str,
                "shape": list(array.shape),
                "crc32": _crc(array),
            }
        (tmp / _MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)
        return True
    except OSError:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        return False
