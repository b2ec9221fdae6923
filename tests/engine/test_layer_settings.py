"""What a Dense layer and a weight penalty show of their settings, and how bad ones are refused."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, regularizers


@pytest.mark.parametrize(
    ("layer", "shown"),
    [
        (Dense(5, "relu"), "Dense(5, activation='relu')"),
        (Dense(4, "maxout", pieces=3), "Dense(4, activation='maxout', pieces=3)"),
        (Dense(3, "elu", alpha=0.5), "Dense(3, activation='elu', alpha=0.5)"),
        (
            Dense(2, "leaky_relu", negative_slope=0.1, kernel_regularizer=regularizers.l2(0.01)),
            "Dense(2, activation='leaky_relu', negative_slope=0.1, kernel_regularizer=L2(l2=0.01))",
        ),
    ],
)
def test_a_layer_shows_the_settings_of_its_activation(layer, shown) -> None:
    assert repr(layer) == shown


def test_a_penalty_shows_its_strengths() -> None:
    assert repr(regularizers.L2()) == "L2(l2=0.01)"
    assert repr(regularizers.L1L2(l1=0.001, l2=0.02)) == "L1L2(l1=0.001, l2=0.02)"


def test_penalties_are_equal_by_kind_and_strength() -> None:
    assert regularizers.L2(0.01) == regularizers.get("l2")
    assert regularizers.L2(0.01) != regularizers.L1(0.01)
    assert regularizers.L2(0.01) != regularizers.L2(0.02)
    assert regularizers.L2(0.01) != "l2"


def test_the_penalty_gradient_keeps_the_weights_dtype() -> None:
    w = np.array([-2.0, 0.0, 3.0], np.float32)
    gradient = regularizers.L1L2(l1=0.1, l2=0.5).gradient(w)
    assert gradient.dtype == np.float32
    np.testing.assert_allclose(gradient, [-0.1 - 2.0, 0.0, 0.1 + 3.0])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: regularizers.L1L2(l1="strong"), r"^l1 must be a number, got 'strong'$"),
        (lambda: regularizers.L1(True), r"^l1 must be a number, got True$"),
        (lambda: regularizers.L1(-1.0), r"^l1 must be a finite number >= 0, got -1\.0$"),
        (lambda: regularizers.L2(float("inf")), r"^l2 must be a finite number >= 0, got inf$"),
    ],
)
def test_a_bad_strength_is_refused_by_name(make, message) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_a_layer_s_defaults_are_keras_s() -> None:
    layer = Dense(3, "elu")
    assert layer.get_config()["alpha"] == 1.0  # keras.activations.elu's alpha
    assert (layer.kernel_initializer, layer.bias_initializer) == ("glorot_uniform", "zeros")


def test_ends_of_the_allowed_ranges_are_accepted() -> None:
    assert Dense(3, "elu", alpha=0.0).alpha == 0.0
    for slope in (0.0, 1.0):
        assert Dense(3, "leaky_relu", negative_slope=slope).negative_slope == slope


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"units": 0}, r"^units must be an integer >= 1, got 0$"),
        ({"units": 3, "activation": "elu", "alpha": -1}, r"^alpha must be a finite number >= 0"),
        ({"units": 3, "alpha": float("nan")}, r"^alpha must be a finite number >= 0, got nan$"),
        (
            {"units": 3, "negative_slope": 1.5},
            r"^negative_slope must be between 0 and 1, got 1\.5$",
        ),
        ({"units": 3, "negative_slope": float("inf")}, r"^negative_slope must be between 0 and 1"),
    ],
)
def test_a_bad_layer_setting_is_refused_by_name(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        Dense(**kwargs)


def test_a_layer_built_for_other_inputs_says_which_layer_and_how_many() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"^layer dense expects 4 inputs, got 5$"):
        Dense(3, input_dim=4).build(5, rng)
    with pytest.raises(ValueError, match=r"^layer hidden expects 4 inputs, got 5$"):
        Dense(3, input_dim=4, name="hidden").build(5, rng)


def test_a_random_bias_initializer_draws_from_the_layer_s_generator() -> None:
    a = Dense(3, input_dim=2, bias_initializer="he_uniform")
    b = Dense(3, input_dim=2, bias_initializer="he_uniform")
    a.build(2, np.random.default_rng(5))
    b.build(2, np.random.default_rng(5))
    assert a.bias.any()
    np.testing.assert_array_equal(a.bias, b.bias)


def test_input_shape_is_another_way_to_give_the_inputs() -> None:
    assert Dense(3, input_shape=(4,)).input_dim == 4
    for kwargs in ({"input_dim": 4, "input_shape": (4,)}, {"input_shape": (4, 2)}):
        with pytest.raises(ValueError, match=r"^give either input_dim=n or input_shape=\(n,\)$"):
            Dense(3, **kwargs)
    with pytest.raises(ValueError, match=r"^input_dim must be an integer >= 1, got 0$"):
        Dense(3, input_dim=0)
    with pytest.raises(ValueError, match=r"^pieces must be an integer >= 1, got 0$"):
        Dense(3, "maxout", pieces=0)


def test_a_layer_keeps_its_name_penalties_and_activation_settings() -> None:
    layer = Dense(3, "elu", input_dim=1, alpha=0.5, bias_regularizer="l2", name="hidden")
    config = layer.get_config()
    assert config["name"] == "hidden"
    assert config["bias_regularizer"] == {"class_name": "L2", "config": {"l2": 0.01}}
    layer.build(1, np.random.default_rng(0))
    layer.kernel = np.ones((1, 3), np.float32)
    layer.bias = np.zeros(3, np.float32)
    a = layer.forward(np.array([[-1.0]], np.float32)).a
    np.testing.assert_allclose(a, np.full((1, 3), 0.5 * np.expm1(-1.0)), rtol=1e-6)


def test_weights_of_a_layer_not_yet_built_are_refused() -> None:
    for weights in ("kernel", "bias"):
        with pytest.raises(
            AttributeError, match=r"^layer dense has no weights yet: build it first$"
        ):
            getattr(Dense(3), weights)


def test_saved_penalties_are_read_back_or_refused() -> None:
    assert regularizers.get({"class_name": "L2"}) == regularizers.L2(0.01)
    with pytest.raises(ValueError, match=r"^bad regularizer settings \[1\]$"):
        regularizers.get({"class_name": "L2", "config": [1]})
    with pytest.raises(ValueError, match=r"^bad regularizer settings \{'l3': 1\}$"):
        regularizers.get({"class_name": "L1L2", "config": {"l3": 1}})
    with pytest.raises(
        ValueError, match=r"^Unknown regularizer 'l3'\. Choose one of: l1, l2, l1_l2\.$"
    ):
        regularizers.get("l3")
