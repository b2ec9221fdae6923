"""The refusals a lecturer reads when a hand-edited preset is wrong, and what a valid one gives.

Each refusal names the file (``source``) and says what to fix (``reason``); the fuzz test of
``test_presets_hostile.py`` only checks that nothing but PresetError escapes.
"""

from pathlib import Path

import pytest

from playground.training.presets import PresetError, preset_from_dict, validate_config

SOURCE = "lesson.json"


def preset(**changes):
    data = {"key": "07-mine", "title": "Mine", "watch": "The loss", "config": {"epochs": 2}}
    data.update(changes)
    return data


def refusal(data, **kwargs) -> PresetError:
    with pytest.raises(PresetError) as caught:
        preset_from_dict(data, SOURCE, **kwargs)
    return caught.value


def config_refusal(config) -> PresetError:
    with pytest.raises(PresetError) as caught:
        validate_config(config, SOURCE)
    assert caught.value.source == SOURCE
    return caught.value


def test_an_unknown_setting_is_named_with_the_known_ones():
    error = config_refusal({"epoch": 3})
    assert error.reason.startswith(
        'unknown setting "epoch" in "config" (known: hidden, activation, elu_alpha, '
    )
    assert error.reason.endswith(", rotation, shift, noise)")


def test_a_setting_of_the_wrong_kind_names_the_kinds_it_takes():
    assert config_refusal({"train_size": "all"}).reason == (
        "\"train_size\" must be int or null, not 'all'"
    )


@pytest.mark.parametrize("hidden", [[0], [-3], [True], [100, 0]])
def test_hidden_layers_must_have_positive_sizes(hidden):
    assert config_refusal({"hidden": hidden}).reason == (
        f'"hidden" must list positive layer sizes, not {hidden!r}'
    )


@pytest.mark.parametrize("dataset", ["mnist", "MNIST"])
def test_an_mnist_training_set_holds_at_most_60000_examples(dataset):
    assert config_refusal({"dataset": dataset, "train_size": 70000}).reason == (
        "invalid configuration: train_size: Training-set size is larger than the 60,000 examples."
    )


def test_another_data_set_is_not_held_to_the_mnist_size():
    validate_config({"dataset": "digits", "train_size": 70000}, SOURCE)  # no PresetError


def test_a_setting_that_breaks_the_configuration_is_refused_with_the_reason():
    error = config_refusal({"dropout": 10**400})
    assert error.reason == "invalid configuration: int too large to convert to float"


def test_every_problem_is_listed_one_after_the_other():
    assert config_refusal({"activation": "nope", "loss": "nope"}).reason == (
        "invalid configuration: activation: Unknown activation 'nope'.; loss: Unknown loss 'nope'."
    )


def test_a_preset_without_a_file_name_says_preset():
    with pytest.raises(PresetError) as caught:
        preset_from_dict([1, 2])
    assert str(caught.value) == "<preset>: a preset file must hold one JSON object"


def test_a_valid_preset_gives_its_settings_and_is_not_builtin():
    loaded = preset_from_dict(preset(view="weights", variants=[{"epochs": 3}]))
    assert (loaded.key, loaded.view, loaded.config) == ("07-mine", "weights", {"epochs": 2})
    assert loaded.variants == ({"epochs": 3},)
    assert loaded.builtin is False


def test_a_preset_without_a_key_takes_the_file_name():
    data = preset()
    del data["key"]
    assert preset_from_dict(data, SOURCE, path=Path("presets/07-mine.json")).key == "07-mine"


@pytest.mark.parametrize("key", [None, 5, "", "k" * 101], ids=["none", "5", "empty", "101"])
def test_a_key_must_be_a_text_of_1_to_100_characters(key):
    data = preset(key=key)
    if key is None:
        del data["key"]
    error = refusal(data)
    assert (error.source, error.reason) == (SOURCE, '"key" must be a text of 1 to 100 characters')


def test_a_key_of_100_characters_is_enough():
    assert preset_from_dict(preset(key="k" * 100)).key == "k" * 100


def test_a_preset_without_settings_says_config_is_missing():
    data = preset()
    del data["config"]
    assert refusal(data).reason == 'missing "config" (the training settings)'


def test_a_view_must_be_a_text():
    error = refusal(preset(view=3))
    assert (error.source, error.reason) == (SOURCE, '"view" must be a text such as "loss"')


def test_variants_must_be_a_list_of_objects():
    assert refusal(preset(variants={"epochs": 3})).reason == '"variants" must be a list of objects'


def test_a_wrong_variant_is_named_by_its_number_from_1():
    error = refusal(preset(variants=[{"epochs": 3}, {"epochs": 0}]))
    assert error.source == f"{SOURCE} (variant 2)"
    assert error.reason == "invalid configuration: epochs: Epochs must be at least 1."


@pytest.mark.parametrize("race", ["activation", 5])
def test_a_race_must_be_written_setting_equals_values(race):
    error = refusal(preset(race=race))
    assert error.source == SOURCE
    assert error.reason.startswith('"race": write SETTING=A,B with SETTING one of activation, ')
