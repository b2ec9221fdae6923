"""TrainingConfig: JSON round trip and a clear problem for every impossible setting."""

from __future__ import annotations

import json
import math
from types import MappingProxyType

import pytest

from playground.engine import limits
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


# Each impossible setting alone: exactly one problem, in the words the settings panel shows.
EXACT = [
    ({"batch_size": 0}, "batch_size", "Batch size must be at least 1."),
    ({"batch_size": 2.0}, "batch_size", "Batch size must be at least 1."),
    (
        {"batch_size": 60001},
        "batch_size",
        "Batch size 60,001 is larger than the 60,000 training examples.",
    ),
    ({"learning_rate": 0}, "learning_rate", "Learning rate must be greater than 0."),
    ({"learning_rate": "0.1"}, "learning_rate", "Learning rate must be a finite number."),
    ({"learning_rate": True}, "learning_rate", "Learning rate must be a finite number."),
    ({"hidden": (500, 0)}, "hidden", "Hidden layer 2 has 0 units; it needs at least 1."),
    ({"hidden": (True,)}, "hidden", "Hidden layer 1 needs a whole number of units, not True."),
    ({"hidden": "500"}, "hidden", "Hidden layers must be a list of layer sizes."),
    ({"epochs": 0}, "epochs", "Epochs must be at least 1."),
    ({"epochs": 1.5}, "epochs", "Epochs must be at least 1."),
    ({"activation": "swish"}, "activation", "Unknown activation 'swish'."),
    ({"optimizer": "adamw"}, "optimizer", "Unknown optimizer 'adamw'."),
    ({"optimizer": 3}, "optimizer", "Unknown optimizer 3."),
    ({"loss": "hinge"}, "loss", "Unknown loss 'hinge'."),
    ({"initializer": "orthogonal"}, "initializer", "Unknown initializer 'orthogonal'."),
    (
        {"validation_split": 1.0},
        "validation_split",
        "Validation split must be at least 0 and below 1.",
    ),
    (
        {"validation_split": math.inf},
        "validation_split",
        "Validation split must be at least 0 and below 1.",
    ),
    (
        {"validation_split": "0.2"},
        "validation_split",
        "Validation split must be at least 0 and below 1.",
    ),
    ({"train_size": 0}, "train_size", "Training-set size must be at least 1."),
    ({"train_size": 70000}, "train_size", "Training-set size is larger than the 60,000 examples."),
    ({"test_size": 2.5}, "test_size", "Test-set size must be at least 1."),
    ({"dataset": ""}, "dataset", "Choose a data set."),
    ({"dataset": None}, "dataset", "Choose a data set."),
    (
        {"dataset": "/no/such"},
        "dataset",
        "No data set named '/no/such' and no such file or folder.",
    ),
    pytest.param(  # longer than a file name may be: no such file either, not an OSError
        {"dataset": "d" * 300},
        "dataset",
        f"No data set named '{'d' * 300}' and no such file or folder.",
        id="dataset-longer-than-a-file-name",
    ),
    ({"elu_alpha": -0.5}, "elu_alpha", "ELU alpha must not be negative."),
    ({"elu_alpha": math.inf}, "elu_alpha", "ELU alpha must be a finite number."),
    ({"maxout_pieces": 2.0}, "maxout_pieces", "Maxout needs at least 2 pieces."),
    ({"seed": 1.5}, "seed", "Seed must be a whole number, 0 or more."),
    (
        {"optimizer_params": [1]},
        "optimizer_params",
        "Optimizer settings must be a mapping of name to value.",
    ),
    (
        {"optimizer_params": {"learning_rate": 0.1}},
        "optimizer_params",
        "Set the learning rate in its own field.",
    ),
    (
        {"optimizer": "sgd", "optimizer_params": {"beta_1": 0.9}},
        "optimizer_params",
        "sgd has no setting 'beta_1'.",
    ),
    (
        {"optimizer": "SGD", "optimizer_params": {"momentum": -0.5}},
        "optimizer_params",
        "momentum must not be negative.",
    ),
    (
        {"optimizer": "sgd", "optimizer_params": {"momentum": math.nan}},
        "optimizer_params",
        "momentum must be a finite number.",
    ),
    (
        {"optimizer": "sgd", "optimizer_params": {"momentum": "0.9"}},
        "optimizer_params",
        "momentum must be a finite number.",
    ),
    # The optimizer's name in any case: its settings are still known.
    (
        {"optimizer": "SGD", "optimizer_params": {"beta_1": 0.9}},
        "optimizer_params",
        "SGD has no setting 'beta_1'.",
    ),
    # A flag before a bad number does not end the check of the settings.
    (
        {"optimizer": "sgd", "optimizer_params": {"nesterov": True, "momentum": -0.5}},
        "optimizer_params",
        "momentum must not be negative.",
    ),
    # An integer too large for a float (10**400 in a JSON file) is not finite.
    ({"learning_rate": 10**400}, "learning_rate", "Learning rate must be a finite number."),
    (
        {"train_size": 2, "validation_split": 0.9},
        "validation_split",
        "The validation split leaves no training examples.",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), EXACT)
def test_each_impossible_setting_gives_exactly_one_message(changes, field, message):
    problems = TrainingConfig(**changes).validate(60000)
    assert problems == [ConfigProblem(field, message)]
    assert str(problems[0]) == f"{field}: {message}"


@pytest.mark.parametrize(
    "changes",
    [
        {"learning_rate": 1e-9},
        {"elu_alpha": 0.0},
        {"maxout_pieces": 2},
        {"seed": 0},
        {"epochs": 1},
        {"train_size": 1, "batch_size": 1},
        {"train_size": 60000, "batch_size": 60000},
        {"test_size": 1},
        {"validation_split": 0.0},
        {"optimizer": "sgd", "optimizer_params": {"momentum": 0.0, "nesterov": True}},
        {"optimizer": "Adam"},
        {"dataset": "MNIST"},
        {"hidden": ()},
        {"hidden": (1,)},
    ],
)
def test_settings_at_their_limits_are_fine(changes):
    assert TrainingConfig(**changes).validate(60000) == []


def test_a_bad_training_size_stops_the_checks_that_need_it():
    # With no usable training-set size, the batch size is not compared with it.
    assert TrainingConfig(train_size=0, batch_size=10**6).validate(60000) == [
        ConfigProblem("train_size", "Training-set size must be at least 1.")
    ]
    # Without the data set's size, nothing is compared with it.
    assert TrainingConfig(batch_size=10**6, train_size=10**6).validate() == []
    # A bad split is reported once, not again as "leaves no training examples".
    assert [p.field for p in TrainingConfig(validation_split=2.0).validate(10)] == [
        "validation_split"
    ]


def test_installed_data_set_short_names(monkeypatch, tmp_path):
    monkeypatch.setattr(
        "playground.data.datasets.SYSTEM_FOLDERS", {"fashion-mnist": tmp_path / "absent"}
    )
    assert TrainingConfig(dataset=" Fashion-MNIST ").validate() == [
        ConfigProblem(
            "dataset", f" Fashion-MNIST  is not installed (no folder {tmp_path / 'absent'})."
        )
    ]
    (tmp_path / "absent").mkdir()
    assert TrainingConfig(dataset="fashion-mnist").validate() == []
    assert TrainingConfig(dataset=str(tmp_path)).validate() == []


def test_derived_figures():
    cfg = TrainingConfig(train_size=1000, validation_split=0.25, batch_size=300)
    assert cfg.n_examples(60000) == 1000 and cfg.n_examples(500) == 500
    assert cfg.n_validation(60000) == 250 and cfg.n_train(60000) == 750
    assert cfg.updates_per_epoch(60000) == 3  # 300 + 300 + 150
    assert TrainingConfig().n_examples(123) == 123
    assert TrainingConfig(batch_size=7).updates_per_epoch(0) == 1


def test_json_messages():
    with pytest.raises(ConfigError, match=r"^Unknown setting\(s\): bach_size, colour\.$"):
        TrainingConfig.from_dict({"bach_size": 10, "colour": 1})
    with pytest.raises(ConfigError, match=r"^A training configuration must be a JSON object\.$"):
        TrainingConfig.from_json("[1]")
    with pytest.raises(ConfigError, match=r"^hidden must be a list of layer sizes\.$"):
        TrainingConfig.from_dict({"hidden": 500})
    with pytest.raises(ConfigError, match=r"^optimizer_params must be an object\.$"):
        TrainingConfig.from_dict({"optimizer_params": [1]})
    with pytest.raises(ConfigError, match=r"^Not valid JSON: "):
        TrainingConfig.from_json("{not json")
    assert TrainingConfig.from_dict({"hidden": [3], "optimizer_params": {"momentum": 0.5}}) == (
        TrainingConfig(hidden=(3,), optimizer_params={"momentum": 0.5})
    )
    # the JSON text is canonical: equal configs give equal text, whatever the key order
    assert TrainingConfig(hidden=[3]).to_json() == TrainingConfig(hidden=(3,)).to_json()
    assert json.loads(TrainingConfig().to_json())["hidden"] == [500, 500]


def test_equal_configs_hash_alike_whatever_the_order_of_their_settings():
    a = TrainingConfig(optimizer_params={"beta_1": 0.8, "beta_2": 0.99})
    b = TrainingConfig(optimizer_params={"beta_2": 0.99, "beta_1": 0.8})
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert TrainingConfig(train_size=1, batch_size=1).updates_per_epoch(60000) == 1


# Regularization, augmentation and the schedule: each bad value alone, in the panel's words.
DROPOUT = "Dropout rate must be at least 0 and below 1."
L2 = "L2 strength must be a finite number, 0 or more."
ROTATION = "Rotation must be between 0 and 180 degrees."
SHIFT = "Shift must be between 0 and 14 pixels."
NOISE = "Noise must be a finite number, 0 or more."
REGULARIZATION = [
    ("dropout", -0.1, DROPOUT),
    ("dropout", 1.0, DROPOUT),
    ("dropout", math.nan, DROPOUT),
    ("dropout", "0.5", DROPOUT),
    ("l2", -1e-4, L2),
    ("l2", math.inf, L2),
    ("l2", True, L2),
    ("rotation", -1.0, ROTATION),
    ("rotation", 180.5, ROTATION),
    ("rotation", math.nan, ROTATION),
    ("shift", -0.5, SHIFT),
    ("shift", 14.5, SHIFT),
    ("shift", None, SHIFT),
    ("noise", -0.01, NOISE),
    ("noise", math.inf, NOISE),
    ("noise", "0.1", NOISE),
]


@pytest.mark.parametrize(("name", "value", "message"), REGULARIZATION)
def test_each_bad_regularization_gives_exactly_one_message(name, value, message):
    assert TrainingConfig(**{name: value}).validate(60000) == [ConfigProblem(name, message)]


def test_an_unknown_schedule_names_the_choices():
    assert TrainingConfig(schedule="step").validate(60000) == [
        ConfigProblem("schedule", "Unknown schedule 'step'; choose constant, cosine, exponential.")
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"dropout": 0.0},
        {"dropout": 0.99},
        {"l2": 0.0},
        {"l2": 1e6},
        {"rotation": 180},
        {"shift": 14},
        {"noise": 5.0},
        {"schedule": "cosine"},
        {"schedule": "exponential"},
    ],
)
def test_regularization_at_its_limits_is_fine(changes):
    assert TrainingConfig(**changes).validate(60000) == []


# Sizes far beyond a lecture: refused with the limit in the message, and nothing else reported.
SIZES = [
    ({"elu_alpha": 100.5}, "elu_alpha", "ELU alpha must be at most 100."),
    ({"epochs": 100_001}, "epochs", "Epochs must be at most 100,000."),
    ({"seed": 2**31}, "seed", "Seed must be at most 2,147,483,647."),
    ({"batch_size": 10_000_001}, "batch_size", "Batch size must be at most 10,000,000."),
    ({"train_size": 10_000_001}, "train_size", "Train size must be at most 10,000,000."),
    ({"test_size": 10_000_001}, "test_size", "Test size must be at most 10,000,000."),
    (
        {"hidden": (70_000,)},
        "hidden",
        "Layer 1 is 70,000 wide, more than the limit of 65,536 "
        "(its weights would not fit in memory).",
    ),
    # Maxout widens a layer by its pieces: 40,000 units of 2 pieces are 80,000 wide.
    (
        {"hidden": (10, 40_000), "activation": "maxout", "maxout_pieces": 2},
        "hidden",
        "Layer 2 is 80,000 wide, more than the limit of 65,536 "
        "(its weights would not fit in memory).",
    ),
    # One layer of 25,158 on MNIST's 784 inputs and 10 outputs: 795 x 25,158 + 10 parameters.
    (
        {"hidden": (25_158,)},
        "hidden",
        "The network has 20,000,620 parameters, more than the limit of 20,000,000 "
        "(about 320 MB while training with Adam).",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), SIZES)
def test_each_size_beyond_the_limits_gives_exactly_one_message(changes, field, message):
    assert TrainingConfig(**changes).validate() == [ConfigProblem(field, message)]


def test_sizes_at_the_limits_are_fine():
    config = TrainingConfig(
        hidden=(25_157,),  # 19,999,825 parameters with MNIST's ten classes
        elu_alpha=limits.MAX_ELU_ALPHA,
        epochs=100_000,
        seed=2**31 - 1,
        batch_size=10_000_000,
        train_size=10_000_000,
        test_size=10_000_000,
    )
    assert config.validate() == []
    # Pieces count only for maxout: the same layers with ReLU are 40,000 wide.
    assert TrainingConfig(hidden=(10, 40_000), maxout_pieces=2).validate() == []


def test_sizes_are_checked_only_when_everything_else_is_fine():
    # A huge layer next to an impossible setting: only the impossible setting is reported.
    assert TrainingConfig(hidden=(70_000,), epochs=0).validate() == [
        ConfigProblem("epochs", "Epochs must be at least 1.")
    ]


def test_an_error_lists_its_problems():
    problem = ConfigProblem("epochs", "Epochs must be at least 1.")
    assert ConfigError("Cannot train.").problems == []
    assert ConfigError("Cannot train.", (problem,)).problems == [problem]


def test_read_only_optimizer_settings_become_a_plain_mapping():
    config = TrainingConfig(optimizer="sgd", optimizer_params=MappingProxyType({"momentum": 0.9}))
    assert config.validate(60000) == []
    assert config.optimizer_params == {"momentum": 0.9}
    assert TrainingConfig.from_json(config.to_json()) == config


def test_different_configs_hash_differently():
    hashes = {hash(TrainingConfig(seed=seed)) for seed in range(20)}
    assert len(hashes) == 20
