"""The MNIST recipe for pictures of digits: invert, crop, fit into 20x20, centre by mass."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from playground.data import DatasetError
from playground.data.images import load_image, to_mnist


def _seven(size: int, top: int, left: int, scale: float, thickness: int) -> np.ndarray:
    """A dark '7' on white paper: a bar and a diagonal, placed and scaled at will."""
    img = np.full((size, size), 255, np.uint8)
    h, w = int(60 * scale), int(40 * scale)
    img[top : top + thickness, left : left + w] = 0
    for i in range(h):
        c = left + w - 1 - int(i * (w * 0.6) / h)
        img[top + i, max(c - thickness, 0) : c] = 0
    return img


def _centre_of_mass(a: np.ndarray) -> tuple[float, float]:
    total = a.sum()
    return (
        float((a.sum(1) * np.arange(a.shape[0])).sum() / total),
        float((a.sum(0) * np.arange(a.shape[1])).sum() / total),
    )


def _bbox(a: np.ndarray, level: float = 0.05) -> tuple[int, int]:
    rows = np.flatnonzero((a > level).any(1))
    cols = np.flatnonzero((a > level).any(0))
    return rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1


@pytest.mark.parametrize(
    ("top", "left", "scale", "thick"),
    [(10, 10, 1.0, 6), (100, 140, 2.5, 12), (5, 150, 0.5, 3), (120, 3, 1.5, 9)],
)
def test_shifted_and_scaled_digit_comes_out_centred(top, left, scale, thick):
    out = to_mnist(_seven(300, top, left, scale, thick))
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0
    # Inverted: the ink is bright, the border (background) black.
    assert out.max() > 0.9 and out[0].max() == 0 and out[:, 0].max() == 0
    cy, cx = _centre_of_mass(out)
    assert abs(cy - 14) <= 0.6 and abs(cx - 14) <= 0.6
    h, w = _bbox(out)
    assert max(h, w) in (20, 21, 22) and w < h  # the 20x20 fit keeps the aspect ratio


def test_position_and_size_do_not_matter():
    a = to_mnist(_seven(300, 10, 10, 1.0, 6))
    b = to_mnist(_seven(300, 130, 120, 2.0, 12))
    assert np.abs(a - b).mean() < 0.01  # the ink itself covers ~0.08


def test_dark_background_is_not_inverted():
    paper = _seven(200, 30, 40, 1.0, 6)
    a = to_mnist(paper)
    b = to_mnist(255 - paper)  # white ink on black, like MNIST and the drawing canvas
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_float_input_and_uint8_agree():
    paper = _seven(200, 30, 40, 1.0, 6)
    np.testing.assert_allclose(to_mnist(paper), to_mnist(paper / 255.0), atol=1e-5)
    np.testing.assert_allclose(to_mnist(paper), to_mnist(paper.astype(np.float64)), atol=1e-5)
    assert to_mnist(np.where(paper > 0, np.nan, 1.0)).max() > 0.9  # nan counts as background


def test_every_integer_type_and_bool_give_the_same_digit():
    paper = _seven(200, 30, 40, 1.0, 6)
    reference = to_mnist(paper)
    # the same 0..255 values as Python ints (int64), and on the 16-bit scale of a PNG-16
    np.testing.assert_allclose(to_mnist(paper.astype(np.int64)), reference, atol=1e-5)
    np.testing.assert_allclose(to_mnist(paper.astype(np.uint16) * 257), reference, atol=1e-5)
    # a 1-bit picture: True is white paper, False black ink
    np.testing.assert_allclose(
        to_mnist(paper > 127), to_mnist(np.where(paper > 127, 255, 0).astype(np.uint8)), atol=1e-5
    )
    assert to_mnist(paper > 127).dtype == np.float32
    # faint ink on a 16-bit scale still counts as ink, not as noise around 0..255
    faint = np.where(paper > 127, 65535, 60000).astype(np.uint16)
    assert to_mnist(faint).max() > 0.9


def test_non_finite_pixels_count_as_black():
    ink = 1.0 - _seven(200, 30, 40, 1.0, 6) / 255.0  # white ink on black, as on the canvas
    reference = to_mnist(ink)
    for value in (np.inf, -np.inf, np.nan):
        damaged = ink.copy()
        damaged[:5, :5] = value  # a damaged corner, away from the digit
        np.testing.assert_allclose(to_mnist(damaged), reference, atol=1e-6)


def test_grey_paper_background_is_removed():
    paper = _seven(200, 30, 40, 1.0, 6).astype(np.float32) * 0.6 + 60  # grey paper, grey ink
    out = to_mnist(paper.astype(np.uint8))
    assert out.max() > 0.95 and (out < 0.02).mean() > 0.6


def test_mnist_digit_survives_unchanged():
    from playground.data.mnist import load_data

    _, (x_test, _) = load_data()
    errors = [
        np.abs(to_mnist(np.pad(255 - d, 40, constant_values=255)) - d / 255).mean()
        for d in x_test[:20]
    ]
    assert np.median(errors) < 0.02


def test_blank_and_tiny_images():
    assert not to_mnist(np.zeros((50, 50), np.uint8)).any()
    assert not to_mnist(np.full((50, 50), 255, np.uint8)).any()
    dot = np.zeros((9, 9), np.uint8)
    dot[4, 4] = 255
    out = to_mnist(dot)
    assert out.shape == (28, 28) and out.max() > 0.5
    assert to_mnist(np.zeros((0, 0), np.uint8)).shape == (28, 28)
    with pytest.raises(ValueError, match="2-D"):
        to_mnist(np.zeros((28, 28, 3), np.uint8))


def test_load_png_jpeg_and_transparency(tmp_path):
    paper = _seven(120, 20, 20, 1.0, 6)
    Image.fromarray(paper).save(tmp_path / "seven.png")
    rgb = np.stack([paper] * 3, axis=-1)
    Image.fromarray(rgb).save(tmp_path / "seven.jpg", quality=90)
    # Black ink on a transparent background whose hidden colour is black too.
    rgba = np.zeros((120, 120, 4), np.uint8)
    rgba[..., 3] = 255 - paper
    Image.fromarray(rgba).save(tmp_path / "seven-alpha.png")

    reference = to_mnist(paper)
    for name in ("seven.png", "seven.jpg", "seven-alpha.png"):
        img = load_image(tmp_path / name)
        assert img.dtype == np.uint8 and img.shape == (120, 120)
        assert np.abs(to_mnist(img) - reference).mean() < 0.03, name


def test_large_picture_is_shrunk(tmp_path):
    Image.fromarray(_seven(2400, 200, 300, 20.0, 60)).save(tmp_path / "big.png")
    img = load_image(tmp_path / "big.png", max_side=600)
    assert max(img.shape) == 600
    assert to_mnist(img).max() > 0.9


def test_unreadable_images(tmp_path):
    with pytest.raises(DatasetError, match="no such image"):
        load_image(tmp_path / "missing.png")
    bad = tmp_path / "notes.png"
    bad.write_text("this is not a picture")
    with pytest.raises(DatasetError, match="not an image") as info:
        load_image(bad)
    assert str(bad) in str(info.value)
    Image.fromarray(_seven(120, 20, 20, 1.0, 6)).save(tmp_path / "cut.png")
    cut = tmp_path / "cut.png"
    cut.write_bytes(cut.read_bytes()[:200])
    with pytest.raises(DatasetError, match=r"cut\.png"):
        load_image(cut)


def test_light_ink_on_dark_grey_paper_in_every_type():
    # Paper darker than middle grey is not inverted, whatever the number type says "white" is.
    ink = _seven(200, 30, 40, 1.0, 6) < 128
    reference = to_mnist(np.where(ink, 255, 0).astype(np.uint8))
    pictures = {
        "uint8": np.where(ink, 255, 100).astype(np.uint8),
        "uint16": np.where(ink, 65535, 25000).astype(np.uint16),
        "int16": np.where(ink, 32767, 12000).astype(np.int16),
        "float 0..1": np.where(ink, 1.0, 0.4),
        "float 0..255": np.where(ink, 255.0, 100.0),
        "float paper at one half": np.where(ink, 1.0, 0.5),
    }
    for name, picture in pictures.items():
        out = to_mnist(picture)
        assert out.max() > 0.95, name
        assert np.abs(out - reference).mean() < 0.01, name


def test_pixels_below_black_count_as_black():
    ink = 1.0 - _seven(200, 30, 40, 1.0, 6) / 255.0  # white ink on black
    framed = ink.copy()
    framed[:3, :], framed[-3:, :], framed[:, :3], framed[:, -3:] = -0.5, -0.5, -0.5, -0.5
    np.testing.assert_allclose(to_mnist(framed), to_mnist(ink), atol=1e-6)


def test_blank_pictures_come_out_as_empty_28x28_float32():
    for blank in (
        np.zeros((0, 0), np.int64),
        np.zeros((0, 0)),
        np.full((30, 30), 0.4),  # uniform grey: nothing drawn
        np.full((30, 30), 200, np.uint8),
    ):
        out = to_mnist(blank)
        assert out.shape == (28, 28) and out.dtype == np.float32 and not out.any()


def test_a_one_pixel_stroke_stays_thin():
    for horizontal in (True, False):
        img = np.zeros((60, 60), np.uint8)
        if horizontal:
            img[30, 10:50] = 255
        else:
            img[10:50, 30] = 255
        out = to_mnist(img)
        inked = (out > 0.05).any(axis=1 if horizontal else 0).sum()
        assert inked == 1, horizontal


def test_a_lopsided_digit_stays_inside_the_field():
    # Nearly all of the ink at one end: centring by mass would push the light end out of the
    # 28x28 field; the digit stops at the field's edge instead, light end first.
    img = np.zeros((100, 100), np.uint8)
    img[10:90, 48:52] = 255  # a tall stem
    img[80:90, 20:80] = 255  # a heavy foot
    cases = {
        "foot down": (img, lambda out: out[0]),
        "foot up": (img[::-1], lambda out: out[-1]),
        "foot right": (img.T, lambda out: out[:, 0]),
        "foot left": (img.T[:, ::-1], lambda out: out[:, -1]),
    }
    for name, (picture, light_edge) in cases.items():
        out = to_mnist(np.ascontiguousarray(picture))
        assert light_edge(out).max() > 0.3, name


def test_transparent_pictures_of_both_inks(tmp_path):
    paper = _seven(120, 20, 20, 1.0, 6)
    reference = to_mnist(paper)
    drawn = paper < 128
    # white ink on a transparent background whose hidden colour is white (LA: grey + alpha)
    la = np.stack([np.full_like(paper, 255), np.where(drawn, 255, 0).astype(np.uint8)], -1)
    Image.fromarray(la, "LA").save(tmp_path / "white-ink.png")
    # a palette picture whose transparent colour is black, like the ink
    pal = Image.fromarray(np.where(drawn, 1, 0).astype(np.uint8), "P")
    pal.putpalette([0, 0, 0, 0, 0, 0] + [0] * 762)
    pal.info["transparency"] = 0
    pal.save(tmp_path / "palette.png", transparency=0)
    for name in ("white-ink.png", "palette.png"):
        img = load_image(tmp_path / name)
        assert np.abs(to_mnist(img) - reference).mean() < 0.03, name


def test_pictures_are_shrunk_to_1024_by_default(tmp_path):
    Image.fromarray(_seven(1100, 100, 100, 10.0, 40)).save(tmp_path / "big.png")
    assert max(load_image(tmp_path / "big.png").shape) == 1024


def test_exact_reasons_for_unusable_pictures(tmp_path):
    def reason(path):
        with pytest.raises(DatasetError) as info:
            load_image(path)
        assert info.value.path == str(path)
        return info.value.reason

    assert reason(tmp_path / "missing.png") == "no such image file"
    assert reason(tmp_path) == "this is a folder, not an image file"
    notes = tmp_path / "notes.png"
    notes.write_text("this is not a picture")
    assert reason(notes).startswith("not an image Pillow can read (")
    Image.fromarray(_seven(120, 20, 20, 1.0, 6)).save(tmp_path / "cut.png")
    cut = tmp_path / "cut.png"
    cut.write_bytes(cut.read_bytes()[:200])
    assert reason(cut).startswith("damaged or unreadable image (")


def test_pixels_darker_than_the_paper_stay_black():
    paper = np.full((100, 100), 40, np.uint8)  # dark paper ...
    paper[20:80, 45:55] = 255  # ... a white "L" ...
    paper[70:80, 20:80] = 255
    paper[30:40, 25:35] = 0  # ... and, inside its box, a smudge darker than the paper
    out = to_mnist(paper)
    assert out.min() == 0.0 and out.max() > 0.9
