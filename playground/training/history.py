"""Bounded per-update series: a million updates fit in a few fixed-size arrays.

Values are gathered into a fixed number of buckets. When every bucket is full, neighbouring
pairs are merged and each bucket from then on covers twice as many updates, so memory never
grows. Each bucket keeps the mean, the minimum and the maximum of its values, so a single spike
stays visible in a plot however long the run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

AXES = ("updates", "epochs", "seconds")


@dataclass
class Series:
    """A curve ready to plot: x on three axes, y (mean) and the band [low, high] around it.

    For series of single evaluations (total loss, test accuracy) low and high equal y.
    """

    updates: np.ndarray
    epochs: np.ndarray
    seconds: np.ndarray
    y: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def x(self, axis: str = "updates") -> np.ndarray:
        """The x values on ``axis``: "updates", "epochs" or "seconds"."""
        if axis not in AXES:
            raise ValueError(f"axis must be one of {AXES}, not {axis!r}")
        return getattr(self, axis)

    def __len__(self) -> int:
        return len(self.y)

    @property
    def last(self) -> float:
        return float(self.y[-1]) if len(self.y) else math.nan

    def envelope(self, axis: str = "updates") -> tuple[np.ndarray, np.ndarray]:
        """x and y with each bucket's min and max in turn: one line that shows every spike."""
        x = self.x(axis)
        return np.repeat(x, 2), np.column_stack([self.low, self.high]).ravel()

    @classmethod
    def empty(cls) -> Series:
        z = np.zeros(0)
        return cls(z, z, z, z, z, z)


class MetricHistory:
    """Per-update values in at most ``capacity`` buckets (min/max/mean each), O(1) append."""

    _FIELDS = ("_updates", "_epochs", "_seconds", "_sum", "_min", "_max", "_count")

    def __init__(self, capacity: int = 2048) -> None:
        if capacity < 2 or capacity % 2:
            raise ValueError("capacity must be an even number of at least 2")
        self.capacity = capacity
        self.clear()

    def clear(self) -> None:
        cap = self.capacity
        # Sums of the x values; divided by the count when read, so x is each bucket's mean.
        self._updates = np.zeros(cap)
        self._epochs = np.zeros(cap)
        self._seconds = np.zeros(cap)
        self._sum = np.zeros(cap)
        self._min = np.zeros(cap)
        self._max = np.zeros(cap)
        self._count = np.zeros(cap)
        self._n = 0  # full buckets
        self._span = 1  # values per full bucket
        self._reset_pending()
        self.total = 0  # values appended since the last clear
        self.last = math.nan

    def _reset_pending(self) -> None:
        self._p_n = 0
        self._p_updates = 0.0
        self._p_epochs = 0.0
        self._p_seconds = 0.0
        self._p_sum = 0.0
        self._p_min = math.inf
        self._p_max = -math.inf

    def append(self, value: float, update: float, epoch: float = 0.0, seconds: float = 0.0) -> None:
        """Add one value measured at ``update`` (and at ``epoch`` / ``seconds`` of training)."""
        value = float(value)
        self.total += 1
        self.last = value
        self._p_n += 1
        self._p_updates += update
        self._p_epochs += epoch
        self._p_seconds += seconds
        self._p_sum += value
        # NaN never wins min/max comparisons; the mean shows it instead.
        if value < self._p_min:
            self._p_min = value
        if value > self._p_max:
            self._p_max = value
        if self._p_n >= self._span:
            if self._n == self.capacity:
                # Full: halve the resolution; the pending values then fill a wider bucket.
                self._merge_pairs()
                if self._p_n < self._span:
                    return
            self._flush_pending()

    def _flush_pending(self) -> None:
        i = self._n
        self._updates[i] = self._p_updates
        self._epochs[i] = self._p_epochs
        self._seconds[i] = self._p_seconds
        self._sum[i] = self._p_sum
        self._min[i] = self._p_min if self._p_min != math.inf else math.nan
        self._max[i] = self._p_max if self._p_max != -math.inf else math.nan
        self._count[i] = self._p_n
        self._n += 1
        self._reset_pending()

    def _merge_pairs(self) -> None:
        half = self.capacity // 2
        for name in ("_updates", "_epochs", "_seconds", "_sum", "_count"):
            a = getattr(self, name)
            a[:half] = a[0::2] + a[1::2]
            a[half:] = 0.0
        self._min[:half] = np.fmin(self._min[0::2], self._min[1::2])
        self._max[:half] = np.fmax(self._max[0::2], self._max[1::2])
        self._n = half
        self._span *= 2

    def __len__(self) -> int:
        """Number of points a plot gets (full buckets plus the one still filling)."""
        return self._n + (1 if self._p_n else 0)

    @property
    def span(self) -> int:
        """How many appended values one full bucket holds now."""
        return self._span

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (constant: it depends only on the capacity)."""
        return sum(getattr(self, name).nbytes for name in self._FIELDS)

    def series(self) -> Series:
        """Copies of the buckets as plot-ready arrays (the filling bucket included)."""
        n = self._n
        count = self._count[:n]
        updates = self._updates[:n] / count if n else np.zeros(0)
        epochs = self._epochs[:n] / count if n else np.zeros(0)
        seconds = self._seconds[:n] / count if n else np.zeros(0)
        y = self._sum[:n] / count if n else np.zeros(0)
        low = self._min[:n].copy()
        high = self._max[:n].copy()
        if self._p_n:
            k = self._p_n
            updates = np.append(updates, self._p_updates / k)
            epochs = np.append(epochs, self._p_epochs / k)
            seconds = np.append(seconds, self._p_seconds / k)
            y = np.append(y, self._p_sum / k)
            low = np.append(low, self._p_min if self._p_min != math.inf else math.nan)
            high = np.append(high, self._p_max if self._p_max != -math.inf else math.nan)
        return Series(updates, epochs, seconds, y, low, high)


class PointHistory:
    """Occasional evaluations (total loss, test accuracy): kept exactly up to ``capacity``.

    Past the capacity every other point is dropped (the newest always kept), so even a
    run evaluated every few updates for days stays bounded.
    """

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self.clear()

    def clear(self) -> None:
        self._data = np.zeros((self.capacity, 4))  # updates, epochs, seconds, value
        self._n = 0
        self.last = math.nan

    def append(self, value: float, update: float, epoch: float, seconds: float) -> None:
        if self._n == self.capacity:
            keep = self._data[1 : self._n : 2].copy()  # thin out the older points
            self._n = len(keep)
            self._data[: self._n] = keep
        self._data[self._n] = (update, epoch, seconds, float(value))
        self._n += 1
        self.last = float(value)

    def __len__(self) -> int:
        return self._n

    def series(self) -> Series:
        d = self._data[: self._n]
        y = d[:, 3].copy()
        return Series(d[:, 0].copy(), d[:, 1].copy(), d[:, 2].copy(), y, y, y)
