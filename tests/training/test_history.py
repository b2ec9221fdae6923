"""MetricHistory stays bounded over a million updates and keeps spikes visible."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

from playground.training import MetricHistory, PointHistory
from playground.training.history import Series


def test_few_values_are_kept_exactly():
    h = MetricHistory(capacity=8)
    for i in range(5):
        h.append(float(i), update=i + 1, epoch=i / 10, seconds=i * 0.5)
    s = h.series()
    assert len(s) == len(h) == 5
    np.testing.assert_array_equal(s.y, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(s.x("updates"), [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(s.x("seconds"), [0, 0.5, 1, 1.5, 2])
    np.testing.assert_array_equal(s.low, s.y)
    assert h.last == 4.0


def test_merging_keeps_mean_min_and_max():
    h = MetricHistory(capacity=4)
    values = [1, 3, 2, 8, 5, 5, 0, 4]
    for i, v in enumerate(values):
        h.append(v, update=i + 1)
    s = h.series()
    assert len(s) == 4 and h.span == 2
    np.testing.assert_allclose(s.y, [2, 5, 5, 2])
    np.testing.assert_allclose(s.low, [1, 2, 5, 0])
    np.testing.assert_allclose(s.high, [3, 8, 5, 4])
    np.testing.assert_allclose(s.updates, [1.5, 3.5, 5.5, 7.5])
    x, y = s.envelope()
    assert len(x) == len(y) == 8 and y.max() == 8


def test_a_million_updates_stay_bounded_and_spikes_stay_visible():
    h = MetricHistory()
    size_before = h.nbytes
    rng = np.random.default_rng(0)
    values = (1.0 + 0.1 * rng.standard_normal(1_000_000)).tolist()
    values[612_345] = 1e6  # one exploding mini-batch
    for i, v in enumerate(values[:900_000], start=1):
        h.append(v, i, i / 600, i * 0.001)
    # Trace the last 100,000 appends: nothing may be allocated that stays.
    tracemalloc.start()
    for i, v in enumerate(values[900_000:], start=900_001):
        h.append(v, i, i / 600, i * 0.001)
    grown, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    s = h.series()
    assert h.total == 1_000_000
    assert h.nbytes == size_before  # memory is the fixed arrays, whatever the number of updates
    assert len(s) <= h.capacity
    assert grown < 10_000  # bytes: nothing accumulates with the number of appends
    assert s.high.max() == 1e6  # the spike survives every merge
    assert s.updates[0] < 1000 and s.updates[-1] > 999_000
    assert abs(float(np.median(s.y)) - 1.0) < 0.01
    assert np.all(np.diff(s.updates) > 0)


def test_series_is_a_copy():
    h = MetricHistory(capacity=4)
    h.append(1.0, 1)
    s = h.series()
    s.y[0] = 99.0
    assert h.series().y[0] == 1.0


def test_point_history_thins_out_when_full():
    p = PointHistory(capacity=16)
    for i in range(1000):
        p.append(float(i), i, i, i)
    s = p.series()
    assert len(s) <= 16
    assert s.y[-1] == 999.0
    assert np.all(np.diff(s.updates) > 0)


def test_an_empty_series_plots_nothing():
    s = Series.empty()
    assert len(s) == 0 and math.isnan(s.last)
    for axis in ("updates", "epochs", "seconds"):
        assert s.x(axis).shape == (0,)
    x, y = s.envelope()
    assert x.shape == y.shape == (0,)
    assert all(len(getattr(s, name)) == 0 for name in ("y", "low", "high"))


def test_the_bucket_still_filling_counts_as_one_point():
    h = MetricHistory(capacity=4)
    for i in range(1, 5):  # fills all four buckets
        h.append(float(i), i)
    assert len(h) == 4 and h.span == 1
    h.append(5.0, 5)  # full: pairs merge (two values a bucket), 5 waits in a new bucket
    assert h.span == 2 and len(h) == 3 == len(h.series())
    assert h.series().y.tolist() == [1.5, 3.5, 5.0]
    h.append(6.0, 6)  # the waiting bucket is full now
    assert len(h) == 3 and h.series().y.tolist() == [1.5, 3.5, 5.5]


def test_the_default_axis_is_updates_and_an_unknown_one_is_named():
    h = MetricHistory(capacity=4)
    h.append(1.0, 7, epoch=0.5, seconds=2.0)
    s = h.series()
    np.testing.assert_array_equal(s.x(), [7])
    with pytest.raises(ValueError, match=r"^axis must be one of .*, not 'minutes'$"):
        s.x("minutes")


def test_the_capacity_is_an_even_number_of_at_least_2():
    assert len(MetricHistory(capacity=2)) == 0
    for bad in (0, 1, 3, 7):
        with pytest.raises(ValueError) as info:
            MetricHistory(capacity=bad)
        assert str(info.value) == "capacity must be an even number of at least 2"


def test_values_without_epoch_and_seconds_sit_at_zero_on_those_axes():
    h = MetricHistory(capacity=4)
    assert math.isnan(h.last)
    for i in range(1, 4):
        h.append(float(i), i)
    s = h.series()
    assert s.epochs.tolist() == [0, 0, 0] and s.seconds.tolist() == [0, 0, 0]
    h.clear()
    assert len(h) == 0 and math.isnan(h.last)


def test_the_epoch_axis_is_each_buckets_mean_epoch_after_merges():
    h = MetricHistory(capacity=4)
    for i in range(8):
        h.append(1.0, i + 1, epoch=i / 4, seconds=i)
    s = h.series()
    np.testing.assert_allclose(s.epochs, [0.125, 0.625, 1.125, 1.625])
    np.testing.assert_allclose(s.seconds, [0.5, 2.5, 4.5, 6.5])


def test_a_spike_first_in_a_merged_pair_stays_visible():
    h = MetricHistory(capacity=4)
    for i, v in enumerate([9, 1, 2, 0, 7, 5, 3, 4]):
        h.append(v, i + 1)
    s = h.series()
    np.testing.assert_allclose(s.high, [9, 2, 7, 4])
    np.testing.assert_allclose(s.low, [1, 0, 5, 3])


def test_point_history_keeps_each_evaluation_exactly_until_full():
    p = PointHistory()
    assert len(p) == 0 and math.isnan(p.last) and len(p.series()) == 0
    for i in range(4096):  # the documented capacity
        p.append(i * 0.5, i, i / 10, i * 2)
    assert len(p) == 4096 and p.last == 2047.5
    s = p.series()
    np.testing.assert_array_equal(s.updates, np.arange(4096))
    np.testing.assert_allclose(s.epochs, np.arange(4096) / 10)
    np.testing.assert_array_equal(s.seconds, np.arange(4096) * 2)
    np.testing.assert_array_equal(s.y, np.arange(4096) * 0.5)
    np.testing.assert_array_equal(s.low, s.y)
    np.testing.assert_array_equal(s.high, s.y)
    p.append(1.0, 4096, 409.6, 8192)
    assert len(p) == 2049  # every other older point dropped, the new one added


def test_point_history_thins_every_other_point_and_keeps_the_newest():
    p = PointHistory(capacity=4)
    for i in range(5):
        p.append(float(i), i, i, i)
    assert p.series().updates.tolist() == [1, 3, 4]


def test_the_bucket_still_filling_shows_its_means_and_extremes_on_every_axis():
    h = MetricHistory(capacity=4)
    values = [5, 1, 7, 3, 2, 8, 6, 4, 9, 0, 5.5]
    for i, v in enumerate(values, start=1):  # two merges: buckets of 4, 3 values waiting
        h.append(v, i, epoch=i / 10, seconds=2 * i)
    assert h.span == 4 and len(h) == 3
    s = h.series()
    np.testing.assert_allclose(s.updates, [2.5, 6.5, 10])
    np.testing.assert_allclose(s.epochs, [0.25, 0.65, 1.0])
    np.testing.assert_allclose(s.seconds, [5, 13, 20])
    np.testing.assert_allclose(s.y, [4, 5, 14.5 / 3])
    np.testing.assert_allclose(s.low, [1, 2, 0])
    np.testing.assert_allclose(s.high, [7, 8, 9])


def test_an_empty_history_has_no_points_on_any_axis():
    s = MetricHistory(capacity=4).series()
    for name in ("updates", "epochs", "seconds", "y", "low", "high"):
        assert getattr(s, name).shape == (0,)


def test_nan_values_show_as_gaps_and_infinite_ones_as_they_are():
    h = MetricHistory(capacity=4)
    for i, v in enumerate([math.nan, math.nan, math.inf, 1.0, -math.inf, 2.0], start=1):
        h.append(v, i)
    # full after four values: pairs merged, (nan, nan) (inf, 1) (-inf, 2) in buckets of two
    s = h.series()
    assert math.isnan(s.low[0]) and math.isnan(s.high[0]) and math.isnan(s.y[0])
    assert s.high[1] == math.inf and s.low[1] == 1.0
    assert s.low[2] == -math.inf and s.high[2] == 2.0
    waiting = MetricHistory(capacity=2)
    for i, v in enumerate([1.0, 2.0, math.nan], start=1):  # 1 and 2 merge; NaN waits alone
        waiting.append(v, i)
    tail = waiting.series()
    assert waiting.span == 2 and tail.low[0] == 1.0 and tail.high[0] == 2.0
    assert math.isnan(tail.low[1]) and math.isnan(tail.high[1])  # a waiting NaN is a gap
