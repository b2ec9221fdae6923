"""The lecture's default network, 784-500-500-10, on random MNIST-shaped data."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import ACTIVATIONS, Dense, Sequential, optimizers


def random_batch(n: int):
    rng = np.random.default_rng(0)
    x = rng.random((n, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]
    return x, y


@pytest.fixture(scope="module")
def batch():
    return random_batch(32)


def default_network(activation: str) -> Sequential:
    return Sequential(
        [
            Dense(500, activation=activation, input_dim=784),
            Dense(500, activation=activation),
            Dense(10, activation="softmax"),
        ],
        seed=0,
    )


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_optimizer_trains_a_step_with_every_activation(activation: str, batch) -> None:
    x, y = batch
    model = default_network(activation)
    initial = model.get_weights()
    for name in optimizers.NAMES:
        model.set_weights(initial)
        model.compile(loss="categorical_crossentropy", optimizer=name, metrics=["accuracy"])
        logs = model.train_on_batch(x, y, return_dict=True)
        assert np.isfinite(logs["loss"]) and 0 <= logs["accuracy"] <= 1
        after = model.get_weights()
        assert all(w.dtype == np.float32 for w in after)
        assert not np.array_equal(after[0], initial[0]), name  # the first layer moved too
        assert [g.shape for pair in model.last_gradients for g in pair] == [w.shape for w in after]
        norms = model.gradient_norms()
        assert norms.shape == (3,) and np.isfinite(norms).all() and (norms > 0).all()


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_loss_falls_on_a_repeated_batch(name: str) -> None:
    x, y = random_batch(100)
    model = default_network("relu")
    rate = {"sgd": 0.1, "rmsprop": 1e-4, "adagrad": 0.01, "adadelta": 1.0}.get(name, 0.001)
    model.compile(
        loss="categorical_crossentropy", optimizer=optimizers.get(name, learning_rate=rate)
    )
    first = model.train_on_batch(x, y)
    model.train_on_batch(x, y)
    last = model.train_on_batch(x, y)
    assert last < first


def test_fit_and_evaluate_on_mnist_shaped_data() -> None:
    rng = np.random.default_rng(1)
    templates = (rng.random((10, 784)) < 0.2).astype(np.float32)  # one "digit" per class
    labels = rng.integers(0, 10, 600)
    x = 0.6 * templates[labels] + 0.4 * rng.random((600, 784), dtype=np.float32)
    model = default_network("relu")
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    history = model.fit(x, labels, batch_size=50, epochs=2, validation_split=0.1)
    assert len(history.history["val_loss"]) == 2
    loss, accuracy = model.evaluate(x, labels, batch_size=600)
    assert history.history["loss"][1] < history.history["loss"][0]
    assert np.isfinite(loss) and accuracy > 0.9  # chance is 0.1
    assert model.predict(x[:7]).shape == (7, 10)
