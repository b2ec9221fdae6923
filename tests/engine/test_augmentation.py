"""RandomRotation, RandomTranslation and GaussianNoise: Keras 3's own pixels, training only."""

from __future__ import annotations

import numpy as np
import pytest
from keras_reference import as_numpy, keras  # noqa: F401 - the fixture

from playground.engine import GaussianNoise, RandomRotation, RandomTranslation
from playground.engine.augmentation import FILL_MODES, image_side, transform

X = np.random.default_rng(0).random((3, 784)).astype(np.float32)


def _keras_images(layer):
    return as_numpy(layer(X.reshape(3, 28, 28, 1), training=True)).reshape(3, 784)


@pytest.mark.parametrize("fill_mode", FILL_MODES)
@pytest.mark.parametrize("degrees", [90.0, 15.0, -36.0])
def test_rotation_equals_keras(keras, fill_mode, degrees) -> None:  # noqa: F811
    turn = degrees / 360
    expected = _keras_images(keras.layers.RandomRotation((turn, turn), fill_mode=fill_mode))
    np.testing.assert_allclose(transform(X, degrees, 0, 0, fill_mode), expected, atol=1e-5)


@pytest.mark.parametrize("fill_mode", FILL_MODES)
def test_translation_equals_keras(keras, fill_mode) -> None:  # noqa: F811
    layer = keras.layers.RandomTranslation(
        (3 / 28, 3 / 28), (-2 / 28, -2 / 28), fill_mode=fill_mode
    )
    np.testing.assert_allclose(transform(X, 0, -2, 3, fill_mode), _keras_images(layer), atol=1e-5)


def test_quarter_turn_and_whole_pixel_shift_by_hand() -> None:
    image = np.arange(16, dtype=np.float32).reshape(1, 16)
    turned = transform(image, 90, 0, 0).reshape(4, 4)
    np.testing.assert_allclose(turned, np.rot90(image.reshape(4, 4)), atol=1e-5)
    shifted = transform(image, 0, 1, 0, "constant").reshape(4, 4)
    expected = np.zeros((4, 4), np.float32)
    expected[:, 1:] = image.reshape(4, 4)[:, :3]
    np.testing.assert_allclose(shifted, expected, atol=1e-6)


def test_random_layers_change_training_batches_only() -> None:
    for layer in (
        RandomRotation(0.1, seed=1),
        RandomTranslation(0.1, 0.1, seed=1),
        GaussianNoise(0.1, seed=1),
    ):
        np.testing.assert_array_equal(layer.forward(X, training=False), X)
        changed = layer.forward(X, training=True)
        assert changed.shape == X.shape and changed.dtype == X.dtype
        assert not np.allclose(changed, X)


def test_random_rotation_stays_within_its_factor() -> None:
    dot = np.zeros((1, 49), np.float32)
    dot[0, 3 * 7 + 6] = 1.0  # a pixel on the right edge, middle row
    layer = RandomRotation(1 / 8, fill_mode="constant", seed=0)  # up to 45 degrees
    for _ in range(20):
        image = layer.forward(dot, training=True).reshape(7, 7)
        row, col = divmod(int(image.argmax()), 7)
        assert abs(np.degrees(np.arctan2(3 - row, col - 3))) <= 45 + 10  # pixel rounding


def test_gaussian_noise_has_its_stddev() -> None:
    noise = GaussianNoise(0.3, seed=4).forward(np.zeros((200, 784), np.float32), training=True)
    assert abs(noise.std() - 0.3) < 0.01 and abs(noise.mean()) < 0.01


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="not a square image"):
        image_side(10)
    with pytest.raises(ValueError, match="fill_mode must be one of"):
        RandomRotation(0.1, fill_mode="mirror")
    with pytest.raises(ValueError, match="between -1 and 1"):
        RandomTranslation(2, 0)
    with pytest.raises(ValueError, match="stddev must be at least 0"):
        GaussianNoise(-1)
