"""A saved run's curves, figures and changes: what a point series and a band are saved as, and
what reading refuses (with the sentence a note then shows) or keeps."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.training.history import Series
from playground.training.run_json import (
    changes_from_json,
    number_or_none,
    series_from_dict,
    series_to_dict,
)

X = {"updates": [1.0, 2.0, 3.0], "epochs": [0.0, 0.5, 1.0], "seconds": [0.0, 0.25, 0.5]}


def _series(y, low=None, high=None) -> Series:
    y = np.array(y, dtype=np.float64)
    low = y if low is None else np.array(low, dtype=np.float64)
    high = y if high is None else np.array(high, dtype=np.float64)
    return Series(*(np.array(X[k]) for k in ("updates", "epochs", "seconds")), y, low, high)


def test_a_point_series_is_saved_without_a_band_even_with_missing_figures():
    data = series_to_dict(_series([0.5, math.nan, 0.25]))
    assert data == X | {"y": [0.5, None, 0.25]}


def test_a_band_is_saved_when_either_edge_differs_from_the_values():
    y = [0.5, 0.25, math.nan]
    higher = series_to_dict(_series(y, high=[0.75, 0.25, math.nan]))
    assert (higher["low"], higher["high"]) == ([0.5, 0.25, None], [0.75, 0.25, None])
    lower = series_to_dict(_series(y, low=[0.25, 0.25, math.nan]))
    assert (lower["low"], lower["high"]) == ([0.25, 0.25, None], [0.5, 0.25, None])


@pytest.mark.parametrize("data", [{}, {"updates": [1.0]}, [0.5], "y"])
def test_a_series_without_its_values_is_refused(data):
    with pytest.raises(ValueError) as info:
        series_from_dict(data)
    assert str(info.value) == 'a series must be an object with its values in "y"'


def test_values_that_are_not_a_list_are_refused():
    with pytest.raises(ValueError) as info:
        series_from_dict(X | {"y": 0.5})
    assert str(info.value) == "a series holds lists of numbers"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "True is not a number"),
        ("0.5", "'0.5' is not a number"),
        ("x" * 50, "'" + "x" * 39 + " is not a number"),  # cut at 40 characters
        ([1], "[1] is not a number"),
    ],
)
def test_a_figure_that_is_not_a_number_is_refused_in_a_series(value, message):
    with pytest.raises(ValueError) as info:
        series_from_dict(X | {"y": [0.5, value, 0.25]})
    assert str(info.value) == message


def test_a_number_beyond_any_float_is_refused_by_its_first_twenty_digits():
    with pytest.raises(ValueError) as info:
        series_from_dict(X | {"y": [0.5, 10**400, 0.25]})
    assert str(info.value) == "10000000000000000000... is too large"


@pytest.mark.parametrize(
    ("value", "message"),
    [(True, "True is not a number"), ("0.5", "'0.5' is not a number"), ([], "[] is not a number")],
)
def test_a_final_figure_must_be_a_number(value, message):
    with pytest.raises(ValueError) as info:
        number_or_none(value)
    assert str(info.value) == message


def test_changes_that_are_not_a_list_are_dropped_with_a_note():
    notes: list[str] = []
    assert changes_from_json({"updates": 3, "name": "learning_rate"}, "lr test", notes) == []
    assert notes == ["run 'lr test': its list of changes is damaged and was dropped"]


def test_a_change_at_the_first_update_is_kept_and_its_name_cut_at_forty():
    raw = [
        {"updates": 0, "name": "learning_rate", "old": 0.1, "new": 0.05},
        {"updates": 7, "name": "n" * 50, "old": 1, "new": 2},
        {"updates": -1, "name": "batch_size", "old": 1, "new": 2},
    ]
    notes: list[str] = []
    assert changes_from_json(raw, "r", notes) == [
        {"updates": 0, "name": "learning_rate", "old": 0.1, "new": 0.05},
        {"updates": 7, "name": "n" * 40, "old": 1, "new": 2},
    ]
    assert notes == ["run 'r': a damaged change was dropped"]
