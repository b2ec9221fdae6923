"""One entry point for every data set the playground can train on."""

from __future__ import annotations

from pathlib import Path

from playground.data.dataset import Dataset
from playground.data.folders import load_idx_folder
from playground.data.mnist import load_mnist

# Short names for data sets that system packages install (Debian: dataset-fashion-mnist).
SYSTEM_FOLDERS = {"fashion-mnist": Path("/usr/share/datasets/fashion-mnist")}


def load_dataset(spec: str | Path = "mnist") -> Dataset:
    """``"mnist"`` for the bundled digits, a known short name, or a folder of IDX files."""
    if isinstance(spec, str):
        key = spec.strip().lower()
        if key == "mnist":
            return load_mnist()
        if key in SYSTEM_FOLDERS and not Path(spec).exists():
            return load_idx_folder(SYSTEM_FOLDERS[key])
    return load_idx_folder(Path(spec).expanduser())
