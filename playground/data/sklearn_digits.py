"""scikit-learn's classic 8x8 digits (1,797 pictures): tiny, so it trains in a blink.

Used only if scikit-learn is installed (``pip install scikit-learn``); its pixels (0..16) are
scaled to 0..255 and a seventh is held out as the test set.
"""

from __future__ import annotations

import numpy as np

from playground.data.assemble import build_dataset
from playground.data.dataset import Dataset, DatasetError
from playground.data.loading import LoadOptions

NAMES = ("digits", "sklearn-digits")
INSTALL_HINT = "pip install scikit-learn"


def from_sklearn_arrays(images: np.ndarray, target: np.ndarray, options: LoadOptions) -> Dataset:
    """Pixels 0..16 as uint8 0..255, in a Dataset with a held-out seventh."""
    images = np.asarray(images, dtype=np.float64)
    if images.ndim != 3 or not np.isfinite(images).all() or images.min() < 0 or images.max() > 16:
        raise DatasetError("digits", "scikit-learn's digits are not 8x8 pictures of 0..16")
    x = np.round(images * (255.0 / 16.0)).astype(np.uint8)
    classes = tuple(str(d) for d in range(10))
    return build_dataset("digits", "digits", (x, np.asarray(target)), None, classes, options)


def load_sklearn_digits(options: LoadOptions | None = None) -> Dataset:
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise DatasetError(
            "digits",
            f"the 8x8 digits come with scikit-learn, which is not installed ({INSTALL_HINT})",
        ) from None
    bunch = load_digits()
    return from_sklearn_arrays(bunch.images, bunch.target, options or LoadOptions())
