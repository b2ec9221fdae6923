"""MetricHistory stays bounded over a million updates and keeps spikes visible."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np

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
