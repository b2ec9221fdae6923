"""The options that choose a user's own data set, shared by train, evaluate and predict.

Kept free of NumPy so that ``--help`` stays instant.
"""

from __future__ import annotations

import argparse

MAX_IMAGE_SIZE = 256  # the largest square side the data readers convert to
DATASET_HELP = (
    "'mnist' for the bundled digits, 'digits' for scikit-learn's 8x8 digits (if installed), "
    "'fashion-mnist' for Debian's dataset-fashion-mnist package, a .csv file (label first, "
    "with or without a header; a test.csv beside train.csv is found), a .npz holding "
    "x_train, y_train, x_test, y_test, a folder of IDX files, or a folder of pictures with "
    "one sub-folder per class (default: mnist)."
)


def image_size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 2 <= value <= MAX_IMAGE_SIZE:
        raise argparse.ArgumentTypeError(f"must lie between 2 and {MAX_IMAGE_SIZE}, got {value}")
    return value


def add_image_size(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--image-size",
        type=image_size,
        default=None,
        metavar="N",
        help="Convert the data set's images to N x N pixels (grey). Default: the data's own "
        "size; pictures of mixed or large sizes become 28 x 28.",
    )
