"""Predictions for unlabelled pictures as Kaggle's ImageId,Label CSV."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from playground.data.predictions_file import predictions_csv, write_predictions_csv


def test_one_line_per_picture_numbered_from_one(tmp_path):
    path = tmp_path / "submission.csv"
    write_predictions_csv(path, np.array([3, 0, 9]), tuple("0123456789"))
    assert path.read_bytes() == b"ImageId,Label\n1,3\n2,0\n3,9\n"


def test_class_names_are_written_as_csv_fields():
    names = ("cat", "dog, small", 'the "other"')
    rows = list(csv.reader(predictions_csv(np.array([1, 2, 0]), names).splitlines()))
    assert rows == [["ImageId", "Label"], ["1", "dog, small"], ["2", 'the "other"'], ["3", "cat"]]


@pytest.mark.parametrize("classes", [np.array([0, 3]), np.array([-1]), np.zeros((2, 2), int)])
def test_a_prediction_outside_the_classes_is_refused_and_nothing_written(tmp_path, classes):
    path = tmp_path / "out.csv"
    with pytest.raises(ValueError, match=r"^every prediction must be one of the class numbers$"):
        write_predictions_csv(path, classes, ("a", "b", "c"))
    assert not path.exists()


def test_every_picture_predicted_as_the_same_class(tmp_path):
    path = tmp_path / "submission.csv"
    write_predictions_csv(path, np.array([2, 2]), ("a", "b", "c"))
    assert path.read_bytes() == b"ImageId,Label\n1,c\n2,c\n"
    assert predictions_csv(np.array([], int), ("a", "b")) == "ImageId,Label\n"
