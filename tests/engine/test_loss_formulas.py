"""Each loss per example against Keras 3, its gradient against finite differences, its refusals."""

from __future__ import annotations

import numpy as np
import pytest
from keras_reference import as_numpy, keras  # noqa: F401 - the fixture

from playground.engine import activations, losses

RNG = np.random.default_rng(4)
Z = RNG.normal(0, 3, (5, 4))
Z[2] += 800.0  # a row whose exponentials would overflow without the max shift
LABELS = np.array([0, 3, 1, 2, 3])
ONE_HOT = np.eye(4)[LABELS]


def _softmax(z):
    return activations.get("softmax").forward(z)


def test_cross_entropies_equal_keras_per_example(keras) -> None:  # noqa: F811
    ops = keras.ops.convert_to_tensor
    want = as_numpy(keras.losses.categorical_crossentropy(ops(ONE_HOT), ops(Z), from_logits=True))
    got = losses.get("categorical_crossentropy").per_example(ONE_HOT, _softmax(Z), Z)
    np.testing.assert_allclose(got, want, rtol=1e-6)
    sparse = losses.get("sparse_categorical_crossentropy").per_example(LABELS, _softmax(Z), Z)
    np.testing.assert_allclose(sparse, want, rtol=1e-6)
    np.testing.assert_allclose(losses.log_softmax(Z), np.log(_softmax(Z)), atol=1e-9)


def test_mean_squared_error_equals_keras_per_example(keras) -> None:  # noqa: F811
    a = RNG.normal(size=(5, 3))
    y = RNG.normal(size=(5, 3))
    want = as_numpy(
        keras.losses.mean_squared_error(
            keras.ops.convert_to_tensor(y), keras.ops.convert_to_tensor(a)
        )
    )
    np.testing.assert_allclose(losses.get("mse").per_example(y, a, a), want, rtol=1e-6)


def _numeric_gradient(f, x):
    out = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        step = np.zeros_like(x)
        step[i] = 1e-6
        out[i] = (f(x + step) - f(x - step)) / 2e-6
    return out


@pytest.mark.parametrize(
    ("name", "y"),
    [("categorical_crossentropy", ONE_HOT), ("sparse_categorical_crossentropy", LABELS)],
)
def test_fused_gradient_is_the_slope_of_the_mean_loss_in_the_logits(name, y) -> None:
    loss = losses.get(name)
    z = Z[[0, 1, 3, 4]]
    y = y[[0, 1, 3, 4]]
    numeric = _numeric_gradient(lambda v: loss.per_example(y, _softmax(v), v).mean(), z)
    np.testing.assert_allclose(loss.output_gradient(y, _softmax(z)), numeric, atol=1e-7)
    out = np.empty_like(z)
    loss.gradient(y, _softmax(z), out)
    np.testing.assert_allclose(out, numeric, atol=1e-7)


def test_mse_gradient_is_the_slope_of_the_mean_loss_in_the_output() -> None:
    loss = losses.get("mean_squared_error")
    a = RNG.normal(size=(4, 3))
    y = RNG.normal(size=(4, 3))
    numeric = _numeric_gradient(lambda v: loss.per_example(y, v, v).mean(), a)
    np.testing.assert_allclose(loss.output_gradient(y, a), numeric, atol=1e-7)
    out = np.empty_like(a)
    loss.gradient(y, a, out)
    np.testing.assert_allclose(out, numeric, atol=1e-7)


def test_accuracy_counts_rows_whose_largest_output_is_the_true_class() -> None:
    a = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]])
    labels = np.array([1, 2, 2, 0])
    assert losses.count_correct(labels, a, sparse=True) == 2
    assert losses.count_correct(np.eye(3)[labels], a, sparse=False) == 2


def test_metrics_are_normalised_to_known_names() -> None:
    assert losses.check_metrics(None) == []
    assert losses.check_metrics("acc") == ["accuracy"]
    assert losses.check_metrics(("accuracy", "acc")) == ["accuracy"]
    with pytest.raises(ValueError, match=r"^Unknown metric 'f1'\. Choose one of: accuracy\.$"):
        losses.check_metrics(["f1"])
    with pytest.raises(ValueError, match=r"^metrics must be a list of names, got 3$"):
        losses.check_metrics(3)


def test_loss_names_and_the_outputs_they_need() -> None:
    assert losses.canonical_name("MSE") == "mean_squared_error"
    assert losses.canonical_name("Categorical_Crossentropy") == "categorical_crossentropy"
    assert repr(losses.get("mse")) == "<loss mean_squared_error>"
    choices = "categorical_crossentropy, sparse_categorical_crossentropy, mean_squared_error, mse"
    for bad in ("hinge", None):
        with pytest.raises(
            ValueError, match=rf"^Unknown loss {bad!r}\. Choose one of: {choices}\.$"
        ):
            losses.get(bad)
    with pytest.raises(
        ValueError,
        match=r"^The loss 'categorical_crossentropy' needs a softmax output layer, but the "
        r"last layer's activation is 'sigmoid'\. Use activation='softmax' on the last layer, "
        r"or the loss 'mean_squared_error'\.$",
    ):
        losses.get("categorical_crossentropy").check_output("sigmoid", 3)
    sparse = losses.get("sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="needs a softmax output layer"):
        sparse.check_output("relu", 3)
    with pytest.raises(
        ValueError,
        match=r"^The loss 'sparse_categorical_crossentropy' needs at least 2 output units\.$",
    ):
        sparse.check_output("softmax", 1)
    sparse.check_output("softmax", 2)  # two classes are enough
    losses.get("mse").check_output("sigmoid", 1)  # any output fits squared error


@pytest.mark.parametrize("name", ["categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_float32_outputs_give_a_float32_gradient(name) -> None:
    a = _softmax(Z.astype(np.float32))
    y = LABELS if name.startswith("sparse") else ONE_HOT.astype(np.float32)
    assert losses.get(name).output_gradient(y, a).dtype == np.float32
