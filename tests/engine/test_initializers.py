"""Weight initializers: Keras's ranges and variances (keras.initializers), checked by sampling."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import initializers

SHAPE = (300, 200)  # fan_in 300, fan_out 200: 60,000 draws
FAN_IN, FAN_OUT = SHAPE

# name -> (variance Keras aims for, the largest |value| allowed)
EXPECTED = {
    "glorot_uniform": (2 / (FAN_IN + FAN_OUT), np.sqrt(6 / (FAN_IN + FAN_OUT))),
    "he_uniform": (2 / FAN_IN, np.sqrt(6 / FAN_IN)),
    # truncated normals: Keras cuts at two (scaled) standard deviations, std = sqrt(var) / .8796
    "glorot_normal": (2 / (FAN_IN + FAN_OUT), 2 * np.sqrt(2 / (FAN_IN + FAN_OUT)) / 0.87962566),
    "he_normal": (2 / FAN_IN, 2 * np.sqrt(2 / FAN_IN) / 0.87962566),
    "random_normal": (0.05**2, np.inf),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_variance_and_range_are_keras_s(name) -> None:
    variance, limit = EXPECTED[name]
    values = initializers.initialize(name, SHAPE, np.random.default_rng(0))
    assert values.shape == SHAPE and values.dtype == np.float32
    assert values.flags.c_contiguous
    assert values.var() == pytest.approx(variance, rel=0.03)
    assert abs(values.mean()) < 0.02 * np.sqrt(variance)
    assert np.abs(values).max() <= limit * (1 + 1e-6)
    if np.isfinite(limit):  # the draws reach close to the edge of the range
        assert np.abs(values).max() > 0.97 * limit


def test_a_bias_shaped_array_counts_one_input() -> None:
    # a 1-D shape: fan_in is 1 and fan_out its length, as in Keras
    values = initializers.initialize("he_uniform", (40_000,), np.random.default_rng(1))
    assert np.abs(values).max() == pytest.approx(np.sqrt(6.0), rel=1e-3)
    glorot = initializers.initialize("glorot_uniform", (5,), np.random.default_rng(1))
    assert np.abs(glorot).max() <= np.sqrt(6 / 6)


def test_zeros_and_the_same_seed_give_the_same_weights() -> None:
    assert not initializers.initialize("zeros", (3, 4), np.random.default_rng(0)).any()
    a = initializers.initialize("he_normal", (3, 4), np.random.default_rng(7))
    b = initializers.initialize("he_normal", (3, 4), np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


def test_names_are_case_blind_and_unknown_ones_name_the_choices() -> None:
    assert initializers.check_name("Glorot_Uniform") == "glorot_uniform"
    choices = "glorot_uniform, glorot_normal, he_uniform, he_normal, zeros, random_normal"
    with pytest.raises(
        ValueError, match=rf"^Unknown initializer 'orthogonal'\. Choose one of: {choices}\.$"
    ):
        initializers.initialize("orthogonal", (2, 2), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"^Unknown initializer None"):
        initializers.check_name(None)


@pytest.mark.parametrize("name", ["glorot_normal", "he_normal"])
def test_even_a_small_kernel_is_cut_at_two_standard_deviations(name) -> None:
    # few draws: most small kernels have a value beyond 2 std but none beyond 3
    std = np.sqrt(2 / (3 + 5) if name == "glorot_normal" else 2 / 3) / 0.87962566
    for seed in range(200):
        values = initializers.initialize(name, (3, 5), np.random.default_rng(seed))
        assert np.abs(values).max() <= 2 * std * (1 + 1e-6), seed
