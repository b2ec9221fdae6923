"""The augmentation preview: the bundled test digits, and the random versions the settings'
training layers make of them, as the network sees them in training."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data.idx import read_idx
from playground.data.mnist import mnist_dir
from playground.training.augmentation_preview import N_DIGITS, augmented, sample_digits


def first_test_digits(n: int) -> np.ndarray:
    images = read_idx(mnist_dir() / "t10k-images-idx3-ubyte.gz")[:n]
    return images.reshape(n, 28 * 28) / 255.0


def test_the_sample_is_the_first_test_digits_as_rows_in_0_1() -> None:
    digits = sample_digits()
    assert N_DIGITS == 8
    assert digits.shape == (8, 784) and digits.dtype == np.float32
    np.testing.assert_allclose(digits, first_test_digits(8), rtol=0, atol=1e-7)
    assert digits.max() == 1.0 and digits.min() == 0.0  # byte 255 is white, 0 black
    np.testing.assert_array_equal(sample_digits(3), digits[:3])


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    return sample_digits(4)


def test_without_augmentation_every_draw_is_the_digit(digits) -> None:
    out = augmented(digits, 0, 0, 0, draws=3)
    assert out.shape == (3, 4, 784) and out.dtype == np.float32
    for draw in out:
        np.testing.assert_array_equal(draw, digits)


@pytest.mark.parametrize(
    ("rotation", "shift", "noise"), [(30.0, 0, 0), (0, 4.0, 0), (0, 0, 0.2)], ids=str
)
def test_each_augmentation_changes_every_draw_differently(digits, rotation, shift, noise) -> None:
    out = augmented(digits, rotation, shift, noise, draws=3, seed=5)
    assert out.shape == (3, 4, 784)
    for draw in out:
        assert not np.allclose(draw, digits)
    assert not np.allclose(out[0], out[1]) and not np.allclose(out[1], out[2])
    assert out.min() >= 0.0 and out.max() <= 1.0


def test_a_seed_gives_the_same_draws_and_zero_is_the_default(digits) -> None:
    def draws(**seed) -> np.ndarray:
        return augmented(digits, 20, 2, 0.1, 2, **seed)

    np.testing.assert_array_equal(draws(seed=0), draws())
    np.testing.assert_array_equal(draws(seed=7), draws(seed=7))
    assert not np.allclose(draws(seed=7), draws())


def test_noise_has_the_set_spread_and_shown_pixels_are_clipped_to_0_1(digits) -> None:
    out = augmented(digits, 0, 0, 0.05, draws=20, seed=1)
    inside = (digits > 0.3) & (digits < 0.7)  # grey pixels: noise of 0.05 is never clipped
    assert inside.sum() > 50
    spread = np.std((out - digits)[:, inside])
    assert spread == pytest.approx(0.05, rel=0.1)
    loud = augmented(digits, 0, 0, 0.5, draws=2, seed=1)
    assert loud.min() == 0.0 and loud.max() == 1.0
    assert (loud == 0.0).sum() > 100 and (loud == 1.0).sum() > 100  # noise beyond 0..1, cut


def test_a_shift_moves_the_digit_by_at_most_the_set_pixels(digits) -> None:
    rows = np.arange(28)

    def centre(pictures: np.ndarray) -> np.ndarray:
        p = pictures.reshape(-1, 28, 28)
        mass = p.sum(axis=(1, 2))
        return np.stack(
            [(p.sum(axis=2) * rows).sum(axis=1) / mass, (p.sum(axis=1) * rows).sum(axis=1) / mass],
            axis=1,
        )

    out = augmented(digits, 0, 2.0, 0, draws=10, seed=3)
    moves = np.abs(np.stack([centre(draw) for draw in out]) - centre(digits))
    assert moves.max() <= 2.5  # up to 2 pixels (a digit's edge may leave the frame)
    assert moves.max() > 1.0


def test_pixels_given_as_whole_numbers_are_augmented_like_floats(digits) -> None:
    binary = (digits > 0.5).astype(np.int64)  # a black-and-white picture, pixels 0 and 1
    as_floats = binary.astype(np.float32)
    for settings in [(0, 0, 0.2), (30.0, 2.0, 0)]:
        np.testing.assert_array_equal(
            augmented(binary, *settings, draws=2, seed=4),
            augmented(as_floats, *settings, draws=2, seed=4),
        )
