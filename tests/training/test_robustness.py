"""The robustness lab's damage and scores, checked by hand-made images and outputs."""

from __future__ import annotations

import numpy as np
import pytest

from playground.training import robustness
from playground.training.config import TrainingConfig

ONES = np.ones((5, 784), np.float32)


def test_level_zero_leaves_the_digits_alone() -> None:
    x = np.random.default_rng(0).random((4, 784)).astype(np.float32)
    for kind in ("rotation", "shift", "noise"):
        np.testing.assert_allclose(robustness.damage(x, kind, 0.0), x, atol=1e-6)
    np.testing.assert_array_equal(robustness.damage(x, "erase", 0), x)


def test_erase_blanks_one_square_patch() -> None:
    erased = robustness.damage(ONES, "erase", 6, seed=3).reshape(5, 28, 28)
    for image in erased:
        rows, cols = np.nonzero(image == 0)
        assert len(rows) == 36 and np.ptp(rows) == 5 and np.ptp(cols) == 5


def test_shift_moves_a_dot_by_the_level() -> None:
    dot = np.zeros((50, 784), np.float32)
    dot[:, 14 * 28 + 14] = 1.0
    moved = robustness.damage(dot, "shift", 3.0, seed=1).reshape(50, 28, 28)
    rows, cols = np.mgrid[0:28, 0:28]
    centre_r = (moved * rows).sum(axis=(1, 2)) / moved.sum(axis=(1, 2))
    centre_c = (moved * cols).sum(axis=(1, 2)) / moved.sum(axis=(1, 2))
    np.testing.assert_allclose(np.hypot(centre_r - 14, centre_c - 14), 3.0, atol=1e-4)


def test_noise_stays_in_pixel_range_and_is_seeded() -> None:
    noisy = robustness.damage(ONES * 0.5, "noise", 0.1, seed=2)
    assert abs(noisy.std() - 0.1) < 0.01  # 5 standard deviations from the clipping
    np.testing.assert_array_equal(noisy, robustness.damage(ONES * 0.5, "noise", 0.1, seed=2))
    strong = robustness.damage(ONES * 0.5, "noise", 2.0, seed=2)
    assert strong.min() == 0 and strong.max() == 1
    with pytest.raises(ValueError, match="Unknown damage 'melt'"):
        robustness.damage(ONES, "melt", 1)


def test_threshold_splits_sure_and_unsure_answers() -> None:
    p = np.array([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.45, 0.55]])
    labels = np.array([0, 1, 0, 1])
    # right: yes, no, no, yes; sure at 0.7: first and third
    assert robustness.score(p, labels) == (0.5, 1.0, 0.5)
    assert robustness.score(p, labels, 0.7) == (0.5, 0.5, 0.5)
    _, answered, when_sure = robustness.score(p, labels, 0.95)
    assert answered == 0.0 and np.isnan(when_sure)


class _Oracle:
    """Knows the label of an undamaged digit from its first pixel, guesses 0 otherwise."""

    def __init__(self, labels):
        self.labels = labels

    def predict(self, x, batch_size=None):
        out = np.zeros((len(x), 10))
        known = np.isclose(x[:, 0], self.labels / 10)
        out[np.arange(len(x)), np.where(known, self.labels, 0)] = 1
        return out


def test_table_lists_every_damage_after_the_clean_digits() -> None:
    labels = np.arange(1, 11) % 10
    x = np.zeros((10, 784), np.float32)
    x[:, 0] = labels / 10
    rows = robustness.table(_Oracle(labels), x, labels)
    assert rows[0].kind == "none" and rows[0].accuracy == 1.0
    assert [r.kind for r in rows[1:]] == [k for k in robustness.DAMAGES for _ in range(4)]
    assert rows[1 + 4 * 3].level == robustness.DEFAULT_LEVELS["erase"][0]
    # Noise changes the telling pixel and any turn moves the corner off the image: only the
    # digit 0 (whose pixel is 0 anyway) is still right.
    assert [r.accuracy for r in rows[1:9]] == [0.1] * 8


def test_config_checks_the_new_settings() -> None:
    problems = TrainingConfig(dropout=1.0, l2=-1, schedule="fast", rotation=200).validate()
    assert {p.field for p in problems} == {"dropout", "l2", "schedule", "rotation"}
    assert TrainingConfig(dropout=0.5, l2=1e-4, schedule="cosine", shift=2).validate() == []
