"""Any folder holding the four standard IDX files: Fashion-MNIST, KMNIST, MNIST itself, ..."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from playground.data.checksums import read_sums
from playground.data.dataset import Dataset, DatasetError
from playground.data.mnist import CLASS_NAMES as DIGITS
from playground.data.mnist import FILES, SUMS_FILE, read_folder_arrays

FASHION_MNIST = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
# Kuzushiji-MNIST: ten cursive hiragana, romanised first so that any font can show them.
KMNIST = tuple(
    f"{roman} ({kana})"
    for roman, kana in zip(
        ("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
        "おきすつなはまやれを",
        strict=True,
    )
)
# Folder-name fragments (lower case, without '-' and '_') -> display name and class names.
KNOWN = (
    ("fashion", "Fashion-MNIST", FASHION_MNIST),
    ("kmnist", "KMNIST", KMNIST),
    ("kuzushiji", "KMNIST", KMNIST),
    ("mnist", "MNIST", DIGITS),
)
CLASS_NAMES_FILE = "class_names.txt"


def _identify(folder: Path) -> tuple[str, tuple[str, ...] | None]:
    key = folder.resolve().name.lower().replace("-", "").replace("_", "")
    for fragment, name, classes in KNOWN:
        if fragment in key:
            return name, classes
    return folder.resolve().name, None


def is_idx_folder(folder: Path) -> bool:
    """Whether ``folder`` holds any of the four standard IDX files."""
    stems = [*FILES.values(), *(stem.replace("-idx", ".idx") for stem in FILES.values())]
    return any((folder / f"{stem}{ext}").is_file() for stem in stems for ext in ("", ".gz"))


def load_idx_folder(path: str | Path) -> Dataset:
    """Load ``train-images-idx3-ubyte[.gz]`` and its three siblings from ``path``.

    A ``SHA256SUMS.uncompressed`` beside them is checked; a ``class_names.txt`` (one name per
    line) overrides the names known for Fashion-MNIST, KMNIST and MNIST.
    """
    folder = Path(path)
    if not folder.is_dir():
        reason = "not a folder" if folder.exists() else "no such folder"
        raise DatasetError(folder, reason)
    if not is_idx_folder(folder):
        names = ", ".join(f"{stem}[.gz]" for stem in FILES.values())
        raise DatasetError(folder, f"not a data set: none of {names} is in this folder")
    sums = read_sums(folder / SUMS_FILE) if (folder / SUMS_FILE).is_file() else None
    arrays = read_folder_arrays(folder, sums)
    name, classes = _identify(folder)
    labels = np.concatenate([arrays["y_train"], arrays["y_test"]])
    n_classes = int(labels.max()) + 1
    names_file = folder / CLASS_NAMES_FILE
    if names_file.is_file():
        lines = names_file.read_text(encoding="utf-8").splitlines()
        classes = tuple(line.strip() for line in lines if line.strip())
    if classes is None or len(classes) < n_classes:
        classes = tuple(str(c) for c in range(max(n_classes, 2)))
    return Dataset(
        name,
        arrays["x_train"],
        arrays["y_train"],
        arrays["x_test"],
        arrays["y_test"],
        tuple(classes),
    )
