"""A race's variants start from the same weights and see the same examples in the same order."""

from __future__ import annotations

import numpy as np
import pytest

from playground.training import TrainingConfig
from playground.training.model_builder import build_model
from playground.training.preparation import prepare
from playground.training.race import Race, epoch_order, make_variation, parse_variation

BASE = TrainingConfig(hidden=(16, 16), batch_size=20, epochs=2, seed=3)


def _race(synthetic, text: str, **changes) -> Race:
    config = BASE.replace(**changes)
    return Race(config, parse_variation(text), prepare(synthetic, config))


def _record_batches(race: Race) -> dict[str, list[np.ndarray]]:
    seen: dict[str, list[np.ndarray]] = {v.name: [] for v in race.variants}
    race.on_batch = lambda variant, idx: seen[variant.name].append(idx.copy())
    return seen


@pytest.mark.parametrize(
    "vary",
    ["activation=sigmoid,relu,tanh", "optimizer=sgd,adam", "loss=mse,categorical_crossentropy"],
)
def test_variants_start_from_identical_weights(synthetic, vary):
    race = _race(synthetic, vary)
    first = race.variants[0].model.get_weights()
    # Not trivially equal: a network built alone with another seed starts elsewhere.
    other = build_model(BASE.replace(seed=4), 784, 10).get_weights()
    assert not np.array_equal(first[0], other[0])
    for variant in race.variants[1:]:
        for a, b in zip(first, variant.model.get_weights(), strict=True):
            np.testing.assert_array_equal(a, b)


def test_deeper_variant_shares_the_layers_whose_shapes_match(synthetic):
    race = _race(synthetic, "depth=1,2")
    shallow, deep = (v.model.get_weights() for v in race.variants)
    assert [w.shape for w in deep][:2] == [(784, 16), (16,)]
    np.testing.assert_array_equal(shallow[0], deep[0])  # the first hidden layer is shared
    assert shallow[2].shape != deep[2].shape  # the output layer cannot be


def test_every_variant_sees_the_same_batches(synthetic):
    race = _race(synthetic, "activation=sigmoid,relu")
    seen = _record_batches(race)
    race.run()
    a, b = seen.values()
    assert len(a) == len(b) == 2 * 600 // 20
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    # Each epoch is a fresh shuffle of every example.
    first_epoch, second_epoch = np.concatenate(a[:30]), np.concatenate(a[30:])
    assert sorted(first_epoch) == list(range(600))
    assert not np.array_equal(first_epoch, second_epoch)


def test_batch_sizes_cut_one_order_of_examples(synthetic):
    race = _race(synthetic, "batch_size=10,30")
    seen = _record_batches(race)
    race.advance(60)
    small, large = seen.values()
    assert [len(i) for i in small] == [10] * 6 and [len(i) for i in large] == [30] * 2
    np.testing.assert_array_equal(np.concatenate(small), np.concatenate(large))
    assert race.seen == 60 and [v.updates for v in race.variants] == [6, 2]


def test_same_seed_same_order_other_seed_other_order():
    np.testing.assert_array_equal(epoch_order(500, 1, 0), epoch_order(500, 1, 0))
    assert not np.array_equal(epoch_order(500, 1, 0), epoch_order(500, 2, 0))
    assert not np.array_equal(epoch_order(500, 1, 0), epoch_order(500, 1, 1))


def test_same_seed_gives_the_same_race(synthetic):
    def losses():
        race = _race(synthetic, "optimizer=sgd,adam", epochs=1)
        race.run()
        return [v.curve().y.tolist() for v in race.variants]

    first, second = losses(), losses()
    assert first == second
    assert first[0] != first[1]  # the optimizers really differ


def test_a_diverging_variant_stops_alone(synthetic):
    race = _race(synthetic, "learning_rate=0.1,1e6", optimizer="sgd", epochs=1)
    race.run()
    calm, wild = race.results()
    assert wild.diverged and np.isnan(wild.test_loss)
    assert not calm.diverged and calm.updates == 30 and calm.test_accuracy > 0.3  # chance is 0.1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("activation", "SETTING=A,B"),
        ("colour=red,blue", "SETTING=A,B"),
        ("activation=relu", "2 to 4"),
        ("activation=a,b,c,d,e", "2 to 4"),
        ("activation=relu,relu", "once"),
        ("activation=relu,softmax", "unknown activation"),
        ("learning_rate=0.1,x", "a number"),
        ("batch_size=0,10", "greater than 0"),
        ("learning_rate=nan,0.1", "greater than 0"),
    ],
)
def test_bad_variations_are_named(text, message):
    with pytest.raises(ValueError, match=message):
        parse_variation(text)


def test_variant_names_are_the_differing_setting():
    assert make_variation("learning_rate", (0.1, 0.01)).label(0.1) == "lr 0.1"
    assert parse_variation("lr=0.5,1").values == (0.5, 1.0)
    assert make_variation("optimizer", ("sgd", "adam")).label("sgd") == "sgd"


def test_a_long_race_keeps_a_bounded_curve(synthetic):
    race = _race(synthetic, "batch_size=1,2", hidden=(4,), epochs=5)
    race.run()
    ones, twos = race.variants
    assert ones.updates == 3000 and twos.updates == 1500
    curve = ones.curve()
    assert len(curve) <= 2048 and curve.x("epochs")[-1] == pytest.approx(5, abs=0.01)
    assert 0 <= ones.accuracy <= 1 and len(ones.recent_accuracy) == 50


def test_results_name_each_variant_its_full_loss_and_how_far_it_went(synthetic):
    race = _race(synthetic, "loss=mse,categorical_crossentropy", epochs=1)
    race.advance(300)  # half of the 600 examples
    mse, cross = race.results()
    assert (mse.name, mse.loss_name) == ("mse", "mean_squared_error")
    assert (cross.name, cross.loss_name) == ("categorical_crossentropy", "categorical_crossentropy")
    assert mse.updates == cross.updates == 15 and mse.epochs == cross.epochs == 0.5
    assert 0 <= mse.test_accuracy <= 1 and mse.test_loss > 0 and not mse.diverged
