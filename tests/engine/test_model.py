"""Sequential: learning, determinism, the Keras-shaped API, callbacks and errors."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from playground.engine import (
    Callback,
    Dense,
    LambdaCallback,
    NonFiniteError,
    Sequential,
    optimizers,
)


def blobs(n: int = 600, classes: int = 3, features: int = 8, seed: int = 0):
    """Well-separated Gaussian clusters: x float32 (n, features), one-hot y and labels."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0, 3, (classes, features))
    labels = rng.integers(0, classes, n)
    x = (centers[labels] + rng.normal(0, 1, (n, features))).astype(np.float32)
    return x, np.eye(classes, dtype=np.float32)[labels], labels


def small_model(activation="relu", seed=0, optimizer="adam", loss="categorical_crossentropy"):
    model = Sequential(
        [
            Dense(16, activation=activation, input_dim=8),
            Dense(16, activation=activation),
            Dense(3, activation="softmax"),
        ],
        seed=seed,
    )
    model.compile(loss=loss, optimizer=optimizer, metrics=["accuracy"])
    return model


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "elu", "maxout"])
def test_learns_a_small_problem(activation: str) -> None:
    x, y, _ = blobs()
    model = small_model(activation, optimizer=optimizers.Adam(learning_rate=0.01))
    history = model.fit(x, y, batch_size=32, epochs=15)
    losses = history.history["loss"]
    assert losses[-1] < losses[0] / 5
    assert history.history["accuracy"][-1] > 0.97
    loss, accuracy = model.evaluate(x, y)
    assert accuracy > 0.97 and loss < 0.15


def test_xor_with_sgd_momentum_and_mse() -> None:
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array([[1, 0], [0, 1], [0, 1], [1, 0]], dtype=np.float32)
    model = Sequential(
        [Dense(8, activation="tanh", input_dim=2), Dense(8, "tanh"), Dense(2, "softmax")],
        seed=1,
    )
    model.compile(loss="mse", optimizer=optimizers.SGD(0.5, momentum=0.9), metrics=["accuracy"])
    model.fit(np.repeat(x, 25, axis=0), np.repeat(y, 25, axis=0), batch_size=10, epochs=30)
    assert model.evaluate(x, y)[1] == 1.0
    assert model.loss == "mean_squared_error"


def test_same_seed_gives_bit_identical_weights_and_history() -> None:
    x, y, _ = blobs(300)

    def run(seed):
        model = small_model("maxout", seed=seed, optimizer="nadam")
        history = model.fit(x, y, batch_size=25, epochs=3, validation_split=0.2)
        return model.get_weights(), history.history

    weights_a, history_a = run(7)
    weights_b, history_b = run(7)
    weights_c, _ = run(8)
    assert history_a == history_b
    assert all(np.array_equal(a, b) for a, b in zip(weights_a, weights_b, strict=True))
    assert not np.array_equal(weights_a[0], weights_c[0])


def test_float32_end_to_end() -> None:
    x, y, _ = blobs(100)
    model = small_model()
    model.fit(x.astype(np.float64), y, batch_size=20, epochs=1)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert all(g.dtype == np.float32 for pair in model.last_gradients for g in pair)
    assert model.predict(x).dtype == np.float32
    trace = model.forward_trace(x[:3])
    assert all(t.z.dtype == np.float32 and t.a.dtype == np.float32 for t in trace)


def test_predict_evaluate_train_on_batch_shapes_and_forms() -> None:
    x, y, _ = blobs(250)
    model = small_model()
    probs = model.predict(x, batch_size=64)
    assert probs.shape == (250, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    # BLAS may round differently for another batch shape
    np.testing.assert_allclose(probs, model.predict(x, batch_size=250), rtol=1e-5, atol=1e-7)
    score = model.evaluate(x, y, batch_size=1000)
    assert isinstance(score, list) and len(score) == 2
    assert all(isinstance(v, float) for v in score)
    assert model.evaluate(x, y, return_dict=True) == pytest.approx(
        {"loss": score[0], "accuracy": score[1]}
    )
    logs = model.train_on_batch(x[:10], y[:10], return_dict=True)
    assert set(logs) == {"loss", "accuracy"}
    assert isinstance(model.train_on_batch(x[:10], y[:10]), list)
    model.compile(loss="categorical_crossentropy", optimizer="sgd")  # no metrics
    assert isinstance(model.train_on_batch(x[:10], y[:10]), float)
    assert isinstance(model.evaluate(x, y), float)
    assert model.predict(x[:0]).shape == (0, 3)


def test_sparse_labels_give_the_same_training_as_one_hot() -> None:
    x, y, labels = blobs(200)
    dense = small_model(seed=3)
    sparse = small_model(seed=3, loss="sparse_categorical_crossentropy")
    a = dense.fit(x, y, batch_size=32, epochs=2).history
    b = sparse.fit(x, labels, batch_size=32, epochs=2).history
    np.testing.assert_allclose(a["loss"], b["loss"], rtol=1e-6)
    for wa, wb in zip(dense.get_weights(), sparse.get_weights(), strict=True):
        np.testing.assert_allclose(wa, wb, rtol=1e-5, atol=1e-6)


def test_loss_value_is_the_mean_cross_entropy() -> None:
    x, y, _ = blobs(50)
    model = small_model()
    probs = model.predict(x).astype(np.float64)
    expected = -np.mean(np.sum(y * np.log(probs), axis=1))
    assert model.evaluate(x, y)[0] == pytest.approx(expected, rel=1e-5)


def test_fit_history_validation_and_callbacks() -> None:
    x, y, _ = blobs(200)
    events = []

    class Recorder(Callback):
        def on_train_begin(self, logs=None):
            events.append(("train_begin",))

        def on_epoch_begin(self, epoch, logs=None):
            events.append(("epoch_begin", epoch))

        def on_batch_begin(self, batch, logs=None):
            events.append(("batch_begin", batch))

        def on_batch_end(self, batch, logs=None):
            events.append(("batch_end", batch, sorted(logs)))

        def on_epoch_end(self, epoch, logs=None):
            events.append(("epoch_end", epoch, sorted(logs)))

        def on_train_end(self, logs=None):
            events.append(("train_end",))

    model = small_model()
    history = model.fit(
        x, y, batch_size=64, epochs=2, validation_data=(x[:50], y[:50]), callbacks=[Recorder()]
    )
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == [0, 1]
    assert all(len(v) == 2 for v in history.history.values())
    steps = 4  # ceil(200 / 64)
    assert events[0] == ("train_begin",) and events[-1] == ("train_end",)
    assert events[1] == ("epoch_begin", 0)
    assert events[2:4] == [("batch_begin", 0), ("batch_end", 0, ["accuracy", "loss"])]
    epoch_end = ("epoch_end", 0, ["accuracy", "loss", "val_accuracy", "val_loss"])
    assert events[2 + 2 * steps] == epoch_end
    assert len(events) == 2 + 2 * (2 + 2 * steps)

    split = model.fit(x, y, batch_size=50, epochs=1, validation_split=0.25)
    assert "val_loss" in split.history


def test_a_validation_split_that_leaves_no_training_examples_is_refused() -> None:
    # Three examples with 90 % held out: int(3 * 0.1) = 0 left to train on. An epoch over
    # nothing would report a loss of 0/0 and change nothing; the caller is told instead.
    x, y, _ = blobs(3)
    model = small_model()
    model.build()
    before = model.get_weights()
    with pytest.raises(ValueError, match="no training examples"):
        model.fit(x, y, batch_size=1, epochs=1, validation_split=0.9)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))
    # One example more to train on is enough.
    history = model.fit(x, y, batch_size=1, epochs=1, validation_split=0.6)
    assert len(history.history["loss"]) == 1 and "val_loss" in history.history


def test_stop_training_stops_after_the_current_batch() -> None:
    x, y, _ = blobs(200)
    model = small_model()
    seen = []

    def on_batch_end(batch, logs):
        seen.append(batch)
        if batch == 2:
            model.stop_training = True

    history = model.fit(
        x, y, batch_size=10, epochs=5, callbacks=[LambdaCallback(on_batch_end=on_batch_end)]
    )
    assert seen == [0, 1, 2]
    assert history.epoch == [0]
    assert model.optimizer.iterations == 3


def test_fit_equals_train_on_batch_on_the_same_batches() -> None:
    x, y, _ = blobs(120)
    a = small_model(seed=5)
    a.fit(x, y, batch_size=40, epochs=1, shuffle=False)
    b = small_model(seed=5)
    for lo in range(0, 120, 40):
        b.train_on_batch(x[lo : lo + 40], y[lo : lo + 40])
    for wa, wb in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_array_equal(wa, wb)


def test_weights_summary_and_config() -> None:
    model = Sequential(
        [
            Dense(500, activation="relu", input_dim=784),
            Dense(500, activation="maxout", pieces=3),
            Dense(10, activation="softmax"),
        ],
        seed=0,
    )
    assert model.count_params() == 784 * 500 + 500 + 500 * 1500 + 1500 + 500 * 10 + 10
    assert model.layers[1].kernel.shape == (500, 1500)
    assert [layer.name for layer in model.layers] == ["dense", "dense_1", "dense_2"]
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert 'Model: "sequential"' in text and "(None, 500)" in text and "392,500" in text
    assert f"Total params: {model.count_params():,}" in text
    rows = model.summary_rows()
    assert [r.params for r in rows] == [layer.count_params() for layer in model.layers]
    assert rows[1].pieces == 3 and rows[1].activation == "maxout"

    weights = model.get_weights()
    weights[0][:] = 0.5
    assert not np.all(model.layers[0].kernel == 0.5)  # get_weights returns copies
    model.set_weights(weights)
    assert np.all(model.layers[0].kernel == 0.5)
    with pytest.raises(ValueError, match="shape"):
        model.set_weights([w.T for w in weights])

    model.compile(loss="categorical_crossentropy", optimizer=optimizers.RMSprop(centered=True))
    config = model.get_config()
    clone = Sequential.from_config(config)
    assert clone.get_config() == config
    assert all(
        np.array_equal(a, b)
        for a, b in zip(
            Sequential.from_config(config).get_weights(), clone.get_weights(), strict=True
        )
    )


def test_model_add_and_deferred_build() -> None:
    x, y, _ = blobs(64)
    model = Sequential(seed=4)
    model.add(Dense(12, activation="elu", alpha=0.5))
    model.add(Dense(3, activation="softmax"))
    assert not model.built
    with pytest.raises(ValueError, match="input_dim"):
        model.summary()
    with pytest.raises(AttributeError, match="layer dense has no weights yet"):
        model.layers[0].kernel  # noqa: B018 - reading it is the test
    assert model.layers[1].count_params() == 0
    with pytest.raises(RuntimeError, match="compile"):
        model.compiled()
    model.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["acc"])
    model.fit(x, y, batch_size=16)
    assert model.built and model.layers[0].kernel.shape == (8, 12)
    eager = Sequential(
        [Dense(12, activation="elu", alpha=0.5, input_dim=8), Dense(3, "softmax")], seed=4
    )
    # each layer's initial weights depend only on the seed and its position
    fresh = Sequential(seed=4)
    fresh.add(Dense(12, activation="elu", alpha=0.5))
    fresh.add(Dense(3, activation="softmax"))
    fresh.build(8)
    assert all(
        np.array_equal(a, b) for a, b in zip(fresh.get_weights(), eager.get_weights(), strict=True)
    )


def test_forward_trace_matches_predict() -> None:
    x, _, _ = blobs(5)
    model = small_model("maxout")
    trace = model.forward_trace(x)
    assert [t.z.shape for t in trace] == [(5, 32), (5, 32), (5, 3)]
    assert [t.a.shape for t in trace] == [(5, 16), (5, 16), (5, 3)]
    np.testing.assert_allclose(trace[-1].a, model.predict(x), rtol=1e-6)


def test_non_finite_loss_raises_before_the_update() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((100, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 100)]
    model = Sequential(
        [Dense(64, "relu", input_dim=784), Dense(64, "relu"), Dense(10, "softmax")], seed=0
    )
    model.compile(loss="categorical_crossentropy", optimizer=optimizers.SGD(learning_rate=1e30))
    with pytest.raises(NonFiniteError) as caught:
        for _ in range(20):
            before = model.get_weights()
            model.train_on_batch(x, y)
    error = caught.value
    assert isinstance(error, ValueError)
    assert "learning rate 1e+30" in str(error) and "try 1e+29 or smaller" in str(error)
    assert error.learning_rate == 1e30
    after = model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    assert all(np.isfinite(w).all() for w in after)


def test_an_overflowing_loss_with_finite_gradients_stops_the_step() -> None:
    # Squared errors of 6e19 overflow to an infinite loss while the gradients (2 * error)
    # stay finite: only the loss itself tells that this step must not happen.
    model = Sequential([Dense(1, "linear", input_dim=2)], seed=0)
    model.compile(loss="mse", optimizer="sgd")
    model.set_weights([np.full((2, 1), 3e19, np.float32), np.zeros(1, np.float32)])
    before = model.get_weights()
    x, y = np.ones((4, 2), np.float32), np.zeros((4, 1), np.float32)
    with pytest.raises(NonFiniteError, match="the loss became inf"):
        model.train_on_batch(x, y)
    after = model.get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def test_non_finite_error_message_example() -> None:
    error = NonFiniteError("the loss", float("nan"), 1000)
    assert str(error) == (
        "Training diverged: the loss became nan at learning rate 1000; try 100 or smaller."
    )


def test_deepcopy_gives_an_independent_model() -> None:
    x, y, _ = blobs(64)
    model = small_model()
    model.fit(x, y, batch_size=32)
    twin = copy.deepcopy(model)
    np.testing.assert_array_equal(twin.predict(x), model.predict(x))
    twin.fit(x, y, batch_size=32)
    assert not np.array_equal(twin.get_weights()[0], model.get_weights()[0])


def test_argument_errors_name_the_choices() -> None:
    with pytest.raises(
        ValueError, match="linear, sigmoid, tanh, relu, leaky_relu, elu, maxout, softmax"
    ):
        Dense(4, activation="swish")
    with pytest.raises(ValueError, match="units"):
        Dense(0)
    with pytest.raises(ValueError, match="units"):
        Dense(2.5)
    with pytest.raises(ValueError, match="glorot_uniform"):
        Dense(3, kernel_initializer="orthogonal")
    with pytest.raises(ValueError, match="pieces"):
        Dense(3, activation="maxout", pieces=0)
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(2, "sigmoid")])
    with pytest.raises(ValueError, match="mean_squared_error"):
        model.compile(loss="hinge", optimizer="sgd")
    with pytest.raises(ValueError, match="softmax"):
        model.compile(loss="categorical_crossentropy", optimizer="sgd")
    with pytest.raises(ValueError, match="sgd, rmsprop"):
        model.compile(loss="mse", optimizer="lbfgs")
    with pytest.raises(ValueError, match="accuracy"):
        model.compile(loss="mse", optimizer="sgd", metrics=["f1"])
    with pytest.raises(ValueError, match="metrics must be a list of names"):
        model.compile(loss="mse", optimizer="sgd", metrics=1)
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(np.zeros((2, 3)), np.zeros((2, 2)))
    model.compile(loss="mse", optimizer="sgd")
    with pytest.raises(ValueError, match="2 outputs"):
        model.fit(np.zeros((2, 3)), np.zeros((2, 5)))
    with pytest.raises(ValueError, match="features"):
        model.predict(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="examples"):
        model.fit(np.zeros((3, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="batch_size"):
        model.fit(np.zeros((2, 3)), np.zeros((2, 2)), batch_size=0)
    softmax = Sequential([Dense(3, "softmax", input_dim=2)])
    softmax.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    with pytest.raises(ValueError, match="between 0 and 2"):
        softmax.train_on_batch(np.zeros((2, 2)), np.array([0, 3]))


def test_bad_input_values_and_layers_are_refused() -> None:
    model = small_model()
    x, y, _ = blobs(10)
    x[3, 2] = np.nan
    with pytest.raises(ValueError, match="nan"):
        model.train_on_batch(x, y)
    with pytest.raises(ValueError, match="softmax"):
        model.add(Dense(3, activation="relu"))  # would not fit the compiled cross-entropy
    assert len(model.layers) == 3
    with pytest.raises(ValueError, match="epsilon"):
        optimizers.Adam(epsilon=0)


def test_predicting_from_another_thread_while_training_is_safe() -> None:
    import threading

    x, y, _ = blobs(400)
    model = small_model()
    errors = []

    def train():
        try:
            model.fit(x, y, batch_size=20, epochs=3)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    worker = threading.Thread(target=train)
    worker.start()
    while worker.is_alive():
        probs = model.predict(x[:20], batch_size=20)  # same batch size as training
        assert probs.shape == (20, 3) and np.isfinite(probs).all()
        model.gradient_norms()
    worker.join()
    assert not errors
