"""A saved model file taken apart and written back, for tests that damage one part of it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np


def parts_of(model, folder: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The description and the arrays of ``model`` as `save` writes them."""
    path = folder / "source.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as archive:
        document = json.loads(archive["config"].tobytes())
        arrays = {k: archive[k].copy() for k in archive.files if k != "config"}
    path.unlink()
    return document, arrays


def write(path: Path, document: dict, arrays: dict[str, np.ndarray]) -> Path:
    """A model file at exactly ``path`` (no `.npz` added) from a description and arrays."""
    config = np.frombuffer(json.dumps(document).encode(), dtype=np.uint8)
    with open(path, "wb") as handle:
        np.savez(handle, config=config, **arrays)
    return path
