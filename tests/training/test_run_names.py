"""How runs are named and grouped in the run comparison: a preset's title, else what differs
from the run before, else the main settings; losses compared only within one family."""

from __future__ import annotations

import pytest

from playground.training import TrainingConfig
from playground.training.runs import (
    MAX_KEPT_RUNS,
    RunLibrary,
    RunRecord,
    by_loss_family,
    differing_settings,
    loss_family,
    run_name,
)

BASE = TrainingConfig(hidden=(500, 500), activation="relu", optimizer="adam", learning_rate=1e-3)


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"learning_rate": 0.05, "batch_size": 20}, "lr 0.05, batch 20"),
        (
            {"activation": "tanh", "hidden": (64, 32), "dropout": 0.2},
            "tanh, layers 64-32, dropout 0.2",
        ),
        (
            {"l2": 0.001, "schedule": "cosine", "train_size": 1000},
            "L2 0.001, cosine, examples 1000",
        ),
        ({"optimizer": "sgd", "epochs": 5, "seed": 3}, "sgd, epochs 5, seed 3"),
        ({"loss": "mean_squared_error"}, "mean squared error"),
        ({"loss": "sparse_categorical_crossentropy"}, "cross-entropy"),
        ({"hidden": ()}, "layers none"),
        ({"learning_rate": 1e-5}, "lr 1e-05"),
    ],
)
def test_a_run_is_named_by_what_differs_from_the_run_before(changes, name):
    assert run_name(BASE.replace(**changes), BASE) == name


def test_the_differences_come_in_a_fixed_order_of_settings():
    changed = BASE.replace(seed=9, batch_size=10, activation="elu", learning_rate=0.5)
    assert differing_settings(changed, BASE) == ["elu", "lr 0.5", "batch 10", "seed 9"]
    assert differing_settings(BASE, BASE) == []


def test_more_than_three_differences_or_none_name_the_main_settings():
    four = BASE.replace(learning_rate=0.05, batch_size=20, seed=1, epochs=2)
    assert run_name(four, BASE) == "500-500 relu, cross-entropy, adam lr 0.05, batch 20"
    assert run_name(BASE, BASE) == "500-500 relu, cross-entropy, adam lr 0.001, batch 100"
    assert run_name(BASE) == run_name(BASE, BASE)
    plain = BASE.replace(hidden=(), loss="mean_squared_error", optimizer="sgd")
    assert run_name(plain) == "none relu, mean squared error, sgd lr 0.001, batch 100"


def test_a_presets_settings_are_named_by_its_title_whatever_the_epochs():
    preset = BASE.replace(learning_rate=0.1, optimizer="sgd", epochs=3)
    presets = [("Other", BASE.replace(seed=5)), ("Lecture 2: SGD", preset)]
    assert run_name(preset.replace(epochs=40), BASE, presets) == "Lecture 2: SGD"
    assert run_name(preset.replace(learning_rate=0.2), BASE, presets) == "sgd, lr 0.2, epochs 3"


def test_losses_are_grouped_by_their_scale():
    assert loss_family(BASE) == "cross-entropy"
    assert loss_family(BASE.replace(loss="sparse_categorical_crossentropy")) == "cross-entropy"
    assert loss_family(BASE.replace(loss="mse")) == "mean squared error"
    assert loss_family(BASE.replace(loss="hinge")) == "hinge"  # unknown: a family of its own
    runs = [
        RunRecord("a", BASE.replace(loss="mse")),
        RunRecord("b", BASE),
        RunRecord("c", BASE.replace(loss="mean_squared_error")),
        RunRecord("d", BASE.replace(loss="sparse_categorical_crossentropy")),
    ]
    groups = by_loss_family(runs)
    assert list(groups) == ["mean squared error", "cross-entropy"]  # first appearance first
    assert [[r.name for r in g] for g in groups.values()] == [["a", "c"], ["b", "d"]]


def test_trimming_lets_the_oldest_runs_go():
    library = RunLibrary(RunRecord(f"run {i}", BASE) for i in range(5))
    assert library.trim(5) == []
    assert library.trim(3) == ["run 0", "run 1"]
    assert library.names() == ["run 2", "run 3", "run 4"]
    many = RunLibrary(RunRecord(f"run {i}", BASE) for i in range(MAX_KEPT_RUNS + 2))
    assert MAX_KEPT_RUNS == 24
    assert many.trim() == ["run 0", "run 1"] and len(many) == 24
