"""TrainingConfig: JSON round trip and a clear problem for every impossible setting."""

from __future__ import annotations

import math

import pytest

from playground.training import ConfigError, ConfigProblem, TrainingConfig


def fields(problems: list[ConfigProblem]) -> set[str]:
    return {p.field for p in problems}


def test_default_config_is_valid():
    assert TrainingConfig().validate(60000) == []
    assert TrainingConfig().validate() == []


def test_json_round_trip_and_hash():
    cfg = TrainingConfig(
        hidden=[300, 100],
        activation="elu",
        elu_alpha=0.5,
        optimizer="sgd",
        optimizer_params={"momentum": 0.9},
        learning_rate=0.05,
        train_size=1000,
        validation_split=0.2,
    )
    assert cfg.hidden == (300, 100)
    again = TrainingConfig.from_json(cfg.to_json())
    assert again == cfg
    assert hash(again) == hash(cfg)
    assert TrainingConfig.from_dict(cfg.to_dict()) == cfg
    assert TrainingConfig.from_dict({"batch_size": 10}) == TrainingConfig(batch_size=10)


def test_from_dict_refuses_unknown_fields_and_bad_json():
    with pytest.raises(ConfigError, match="bach_size"):
        TrainingConfig.from_dict({"bach_size": 10})
    with pytest.raises(ConfigError):
        TrainingConfig.from_json("{not json")
    with pytest.raises(ConfigError):
        TrainingConfig.from_dict([1, 2])


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"batch_size": 0}, "batch_size", "at least 1"),
        ({"batch_size": -5}, "batch_size", "at least 1"),
        ({"batch_size": 60001}, "batch_size", "larger than the 60,000"),
        ({"batch_size": 900, "train_size": 1000, "validation_split": 0.2}, "batch_size", "800"),
        ({"learning_rate": 0.0}, "learning_rate", "greater than 0"),
        ({"learning_rate": -0.1}, "learning_rate", "greater than 0"),
        ({"learning_rate": math.nan}, "learning_rate", "finite"),
        ({"learning_rate": math.inf}, "learning_rate", "finite"),
        ({"hidden": (500, 0)}, "hidden", "layer 2 has 0 units"),
        ({"hidden": (2.5,)}, "hidden", "whole number"),
        ({"epochs": 0}, "epochs", "at least 1"),
        ({"activation": "swish"}, "activation", "swish"),
        ({"optimizer": "adamw"}, "optimizer", "adamw"),
        ({"loss": "hinge"}, "loss", "hinge"),
        ({"initializer": "orthogonal"}, "initializer", "orthogonal"),
        ({"validation_split": 1.0}, "validation_split", "below 1"),
        ({"validation_split": -0.1}, "validation_split", "at least 0"),
        ({"train_size": 0}, "train_size", "at least 1"),
        ({"train_size": 70000}, "train_size", "larger than"),
        ({"dataset": "/no/such/folder"}, "dataset", "/no/such/folder"),
        ({"elu_alpha": math.nan}, "elu_alpha", "finite"),
        ({"maxout_pieces": 1}, "maxout_pieces", "2 pieces"),
        ({"seed": -1}, "seed", "0 or more"),
        ({"optimizer": "sgd", "optimizer_params": {"beta_1": 0.9}}, "optimizer_params", "beta_1"),
        ({"optimizer_params": {"learning_rate": 0.1}}, "optimizer_params", "own field"),
        ({"test_size": 0}, "test_size", "at least 1"),
    ],
)
def test_each_impossible_setting_is_named(changes, field, words):
    problems = TrainingConfig(**changes).validate(60000)
    assert field in fields(problems), problems
    message = next(p.message for p in problems if p.field == field)
    assert words.lower() in message.lower()
    assert len(message) < 100 and message.endswith(".")
    assert str(problems[0]).startswith(problems[0].field + ": ")


def test_validation_split_that_leaves_nothing():
    problems = TrainingConfig(batch_size=1, train_size=1, validation_split=0.9).validate(60000)
    assert "validation_split" in fields(problems)


def test_several_problems_are_all_reported():
    problems = TrainingConfig(batch_size=0, learning_rate=-1, epochs=0).validate(60000)
    assert {"batch_size", "learning_rate", "epochs"} <= fields(problems)


def test_updates_per_epoch():
    cfg = TrainingConfig(batch_size=100)
    assert cfg.updates_per_epoch(60000) == 600
    assert TrainingConfig(batch_size=1).updates_per_epoch(50000) == 50000
    cfg = TrainingConfig(batch_size=300, train_size=1000, validation_split=0.1)
    assert cfg.n_train(60000) == 900
    assert cfg.updates_per_epoch(60000) == 3
