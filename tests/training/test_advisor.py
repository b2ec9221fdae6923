"""Each advisor rule fires on a crafted run, stays quiet on a healthy one, and its one-click
fix changes the setting it names."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import advisor
from playground.training.advisor import RunFacts
from playground.training.config import ConfigError, TrainingConfig

BASE = TrainingConfig(hidden=(64,), epochs=5)
HEALTHY = dict(
    loss=[0.9, 0.5, 0.35, 0.3, 0.28],
    accuracy=[0.8, 0.88, 0.91, 0.92, 0.93],
    test_loss=[0.6, 0.45, 0.4, 0.38, 0.37],
    test_accuracy=[0.85, 0.88, 0.9, 0.91, 0.915],
)

CASES = [
    ("exploding", {"diverged": True}, {}, {"learning_rate": 1e-4}),
    ("exploding", {"loss": [2.3, float("nan")]}, {}, {"learning_rate": 1e-4}),
    ("lr_too_high", {"loss": [2.3, 2.9, 2.5, 3.1, 2.6]}, {}, {"learning_rate": 1e-4}),
    ("lr_too_low", {"loss": [2.30, 2.29, 2.28, 2.27, 2.26]}, {"learning_rate": 1e-5},
     {"learning_rate": 1e-4}),
    ("not_learning", {"accuracy": [0.1, 0.11, 0.1]}, {"initializer": "zeros"},
     {"initializer": "glorot_uniform"}),
    ("not_learning", {"accuracy": [0.1, 0.11, 0.1]}, {"activation": "sigmoid"},
     {"activation": "relu"}),
    ("overfitting", {"accuracy": [0.9, 0.97, 0.99, 1.0, 1.0],
                     "test_loss": [0.5, 0.4, 0.42, 0.5, 0.6],
                     "test_accuracy": [0.86, 0.88, 0.88, 0.87, 0.87]}, {}, {"dropout": 0.3}),
    ("overfitting", {"accuracy": [0.9, 0.97, 0.99, 1.0, 1.0],
                     "test_loss": [0.5, 0.4, 0.42, 0.5, 0.6],
                     "test_accuracy": [0.86, 0.88, 0.88, 0.87, 0.87]}, {"dropout": 0.3},
     {"l2": 1e-4}),
    ("dead_relu", {"dead_fraction": 0.7}, {}, {"activation": "leaky_relu"}),
    ("extreme", {}, {"learning_rate": 5.0}, {"learning_rate": 0.001}),
    ("extreme", {}, {"batch_size": 10_000}, {"batch_size": 100}),
    ("extreme", {}, {"hidden": (8000, 64)}, {"hidden": (512, 64)}),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "figures", "settings", "fix"), CASES)
def test_rule_fires_and_its_fix_changes_the_setting(rule, figures, settings, fix) -> None:
    config = BASE.replace(**settings)
    facts = RunFacts(config, **{**HEALTHY, **figures})
    found = advisor.advise(facts)
    assert rule in [a.rule for a in found]
    advice = next(a for a in found if a.rule == rule)
    assert dict(advice.fix) == fix and advice.message
    fixed = advisor.apply(config, advice)
    for name, value in fix.items():
        assert getattr(fixed, name) == value != getattr(config, name)


def test_a_healthy_run_gets_no_advice() -> None:
    assert advisor.advise(RunFacts(BASE, **HEALTHY)) == []


def test_exploding_hides_the_rest() -> None:
    facts = RunFacts(BASE.replace(learning_rate=5.0), diverged=True, dead_fraction=0.9)
    assert [a.rule for a in advisor.advise(facts)] == ["exploding"]


def test_a_fix_that_cannot_train_is_refused() -> None:
    with pytest.raises(ConfigError):
        advisor.apply(BASE, advisor.Advice("x", "", {"dropout": 1.5}))


def test_dead_fraction_counts_units_that_never_fire() -> None:
    model = Sequential([Dense(4, activation="relu", input_dim=2), Dense(2, activation="softmax")])
    model.layers[0].kernel[:] = np.array([[1, -1, 1, -1], [1, -1, -1, 1]])
    model.layers[0].bias[:] = [0, 0, -10, -10]
    x = np.array([[1.0, 1.0], [2.0, 0.5]])
    # unit 0 fires, unit 1 never (-x1-x2 < 0), units 2 and 3 never (bias -10)
    assert advisor.dead_fraction(model, x) == 0.75
