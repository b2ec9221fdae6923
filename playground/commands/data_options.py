"""What the options that choose a user's own data set accept, and the unlabelled pictures.

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


def unlabelled_image(dataset, index: int):
    """Picture ``index`` of the data set's unlabelled examples, as floats in [0, 1]."""
    from playground.commands.errors import CommandError

    pictures = dataset.x_predict
    if pictures is None:
        raise CommandError(
            f"{dataset.name} has no unlabelled pictures (a test file without labels, such as "
            "Kaggle's test.csv beside train.csv)"
        )
    if index >= len(pictures):
        raise CommandError(
            f"--unlabelled {index} is out of range: {dataset.name} has {len(pictures)} "
            f"unlabelled pictures, numbered 0 to {len(pictures) - 1}"
        )
    return pictures[index].astype("float32") / 255.0
