"""Learning-rate schedules and the callbacks EarlyStopping / ReduceLROnPlateau against Keras 3."""

from __future__ import annotations

import numpy as np
import pytest
from keras_reference import as_numpy, keras  # noqa: F401 - the fixture

from playground.engine import (
    Dense,
    EarlyStopping,
    ReduceLROnPlateau,
    Sequential,
    load_model,
    optimizers,
)
from playground.engine.optimizers import schedules

STEPS = [0, 1, 7, 50, 99, 100, 101, 180, 1000]

CASES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 30, "decay_rate": 0.5}),
    (
        "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 30, "decay_rate": 0.5, "staircase": True},
    ),
    ("CosineDecay", {"initial_learning_rate": 0.05, "decay_steps": 100}),
    ("CosineDecay", {"initial_learning_rate": 0.05, "decay_steps": 100, "alpha": 0.1}),
    (
        "CosineDecay",
        {
            "initial_learning_rate": 0.0,
            "decay_steps": 100,
            "warmup_target": 0.1,
            "warmup_steps": 20,
        },
    ),
    ("PiecewiseConstantDecay", {"boundaries": [7, 100], "values": [0.1, 0.01, 0.001]}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_schedules_equal_keras(keras, name, kwargs) -> None:  # noqa: F811
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(**kwargs)
    for step in STEPS:
        expected = float(as_numpy(theirs(step)))
        assert ours(step) == pytest.approx(expected, rel=1e-5, abs=1e-9), step


def test_optimizer_follows_its_schedule_and_saves_it(tmp_path) -> None:
    schedule = schedules.PiecewiseConstantDecay([2], [0.5, 0.05])
    model = Sequential([Dense(3, input_dim=2, activation="softmax")], seed=0)
    model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizers.SGD(schedule))
    x, y = np.ones((1, 2), np.float32), np.array([0])
    rates = []
    for _ in range(4):
        rates.append(model.optimizer.learning_rate)
        before = model.layers[0].bias.copy()
        _, ((_, dbias),) = model.loss_and_gradients(x, y)
        dbias = dbias.copy()
        model.train_on_batch(x, y)
        # Plain SGD: the step taken is exactly the scheduled rate times the gradient.
        np.testing.assert_allclose(before - model.layers[0].bias, rates[-1] * dbias, rtol=1e-5)
    assert rates == [0.5, 0.5, 0.5, 0.05]
    model.save(tmp_path / "m.npz")
    loaded = load_model(tmp_path / "m.npz")
    assert loaded.optimizer.learning_rate == 0.05
    assert loaded.optimizer.get_config()["learning_rate"]["class_name"] == "PiecewiseConstantDecay"
    loaded.optimizer.learning_rate = 0.2  # the slider replaces the schedule
    assert loaded.optimizer.schedule is None and loaded.optimizer.learning_rate == 0.2


class _FakeOptimizer:
    learning_rate = 1.0


class _FakeModel:
    def __init__(self) -> None:
        self.stop_training = False
        self.optimizer = _FakeOptimizer()
        self.weights = [np.zeros(1)]

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]


def _drive(callback, model, values, monitor="val_loss"):
    """Feed ``values`` as epoch logs; returns the epoch training stopped after (or None)."""
    callback.set_model(model)
    callback.on_train_begin({})
    for epoch, value in enumerate(values):
        model.weights = [np.array([float(epoch)])]
        callback.on_epoch_end(epoch, {monitor: value})
        if model.stop_training:
            break
    callback.on_train_end({})
    return epoch if model.stop_training else None


LOSSES = [1.0, 0.8, 0.81, 0.79, 0.795, 0.9, 0.7, 0.71, 0.72, 0.73, 0.74]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"patience": 0},
        {"patience": 2},
        {"patience": 2, "min_delta": 0.02, "restore_best_weights": True},
        {"patience": 1, "baseline": 0.75},
        {"patience": 2, "start_from_epoch": 3, "restore_best_weights": True},
        {"patience": 2, "monitor": "val_accuracy", "mode": "max"},
    ],
)
def test_early_stopping_stops_where_keras_does(keras, kwargs) -> None:  # noqa: F811
    monitor = kwargs.get("monitor", "val_loss")
    values = LOSSES if monitor == "val_loss" else [1 - v for v in LOSSES]
    ours, theirs = _FakeModel(), _FakeModel()
    stopped = _drive(EarlyStopping(**kwargs), ours, values, monitor)
    expected = _drive(keras.callbacks.EarlyStopping(**kwargs), theirs, values, monitor)
    assert stopped == expected
    np.testing.assert_array_equal(ours.weights[0], theirs.weights[0])


@pytest.mark.parametrize(
    "kwargs",
    [
        {"patience": 1},
        {"patience": 2, "factor": 0.5, "cooldown": 2},
        {"patience": 1, "factor": 0.2, "min_lr": 0.1, "min_delta": 0.05},
    ],
)
def test_reduce_lr_on_plateau_matches_keras(keras, kwargs) -> None:  # noqa: F811
    import torch

    ours = _FakeModel()
    callback = ReduceLROnPlateau(**kwargs)
    reference = keras.callbacks.ReduceLROnPlateau(**kwargs)
    theirs = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    theirs.compile(optimizer=keras.optimizers.SGD(1.0), loss="mse")
    theirs.optimizer.build(theirs.trainable_variables)
    callback.set_model(ours)
    reference.set_model(theirs)
    callback.on_train_begin({})
    reference.on_train_begin({})
    for epoch, value in enumerate(LOSSES):
        callback.on_epoch_end(epoch, {"val_loss": value})
        reference.on_epoch_end(epoch, {"val_loss": value})
        expected = float(torch.as_tensor(as_numpy(theirs.optimizer.learning_rate)))
        assert ours.optimizer.learning_rate == pytest.approx(expected, rel=1e-6), epoch
    assert ours.optimizer.learning_rate < 1.0


def test_accuracy_is_maximised_by_default() -> None:
    values = [1 - v for v in LOSSES]
    auto, explicit = _FakeModel(), _FakeModel()
    stopped = _drive(
        EarlyStopping(monitor="val_accuracy", patience=2), auto, values, "val_accuracy"
    )
    assert stopped is not None
    assert stopped == _drive(
        EarlyStopping(monitor="val_accuracy", patience=2, mode="max"),
        explicit,
        values,
        "val_accuracy",
    )


def test_early_stopping_ends_fit() -> None:
    model = Sequential([Dense(2, input_dim=2, activation="softmax")], seed=0)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    x, y = np.eye(2), np.array([0, 1])
    stopper = EarlyStopping(monitor="loss", min_delta=10.0, patience=2)
    history = model.fit(x, y, epochs=50, callbacks=[stopper])
    assert len(history.history["loss"]) == 3 and stopper.stopped_epoch == 2
