"""The weights view's histograms: equal bins from the smallest to the largest finite value,
counted exactly or estimated from a fixed sample of a large layer."""

from __future__ import annotations

import numpy as np
import pytest

from playground.training.session_details import HISTOGRAM_BINS, histogram


def _expected_counts(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Counts by the textbook rule: bin i holds lo + i*w <= v < lo + (i+1)*w, the last one
    also v == hi."""
    width = (hi - lo) / HISTOGRAM_BINS
    counts = np.zeros(HISTOGRAM_BINS)
    for v in values:
        counts[min(int((v - lo) // width), HISTOGRAM_BINS - 1)] += 1
    return counts


def test_equal_bins_from_the_smallest_to_the_largest_value():
    values = np.array([[-2.0, -1.53, 0.07], [0.12, 1.01, 2.0]], dtype=np.float32)
    h = histogram(values, None)
    assert HISTOGRAM_BINS == 40 and len(h.counts) == 40 and len(h.edges) == 41
    np.testing.assert_allclose(h.edges, np.linspace(-2.0, 2.0, 41))
    np.testing.assert_array_equal(h.counts, _expected_counts(values.ravel(), -2.0, 2.0))
    assert h.counts[0] == 1 and h.counts[-1] == 1  # the extremes sit in the end bins
    assert h.n_values == 6 and h.sampled is False


def test_many_random_values_land_in_their_bins():
    values = np.random.default_rng(3).normal(size=(37, 11))
    h = histogram(values, None)
    lo, hi = values.min(), values.max()
    np.testing.assert_allclose(h.edges[[0, -1]], [lo, hi])
    np.testing.assert_array_equal(h.counts, _expected_counts(values.ravel(), lo, hi))


def test_values_not_finite_are_left_out_but_counted_in_the_layer():
    values = np.array([np.nan, 1.0, np.inf, 3.0, -np.inf])
    h = histogram(values, None)
    np.testing.assert_allclose(h.edges[[0, -1]], [1.0, 3.0])
    assert h.counts.sum() == 2 and h.counts[0] == 1 and h.counts[-1] == 1
    assert h.n_values == 5


def test_equal_values_get_a_window_of_one_around_them():
    h = histogram(np.full(7, 0.25), None)
    np.testing.assert_allclose(h.edges[[0, -1]], [-0.25, 0.75])
    assert h.counts.sum() == 7 and h.counts[HISTOGRAM_BINS // 2] == 7


def test_no_finite_value_gives_empty_bins_on_minus_one_to_one():
    for values, sample in [(np.full(4, np.nan), None), (np.full(6, np.inf), np.array([0, 2]))]:
        h = histogram(values, sample)
        np.testing.assert_array_equal(h.counts, np.zeros(HISTOGRAM_BINS))
        np.testing.assert_allclose(h.edges, np.linspace(-1.0, 1.0, HISTOGRAM_BINS + 1))
        assert h.n_values == len(values) and h.sampled is (sample is not None)


def test_a_sample_is_scaled_to_the_size_of_the_layer():
    values = np.arange(100, dtype=np.float64).reshape(10, 10)
    sample = np.array([0, 10, 50, 99])
    h = histogram(values, sample)
    assert h.sampled is True and h.n_values == 100
    np.testing.assert_allclose(h.edges[[0, -1]], [0.0, 99.0])
    expected = _expected_counts(np.array([0.0, 10.0, 50.0, 99.0]), 0.0, 99.0) * 25
    np.testing.assert_allclose(h.counts, expected)
    assert h.counts.sum() == pytest.approx(100)


def test_a_narrow_spread_keeps_its_own_range():
    values = np.array([0.1, 0.35, 0.6])  # half a unit wide: no window added
    h = histogram(values, None)
    np.testing.assert_allclose(h.edges[[0, -1]], [0.1, 0.6])
    assert h.counts[0] == 1 and h.counts[-1] == 1
