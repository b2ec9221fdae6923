"""A digit fitted to a data set's own picture size (``fit_to_shape``: what ``predict --image``
and the drawing canvas hand to an 8x8 or 14x14 model), and pictures in a palette with alpha."""

from __future__ import annotations

import numpy as np
from PIL import Image

from playground.data.images import fit_to_shape, load_image, to_mnist


def _pattern(height: int = 28, width: int = 28) -> np.ndarray:
    return np.random.default_rng(3).random((height, width)).astype(np.float32)


def _square(side: int = 8) -> np.ndarray:
    """A white square on black, a quarter of the side from each edge."""
    a = np.zeros((side, side), np.float32)
    a[side // 4 : side - side // 4, side // 4 : side - side // 4] = 1.0
    return a


def test_no_shape_or_the_same_shape_leaves_the_digit_as_float32():
    digit = _pattern().astype(np.float64)
    for shape in (None, (28, 28)):
        out = fit_to_shape(digit, shape)
        assert out.dtype == np.float32
        np.testing.assert_array_equal(out, digit.astype(np.float32))


def test_shrinking_averages_areas_like_the_data_sets_own_conversion():
    digit = _pattern()
    half = fit_to_shape(digit, (14, 14))
    blocks = digit.reshape(14, 2, 14, 2).mean(axis=(1, 3))
    np.testing.assert_allclose(half, blocks, atol=1e-5)
    # one side kept, the other halved: still the mean of the pixels each output pixel covers
    np.testing.assert_allclose(
        fit_to_shape(digit, (28, 14)), digit.reshape(28, 14, 2).mean(axis=2), atol=1e-5
    )
    np.testing.assert_allclose(
        fit_to_shape(digit, (14, 28)), digit.reshape(14, 2, 28).mean(axis=1), atol=1e-5
    )


def test_the_shape_is_height_then_width():
    assert fit_to_shape(_pattern(), (8, 12)).shape == (8, 12)
    assert fit_to_shape(_pattern(), (40, 20)).shape == (40, 20)


def test_growing_interpolates_rather_than_repeating_pixels():
    # Grown in any direction, neighbouring output pixels are not copies of one source pixel.
    wide = fit_to_shape(_pattern(), (14, 56))
    assert not np.allclose(wide[:, 0::2], wide[:, 1::2])
    tall = fit_to_shape(_pattern(10, 40), (20, 20))
    assert not np.allclose(tall[0::2], tall[1::2])


def test_grown_edges_stay_within_black_and_white():
    grown = fit_to_shape(_square(8), (32, 32))
    assert grown.dtype == np.float32
    assert grown.min() == 0.0 and grown.max() == 1.0
    assert grown[0, 0] == 0.0 and grown[16, 16] == 1.0
    # in between, the edge is a smooth ramp, not a step
    assert 0.0 < grown[16, 7] < 1.0 or 0.0 < grown[16, 8] < 1.0


def test_a_palette_picture_with_an_alpha_channel_is_flattened(tmp_path):
    # Black ink on a transparent background whose hidden colour is black too (a TIFF in PA).
    strokes = np.zeros((60, 60), np.uint8)
    strokes[10:50, 27:33] = 1
    strokes[10:16, 15:45] = 1
    picture = Image.fromarray(strokes, "P")
    picture.putpalette([0, 0, 0] * 256)
    picture = picture.convert("PA")
    picture.putalpha(Image.fromarray(np.where(strokes == 1, 255, 0).astype(np.uint8)))
    picture.save(tmp_path / "ink.tif")
    with Image.open(tmp_path / "ink.tif") as check:
        assert check.mode == "PA" and "transparency" not in check.info
    reference = to_mnist(np.where(strokes == 1, 0, 255).astype(np.uint8))
    assert np.abs(to_mnist(load_image(tmp_path / "ink.tif")) - reference).mean() < 0.03
