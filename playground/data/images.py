"""Turning a picture of a handwritten digit into an MNIST-like 28x28 input.

The recipe is the one MNIST itself was made with: white ink on black, the digit's bounding box
scaled (keeping its aspect ratio) to fit a 20x20 box, then placed in a 28x28 field so that its
centre of mass sits at the field's centre. Used by ``nn-playground predict --image`` and by the
app's drawing canvas.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from playground.data.dataset import DatasetError
from playground.regular_files import describe_special

FIELD = 28
BOX = 20
# Centre of mass of the MNIST digits in pixel-index coordinates (measured: 14.0, 14.0).
CENTRE = FIELD / 2
# After contrast stretching, pixels below this count as background for the bounding box.
INK_THRESHOLD = 0.2


def _as_unit_float(image: np.ndarray) -> np.ndarray:
    a = np.asarray(image)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D grayscale image, got shape {a.shape}")
    if a.dtype == np.bool_:
        return a.astype(np.float32)
    if np.issubdtype(a.dtype, np.integer):
        top = 255 if a.dtype == np.uint8 or a.max(initial=0) <= 255 else np.iinfo(a.dtype).max
        return a.astype(np.float32) / np.float32(top)
    a = np.nan_to_num(a.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if a.max(initial=0.0) > 1.0:  # floats on the 0..255 scale, as image libraries give them
        a = a / np.float32(255.0)
    return np.clip(a, 0.0, 1.0)


def _border(a: np.ndarray) -> np.ndarray:
    return np.concatenate([a[0], a[-1], a[1:-1, 0], a[1:-1, -1]])


def _resize(a: np.ndarray, height: int, width: int) -> np.ndarray:
    out = Image.fromarray(a.astype(np.float32)).resize((width, height), Image.Resampling.LANCZOS)
    return np.clip(np.asarray(out, dtype=np.float32), 0.0, 1.0)


def to_mnist(image: np.ndarray) -> np.ndarray:
    """A 2-D grayscale image (uint8 0..255, float 0..1 or 0..255) -> float32 (28, 28) in [0, 1].

    Light backgrounds are inverted so the ink is bright; the background level is subtracted and
    the contrast stretched; the ink's bounding box is fitted into 20x20 and the result centred
    by its centre of mass. A blank image gives all zeros.
    """
    a = _as_unit_float(image)
    if a.size == 0:
        return np.zeros((FIELD, FIELD), np.float32)
    background = float(np.median(_border(a)))
    if background > 0.5:
        a, background = 1.0 - a, 1.0 - background
    peak = float(a.max())
    if peak - background < 1e-3:
        return np.zeros((FIELD, FIELD), np.float32)
    a = np.clip((a - background) / (peak - background), 0.0, 1.0)
    rows = np.flatnonzero((a > INK_THRESHOLD).any(axis=1))
    cols = np.flatnonzero((a > INK_THRESHOLD).any(axis=0))
    a = a[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = a.shape
    scale = BOX / max(h, w)
    a = _resize(a, max(1, round(h * scale)), max(1, round(w * scale)))
    total = float(a.sum())
    if total <= 0.0:
        return np.zeros((FIELD, FIELD), np.float32)
    h, w = a.shape
    cy = float((a.sum(axis=1) * np.arange(h)).sum()) / total
    cx = float((a.sum(axis=0) * np.arange(w)).sum()) / total
    top = min(max(round(CENTRE - cy), 0), FIELD - h)
    left = min(max(round(CENTRE - cx), 0), FIELD - w)
    out = np.zeros((FIELD, FIELD), np.float32)
    out[top : top + h, left : left + w] = a
    return out


def _flatten_alpha(img: Image.Image) -> Image.Image:
    """Composite a transparent picture onto a background that contrasts with its ink."""
    rgba = img.convert("RGBA")
    alpha = np.asarray(rgba.getchannel("A"), dtype=np.float32) / 255.0
    gray = np.asarray(rgba.convert("L"), dtype=np.float32)
    ink = float((gray * alpha).sum() / max(alpha.sum(), 1e-6))
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255) if ink < 128 else (0, 0, 0, 255))
    return Image.alpha_composite(background, rgba)


def load_image(path: str | os.PathLike, *, max_side: int = 1024) -> np.ndarray:
    """Read a PNG, JPEG (or any image Pillow reads) as 2-D uint8 grayscale.

    Camera rotation (EXIF) is applied, transparency is flattened onto a contrasting background,
    and pictures larger than ``max_side`` are shrunk, which keeps phone photos fast.
    """
    path = Path(path)
    if not path.is_file():
        if not path.exists():
            raise DatasetError(path, "no such image file")
        kind = describe_special(path.stat().st_mode)
        raise DatasetError(path, f"this is {kind}, not an image file")
    try:
        with Image.open(path) as img:
            img.draft("L", (max_side, max_side))
            img = ImageOps.exif_transpose(img)
            if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
                img = _flatten_alpha(img)
            img = img.convert("L")
            img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            return np.asarray(img, dtype=np.uint8).copy()
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise DatasetError(path, f"not an image Pillow can read ({exc})") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise DatasetError(path, f"damaged or unreadable image ({exc})") from None


def fit_to_shape(image: np.ndarray, shape: tuple[int, ...] | None) -> np.ndarray:
    """A float image in [0, 1] resized to ``shape`` (height, width): a data set's own size
    for a digit drawn or read the MNIST way. Unchanged if it has that shape (or no shape)."""
    a = np.asarray(image, dtype=np.float32)
    if shape is None or len(shape) != 2 or tuple(a.shape) == tuple(shape):
        return a
    height, width = int(shape[0]), int(shape[1])
    shrink = height <= a.shape[0] and width <= a.shape[1]
    method = Image.Resampling.BOX if shrink else Image.Resampling.BICUBIC
    out = Image.fromarray(a).resize((width, height), method)
    return np.clip(np.asarray(out, dtype=np.float32), 0.0, 1.0)
