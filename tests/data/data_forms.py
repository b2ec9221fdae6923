"""Writers of the data forms a user brings, built from a slice of the bundled MNIST."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from playground.data.mnist import load_data


def mnist_slice(n_train: int = 300, n_test: int = 100):
    """The first n_train training and n_test test digits: uint8 (n, 28, 28) and labels."""
    (x_train, y_train), (x_test, y_test) = load_data()
    return x_train[:n_train], y_train[:n_train], x_test[:n_test], y_test[:n_test]


def write_csv(path: Path, x: np.ndarray, y: np.ndarray | None, *, header: bool) -> Path:
    """Kaggle's layout with ``header`` (label,pixel0,...), else the header-less label,p1,..."""
    pixels = x.reshape(len(x), -1)
    lines = []
    if header:
        names = [f"pixel{i}" for i in range(pixels.shape[1])]
        lines.append(",".join((["label"] if y is not None else []) + names))
    for i, row in enumerate(pixels):
        values = [str(int(v)) for v in row]
        lines.append(",".join(([str(int(y[i]))] if y is not None else []) + values))
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


def write_npz(path: Path, x_train, y_train, x_test, y_test) -> Path:
    np.savez_compressed(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


def write_image_folder(root: Path, x: np.ndarray, y: np.ndarray, *, scale: int = 2) -> Path:
    """Each digit enlarged ``scale`` times (every pixel a scale x scale block), as PNG; every
    third one in colour (RGB), to check the grey conversion."""
    for i, (image, label) in enumerate(zip(x, y, strict=True)):
        folder = root / str(int(label))
        folder.mkdir(parents=True, exist_ok=True)
        big = np.kron(image, np.ones((scale, scale), np.uint8))
        picture = Image.fromarray(big, mode="L")
        if i % 3 == 0:
            picture = picture.convert("RGB")
        picture.save(folder / f"{i:05d}.png")
    return root
