"""The figures ``fit`` reports, checked against ``evaluate`` on the same examples.

With a learning rate of 1e-30 the weights stay put (every update is far below float32's
resolution), so every figure of an epoch must equal what ``evaluate`` says about the same
examples: the epoch's loss is the mean over all examples (batches weighted by their size), its
accuracy the share of right answers, the validation figures those of the validation examples.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from playground.engine import Callback, Dense, Sequential, optimizers, regularizers

RNG = np.random.default_rng(11)
X = RNG.normal(size=(10, 3)).astype(np.float32)
Y = np.array([0, 1, 2, 1, 0, 2, 2, 1, 0, 0])
XV = RNG.normal(size=(5, 3)).astype(np.float32)
YV = np.array([2, 1, 0, 0, 1])


def _frozen(penalty: float = 0.0) -> Sequential:
    kernel_regularizer = regularizers.L1L2(l2=penalty) if penalty else None
    model = Sequential(
        [
            Dense(6, "tanh", input_dim=3, kernel_regularizer=kernel_regularizer),
            Dense(3, "softmax"),
        ],
        seed=5,
    )
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=optimizers.SGD(learning_rate=1e-30),
        metrics=["accuracy"],
    )
    return model


class Listener(Callback):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list = []

    def on_train_begin(self, logs=None):
        self.heard.append(("train_begin", logs))

    def on_epoch_begin(self, epoch, logs=None):
        self.heard.append(("epoch_begin", epoch, logs))

    def on_batch_end(self, batch, logs=None):
        self.heard.append(("batch_end", batch, dict(logs)))

    def on_train_end(self, logs=None):
        self.heard.append(("train_end", logs))


def test_an_epochs_loss_and_accuracy_are_those_of_all_its_examples() -> None:
    model = _frozen()
    loss, accuracy = model.evaluate(X, Y)
    listener = Listener()
    history = model.fit(X, Y, batch_size=4, shuffle=False, callbacks=[listener])
    assert history.history["loss"] == [pytest.approx(loss, rel=1e-5)]
    assert history.history["accuracy"] == [accuracy]
    # batches of 4, 4 and 2 examples, in order: each batch's own figures
    batches = [entry for entry in listener.heard if entry[0] == "batch_end"]
    spans = [(0, 0, 4), (1, 4, 8), (2, 8, 10)]
    for (_, step, logs), (index, lo, hi) in zip(batches, spans, strict=True):
        assert step == index
        batch_loss, batch_accuracy = model.evaluate(X[lo:hi], Y[lo:hi])
        assert logs == {"loss": pytest.approx(batch_loss, rel=1e-5), "accuracy": batch_accuracy}
    assert listener.heard[0] == ("train_begin", {})
    assert listener.heard[1] == ("epoch_begin", 0, {})
    last_epoch = {"loss": history.history["loss"][0], "accuracy": history.history["accuracy"][0]}
    assert listener.heard[-1] == ("train_end", last_epoch)


def test_the_weight_penalty_is_reported_on_its_own() -> None:
    model = _frozen(penalty=0.01)
    kernel = model.get_weights()[0].astype(np.float64)
    penalty = 0.01 * np.sum(kernel**2)
    listener = Listener()
    history = model.fit(X, Y, batch_size=5, shuffle=False, callbacks=[listener])
    assert history.history["regularization_loss"] == [pytest.approx(penalty, rel=1e-5)]
    batches = [entry[2] for entry in listener.heard if entry[0] == "batch_end"]
    assert [logs["regularization_loss"] for logs in batches] == [
        pytest.approx(penalty, rel=1e-5)
    ] * 2


def test_validation_figures_are_those_of_the_validation_examples() -> None:
    model = _frozen()
    val_loss, val_accuracy = model.evaluate(XV, YV)
    for validation_data in ((XV, YV), (XV, YV, None)):  # Keras's third item, weights, unused
        history = model.fit(X, Y, validation_data=validation_data)
        assert history.history["val_loss"] == [pytest.approx(val_loss, rel=1e-5)]
        assert history.history["val_accuracy"] == [val_accuracy]
    # validation_split 0.2 keeps the last 2 of the 10 examples aside, as Keras does
    tail_loss, tail_accuracy = model.evaluate(X[8:], Y[8:])
    head_loss, _ = model.evaluate(X[:8], Y[:8])
    history = model.fit(X, Y, validation_split=0.2)
    assert history.history["val_loss"] == [pytest.approx(tail_loss, rel=1e-5)]
    assert history.history["val_accuracy"] == [tail_accuracy]
    assert history.history["loss"] == [pytest.approx(head_loss, rel=1e-5)]


def test_fit_continues_from_its_initial_epoch() -> None:
    model = _frozen()
    assert model.fit(X, Y, epochs=3, initial_epoch=1).epoch == [1, 2]
    listener = Listener()
    history = model.fit(X, Y, epochs=2, initial_epoch=2, callbacks=[listener])
    assert history.epoch == [] and history.history == {}
    assert listener.heard == [("train_begin", {}), ("train_end", {})]


def test_fit_tells_its_callbacks_the_default_batch_size_and_steps() -> None:
    listener = Listener()
    _frozen().fit(X, Y, epochs=2, callbacks=[listener])
    assert listener.params == {"epochs": 2, "steps": 1, "batch_size": 32, "verbose": 0}


def test_the_verbose_line_shows_each_epochs_figures(capsys: pytest.CaptureFixture) -> None:
    history = _frozen().fit(X, Y, batch_size=4, verbose=1)
    loss, accuracy = history.history["loss"][0], history.history["accuracy"][0]
    out = capsys.readouterr().out
    expected = rf"Epoch 1/1\n3/3 - \d+\.\ds - loss: {loss:.4f} - accuracy: {accuracy:.4f}\n"
    assert re.fullmatch(expected, out), out


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "batch_size must be an integer >= 1, got 0"),
        ({"epochs": 0}, "epochs must be an integer >= 1, got 0"),
        ({"epochs": 1.5}, "epochs must be an integer >= 1, got 1.5"),
        ({"validation_split": 1.0}, "validation_split must be in [0, 1), got 1.0"),
        ({"validation_split": -0.1}, "validation_split must be in [0, 1), got -0.1"),
    ],
)
def test_bad_fit_settings_are_refused_by_name(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        _frozen().fit(X, Y, **kwargs)
    assert str(caught.value) == message


def test_fit_without_examples_says_so() -> None:
    with pytest.raises(ValueError) as caught:
        _frozen().fit(X[:0], Y[:0])
    assert str(caught.value) == "there are no training examples"
