"""EarlyStopping's and ReduceLROnPlateau's rules, epoch by epoch, as Keras 3 states them.

Each test feeds a callback a scripted series of monitored values and checks, by hand from the
rules, when training stops or the learning rate falls: the patience counter grows by one each
epoch and restarts at an improvement (by more than ``min_delta``); EarlyStopping never stops at
epoch 0; ReduceLROnPlateau multiplies the rate by ``factor`` (never below ``min_lr``) and then
waits ``cooldown`` epochs.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import (
    Callback,
    Dense,
    EarlyStopping,
    History,
    LambdaCallback,
    ReduceLROnPlateau,
    Sequential,
    optimizers,
)


def _model() -> Sequential:
    model = Sequential([Dense(1, input_dim=1)], seed=0)
    model.compile(loss="mse", optimizer=optimizers.SGD(learning_rate=1.0))
    return model


def _stopped_at(callback: EarlyStopping, values: list[float | None], monitor="val_loss"):
    """The epoch at which the callback stopped training (None: it never did)."""
    model = _model()
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {} if value is None else {monitor: value})
        if model.stop_training:
            callback.on_train_end()
            return epoch
    callback.on_train_end()
    return None


def _rates(callback: ReduceLROnPlateau, values: list[float], monitor="val_loss") -> list:
    """The learning rate after each epoch's end."""
    model = _model()
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: value})
        rates.append(model.optimizer.learning_rate)
    return rates


def test_early_stopping_by_default_stops_at_the_first_epoch_without_improvement(capsys) -> None:
    callback = EarlyStopping()  # val_loss, lower is better, patience 0
    assert _stopped_at(callback, [1.0, 0.9, 0.9]) == 2
    assert callback.stopped_epoch == 2 and callback.best_epoch == 1 and callback.best == 0.9
    assert _stopped_at(EarlyStopping(), [1.0, 1.0]) == 1  # equal is no improvement
    assert capsys.readouterr().out == ""  # quiet unless verbose


def test_early_stopping_never_stops_at_epoch_zero() -> None:
    # inf is no improvement on the starting inf, but the first epoch never stops training
    assert _stopped_at(EarlyStopping(), [np.inf]) is None


def test_early_stopping_says_when_it_stopped_only_when_verbose(capsys) -> None:
    _stopped_at(EarlyStopping(verbose=1), [1.0, 1.0])
    assert capsys.readouterr().out == "Epoch 2: early stopping\n"
    callback = EarlyStopping(verbose=1)
    assert _stopped_at(callback, [1.0, 0.5, 0.25]) is None
    assert callback.stopped_epoch == 0
    assert capsys.readouterr().out == ""


def test_early_stopping_ignores_epochs_without_the_value_and_before_its_start() -> None:
    callback = EarlyStopping()
    assert _stopped_at(callback, [None, None, None]) is None
    assert (callback.stopped_epoch, callback.best_epoch, callback.wait) == (0, 0, 0)
    # epochs 0 and 1 are not looked at: 2 is the first best, 3 does not improve on it
    assert _stopped_at(EarlyStopping(start_from_epoch=2), [1.0, 1.0, 1.0, 1.0]) == 3


def test_early_stopping_with_a_baseline_counts_from_the_first_epoch() -> None:
    # The first epoch improves on nothing-yet but not on the baseline, so its wait of 1 stays:
    # the waits are 1, 2, 3 and patience 3 stops at epoch 2. Without a baseline the first
    # epoch restarts the count: waits 0, 1, 2, 3, stop at epoch 3.
    values = [1.0, 1.0, 1.0, 1.0]
    assert _stopped_at(EarlyStopping(patience=3, baseline=0.5), values) == 2
    assert _stopped_at(EarlyStopping(patience=3), values) == 3


def test_early_stopping_in_max_mode_needs_more_than_min_delta() -> None:
    accuracy = "val_accuracy"  # "auto" reads it as higher is better
    assert _stopped_at(EarlyStopping(monitor=accuracy), [0.5, 0.5], accuracy) == 1
    assert _stopped_at(EarlyStopping(monitor=accuracy), [0.5, 0.6, 0.7], accuracy) is None
    slow = EarlyStopping(monitor=accuracy, min_delta=0.1)
    assert _stopped_at(slow, [0.5, 0.55], accuracy) == 1
    explicit = EarlyStopping(monitor="val_loss", mode="max")
    assert _stopped_at(explicit, [0.5, 0.4]) == 1
    assert _stopped_at(EarlyStopping(mode="min", min_delta=0.2), [1.0, 0.9]) == 1


def test_a_bad_mode_is_refused_by_name() -> None:
    for make in (EarlyStopping, ReduceLROnPlateau):
        with pytest.raises(ValueError) as caught:
            make(mode="lowest")
        assert str(caught.value) == "mode must be 'auto', 'min' or 'max', got 'lowest'"


@pytest.mark.parametrize("factor", [0, 0.0, 1, 1.5, -0.5])
def test_reduce_lr_refuses_a_factor_outside_zero_to_one(factor: float) -> None:
    with pytest.raises(ValueError) as caught:
        ReduceLROnPlateau(factor=factor)
    assert str(caught.value) == f"factor must be between 0 and 1 (exclusive), got {factor!r}"


def test_reduce_lr_by_default_waits_ten_epochs_and_says_nothing(capsys) -> None:
    rates = _rates(ReduceLROnPlateau(), [1.0] * 12)  # factor 0.1
    assert rates[:10] == [1.0] * 10
    assert rates[10] == pytest.approx(0.1) and rates[11] == pytest.approx(0.1)
    assert capsys.readouterr().out == ""


def test_reduce_lr_restarts_its_count_after_each_reduction() -> None:
    # patience 2: epochs 1, 2 wait; 2 reduces; 3, 4 wait again; 4 reduces
    rates = _rates(ReduceLROnPlateau(factor=0.5, patience=2), [1.0] * 6)
    assert rates == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]


def test_reduce_lr_cools_down_before_counting_again() -> None:
    # cooldown 2 after the reduction at epoch 1: epoch 2 is cooling, epoch 3 counts and reduces
    rates = _rates(ReduceLROnPlateau(factor=0.5, patience=1, cooldown=2), [1.0] * 5)
    assert rates == [1.0, 0.5, 0.5, 0.25, 0.25]


def test_reduce_lr_stops_at_min_lr_and_reports_each_reduction(capsys) -> None:
    callback = ReduceLROnPlateau(factor=0.5, patience=1, min_lr=0.5, verbose=1)
    assert _rates(callback, [1.0] * 4) == [1.0, 0.5, 0.5, 0.5]
    assert capsys.readouterr().out == (
        "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.5.\n"
    )


def test_reduce_lr_writes_the_rate_into_the_logs() -> None:
    callback = ReduceLROnPlateau()
    callback.set_model(_model())
    callback.on_train_begin()
    callback.on_epoch_end(0, None)  # no logs at all: nothing to compare, nothing breaks
    logs: dict = {"val_loss": 1.0}
    callback.on_epoch_end(1, logs)
    assert logs == {"val_loss": 1.0, "learning_rate": 1.0}


def test_a_callback_hears_fits_settings_and_every_batch_with_its_logs() -> None:
    class Listener(Callback):
        def __init__(self) -> None:
            super().__init__()
            self.heard: list = []

        def on_batch_begin(self, batch, logs=None):
            self.heard.append(("begin", batch, logs))

        def on_batch_end(self, batch, logs=None):
            self.heard.append(("end", batch, sorted(logs)))

    listener = Listener()
    x = np.ones((10, 1), np.float32)
    _model().fit(x, x, batch_size=4, epochs=1, callbacks=[listener])
    # 10 examples in batches of 4: 3 steps
    assert listener.params == {"epochs": 1, "steps": 3, "batch_size": 4, "verbose": 0}
    assert listener.heard == [
        ("begin", 0, {}),
        ("end", 0, ["loss"]),
        ("begin", 1, {}),
        ("end", 1, ["loss"]),
        ("begin", 2, {}),
        ("end", 2, ["loss"]),
    ]


def test_a_new_history_is_empty_and_unknown_hooks_are_refused() -> None:
    history = History()
    assert history.epoch == [] and history.history == {}
    assert (history.model, history.params) == (None, {})  # until fit hands them over
    hooks = sorted(name for name in dir(Callback) if name.startswith("on_"))
    with pytest.raises(ValueError) as caught:
        LambdaCallback(on_epoch_finish=print)
    assert str(caught.value) == f"Unknown callback hook 'on_epoch_finish'. Choose from: {hooks}"
