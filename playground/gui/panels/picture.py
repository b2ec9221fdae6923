"""A small grey picture of the data set on screen: dark ink on white, whatever its size."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap

SAMPLE_SIDE = 56  # pixels on screen for one sample picture, whatever the data's size


def sample_scale(shape: tuple[int, ...]) -> int:
    """Whole-number zoom that shows a picture of ``shape`` about SAMPLE_SIDE pixels wide."""
    return max(1, round(SAMPLE_SIDE / max(int(shape[0]), int(shape[1]), 1)))


def digit_pixmap(image: np.ndarray, scale: int = 2) -> QPixmap:
    """A 2-D uint8 or [0,1] float image as a pixmap (white background, dark ink)."""
    img = np.asarray(image)
    if img.dtype != np.uint8:
        img = (np.clip(img, 0, 1) * 255).astype(np.uint8)
    img = np.ascontiguousarray(255 - img)
    h, w = img.shape
    qimg = QImage(img.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimg).scaled(w * scale, h * scale)
