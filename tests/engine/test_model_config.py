"""A model's config: layers without weights in their places, Keras's default names, defaults
for what a config leaves out, and one clear message for each malformed part."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import (
    Dense,
    Dropout,
    GaussianNoise,
    RandomRotation,
    RandomTranslation,
    Sequential,
)


def _stacked() -> Sequential:
    return Sequential(
        [
            RandomRotation(0.1),
            RandomTranslation(0.1, 0.1),
            Dense(8, "relu", input_dim=16),
            Dropout(0.5),
            GaussianNoise(0.1),
            Dropout(0.25, name="late"),
            Dense(3, "softmax"),
        ],
        seed=0,
        name="stacked",
    )


def test_training_layers_get_keras_names_and_come_back_in_their_places() -> None:
    model = _stacked()
    names = [layer.name for layer in model.stack]
    assert names == [
        "random_rotation",
        "random_translation",
        "dense",
        "dropout",
        "gaussian_noise",
        "late",
        "dense_1",
    ]
    clone = Sequential.from_config(model.get_config())
    assert clone.name == "stacked"
    assert [(type(layer), layer.name) for layer in clone.stack] == [
        (type(layer), layer.name) for layer in model.stack
    ]
    more = Sequential([Dense(4, input_dim=2), Dropout(0.1), Dense(4), Dropout(0.1), Dense(2)])
    assert [layer.name for layer in more.stack if isinstance(layer, Dropout)] == [
        "dropout",
        "dropout_1",
    ]


def test_each_training_layer_draws_from_its_own_stream() -> None:
    model = Sequential(
        [Dense(8, input_dim=2), Dropout(0.5), Dense(8), Dropout(0.5), Dense(2)], seed=0
    )
    first, second = (layer for layer in model.stack if isinstance(layer, Dropout))
    ones = np.ones((4, 8), np.float32)
    assert not np.array_equal(
        first.forward(ones, training=True), second.forward(ones, training=True)
    )


def test_a_layer_cannot_be_added_twice() -> None:
    dropout = Dropout(0.5)
    model = Sequential([Dense(4, input_dim=2), dropout], seed=0)
    with pytest.raises(ValueError, match=r"^this layer is already in the model$"):
        model.add(dropout)


def test_what_a_config_leaves_out_takes_the_defaults() -> None:
    config = Sequential([Dense(2, input_dim=3)], seed=4, name="mine").get_config()
    del config["name"], config["training_layers"]
    model = Sequential.from_config(config)
    assert model.name == "sequential" and model.stack == model.layers
    config["name"] = 7  # not a name
    assert Sequential.from_config(config).name == "sequential"


def _config_with(training_layers: object) -> dict:
    config = Sequential([Dense(2, input_dim=3), Dense(2)], seed=0).get_config()
    config["training_layers"] = training_layers
    return config


def _refusal(config: object) -> str:
    with pytest.raises(ValueError) as caught:
        Sequential.from_config(config)  # type: ignore[arg-type]
    return str(caught.value)


def test_malformed_configs_are_refused_with_one_message_each() -> None:
    dict_message = "a model config is a dict with a 'layers' list"
    assert _refusal([]) == dict_message
    assert _refusal({"layers": "dense"}) == dict_message
    assert _refusal({"layers": ["dense"]}) == "each layer config must be a dict"
    short_list = "'training_layers' must be a (short) list"
    assert _refusal(_config_with("dropout")) == short_list
    dropout = {"class_name": "Dropout", "before": 1, "config": {"rate": 0.5}}
    assert _refusal(_config_with([dropout] * 1001)) == short_list
    assert len(Sequential.from_config(_config_with([dropout] * 1000)).stack) == 1002
    known = "Dropout, GaussianNoise, RandomRotation, RandomTranslation"
    assert _refusal(_config_with([{"class_name": "Flatten"}])) == (
        f"unknown layer {{'class_name': 'Flatten'}}; known: {known}"
    )
    assert _refusal(_config_with(["Dropout"])) == f"unknown layer 'Dropout'; known: {known}"
    for before in (True, "1", -1, 2, None):
        entry = {"class_name": "Dropout", "before": before, "config": {"rate": 0.5}}
        assert _refusal(_config_with([entry])) == (
            f"a Dropout layer has no valid place ({before!r})"
        )
    no_settings = {"class_name": "GaussianNoise", "before": 0, "config": None}
    assert _refusal(_config_with([no_settings])) == "a GaussianNoise layer has no settings"
    bad = {"class_name": "Dropout", "before": 0, "config": {"rate": 0.5, "colour": 1}}
    assert _refusal(_config_with([bad])).startswith("bad settings for Dropout: ")
    assert "colour" in _refusal(_config_with([bad]))


def test_each_layer_finds_its_place_among_three_dense_layers() -> None:
    late = Dropout(0.5)
    model = Sequential([Dense(4, input_dim=2), Dense(4), late, Dense(2)], seed=0)
    assert (model.before(0), model.before(1), model.before(2)) == ([], [], [late])
    clone = Sequential.from_config(model.get_config())
    assert [type(layer) for layer in clone.stack] == [Dense, Dense, Dropout, Dense]


def test_layers_that_do_not_fit_are_refused_by_message() -> None:
    first = Dense(4, input_dim=2)
    model = Sequential([first], seed=0)
    refusals = [
        ("a layer", "Sequential takes Dense, Dropout, noise and augmentation layers, got str"),
        (first, "this layer is already in the model"),
        (Dense(3, name="dense"), "two layers are named 'dense'; layer names must be unique"),
        (
            Dense(3, input_dim=5, name="wide"),
            "layer 'wide' has input_dim=5, but the layer before it has 4 units",
        ),
    ]
    for layer, message in refusals:
        with pytest.raises(ValueError) as caught:
            model.add(layer)  # type: ignore[arg-type]
        assert str(caught.value) == message
