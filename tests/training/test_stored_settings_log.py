"""Each way a stored value is repaired leaves exactly one line in the log, naming the setting,
the value and what is used instead; the edges of what is read at all."""

from __future__ import annotations

import json
import logging

import pytest

from playground.training import TrainingConfig, stored_settings

LOGGER = "playground.training.stored_settings"


@pytest.fixture
def log(caplog) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    return caplog


def test_a_value_outside_the_range_is_clamped_with_a_line(log) -> None:
    assert stored_settings.slow_motion_ms("999999999999") == 2000
    assert stored_settings.tab_index(-3) == 0
    assert log.messages == [
        "setting run/slowMotion: 999999999999 is outside 0..2000; using 2000",
        "setting view/tab: -3 is outside 0..100; using 0",
    ]


def test_an_unusable_value_takes_the_default_with_a_line(log) -> None:
    assert stored_settings.tab_index("third") == 0
    assert stored_settings.slow_motion_ms([1, 2]) == 0
    assert log.messages == [
        "setting view/tab: 'third' is not a whole number; using 0",
        "setting run/slowMotion: [1, 2] is not a whole number; using 0",
    ]


def test_the_ends_of_the_range_are_kept_without_a_line(log) -> None:
    assert stored_settings.tab_index(0) == 0 and stored_settings.tab_index("100") == 100
    assert stored_settings.slow_motion_ms(2000) == 2000 and stored_settings.slow_motion_ms("0") == 0
    assert stored_settings.tab_index(None) == 0  # nothing stored yet: no line either
    assert log.messages == []


def test_text_of_up_to_40_characters_is_read() -> None:
    assert stored_settings.slow_motion_ms(" " * 36 + "1500") == 1500
    assert stored_settings.slow_motion_ms(" " * 37 + "1500") == 0


@pytest.mark.parametrize("raw", ["inf", "-inf", " Infinity", b"inf"])
def test_an_infinite_number_takes_the_default(raw, log) -> None:
    assert stored_settings.slow_motion_ms(raw) == 0
    assert log.messages == [f"setting run/slowMotion: {raw!r} is not a whole number; using 0"]


@pytest.mark.parametrize("raw", [b"\xff12", b"1\xe2\x82\x80", b"\x80"])
def test_bytes_that_are_not_ascii_take_the_default(raw, log) -> None:
    assert stored_settings.tab_index(raw) == 0
    assert log.messages == [f"setting view/tab: {raw!r} is not a whole number; using 0"]


def test_a_long_value_is_shortened_in_the_line(log) -> None:
    stored_settings.tab_index("x" * 100)
    shown = repr("x" * 100)[:57] + "..."
    assert log.messages == [f"setting view/tab: {shown} is not a whole number; using 0"]


@pytest.mark.parametrize("raw", [None, ""])
def test_no_stored_configuration_means_the_windows_defaults_silently(raw, log) -> None:
    assert stored_settings.training_config(raw) is None
    assert log.messages == []


def test_a_configuration_of_the_largest_size_is_read(log) -> None:
    text = json.dumps({"epochs": 7})
    longest = text + " " * (stored_settings.MAX_CONFIG_CHARS - len(text))
    assert stored_settings.training_config(longest) == TrainingConfig(epochs=7)
    assert stored_settings.training_config(longest + " ") is None
    assert log.messages == ["setting config/json: not a short text; using the defaults"]


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (5, "setting config/json: not a short text; using the defaults"),
        ("[" * 50_000, "setting config/json: JSON nested too deeply; using the defaults"),
        ("{broken", "setting config/json: not usable JSON (Expecting property name enclosed "
                    "in double quotes: line 1 column 2 (char 1)); using the defaults"),
        ("[1]", "setting config/json: not a JSON object; using the defaults"),
    ],
)  # fmt: skip
def test_an_unusable_configuration_says_why(raw, line, log) -> None:
    assert stored_settings.training_config(raw) is None
    assert log.messages == [line]


def test_each_repaired_field_says_what_was_wrong(log) -> None:
    stored = {"epochs": 10**12, "nonsense": 1, "hidden": [12]}
    config = stored_settings.training_config(json.dumps(stored))
    assert config == TrainingConfig(hidden=(12,))
    assert log.messages == [
        "setting config/json: unknown field 'nonsense' dropped",
        "setting config/json: epochs: Epochs must be at most 100,000; using the default",
    ]


def test_a_configuration_that_cannot_be_made_gives_the_defaults_with_the_reason(log) -> None:
    assert stored_settings.training_config(json.dumps({"hidden": 5})) == TrainingConfig()
    assert log.messages == [
        "setting config/json: hidden must be a list of layer sizes.; using the defaults"
    ]


def test_fields_that_only_clash_with_the_defaults_give_the_defaults(log) -> None:
    stored = {"activation": "maxout", "maxout_pieces": 64}  # too many weights at (500, 500)
    (problem,) = TrainingConfig(**stored).validate()
    assert problem.field == "hidden"  # a field that was not stored: nothing to drop
    assert stored_settings.training_config(json.dumps(stored)) == TrainingConfig()
    assert log.messages == [f"setting config/json: {problem}; using the defaults"]


def test_a_long_unknown_field_is_shortened_in_the_line(log) -> None:
    assert stored_settings.training_config(json.dumps({"x" * 100: 1})) == TrainingConfig()
    shown = repr("x" * 100)[:57] + "..."
    assert log.messages == [f"setting config/json: unknown field {shown} dropped"]


def test_a_value_of_60_characters_is_shown_whole_and_61_shortened(log) -> None:
    sixty, sixty_one = "y" * 58, "y" * 59  # their reprs: 60 and 61 characters with quotes
    stored_settings.tab_index(sixty)
    stored_settings.tab_index(sixty_one)
    assert log.messages == [
        f"setting view/tab: {sixty!r} is not a whole number; using 0",
        f"setting view/tab: {repr(sixty_one)[:57]}... is not a whole number; using 0",
    ]
