"""Augmentation pixel by pixel on tiny images, its factors' ranges and its messages.

Expected images are written out by hand: a shift moves every pixel, the fill says what comes
in at the edge, a quarter turn is NumPy's ``rot90``. A factor given as a pair with equal ends
draws that one value, which makes the random layers exact.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import RandomRotation, RandomTranslation
from playground.engine.augmentation import transform

SQUARE = np.arange(1, 10, dtype=np.float32).reshape(1, 9)  # 1 2 3 / 4 5 6 / 7 8 9


def _image(rows: list[list[float]]) -> np.ndarray:
    return np.array(rows, np.float32).reshape(1, -1)


def test_a_shift_brings_in_the_fill_and_defaults_to_constant_zero() -> None:
    right = _image([[0, 1, 2], [0, 4, 5], [0, 7, 8]])
    np.testing.assert_array_equal(transform(SQUARE, 0.0, 1.0, 0.0), right)
    down = _image([[-1, -1, -1], [1, 2, 3], [4, 5, 6]])
    for interpolation in ("nearest", "bilinear"):
        shifted = transform(SQUARE, 0.0, 0.0, 1.0, "constant", interpolation, -1.0)
        np.testing.assert_array_equal(shifted, down)
    # nearest rounds a shift of 0.4 pixels away; bilinear mixes neighbours
    np.testing.assert_array_equal(transform(SQUARE, 0.0, 0.4, 0.0, "constant", "nearest"), SQUARE)
    mixed = transform(SQUARE, 0.0, 0.5, 0.0, "constant", "bilinear")
    np.testing.assert_allclose(mixed[0, :3], [0.5, 1.5, 2.5])


def test_reflect_mirrors_the_image_again_and_again() -> None:
    # columns a b c continue leftwards as a b c c b a a b c ...: 4 to the left of a is c
    row = np.array([[1, 2, 3]] * 3, np.float32).reshape(1, 9)
    moved = transform(row, 0.0, 4.0, 0.0, "reflect", "nearest")
    np.testing.assert_array_equal(moved.reshape(3, 3)[0], [3, 3, 2])


def test_fixed_factors_turn_and_shift_exactly() -> None:
    quarter = RandomRotation((0.25, 0.25), fill_mode="constant")
    turned = quarter.forward(SQUARE, training=True)
    np.testing.assert_allclose(turned.reshape(3, 3), np.rot90(SQUARE.reshape(3, 3)), atol=1e-5)
    # 0.1 of 4 pixels is 0.4: nearest rounds it away, bilinear would mix neighbours
    nearest = RandomTranslation(0.0, (0.1, 0.1), fill_mode="constant", interpolation="nearest")
    square16 = np.arange(16, dtype=np.float32).reshape(1, 16)
    np.testing.assert_array_equal(nearest.forward(square16, training=True), square16)
    two_right = RandomTranslation(0.0, (0.5, 0.5), fill_mode="constant", fill_value=0.5)
    image = np.arange(16, dtype=np.float32).reshape(1, 16)
    expected = np.hstack([np.full((4, 2), 0.5), image.reshape(4, 4)[:, :2]])
    np.testing.assert_array_equal(two_right.forward(image, training=True), expected.reshape(1, 16))
    zero_fill = RandomTranslation((0.5, 0.5), 0.0, fill_mode="constant")  # 2 rows down
    np.testing.assert_array_equal(
        zero_fill.forward(image, training=True).reshape(4, 4)[:2], np.zeros((2, 4))
    )


def test_each_image_draws_its_own_amount_and_a_seed_repeats_the_draws() -> None:
    twins = np.repeat(np.arange(16, dtype=np.float32).reshape(1, 16), 2, axis=0)
    turned = RandomRotation(0.5, seed=3).forward(twins, training=True)
    assert not np.array_equal(turned[0], turned[1])
    again = RandomRotation(0.5, seed=3).forward(twins, training=True)
    np.testing.assert_array_equal(turned, again)
    assert RandomRotation(0.5, name="turn").name == "turn"
    for height, width in ((0.5, 0.0), (0.0, 0.5)):
        moved = RandomTranslation(height, width, seed=3).forward(twins, training=True)
        assert not np.array_equal(moved[0], moved[1])
        again = RandomTranslation(height, width, seed=3).forward(twins, training=True)
        np.testing.assert_array_equal(moved, again)
    assert RandomTranslation(0.1, 0.1, name="move").name == "move"


def test_a_number_means_both_directions_and_the_ends_may_reach_one() -> None:
    assert RandomRotation(0.1).factor == (-0.1, 0.1)
    assert RandomRotation(1.0).factor == (-1.0, 1.0)
    assert RandomRotation((0.3, -0.2)).factor == (-0.2, 0.3)
    layer = RandomTranslation(0.2, (-1, 1))
    assert (layer.height_factor, layer.width_factor) == ((-0.2, 0.2), (-1.0, 1.0))


@pytest.mark.parametrize(
    ("factor", "problem"),
    [
        ((0.1,), "must be a number or a (lower, upper) pair"),
        ((0.1, 0.2, 0.3), "must be a number or a (lower, upper) pair"),
        (("a", 0.1), "must be a number or a (lower, upper) pair"),
        ((float("nan"), 0.1), "must be a number or a (lower, upper) pair"),
        (1.5, "must lie between -1 and 1"),
        ((-1.5, 0.0), "must lie between -1 and 1"),
        ((-2.5, 0.5), "must lie between -1 and 1"),
        ((0.0, 1.5), "must lie between -1 and 1"),
    ],
)
def test_bad_factors_are_refused_by_name(factor: object, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        RandomRotation(factor)
    assert str(caught.value) == f"factor {problem}, got {factor!r}"
    with pytest.raises(ValueError) as caught:
        RandomTranslation(factor, 0.1)
    assert str(caught.value) == f"height_factor {problem}, got {factor!r}"
    with pytest.raises(ValueError) as caught:
        RandomTranslation(0.1, factor)
    assert str(caught.value) == f"width_factor {problem}, got {factor!r}"


def test_bad_fill_and_interpolation_are_refused_with_the_choices() -> None:
    with pytest.raises(ValueError) as caught:
        RandomRotation(0.1, fill_mode="mirror")
    assert str(caught.value) == (
        "fill_mode must be one of reflect, wrap, constant, nearest, got 'mirror'"
    )
    with pytest.raises(ValueError) as caught:
        RandomTranslation(0.1, 0.1, interpolation="cubic")
    assert str(caught.value) == "interpolation must be one of bilinear, nearest, got 'cubic'"


def test_a_batch_larger_than_one_block_is_transformed_to_its_last_image() -> None:
    # 2,100 images of 2 x 2 pixels: more than two blocks of 1,024
    images = np.arange(2100 * 4, dtype=np.float32).reshape(2100, 4)
    np.testing.assert_array_equal(transform(images, 0.0, 0.0, 0.0), images)
    flipped = transform(images, 180.0, 0.0, 0.0, "constant", "nearest")
    np.testing.assert_array_equal(flipped, images[:, ::-1])
