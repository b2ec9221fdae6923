"""The augmented-digits preview shows what the training layers make of the digits now set."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.augmentation import transform
from playground.gui.panels.regularization_panel import RegularizationPanel
from playground.training import augmentation_preview


def _digits() -> np.ndarray:
    """Four 28x28 images: a bright bar each, off-centre so a turn or shift moves it."""
    x = np.zeros((4, 28, 28), np.float32)
    for k in range(4):
        x[k, 4 + 3 * k : 8 + 3 * k, 6:20] = 1.0
    return x.reshape(4, -1)


def test_no_augmentation_leaves_the_digits_as_they_are() -> None:
    x = _digits()
    out = augmentation_preview.augmented(x, 0.0, 0.0, 0.0, draws=2)
    assert out.shape == (2, 4, 784)
    np.testing.assert_array_equal(out[0], x)
    np.testing.assert_array_equal(out[1], x)


def test_rotation_turns_within_the_range_and_draws_differ() -> None:
    x = _digits()
    out = augmentation_preview.augmented(x, 30.0, 0.0, 0.0, draws=3, seed=4)
    assert not np.allclose(out[0], out[1])
    # Every version is the original turned by some angle within +-30 degrees.
    angles = np.linspace(-30, 30, 241)
    for version in out[:, 0]:
        errors = [np.abs(transform(x[:1], a, 0, 0)[0] - version).max() for a in angles]
        assert min(errors) < 0.05
    # The same seed draws the same versions.
    np.testing.assert_array_equal(
        out, augmentation_preview.augmented(x, 30.0, 0.0, 0.0, draws=3, seed=4)
    )


def test_noise_is_added_and_clipped_for_display() -> None:
    x = _digits()
    out = augmentation_preview.augmented(x, 0.0, 0.0, 0.5, draws=1)
    assert out.min() >= 0.0 and out.max() <= 1.0
    assert np.abs(out[0] - x).mean() > 0.1


def test_the_bundled_sample_is_a_row_of_test_digits() -> None:
    digits = augmentation_preview.sample_digits()
    assert digits.shape == (augmentation_preview.N_DIGITS, 784)
    assert digits.min() >= 0.0 and digits.max() == pytest.approx(1.0)


def test_the_preview_follows_the_panel(qtbot) -> None:
    panel = RegularizationPanel()
    qtbot.addWidget(panel)
    panel.show_preview()
    preview = panel.preview
    preview.digits = _digits()
    preview.tiles = [row[:4] for row in preview.tiles]
    preview.refresh()
    assert preview.isVisible()
    assert "No augmentation" in preview.summary.text()
    np.testing.assert_array_equal(preview.images[0], preview.digits)
    panel.rotation.setValue(45.0)
    panel.noise.setValue(0.2)
    assert "45" in preview.summary.text() and "0.2" in preview.summary.text()
    assert not np.allclose(preview.images[0], preview.digits)
    first = preview.images.copy()
    preview.again.click()
    assert not np.allclose(preview.images, first)
    assert preview.tiles[1][0].pixmap().width() >= 56
    panel.show_preview()
    assert panel.preview is preview  # one window, brought to the front
    preview.close()
