"""Dropout's and GaussianNoise's settings, their refusals, and what they do outside training."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dropout, GaussianNoise


def test_settings_are_kept_and_shown() -> None:
    noise = GaussianNoise(2.0, seed=3, name="noise")  # any spread >= 0, not only below 1
    assert noise.get_config() == {"name": "noise", "seed": 3, "stddev": 2.0}
    assert Dropout(0.0, seed=1, name="drop").get_config() == {
        "name": "drop",
        "seed": 1,
        "rate": 0.0,
    }
    assert repr(Dropout(0.25)) == "Dropout(rate=0.25)"
    assert repr(GaussianNoise(0.1)) == "GaussianNoise(stddev=0.1)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Dropout(0.5, seed=-1), r"^seed must be an integer >= 0, got -1$"),
        (lambda: Dropout(0.5, seed=1.5), r"^seed must be an integer >= 0, got 1\.5$"),
        (lambda: GaussianNoise(0.5, seed=True), r"^seed must be an integer >= 0, got True$"),
        (lambda: Dropout("half"), r"^rate must be a number, got 'half'$"),
        (lambda: Dropout(1.0), r"^rate must be at least 0 and below 1, got 1\.0$"),
        (lambda: GaussianNoise(-0.1), r"^stddev must be at least 0 and below inf, got -0\.1$"),
    ],
)
def test_a_bad_setting_is_refused_by_name(make, message) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_outside_training_they_pass_inputs_and_gradients_on_unchanged() -> None:
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    for layer in (Dropout(0.5, seed=0), GaussianNoise(1.0, seed=0)):
        np.testing.assert_array_equal(layer.backward(x), x)  # before any training pass
        np.testing.assert_array_equal(layer.forward(x), x)  # inference is the default
        np.testing.assert_array_equal(layer.backward(x), x)


def test_noise_is_added_from_the_layer_s_own_seeded_stream() -> None:
    x = np.ones((4, 5), np.float32)
    noisy = GaussianNoise(0.5, seed=3).forward(x, training=True)
    expected = x + np.random.default_rng(3).normal(0.0, 0.5, x.shape).astype(np.float32)
    np.testing.assert_allclose(noisy, expected, rtol=1e-6)
