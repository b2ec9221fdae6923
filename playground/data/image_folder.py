"""A folder of pictures with one sub-folder per class (the ImageFolder layout).

    digits/0/a.png, digits/0/b.png, ..., digits/9/z.jpg      (a seventh held out for testing)
    digits/train/0/..., digits/test/0/...                   (a test set of its own)

PNG, JPEG and BMP of any size, colour or grey, are converted to grey and to a square of the
chosen side (area averaging to shrink, bicubic to grow); without a chosen side, the first
picture's size is kept if it is square and at most 64 pixels wide, else 28x28. Class names are
the folder names (sorted), or the lines of a ``class_names.txt`` in the folder. Loading reports
progress per picture and can be cancelled between pictures.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from playground.data.assemble import CLASS_NAMES_FILE, build_dataset, read_class_names, resize_image
from playground.data.dataset import Dataset, DatasetError
from playground.data.loading import (
    DEFAULT_SIDE,
    MAX_EXAMPLES,
    MAX_SOURCE_PIXELS,
    LoadOptions,
)

EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp")
KEEP_SIDE_UP_TO = 64


def _is_image(entry: os.DirEntry) -> bool:
    return not entry.name.startswith(".") and entry.name.lower().endswith(EXTENSIONS)


def _subfolders(folder: Path) -> list[str]:
    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if e.is_dir() and not e.name.startswith("."))
    except OSError as exc:
        raise DatasetError(folder, f"cannot list ({exc.strerror or exc})") from None


def _files(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return sorted(Path(e.path) for e in entries if e.is_file() and _is_image(e))
    except OSError as exc:
        raise DatasetError(folder, f"cannot list ({exc.strerror or exc})") from None


def _listing(root: Path, classes: list[str], split: str) -> list[tuple[Path, int]]:
    """(file, class number) of every picture under ``root``/<class>; an empty class fails."""
    found = []
    for label, name in enumerate(classes):
        files = _files(root / name)
        if not files and split == "train":
            kinds = ", ".join(EXTENSIONS)
            raise DatasetError(root / name, f"class {name!r} has no pictures ({kinds})")
        found += [(file, label) for file in files]
        if len(found) > MAX_EXAMPLES:
            raise DatasetError(root, f"more than {MAX_EXAMPLES:,} pictures")
    return found


def read_picture(path: Path) -> Image.Image:
    """The picture at ``path`` as a grey Pillow image, or DatasetError naming the file."""
    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_SOURCE_PIXELS:
                raise DatasetError(
                    path, f"{img.width}x{img.height} pixels is larger than this loader reads"
                )
            img.draft("L", (256, 256))  # JPEG: decode at a reduced size, much faster
            return img.convert("L")
    except DatasetError:  # a ValueError too: the size check above, kept as it is
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise DatasetError(path, f"not a picture Pillow can read ({exc})") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DatasetError(path, f"damaged or unreadable picture ({exc})") from None


def _side(files: list[tuple[Path, int]], options: LoadOptions) -> int:
    if options.image_size is not None:
        return int(options.image_size)
    first = read_picture(files[0][0])
    width, height = first.size
    return width if width == height and width <= KEEP_SIDE_UP_TO else DEFAULT_SIDE


def _read_all(
    files: list[tuple[Path, int]], side: int, options: LoadOptions, done: int, total: int
) -> tuple[np.ndarray, np.ndarray]:
    x = np.empty((len(files), side, side), np.uint8)
    y = np.empty(len(files), np.int64)
    for i, (path, label) in enumerate(files):
        options.tick(path, done + i, total)
        x[i] = resize_image(read_picture(path), side)
        y[i] = label
    return x, y


def load_image_folder(path: str | Path, options: LoadOptions | None = None) -> Dataset:
    """Read every picture under ``path`` (see the module docstring)."""
    root = Path(path)
    options = options or LoadOptions()
    if not root.is_dir():
        raise DatasetError(root, "no such folder" if not root.exists() else "not a folder")
    top = _subfolders(root)
    train_root = root / "train" if "train" in top else root
    classes = _subfolders(train_root)
    if len(classes) < 2:
        raise DatasetError(
            train_root,
            "not a data set: no IDX files (train-images-idx3-ubyte, ...) and not one "
            "sub-folder of pictures per class (at least two classes)",
        )
    train = _listing(train_root, classes, "train")
    test = None
    if train_root != root and "test" in top:
        strange = sorted(set(_subfolders(root / "test")) - set(classes))
        if strange:
            raise DatasetError(
                root / "test" / strange[0], "a test class that the training set does not have"
            )
        test = _listing(root / "test", classes, "test") or None
    names = read_class_names(root / CLASS_NAMES_FILE)
    if names is not None and len(names) != len(classes):
        raise DatasetError(
            root / CLASS_NAMES_FILE, f"{len(names)} names for {len(classes)} class folders"
        )
    total = len(train) + (len(test) if test else 0)
    side = _side(train, options)
    x_train, y_train = _read_all(train, side, options, 0, total)
    test_arrays = _read_all(test, side, options, len(train), total) if test else None
    options.tick(root, total, total)
    fixed = LoadOptions(None, options.progress, options.cancel)  # already at the chosen side
    return build_dataset(
        root.name, root, (x_train, y_train), test_arrays, names or tuple(classes), fixed
    )
