"""The model's textbook step and its edges, as a caller sees them.

The textbook step (``use_fast_paths = False``, or a model with penalties or dropout) must report
the same loss and accuracy as the lecture's formulas worked out from ``predict`` before the step;
a diverged network must be reported as ``NonFiniteError`` without NumPy warnings; the refusals
say exactly what is missing.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from playground.engine import (
    LOSSES,
    Dense,
    Dropout,
    NonFiniteError,
    RandomTranslation,
    Sequential,
    regularizers,
)

RNG = np.random.default_rng(7)
X = RNG.normal(size=(6, 3)).astype(np.float32)
LABELS = np.array([0, 1, 2, 1, 0, 2])
ONE_HOT = np.eye(3, dtype=np.float32)[LABELS]


def _three_layers(loss: str, activation: str, fast: bool = False, **compile_kwargs) -> Sequential:
    model = Sequential(
        [Dense(5, "tanh", input_dim=3), Dense(4, "relu"), Dense(3, activation)], seed=3
    )
    model.compile(loss=loss, optimizer="sgd", **compile_kwargs)
    model.use_fast_paths = fast
    return model


@pytest.mark.parametrize("fast", [False, True])
def test_a_step_reports_the_mean_squared_error_of_the_last_layer(fast: bool) -> None:
    model = _three_layers("mse", "sigmoid", fast)
    a = model.predict(X).astype(np.float64)
    expected = np.mean(np.mean((a - ONE_HOT) ** 2, axis=1))
    assert model.loss_and_gradients(X, ONE_HOT)[0] == pytest.approx(expected, rel=1e-5)
    assert model.train_on_batch(X, ONE_HOT) == pytest.approx(expected, rel=1e-5)


@pytest.mark.parametrize("fast", [False, True])
def test_a_step_reports_the_cross_entropy_and_accuracy_of_the_last_layer(fast: bool) -> None:
    model = _three_layers("sparse_categorical_crossentropy", "softmax", fast, metrics=["accuracy"])
    p = model.predict(X).astype(np.float64)
    expected_loss = np.mean(-np.log(p[np.arange(6), LABELS]))
    expected_accuracy = np.mean(np.argmax(p, axis=1) == LABELS)
    assert model.loss_and_gradients(X, LABELS)[0] == pytest.approx(expected_loss, rel=1e-5)
    loss, accuracy = model.train_on_batch(X, LABELS)
    assert loss == pytest.approx(expected_loss, rel=1e-5)
    assert accuracy == expected_accuracy


def test_the_step_loss_includes_the_weight_penalty() -> None:
    model = Sequential(
        [Dense(2, input_dim=3, kernel_regularizer=regularizers.L1L2(l2=0.1))], seed=0
    )
    model.compile(loss="mse", optimizer="sgd")
    kernel, bias = model.get_weights()
    y = np.ones((6, 2), np.float32)
    a = X.astype(np.float64) @ kernel + bias
    expected = np.mean(np.mean((a - y) ** 2, axis=1)) + 0.1 * np.sum(kernel.astype(np.float64) ** 2)
    assert model.train_on_batch(X, y) == pytest.approx(expected, rel=1e-5)


def test_dropout_is_active_in_the_training_step_only() -> None:
    model = Sequential([Dense(8, "relu", input_dim=3), Dropout(0.5), Dense(3, "softmax")], seed=1)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    without_dropout = model.evaluate(X, LABELS)
    assert model.loss_and_gradients(X, LABELS)[0] == pytest.approx(without_dropout, rel=1e-5)
    # half the hidden units dropped and the rest doubled: another loss than inference's
    assert model.train_on_batch(X, LABELS) != pytest.approx(without_dropout, rel=1e-3)


def _diverged_with_a_penalty() -> Sequential:
    # The penalty keeps the model on the textbook path; inputs of 3e38 overflow z to inf.
    model = Sequential(
        [
            Dense(4, "relu", input_dim=3, kernel_regularizer=regularizers.L1L2(l2=1e-9)),
            Dense(3, "softmax"),
        ],
        seed=0,
    )
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    weights = model.get_weights()
    weights[0][:] = 1.0
    model.set_weights(weights)
    return model


def _diverges_quietly(model) -> None:
    """Inputs of 3e38 give a non-finite loss and a refused step, with no NumPy warning."""
    x = np.full((3, 3), 3e38, np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, _ = model.loss_and_gradients(x, LABELS[:3])
        with pytest.raises(NonFiniteError):
            model.train_on_batch(x, LABELS[:3])
    assert not np.isfinite(loss)


def test_a_diverged_textbook_step_is_reported_without_numpy_warnings() -> None:
    model = _diverged_with_a_penalty()
    before = model.get_weights()
    _diverges_quietly(model)
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_compile_refusals_name_the_choices() -> None:
    model = Sequential([Dense(3, "softmax", input_dim=2)], seed=0)
    with pytest.raises(
        RuntimeError, match=r"^call model.compile\(loss=\.\.\., optimizer=\.\.\.\) before"
    ):
        model.train_on_batch(np.zeros((1, 2), np.float32), np.zeros(1, np.int64))
    choices = ", ".join(LOSSES)
    with pytest.raises(ValueError) as caught:
        model.compile(optimizer="sgd")
    assert str(caught.value) == f"compile needs a loss. Choose one of: {choices}."
    model.add(Dropout(0.5))
    with pytest.raises(ValueError) as caught:
        model.compile(loss="mse", optimizer="sgd")
    assert str(caught.value) == (
        "a Dropout, noise or augmentation layer after the last Dense layer changes "
        "nothing the loss sees: put it before a Dense layer"
    )


def test_compile_chooses_rmsprop_unless_told_otherwise() -> None:
    model = Sequential([Dense(3, "softmax", input_dim=2)], seed=0)
    model.compile(loss="mse")
    assert model.optimizer.name == "rmsprop"


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True])
def test_a_seed_must_be_a_whole_number_of_at_least_zero(bad: object) -> None:
    with pytest.raises(ValueError) as caught:
        Sequential(seed=bad)
    assert str(caught.value) == f"seed must be an integer >= 0, got {bad!r}"


def test_an_unseeded_model_draws_a_128_bit_seed() -> None:
    seeds = [Sequential().seed for _ in range(32)]
    assert all(0 <= seed < 2**128 for seed in seeds)
    assert max(seeds) >= 2**120  # 32 draws all below 2**120: probability 2**-256


def test_refusals_say_what_is_missing() -> None:
    with pytest.raises(ValueError, match=r"^the model has no layers; add Dense layers first$"):
        Sequential().build()
    unbuilt = Sequential([Dense(3), Dense(1)])
    with pytest.raises(
        ValueError,
        match=r"^the model does not know its input width yet: give the first layer "
        r"input_dim=\.\.\., or call fit/predict with data$",
    ):
        unbuilt.build()
    not_built = r"^the model is not built yet \(its input width is unknown\)$"
    with pytest.raises(ValueError, match=not_built):
        unbuilt.count_params()
    with pytest.raises(ValueError, match=not_built):
        unbuilt.set_weights([])
    with pytest.raises(ValueError, match=not_built):
        unbuilt.get_weights()
    with pytest.raises(
        ValueError,
        match=r"^the model is not built yet: give the first layer input_dim=\.\.\., or call fit$",
    ):
        unbuilt.summary()
    built = Sequential([Dense(3, input_dim=2)], seed=0)
    with pytest.raises(ValueError, match=r"^expected 2 arrays, got 1$"):
        built.set_weights(built.get_weights()[:1])
    built.compile(loss="mse", optimizer="sgd")
    with pytest.raises(ValueError, match=r"^the batch is empty$"):
        built.train_on_batch(np.zeros((0, 2), np.float32), np.zeros((0, 3), np.float32))


def test_building_a_built_model_again_keeps_its_weights() -> None:
    model = Sequential([Dense(3, input_dim=2)], seed=0)
    before = model.get_weights()
    model.build()
    for old, new in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_a_config_brings_back_metrics_and_defaults_to_rmsprop() -> None:
    model = Sequential([Dense(3, "softmax", input_dim=2)], seed=0)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    config = model.get_config()
    clone = Sequential.from_config(config)
    assert clone.metrics == ["accuracy"]
    assert len(clone.evaluate(np.zeros((2, 2), np.float32), np.array([0, 1]))) == 2
    del config["optimizer"]
    assert Sequential.from_config(config).optimizer.name == "rmsprop"


def test_repr_names_the_model_and_its_layers_in_order() -> None:
    first, second = Dense(3, "relu", input_dim=2), Dense(1)
    model = Sequential([first, second], seed=0, name="tiny")
    assert repr(model) == f"<Sequential 'tiny': {first!r} -> {second!r}>"


@pytest.mark.parametrize("fast", [True, False])
def test_an_overflowing_gradient_names_its_layer(fast: bool) -> None:
    # x = 1, a1 = 3e19, a2 = -0.3 * a1 = -9e18: the loss a2**2 = 8.1e37 is finite, but layer 2's
    # kernel gradient a1 * 2 * a2 = -5.4e38 overflows float32 (layer 1's, 2 * a2 * -0.3, does
    # not; nor does layer 2's bias gradient 2 * a2).
    model = Sequential([Dense(1, input_dim=1), Dense(1)], seed=0)
    model.compile(loss="mse", optimizer="sgd")
    model.use_fast_paths = fast
    zero = np.zeros(1, np.float32)
    model.set_weights(
        [np.full((1, 1), 3e19, np.float32), zero, np.full((1, 1), -0.3, np.float32), zero]
    )
    with pytest.raises(NonFiniteError) as caught:
        model.train_on_batch(np.ones((1, 1), np.float32), np.zeros((1, 1), np.float32))
    assert caught.value.quantity == "the gradient of layer 2 (dense_1)"
    assert caught.value.value == -np.inf


def test_fit_runs_one_quiet_epoch_unless_told_otherwise(capsys: pytest.CaptureFixture) -> None:
    model = _three_layers("sparse_categorical_crossentropy", "softmax")
    assert len(model.fit(X, LABELS).history["loss"]) == 1
    assert capsys.readouterr().out == ""
    model.fit(X, LABELS, epochs=2, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out


def test_evaluate_prints_its_figures_only_when_asked(capsys: pytest.CaptureFixture) -> None:
    model = _three_layers("sparse_categorical_crossentropy", "softmax", metrics=["accuracy"])
    loss, accuracy = model.evaluate(X, LABELS)
    assert capsys.readouterr().out == ""
    model.evaluate(X, LABELS, verbose=1)
    assert capsys.readouterr().out == f"loss: {loss:.4f} - accuracy: {accuracy:.4f}\n"


@pytest.mark.parametrize("bad", [0, -1, 2.5])
def test_evaluate_and_predict_refuse_a_bad_batch_size(bad: object) -> None:
    model = _three_layers("sparse_categorical_crossentropy", "softmax")
    message = rf"^batch_size must be an integer >= 1, got {bad}$"
    with pytest.raises(ValueError, match=message):
        model.evaluate(X, LABELS, batch_size=bad)
    with pytest.raises(ValueError, match=message):
        model.predict(X, batch_size=bad)


@pytest.mark.parametrize("fast", [True, False])
def test_augmentation_changes_the_training_batch_only(fast: bool) -> None:
    # 4 x 4 images with one bright pixel each, shifted by up to half the image in training
    x = np.zeros((6, 16), np.float32)
    x[np.arange(6), [0, 5, 10, 15, 3, 12]] = 1.0
    model = Sequential(
        [
            RandomTranslation(0.5, 0.5, fill_mode="constant", seed=2),
            Dense(3, "softmax", input_dim=16),
        ],
        seed=0,
    )
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    model.use_fast_paths = fast
    unchanged = model.evaluate(x, LABELS)
    assert model.loss_and_gradients(x, LABELS)[0] == pytest.approx(unchanged, rel=1e-6)
    assert model.train_on_batch(x, LABELS) != pytest.approx(unchanged, rel=1e-3)


def test_a_diverged_fast_step_is_reported_without_numpy_warnings() -> None:
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(3, "softmax")], seed=0)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    _diverges_quietly(model)


@pytest.mark.parametrize("fast", [True, False])
def test_gradients_come_in_the_models_float32(fast: bool) -> None:
    model = _three_layers("mse", "sigmoid", fast)
    model.train_on_batch(X, ONE_HOT)
    dtypes = {g.dtype for pair in model.last_gradients for g in pair}
    assert dtypes == {np.dtype(np.float32)}


def test_a_fresh_model_starts_plain_and_unstopped() -> None:
    model = Sequential([Dense(3, input_dim=2), Dense(2)], seed=0)
    assert model.use_fast_paths is True
    assert model.stop_training is False
    assert model.last_regularization_loss == 0.0
    np.testing.assert_array_equal(model.gradient_norms(), [0.0, 0.0])


def test_a_layer_added_after_compile_must_suit_the_loss() -> None:
    model = Sequential([Dense(3, "softmax", input_dim=2)], seed=0)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    with pytest.raises(ValueError) as caught:
        model.add(Dense(4, "relu"))
    assert str(caught.value) == (
        "The loss 'sparse_categorical_crossentropy' needs a softmax output layer, but the last "
        "layer's activation is 'relu'. Use activation='softmax' on the last layer, or the loss "
        "'mean_squared_error'."
    )
    with pytest.raises(ValueError, match=r"needs at least 2 output units\.$"):
        model.add(Dense(1, "softmax"))
    built = Dense(2, "softmax", name="given")
    built.build(5, np.random.default_rng(0))  # weights for 5 inputs, but 3 come in
    built.input_dim = None  # as a file whose description leaves the width out
    with pytest.raises(ValueError, match=r"^layer 'given' has a kernel of the wrong shape$"):
        model.add(built)


def test_the_fast_step_keeps_small_losses_next_to_large_ones() -> None:
    # As evaluate's mean: squared errors of 1 and 2**-30, half each, average 0.5 + 2**-31.
    model = Sequential([Dense(1, input_dim=1)], seed=0)
    model.compile(loss="mse", optimizer="sgd")
    model.set_weights([np.zeros((1, 1), np.float32), np.zeros(1, np.float32)])
    y = np.tile(np.array([[1.0], [2.0**-15]], np.float32), (32, 1))
    loss = model.train_on_batch(np.zeros((64, 1), np.float32), y)
    assert loss - 0.5 == pytest.approx(2.0**-31, rel=1e-6)


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "rmsprop"])
def test_an_all_zero_batch_trains_like_the_textbook_step(optimizer: str) -> None:
    # XOR one example at a time: the batch (0, 0) has no non-zero input at all
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
    y = np.array([[0], [1], [1], [0]], np.float32)
    trained = []
    for fast in (True, False):
        model = Sequential([Dense(4, "tanh", input_dim=2), Dense(1, "sigmoid")], seed=0)
        model.compile(loss="mse", optimizer=optimizer)
        model.use_fast_paths = fast
        for row in range(4):
            model.train_on_batch(x[row : row + 1], y[row : row + 1])
        trained.append(model.get_weights())
    for fast_w, textbook_w in zip(*trained, strict=True):
        np.testing.assert_allclose(fast_w, textbook_w, rtol=1e-5, atol=1e-7)
