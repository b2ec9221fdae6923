"""The advisor's rules at their edges (the first and last epoch they compare, the limits that
make a rule fire) and the sentences it says, filled in from the run's figures."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import advisor
from playground.training.advisor import TEMPLATES, RunFacts
from playground.training.config import ConfigError, TrainingConfig

BASE = TrainingConfig(hidden=(64,), epochs=5)  # adam at 0.001, ReLU


def rules(config: TrainingConfig = BASE, **figures) -> list[str]:
    return [a.rule for a in advisor.advise(RunFacts(config, **figures))]


def only(rule: str, config: TrainingConfig = BASE, **figures) -> advisor.Advice:
    (advice,) = [a for a in advisor.advise(RunFacts(config, **figures)) if a.rule == rule]
    return advice


# -- the learning rate from the loss curve --------------------------------------------------
@pytest.mark.parametrize(
    ("loss", "fires"),
    [
        ([2.0, 2.1], True),  # two epochs are enough
        ([2.0], False),
        ([2.0, 1.0, 2.0], True),  # back where it started: no progress
        ([2.0, 1.0, 2.5], True),  # only the first and the last epoch count
        ([2.0, 2.5, 1.0], False),
    ],
)
def test_the_loss_not_going_down_means_too_big_steps(loss, fires) -> None:
    assert ("lr_too_high" in rules(loss=loss)) is fires


SLOW = BASE.replace(learning_rate=1e-5)


@pytest.mark.parametrize(
    ("loss", "config", "fires"),
    [
        ([2.0, 1.99, 1.98], BASE.replace(learning_rate=1e-4), True),  # three epochs, 1e-4
        ([2.0, 1.99, 1.98], BASE.replace(learning_rate=1e-3), False),  # a normal rate
        ([2.0, 1.99], SLOW, False),  # two epochs say too little
        ([2.0, 2.0, 2.0], SLOW, True),  # flat
        ([2.5, 2.4, 2.375], SLOW, False),  # fell by exactly 5 %
        ([2.0, 1.99, 1.0], SLOW, False),  # fell by half: only the first and last count
        ([2.0, 1.0, 0.99], SLOW, False),
        ([2.0, 0.5, 1.95], SLOW, True),  # fell by 2.5 %: the middle epoch does not count
        ([2.0, 0.0, 1.95], SLOW, True),
        ([0.9, 0.89, 0.88], SLOW, True),  # a loss below 1
        ([0.0, 0.0, 0.0], SLOW, False),  # nothing to fall from (and no division by 0)
    ],
)
def test_a_loss_that_falls_very_slowly_means_tiny_steps(loss, config, fires) -> None:
    assert ("lr_too_low" in rules(config, loss=loss)) is fires


def test_the_rate_advice_says_the_rate_to_try() -> None:
    advice = only("lr_too_low", SLOW, loss=[2.0, 1.99, 1.98])
    assert (
        advice.message
        == "The loss falls very slowly: the steps are tiny. Try learning rate 0.0001."
    )
    advice = only("lr_too_high", BASE, loss=[2.0, 2.1])
    assert advice.message == (
        "The loss does not go down, it jumps around: the steps are too big. "
        "Try learning rate 0.0001."
    )


# -- accuracy at chance -----------------------------------------------------------------------
SIGMOID = BASE.replace(activation="sigmoid")


@pytest.mark.parametrize(
    ("accuracy", "classes", "fires"),
    [
        ([0.1, 0.1], 10, True),  # two epochs are enough
        ([0.1], 10, False),
        ([0.1, 0.15], 10, True),  # 1.5 times chance (10 %) is still chance
        ([0.1, 0.2], 10, False),
        ([0.1, 0.1, 0.9], 10, False),  # the last epoch counts
        ([0.6, 0.6], 2, True),  # of two classes, 50 % is chance and 75 % the limit
        ([0.8, 0.8], 2, False),
        ([0.5, 0.9], 10, False),
    ],
)
def test_accuracy_at_chance_level(accuracy, classes, fires) -> None:
    found = rules(SIGMOID, accuracy=accuracy, num_classes=classes)
    assert ("not_learning" in found) is fires


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "linear"])
def test_fading_gradients_name_the_activation(activation) -> None:
    advice = only("not_learning", BASE.replace(activation=activation), accuracy=[0.1, 0.1])
    assert advice.message == (
        f"Accuracy stays at chance: the gradients fade through {activation} layers. Try ReLU."
    )
    assert dict(advice.fix) == {"activation": "relu"}


def test_zero_weights_at_chance_are_named_before_the_activation() -> None:
    config = SIGMOID.replace(initializer="zeros")
    advice = only("not_learning", config, accuracy=[0.1, 0.1])
    assert advice.template == "zeros" and advice.message == TEMPLATES["zeros"]
    assert dict(advice.fix) == {"initializer": "glorot_uniform"}


def test_relu_at_chance_with_random_weights_gets_no_advice() -> None:
    assert "not_learning" not in rules(accuracy=[0.1, 0.1])


# -- overfitting ------------------------------------------------------------------------------
RISING = [0.5, 0.4, 0.45]


@pytest.mark.parametrize(
    ("accuracy", "test_accuracy", "test_loss", "fires"),
    [
        ([1.0], [0.8], RISING, True),  # three test losses, the last above the lowest
        ([1.0], [0.8], [0.5, 0.45], False),  # two are too few
        ([1.0], [0.8], [0.6, 0.5, 0.4], False),  # still falling
        ([1.0], [0.8], [0.5, 0.45, 0.4, 0.4], False),  # level at its lowest
        ([1.0], [0.99], RISING, False),  # a gap of one point is not memorising
        ([0.10], [0.05], RISING, False),  # a gap of exactly 5 points is not yet
        ([0.9, 0.9, 1.0], [0.95, 0.95, 0.85], RISING, True),  # the last epoch counts
        ([0.9, 0.9, 0.9], [0.5, 0.5, 0.88], RISING, False),
        ([1.0], [], RISING, False),  # no test figures yet
        ([], [0.5], RISING, False),
    ],
)
def test_memorising_needs_a_gap_and_a_rising_test_loss(
    accuracy, test_accuracy, test_loss, fires
) -> None:
    found = rules(accuracy=accuracy, test_accuracy=test_accuracy, test_loss=test_loss)
    assert ("overfitting" in found) is fires


@pytest.mark.parametrize(
    ("dropout", "template", "fix", "cure"),
    [(0.0, "overfitting_dropout", {"dropout": 0.3}, "Try dropout 0.3."),
     (0.2, "overfitting_l2", {"l2": 1e-4}, "Try an L2 penalty of 0.0001.")],
)  # fmt: skip
def test_the_overfitting_advice_says_the_gap_in_points(dropout, template, fix, cure) -> None:
    config = BASE.replace(dropout=dropout)
    advice = only("overfitting", config, accuracy=[1.0], test_accuracy=[0.4], test_loss=RISING)
    assert advice.message == (
        "Training accuracy is 60 points above the test accuracy and the test loss rises again: "
        f"it memorises. {cure}"
    )
    assert advice.template == template and dict(advice.fix) == fix
    assert advice.values["gap"] == pytest.approx(60)


# -- dead units, extreme settings -------------------------------------------------------------
def test_dead_relus_above_half_of_the_units() -> None:
    assert "dead_relu" not in rules(dead_fraction=0.5)
    advice = only("dead_relu", dead_fraction=0.7)
    assert advice.message == (
        "70% of the ReLU units never fire and no longer learn. "
        "Leaky ReLU keeps a small slope below 0."
    )
    assert "dead_relu" not in rules(BASE.replace(activation="elu"), dead_fraction=0.9)


@pytest.mark.parametrize(
    ("settings", "fix", "message"),
    [
        ({"learning_rate": 1.0}, {"learning_rate": 0.001},
         "Learning rate 1 is far above what works (0.001 to 0.1)."),
        ({"learning_rate": 5.0, "optimizer": "sgd"}, {"learning_rate": 0.01},
         "Learning rate 5 is far above what works (0.001 to 0.1)."),
        ({"batch_size": 2049}, {"batch_size": 100}, "Batch size 2049 gives few updates per epoch."),
        ({"hidden": (4097,)}, {"hidden": (512,)},
         "Layers this wide train slowly and overfit; 512 units are plenty for digits."),
    ],
)  # fmt: skip
def test_extreme_settings_and_their_fixes(settings, fix, message) -> None:
    advice = only("extreme", BASE.replace(**settings))
    assert dict(advice.fix) == fix and advice.message == message


@pytest.mark.parametrize(
    "settings", [{"learning_rate": 0.99}, {"batch_size": 2048}, {"hidden": (4096, 10)}]
)
def test_settings_at_the_limits_are_not_extreme(settings) -> None:
    assert "extreme" not in rules(BASE.replace(**settings))


def test_the_window_can_translate_a_message_and_fill_it_in() -> None:
    advice = only("exploding", diverged=True)
    assert advice.message == "The loss became infinite: try learning rate 0.0001."
    assert advice.template == "exploding"
    assert dict(advice.values) == {"lr": pytest.approx(1e-4)}
    batch = only("extreme", BASE.replace(batch_size=5000))
    assert batch.template == "extreme_batch" and dict(batch.values) == {"batch": 5000}
    assert TEMPLATES[batch.template].format(**batch.values) == batch.message


def test_a_fix_that_cannot_train_names_its_problems() -> None:
    with pytest.raises(ConfigError, match=r"^the fix gives impossible settings$") as caught:
        advisor.apply(BASE, advisor.Advice("x", "", {"dropout": 1.5, "epochs": 0}))
    assert {p.field for p in caught.value.problems} == {"dropout", "epochs"}


# -- dead units in a model --------------------------------------------------------------------
def two_hidden(first: str = "relu", second: str = "relu") -> Sequential:
    model = Sequential(
        [
            Dense(2, activation=first, input_dim=2),
            Dense(4, activation=second),
            Dense(2, activation="softmax"),
        ]
    )
    model.layers[0].kernel[:] = np.eye(2)
    model.layers[0].bias[:] = 0
    model.layers[1].kernel[:] = np.array([[1.0, -1.0, 0.0, 0.0], [1.0, -1.0, 0.0, 0.0]])
    model.layers[1].bias[:] = [0.0, 0.0, -1.0, -1.0]
    return model


SMALL = np.array([[0.1, 0.2], [0.3, 0.0]])  # outputs below 1 still count as firing


def test_dead_units_are_counted_over_every_hidden_relu_layer() -> None:
    # Layer 1: both units fire. Layer 2: unit 0 fires, 1 to 3 never do.
    assert advisor.dead_fraction(two_hidden(), SMALL) == 3 / 6


def test_only_relu_layers_count() -> None:
    assert advisor.dead_fraction(two_hidden("sigmoid"), SMALL) == 3 / 4
    assert advisor.dead_fraction(two_hidden("relu", "tanh"), SMALL) == 0 / 2
    assert advisor.dead_fraction(two_hidden("sigmoid", "tanh"), SMALL) == 0.0


def test_dead_units_of_an_earlier_layer_count_too() -> None:
    model = two_hidden()
    model.layers[0].bias[:] = [0.0, -5.0]  # unit 1 of the first layer never fires
    model.layers[1].kernel[:] = 1.0
    model.layers[1].bias[:] = 0.0  # every unit of the second fires
    assert advisor.dead_fraction(model, SMALL) == 1 / 6
