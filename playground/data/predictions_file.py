"""Predictions for unlabelled pictures written as a CSV, in the layout Kaggle's Digit Recognizer
asks for: a header ``ImageId,Label``, then one line per picture, numbered from 1."""

from __future__ import annotations

import csv
import io
import os

import numpy as np

from playground.atomic_file import write_text_atomically

HEADER = ("ImageId", "Label")


def predictions_csv(classes: np.ndarray, class_names: tuple[str, ...]) -> str:
    """The CSV text for predicted class numbers ``classes`` (one per picture, in order)."""
    classes = np.asarray(classes)
    if classes.ndim != 1 or (
        classes.size and not 0 <= classes.min() <= classes.max() < len(class_names)
    ):
        raise ValueError("every prediction must be one of the class numbers")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # quotes a class name holding a comma
    writer.writerow(HEADER)
    writer.writerows((i, class_names[int(c)]) for i, c in enumerate(classes, start=1))
    return out.getvalue()


def write_predictions_csv(
    path: str | os.PathLike[str], classes: np.ndarray, class_names: tuple[str, ...]
) -> None:
    """Write the predictions whole or not at all (OSError if the file cannot be written)."""
    write_text_atomically(path, predictions_csv(classes, class_names), newline="")
