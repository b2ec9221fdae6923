"""A changed setting's value as a saved run keeps it: a number, a short text, or a small flat
mapping of them."""

from __future__ import annotations

import math

import pytest

from playground.training.run_json import MAX_TEXT_CHARS, plain_value


@pytest.mark.parametrize("value", [None, True, False, 0, 3, -7, "adam", ""])
def test_plain_values_stay_as_they_are(value):
    kept = plain_value(value)
    assert kept == value and type(kept) is type(value)


def test_numbers_keep_their_value_and_the_not_finite_ones_are_missing():
    assert plain_value(0.25) == 0.25
    assert plain_value(math.nan) is None and plain_value(math.inf) is None


def test_long_texts_are_cut():
    assert MAX_TEXT_CHARS == 200
    assert plain_value("x" * 300) == "x" * 200
    assert plain_value("y" * 200) == "y" * 200


def test_other_values_are_kept_as_their_text():
    assert plain_value((16, 8)) == "(16, 8)"
    assert plain_value(list(range(100))) == str(list(range(100)))[:200]


def test_a_mapping_keeps_its_flat_values_under_short_text_keys():
    value = {"beta_1": 0.9, "rho": math.nan, 7: "seven", "inner": {"a": 1}, "k" * 50: (1, 2)}
    assert plain_value(value) == {"beta_1": 0.9, "rho": None, "7": "seven", "k" * 40: "(1, 2)"}


def test_a_mapping_keeps_its_first_twenty_entries():
    value = {f"p{i}": i for i in range(30)}
    assert plain_value(value) == {f"p{i}": i for i in range(20)}
