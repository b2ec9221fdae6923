"""Learning-rate schedules' settings: Keras 3's configs, and one clear message for a bad value."""

from __future__ import annotations

import pytest
from keras_reference import as_numpy, keras  # noqa: F401 - the fixture

from playground.engine.optimizers import schedules

KERAS_CASES = [
    ("ExponentialDecay", (0.1, 30, 0.5), {}),
    ("ExponentialDecay", (0.2, 5, 0.9), {"staircase": True}),
    ("CosineDecay", (0.05, 100), {}),
    ("CosineDecay", (0.01, 100), {"alpha": 0.2, "warmup_target": 0.1, "warmup_steps": 20}),
    ("PiecewiseConstantDecay", ([7, 100], [0.1, 0.01, 0.001]), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), KERAS_CASES)
def test_configs_are_keras_configs_both_ways(keras, name, args, kwargs) -> None:  # noqa: F811
    ours = getattr(schedules, name)(*args, **kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(*args, **kwargs)
    assert ours.get_config() == theirs.get_config()
    # A schedule Keras saved loads here, and ours loads in Keras, with the same rates.
    from_keras = schedules.deserialize(keras.optimizers.schedules.serialize(theirs))
    in_keras = keras.optimizers.schedules.deserialize(ours.serialize())
    for step in (0, 5, 20, 21, 150):
        expected = float(as_numpy(theirs(step)))
        assert from_keras(step) == pytest.approx(expected, rel=1e-5, abs=1e-7)
        assert float(as_numpy(in_keras(step))) == pytest.approx(expected, rel=1e-5, abs=1e-7)


def test_warmup_climbs_from_the_initial_rate_to_its_target(keras) -> None:  # noqa: F811
    ours = schedules.CosineDecay(0.02, 100, warmup_target=0.1, warmup_steps=20)
    theirs = keras.optimizers.schedules.CosineDecay(0.02, 100, warmup_target=0.1, warmup_steps=20)
    for step in (0, 1, 10, 19, 20, 21, 119, 120, 500):
        expected = float(as_numpy(theirs(step)))
        assert ours(step) == pytest.approx(expected, rel=1e-5, abs=1e-7), step
    assert ours(10) == pytest.approx(0.06)  # halfway up the straight line from 0.02 to 0.1


def test_repr_shows_the_settings() -> None:
    schedule = schedules.ExponentialDecay(0.1, 10, 0.5)
    assert repr(schedule) == (
        "ExponentialDecay(initial_learning_rate=0.1, decay_steps=10, decay_rate=0.5, "
        "staircase=False, name='ExponentialDecay')"
    )


def test_the_smallest_allowed_settings_are_accepted() -> None:
    assert schedules.ExponentialDecay(0.0, 1, 0.0)(0) == 0.0
    assert schedules.CosineDecay(0.1, 1, alpha=1.0, warmup_steps=0)(5) == pytest.approx(0.1)
    first = schedules.PiecewiseConstantDecay([0], [0.5, 0.1])
    assert (first(0), first(1)) == (0.5, 0.1)


BAD = [
    (lambda: schedules.ExponentialDecay(-0.1, 10, 0.5), "^initial_learning_rate must be"),
    (lambda: schedules.ExponentialDecay(0.1, 0, 0.5), "decay_steps must be an integer >= 1"),
    (lambda: schedules.ExponentialDecay(0.1, 2.5, 0.5), "decay_steps must be an integer >= 1"),
    (lambda: schedules.ExponentialDecay(0.1, True, 0.5), "decay_steps must be an integer >= 1"),
    (lambda: schedules.ExponentialDecay(0.1, 10, "half"), "^decay_rate must be a number"),
    (lambda: schedules.CosineDecay(float("nan"), 10), "^initial_learning_rate must be"),
    (lambda: schedules.CosineDecay(0.1, -3), "decay_steps must be an integer >= 1"),
    (lambda: schedules.CosineDecay(0.1, 10, alpha=1.5), "alpha must be between 0 and 1"),
    (lambda: schedules.CosineDecay(0.1, 10, warmup_target=-1.0), "^warmup_target must be"),
    (lambda: schedules.CosineDecay(0.1, 10, warmup_steps=-1), "warmup_steps must be an integer"),
    (lambda: schedules.CosineDecay(0.1, 10, warmup_steps=2.0), "warmup_steps must be an integer"),
    (lambda: schedules.CosineDecay(0.1, 10, warmup_steps=True), "warmup_steps must be an integer"),
    (
        lambda: schedules.PiecewiseConstantDecay([5], [0.1]),
        "^values must have one more entry than boundaries$",
    ),
    (lambda: schedules.PiecewiseConstantDecay([-1], [0.1, 0.2]), "boundaries must be integers"),
    (lambda: schedules.PiecewiseConstantDecay([1.5], [0.1, 0.2]), "boundaries must be integers"),
    (lambda: schedules.PiecewiseConstantDecay([True], [0.1, 0.2]), "boundaries must be integers"),
    (
        lambda: schedules.PiecewiseConstantDecay([9, 3], [0.1, 0.2, 0.3]),
        "^boundaries must be increasing$",
    ),
    (lambda: schedules.PiecewiseConstantDecay([3], [0.1, -0.2]), "values must be between"),
]


@pytest.mark.parametrize(("make", "message"), BAD)
def test_a_bad_setting_is_refused_by_name(make, message) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_an_unknown_or_malformed_saved_schedule_is_refused_by_name() -> None:
    with pytest.raises(
        ValueError,
        match=r"Unknown learning-rate schedule 'StepDecay'\. "
        r"Choose one of: ExponentialDecay, CosineDecay, PiecewiseConstantDecay\.",
    ):
        schedules.deserialize({"class_name": "StepDecay", "config": {}})
    with pytest.raises(ValueError, match="Unknown learning-rate schedule 'CosineDecay'"):
        schedules.deserialize({"class_name": "CosineDecay", "config": "not a dict"})
    with pytest.raises(ValueError, match=r"bad settings for CosineDecay: .*period"):
        schedules.deserialize({"class_name": "CosineDecay", "config": {"period": 3}})
