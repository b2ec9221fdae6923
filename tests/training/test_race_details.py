"""A race's details: how a variation is read and named, each variant's settings, the targets
its loss compares with, the batch sizes the data allow, and the weights every variant starts
from."""

from __future__ import annotations

import numpy as np
import pytest

from playground.training import TrainingConfig
from playground.training.model_builder import build_model
from playground.training.preparation import prepare
from playground.training.race import (
    Race,
    make_variation,
    parse_variation,
    share_initial_weights,
    variant_configs,
)

BASE = TrainingConfig(hidden=(8,), batch_size=100, epochs=1, seed=3, learning_rate=0.5)


def _race(synthetic, text: str, default_rates: bool | None = None, **changes) -> Race:
    config = BASE.replace(**changes)
    extra = {} if default_rates is None else {"default_rates": default_rates}
    return Race(config, parse_variation(text), prepare(synthetic, config), **extra)


def test_variant_names_show_the_setting_and_its_value():
    assert make_variation("batch_size", (32, 64)).label(32) == "batch 32"
    assert make_variation("depth", (1, 3)).label(3) == "depth 3"
    rates = make_variation("learning_rate", (1.0, 0.25))
    assert [rates.label(v) for v in rates.values] == ["lr 1", "lr 0.25"]  # a float as %g


def test_an_unknown_setting_is_answered_with_the_settings_a_race_may_vary():
    message = (
        "write SETTING=A,B with SETTING one of "
        "activation, loss, optimizer, learning_rate, batch_size, depth"
    )
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_variation("colour=red,blue")


def test_the_setting_ends_at_the_first_equals_sign_and_an_unknown_value_lists_the_choices():
    choices = "linear, sigmoid, tanh, relu, leaky_relu, elu, maxout"
    with pytest.raises(ValueError) as caught:
        parse_variation("activation=relu,sigmoid=x")
    assert str(caught.value) == f"unknown activation 'sigmoid=x'; choose from {choices}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("learning_rate=0.1,x", "every value of learning_rate must be a number"),
        ("batch_size=10,x", "every value of batch_size must be a whole number"),
        ("depth=1.5,2", "every value of depth must be a whole number"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named_with_the_kind_wanted(text, message):
    with pytest.raises(ValueError) as caught:
        parse_variation(text)
    assert str(caught.value) == message


def test_a_race_takes_as_many_as_four_values():
    assert make_variation("depth", (1, 2, 3, 4)).values == (1, 2, 3, 4)
    assert parse_variation("activation=relu,tanh,sigmoid,elu").values[-1] == "elu"


def test_an_optimizer_keeps_the_base_rate_unless_asked_for_its_own():
    variation = make_variation("optimizer", ("sgd", "adam"))
    assert [c.learning_rate for _, c in variant_configs(BASE, variation)] == [0.5, 0.5]
    own = variant_configs(BASE, variation, default_rates=True)
    # Keras' defaults: SGD 0.01, Adam 0.001.
    assert [(name, c.optimizer, c.learning_rate) for name, c in own] == [
        ("sgd", "sgd", 0.01),
        ("adam", "adam", 0.001),
    ]


def test_own_rates_change_nothing_but_an_optimizer_race():
    variation = make_variation("activation", ("relu", "tanh"))
    configs = variant_configs(BASE, variation, default_rates=True)
    assert [(c.activation, c.learning_rate) for _, c in configs] == [("relu", 0.5), ("tanh", 0.5)]


def test_a_depth_variant_repeats_the_first_hidden_layers_width():
    variation = make_variation("depth", (1, 3))
    wide = variant_configs(BASE.replace(hidden=(16, 32)), variation)
    assert [c.hidden for _, c in wide] == [(16,), (16, 16, 16)]
    # Without a hidden layer in the base settings, 100 units each.
    bare = variant_configs(BASE.replace(hidden=()), variation)
    assert [(name, c.hidden) for name, c in bare] == [
        ("depth 1", (100,)),
        ("depth 3", (100, 100, 100)),
    ]


def test_a_race_passes_its_own_rates_choice_to_its_variants(synthetic):
    plain = _race(synthetic, "optimizer=sgd,adam")
    assert plain.variation == make_variation("optimizer", ("sgd", "adam"))
    assert [v.config.learning_rate for v in plain.variants] == [0.5, 0.5]
    own = _race(synthetic, "optimizer=sgd,adam", default_rates=True)
    assert [v.config.learning_rate for v in own.variants] == [0.01, 0.001]


def test_a_batch_may_be_as_large_as_the_training_set_and_no_larger(synthetic):
    race = _race(synthetic, "batch_size=300,600")  # 600 training examples
    assert [v.config.batch_size for v in race.variants] == [300, 600]
    with pytest.raises(ValueError) as caught:
        _race(synthetic, "batch_size=300,700")
    assert str(caught.value) == "batch 700: batch size 700 > 600 examples"


def test_a_schedule_runs_over_the_races_own_training_set(synthetic):
    race = _race(synthetic, "activation=relu,tanh", schedule="cosine", epochs=2)
    # 600 examples in batches of 100: 6 updates an epoch, 12 in the whole race, so after the
    # first epoch the cosine is half way down: 0.5 * (1 + cos(pi / 2)) / 2 = 0.25.
    race.advance(600)
    assert [v.updates for v in race.variants] == [6, 6]
    rates = [v.model.optimizer.learning_rate for v in race.variants]
    assert rates == pytest.approx([0.25, 0.25])


def test_each_loss_compares_with_its_own_kind_of_target(synthetic):
    race = _race(synthetic, "loss=sparse_categorical_crossentropy,categorical_crossentropy")
    sparse, one_hot = (v.targets for v in race.variants)
    labels = race.data.y_train_labels
    np.testing.assert_array_equal(sparse, labels)
    assert sparse.shape == (600,)
    assert one_hot.shape == (600, 10)
    np.testing.assert_array_equal(one_hot.argmax(axis=1), labels)
    assert one_hot.sum() == 600


def test_each_tick_is_reported_with_the_race(synthetic):
    race = _race(synthetic, "batch_size=300,600")
    ticks = []
    race.run(lambda r: ticks.append((r, r.seen)))
    assert ticks == [(race, 600)]


def test_every_model_takes_the_first_ones_weights():
    config = TrainingConfig(hidden=(8,), seed=1)
    models = [build_model(config.replace(seed=s), 20, 3) for s in (1, 2, 3)]
    first = [w.copy() for w in models[0].get_weights()]
    assert not np.array_equal(first[0], models[1].get_weights()[0])  # not alike to begin with
    share_initial_weights(models)
    for model in models:
        for a, b in zip(first, model.get_weights(), strict=True):
            np.testing.assert_array_equal(a, b)


def test_a_variants_curve_is_placed_at_each_update_and_its_epoch(synthetic):
    race = _race(synthetic, "activation=relu,tanh")
    race.advance(300)  # 600 examples in batches of 100: three updates, half an epoch
    for variant in race.variants:
        curve = variant.curve()
        assert curve.x("updates").tolist() == [1, 2, 3]
        assert curve.x("epochs").tolist() == pytest.approx([1 / 6, 2 / 6, 3 / 6])
        assert 0 <= variant.accuracy <= 1 and len(variant.recent_accuracy) == 3
