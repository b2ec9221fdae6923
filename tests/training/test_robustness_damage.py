"""The robustness lab's damage drawn as its docstring says (each digit its own turn, direction
or place, every place reachable), its refusals, and the curve's clean point and defaults."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from playground.training import robustness

ROWS, COLS = np.mgrid[0:28, 0:28]
CENTRE = 13.5  # the middle of a 28-pixel side, which a turn keeps in place


def dots(n: int, row: int = 14, col: int = 14) -> np.ndarray:
    x = np.zeros((n, 784), np.float32)
    x[:, row * 28 + col] = 1.0
    return x


def centres(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    images = x.reshape(-1, 28, 28)
    mass = images.sum(axis=(1, 2))
    return (images * ROWS).sum(axis=(1, 2)) / mass, (images * COLS).sum(axis=(1, 2)) / mass


@pytest.mark.parametrize("kind", robustness.DAMAGES)
def test_the_damaged_copy_keeps_the_pictures_shape_and_type(kind) -> None:
    x = np.random.default_rng(0).random((3, 784)).astype(np.float32)
    out = robustness.damage(x, kind, robustness.DEFAULT_LEVELS[kind][1])
    assert out.shape == (3, 784) and out.dtype == np.float32


def test_an_unknown_damage_names_the_four() -> None:
    with pytest.raises(ValueError) as caught:
        robustness.damage(dots(1), "melt", 1)
    assert (
        str(caught.value) == "Unknown damage 'melt'. Choose one of: noise, rotation, shift, erase."
    )


@pytest.mark.parametrize("kind", robustness.DAMAGES)
@pytest.mark.parametrize("level", [-1, math.nan, math.inf])
def test_a_level_below_zero_or_not_finite_is_refused(kind, level) -> None:
    with pytest.raises(ValueError) as caught:
        robustness.damage(dots(2), kind, level)
    assert str(caught.value) == f"the level of {kind} must be a number >= 0, got {float(level)!r}"


def test_the_damage_is_drawn_from_the_seed_zero_by_default() -> None:
    x = np.random.default_rng(1).random((6, 784)).astype(np.float32)
    for kind in robustness.DAMAGES:
        level = robustness.DEFAULT_LEVELS[kind][2]
        np.testing.assert_array_equal(
            robustness.damage(x, kind, level), robustness.damage(x, kind, level, seed=0)
        )
        assert not np.array_equal(
            robustness.damage(x, kind, level, seed=0), robustness.damage(x, kind, level, seed=1)
        )


def test_each_digit_is_turned_by_the_level_one_way_or_the_other() -> None:
    turned = robustness.damage(dots(60, 14, 24), "rotation", 90, seed=5)
    rows, cols = centres(turned)
    before = math.atan2(14 - CENTRE, 24 - CENTRE)
    turns = np.degrees(np.arctan2(rows - CENTRE, cols - CENTRE) - before)
    turns = (turns + 180) % 360 - 180
    np.testing.assert_allclose(np.abs(turns), 90, atol=1e-3)
    assert 15 < (turns > 0).sum() < 45  # both ways, about as often


def shift_directions(moved: np.ndarray) -> np.ndarray:
    rows, cols = centres(moved)
    return np.arctan2(rows - 14, cols - 14) % (2 * np.pi)


def test_each_digit_is_shifted_in_its_own_direction_evenly_round_the_circle() -> None:
    directions = shift_directions(robustness.damage(dots(1000), "shift", 3.0, seed=2))
    sectors = np.bincount((directions // (np.pi / 6)).astype(int), minlength=12)
    assert sectors.min() > 40  # all twelve sectors of 30 degrees
    upper = (directions < np.pi).sum()
    assert abs(upper - (1000 - upper)) < 150  # each half of the circle about as often


def test_a_single_digit_can_be_shifted_in_any_direction() -> None:
    directions = np.concatenate(
        [shift_directions(robustness.damage(dots(1), "shift", 3.0, seed=s)) for s in range(60)]
    )
    quadrants = np.bincount((directions // (np.pi / 2)).astype(int), minlength=4)
    assert quadrants.min() > 0


def test_an_erased_patch_can_be_anywhere_and_stays_inside() -> None:
    erased = robustness.damage(np.ones((400, 784), np.float32), "erase", 20, seed=4)
    tops, lefts = [], []
    for image in erased.reshape(400, 28, 28):
        rows, cols = np.nonzero(image == 0)
        assert len(rows) == 400  # the whole 20 x 20 patch, never cut by an edge
        tops.append(rows.min())
        lefts.append(cols.min())
    assert sorted(set(tops)) == list(range(9)) and sorted(set(lefts)) == list(range(9))


def test_an_answer_exactly_at_the_threshold_counts_as_sure() -> None:
    p = np.array([[0.75, 0.25], [0.5, 0.5]])
    assert robustness.score(p, np.array([0, 1]), 0.75) == (0.5, 0.5, 1.0)


def test_no_sure_answer_gives_nan_without_a_warning() -> None:
    p = np.array([[0.6, 0.4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, answered, when_sure = robustness.score(p, np.array([0]), 0.9)
    assert answered == 0.0 and math.isnan(when_sure)


class Softish:
    """Guesses from the first pixel with soft probabilities: 0.8 for class 1 when it is
    bright, 0.6 for class 0 when it is dark."""

    def predict(self, x, batch_size=None):
        bright = x[:, 0] > 0.5
        return np.where(bright[:, None], [0.2, 0.8], [0.6, 0.4])


def test_the_curve_starts_with_the_clean_digits_at_level_zero() -> None:
    x = np.zeros((10, 784), np.float32)
    x[:5, 0] = 1.0
    labels = np.array([1] * 5 + [0] * 5)
    points = robustness.curve(Softish(), x, labels, "erase", (2.0,))
    assert points[0] == robustness.RobustnessPoint("none", 0.0, 1.0, 1.0, 1.0)
    assert points[1].kind == "erase" and points[1].level == 2.0
    assert all(p.answered == 1.0 for p in points)  # no threshold: every answer counts
    sure = robustness.curve(Softish(), x, labels, "erase", (2.0,), threshold=0.7)
    assert sure[0] == robustness.RobustnessPoint("none", 0.0, 1.0, 0.5, 1.0)
    assert sure[1].answered < 1.0  # the damaged digits are judged at the threshold too


def test_the_curve_is_drawn_from_the_seed_zero_by_default() -> None:
    x = np.full((300, 784), 0.45, np.float32)
    labels = np.zeros(300, int)  # right while the first pixel stays dark

    def accuracies(**seed) -> list[float]:
        return [p.accuracy for p in robustness.curve(Softish(), x, labels, "noise", **seed)]

    assert accuracies() == accuracies(seed=0) == accuracies(seed=0)
    assert accuracies(seed=0) != accuracies(seed=1)


GREY = np.full((300, 784), 0.45, np.float32)  # right (class 0) while the first pixel stays dark
ZEROS = np.zeros(300, int)


def test_the_table_judges_every_row_at_the_threshold() -> None:
    rows = robustness.table(Softish(), GREY, ZEROS)
    assert all(r.answered == 1.0 for r in rows)  # no threshold: every answer counts
    rows = robustness.table(Softish(), GREY, ZEROS, threshold=0.7)
    clean = rows[0]
    assert (clean.kind, clean.level, clean.accuracy, clean.answered) == ("none", 0.0, 1.0, 0.0)
    assert math.isnan(clean.accuracy_when_sure)
    for row in rows[1:]:  # answered: only the digits turned bright (wrongly, at 0.8)
        assert row.answered == pytest.approx(1.0 - row.accuracy)


def test_the_table_is_drawn_from_the_seed_zero_by_default() -> None:
    def accuracies(**seed) -> list[float]:
        return [r.accuracy for r in robustness.table(Softish(), GREY, ZEROS, **seed)]

    assert accuracies() == accuracies(seed=0)
    assert accuracies(seed=1) == accuracies(seed=1) != accuracies(seed=0)
