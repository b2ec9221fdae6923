"""Stored window settings: clamped, repaired or replaced by defaults, never raising."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.training import TrainingConfig, stored_settings


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("150", 150),
        (150, 150),
        ("999999999999", 2000),
        (999999999999, 2000),
        ("-5", 0),
        ("1e300", 2000),
        ("nan", 0),
        ("fast", 0),
        ("9" * 5000, 0),
        (True, 0),
        (None, 0),
        ([1, 2], 0),
        (b"300", 300),
        (12.6, 13),
    ],
)
def test_slow_motion_is_clamped_to_what_the_window_offers(raw, expected):
    assert stored_settings.slow_motion_ms(raw) == expected


def test_a_clamped_or_dropped_value_leaves_a_note_in_the_log(caplog):
    with caplog.at_level(logging.WARNING, logger="playground.training.stored_settings"):
        stored_settings.slow_motion_ms("999999999999")
        stored_settings.tab_index("third")
    assert "run/slowMotion: 999999999999 is outside 0..2000; using 2000" in caplog.text
    assert "view/tab" in caplog.text and "'third'" in caplog.text


def test_a_damaged_configuration_keeps_its_good_fields():
    stored = {"hidden": [12, 34], "activation": "tanh", "epochs": 10**12, "seed": 2**40,
              "learning_rate": "fast", "nonsense": 1}  # fmt: skip
    config = stored_settings.training_config(json.dumps(stored))
    assert config.hidden == (12, 34) and config.activation == "tanh"
    defaults = TrainingConfig()
    assert (config.epochs, config.seed, config.learning_rate) == (
        defaults.epochs,
        defaults.seed,
        defaults.learning_rate,
    )
    assert config.validate() == []


@pytest.mark.parametrize(
    "raw", ["{broken", "[1]", "[" * 100_000, '{"epochs": ' + "9" * 5000 + "}", 5, "x" * 10**6]
)
def test_an_unusable_configuration_means_the_defaults(raw):
    config = stored_settings.training_config(raw)
    assert config is None or config == TrainingConfig()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_FIELDS = ["hidden", "activation", "epochs", "seed", "learning_rate", "batch_size", "elu_alpha",
           "maxout_pieces", "optimizer", "optimizer_params", "train_size", "validation_split",
           "test_size", "dataset", "loss", "initializer"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_FIELDS), _JSON, max_size=6))
def test_fuzzed_stored_configurations_always_give_a_valid_one(stored):
    config = stored_settings.training_config(json.dumps(stored))
    assert config is not None and config.validate() == []


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_fuzzed_numbers_always_land_in_range(raw):
    assert 0 <= stored_settings.slow_motion_ms(raw) <= 2000
    assert 0 <= stored_settings.tab_index(raw) <= stored_settings.MAX_TAB
