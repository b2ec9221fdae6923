"""Any folder holding the four standard IDX files: Fashion-MNIST, KMNIST, MNIST itself, ..."""

from __future__ import annotations

import logging
import os
import unicodedata
from pathlib import Path

import numpy as np

from playground.data.checksums import read_sums
from playground.data.dataset import Dataset, DatasetError
from playground.data.mnist import CLASS_NAMES as DIGITS
from playground.data.mnist import FILES, SUMS_FILE, read_folder_arrays
from playground.regular_files import FileTooLargeError, NotRegularFileError, read_regular_text

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
log = logging.getLogger(__name__)

CLASS_NAMES_FILE = "class_names.txt"
MAX_NAME_CHARS = 60  # a class name is a label under a plot, not a paragraph


def read_class_names(path: Path) -> tuple[str, ...]:
    """One class name per non-empty line; DatasetError naming the file for anything unusable.

    At most ``limits.MAX_CLASSES`` names (each is an output unit and a confusion-matrix row),
    checked from the file's size and line count before any network is built.
    """
    from playground.engine import limits

    max_bytes = limits.MAX_CLASSES * (4 * MAX_NAME_CHARS + 1)
    try:
        text = read_regular_text(path, max_bytes)
    except NotRegularFileError as exc:
        raise DatasetError(path, f"this is {exc.kind}, not a text file of class names") from None
    except FileTooLargeError as exc:
        raise DatasetError(
            path, f"{exc.size:,} bytes is more than a list of {limits.MAX_CLASSES:,} names needs"
        ) from None
    except UnicodeDecodeError as exc:
        raise DatasetError(
            path, f"not UTF-8 text (byte {exc.start + 1}); save it as UTF-8, one name a line"
        ) from None
    except OSError as exc:
        raise DatasetError(path, f"cannot read the file ({exc.strerror or exc})") from None
    # Control characters (a terminal's escape sequences among them) never reach a screen.
    printable = (
        "".join(c for c in line if unicodedata.category(c)[0] != "C") for line in text.splitlines()
    )
    names = [line.strip() for line in printable if line.strip()]
    try:
        limits.check_classes(len(names))
    except limits.LimitError as exc:
        raise DatasetError(path, str(exc)) from None
    return tuple(n if len(n) <= MAX_NAME_CHARS else n[: MAX_NAME_CHARS - 1] + "…" for n in names)


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
    if not os.access(folder, os.R_OK | os.X_OK):
        raise DatasetError(folder, "the folder cannot be read (permission denied)")
    if not is_idx_folder(folder):
        names = ", ".join(f"{stem}[.gz]" for stem in FILES.values())
        raise DatasetError(folder, f"not a data set: none of {names} is in this folder")
    sums = read_sums(folder / SUMS_FILE) if (folder / SUMS_FILE).is_file() else None
    arrays = read_folder_arrays(folder, sums)
    name, classes = _identify(folder)
    labels = np.concatenate([arrays["y_train"], arrays["y_test"]])
    n_classes = int(labels.max()) + 1
    names_file = folder / CLASS_NAMES_FILE
    if names_file.exists() or names_file.is_symlink():
        classes = read_class_names(names_file)
        if len(classes) > max(n_classes, 2):  # a unit per name the labels never use: none
            log.warning(
                "%s: %d names, but the labels use %d classes; the rest are left out",
                names_file,
                len(classes),
                n_classes,
            )
            classes = classes[: max(n_classes, 2)]
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
