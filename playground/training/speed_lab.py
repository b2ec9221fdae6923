"""The lecture's Speed slide, measured on this machine: the same network trained at batch sizes
1, 10, 100, 1000 and the whole training set.

For each batch size: seconds per epoch, updates per epoch, samples per second, and the loss
against updates and against seconds. Either a whole epoch is timed, or a fixed number of
examples and the epoch time is scaled from it (the result says which). Runs on any thread;
``should_stop`` cancels between mini-batches; ``on_result`` gets each batch size's result as
soon as it is done.

For the slide, ``measure(..., repeats=3, warm_up=True, scale_rates=True)``: each batch size is
first warmed up (a few untimed updates, so the first one measured does not pay for memory and
thread start-up), then timed three times from the same start; the median is reported with the
spread. The learning rate shrinks with small batches (``stable_rate``) so batch size 1 does not
blow up and flatten every other curve.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from playground.engine.byte_inputs import Rows
from playground.training.config import TrainingConfig
from playground.training.history import MetricHistory
from playground.training.model_builder import build_model

WHOLE_SET = "all"  # stands for "the whole training set" in a list of batch sizes
DEFAULT_BATCH_SIZES: tuple[int | str, ...] = (1, 10, 100, 1000, WHOLE_SET)
# The lecture's network on a classroom-sized subset: one epoch is the 10,000 examples timed.
LAB_CONFIG = TrainingConfig(
    hidden=(500, 500), activation="relu", optimizer="sgd", learning_rate=0.1, train_size=10_000
)
MIN_SAMPLES = 10_000  # fewer examples than this measure start-up more than training
REPEATS = 3
WARM_UP_UPDATES = 5
REFERENCE_BATCH = 100  # the batch size the configured learning rate is meant for


def stable_rate(learning_rate: float, batch_size: int) -> float:
    """The rate for ``batch_size``: the configured one at REFERENCE_BATCH and above, scaled by
    sqrt(batch / REFERENCE_BATCH) below it. A single example's gradient is far noisier than a
    hundred's mean, and at SGD's 0.1 batch size 1 diverges; at 0.01 it learns steadily."""
    return learning_rate * min(1.0, math.sqrt(batch_size / REFERENCE_BATCH))


def rate_text(learning_rate: float, batch_sizes: Sequence[int]) -> str:
    """The rates said in one sentence, for the view and the command."""
    pairs = ", ".join(f"{b:,}: {stable_rate(learning_rate, b):.3g}" for b in batch_sizes)
    return (
        f"Learning rate per batch size ({pairs}): {learning_rate:g} scaled by "
        f"sqrt(batch/{REFERENCE_BATCH}) below {REFERENCE_BATCH}, so batch size 1 stays stable."
    )


def order_by_speed(results: Sequence[SpeedResult]) -> tuple[int, ...]:
    """Batch sizes from the fastest epoch to the slowest (by the median seconds per epoch)."""
    ranked = sorted(results, key=lambda r: r.seconds_per_epoch)
    return tuple(r.batch_size for r in ranked)


def clearly_ordered(results: Sequence[SpeedResult]) -> bool:
    """True when no two batch sizes' spreads overlap: the order is not a matter of noise."""
    ranked = sorted(results, key=lambda r: r.seconds_per_epoch)
    return all(a.spread[1] < b.spread[0] for a, b in itertools.pairwise(ranked))


@dataclass
class SpeedResult:
    """One batch size's measurement."""

    batch_size: int
    whole_set: bool  # this is the "whole training set" batch
    n_train: int  # examples in one epoch
    samples: int  # examples actually trained
    updates: int  # mini-batches actually trained
    seconds: float  # measured training time
    seconds_per_epoch: float  # measured (epoch_measured) or scaled from ``samples``
    epoch_measured: bool
    updates_per_epoch: int
    samples_per_second: float
    loss_updates: np.ndarray  # x: update number
    loss_seconds: np.ndarray  # x: seconds since this batch size started
    loss: np.ndarray  # y: mini-batch loss (bucket means when there are very many updates)
    final_loss: float
    diverged: bool = False
    learning_rate: float = math.nan
    repeat_seconds: tuple[float, ...] = ()  # seconds per epoch of every repeat, fastest first

    @property
    def spread(self) -> tuple[float, float]:
        """The fastest and slowest repeat's seconds per epoch."""
        times = self.repeat_seconds or (self.seconds_per_epoch,)
        return min(times), max(times)

    @property
    def scaled(self) -> bool:
        return not self.epoch_measured

    @property
    def label(self) -> str:
        return f"whole set ({self.batch_size:,})" if self.whole_set else f"{self.batch_size:,}"


def plan_text(n_train: int, max_samples: int | None) -> str:
    """The plan in plain words, for the view's caption."""
    if max_samples is None or max_samples >= n_train:
        return f"Each batch size trains one full epoch ({n_train:,} examples) from the same start."
    return (
        f"Each batch size trains {max_samples:,} examples (at least one mini-batch; the whole "
        f"set is one update of {n_train:,}) from the same start; seconds per epoch are scaled "
        f"up from that to {n_train:,} examples."
    )


def _stop_check(should_stop) -> Callable[[], bool]:
    if should_stop is None:
        return lambda: False
    if hasattr(should_stop, "is_set"):
        return should_stop.is_set
    return should_stop


def measure(
    config: TrainingConfig,
    batch_sizes: Sequence[int | str] = DEFAULT_BATCH_SIZES,
    max_samples: int | None = None,
    on_result: Callable[[SpeedResult], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    dataset=None,
    data: tuple[Rows, np.ndarray] | None = None,
    max_seconds: float | None = None,
    repeats: int = 1,
    warm_up: bool = False,
    scale_rates: bool = False,
) -> list[SpeedResult]:
    """Time training at each batch size; returns the results of the batch sizes completed.

    ``max_samples``: examples per batch size (None: one full epoch). ``max_seconds``: stop a
    batch size early after that long (its epoch time is then scaled). ``should_stop``: a
    callable or threading.Event; checked before each mini-batch. ``data``: prepared
    ``(x_train, targets)`` (e.g. a session's); otherwise the data are prepared from
    ``dataset`` / ``config.dataset`` as a TrainingSession would. ``repeats``: timings per
    batch size (the median is reported); ``warm_up``: untimed updates first; ``scale_rates``:
    each batch size trains at ``stable_rate``.
    """
    stop = _stop_check(should_stop)
    if data is None:
        data = _prepare(config, dataset)
    x, y = data
    n = len(x)
    results = []
    for b in batch_sizes:
        if stop():
            break
        whole = b == WHOLE_SET or b is None
        bs = n if whole else int(b)
        if bs < 1:
            raise ValueError(f"batch size must be at least 1, not {b!r}")
        bs = min(bs, n)
        sized = config.replace(learning_rate=stable_rate(config.learning_rate, bs))
        sized = sized if scale_rates else config
        if warm_up:
            _measure_one(sized, x, y, bs, whole, WARM_UP_UPDATES * bs, None, stop)
        result = _repeated(sized, x, y, bs, whole, max_samples, max_seconds, stop, repeats)
        if result is None:  # cancelled part way
            break
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def _prepare(config: TrainingConfig, dataset) -> tuple[Rows, np.ndarray]:
    from playground.training.session import TrainingSession

    session = TrainingSession(config.replace(batch_size=1, epochs=1), dataset, display_size=1)
    return session.x_train, session.y_train


def _repeated(config, x, y, bs, whole, max_samples, max_seconds, stop, repeats):
    """The median of ``repeats`` timings from the same start, with all of them kept."""
    runs = []
    for _ in range(max(1, repeats)):
        run = _measure_one(config, x, y, bs, whole, max_samples, max_seconds, stop)
        if run is None:
            return None
        runs.append(run)
    runs.sort(key=lambda r: r.seconds_per_epoch)
    median = statistics.median_low([r.seconds_per_epoch for r in runs])
    chosen = next(r for r in runs if r.seconds_per_epoch == median)
    times = tuple(r.seconds_per_epoch for r in runs)
    return dataclasses.replace(chosen, learning_rate=config.learning_rate, repeat_seconds=times)


def _measure_one(config, x, y, bs, whole, max_samples, max_seconds, stop) -> SpeedResult | None:
    from playground.engine import NonFiniteError

    n = len(x)
    model = build_model(config.replace(batch_size=bs), x.shape[1], _n_classes(config, y))
    budget = n if max_samples is None else max(min(int(max_samples), n), bs)
    rng = np.random.default_rng(config.seed)
    perm = rng.permutation(n)
    xbuf = np.empty((bs, x.shape[1]), dtype=x.dtype)
    ybuf = np.empty((bs, *y.shape[1:]), dtype=y.dtype)
    history = MetricHistory(1024)
    seconds = 0.0
    samples = updates = 0
    diverged = False
    while samples < budget:
        if stop():
            return None
        m = min(bs, n - samples, budget - samples) if not whole else n
        idx = perm[samples : samples + m]
        t0 = time.perf_counter()
        np.take(x, idx, axis=0, out=xbuf[:m])
        np.take(y, idx, axis=0, out=ybuf[:m])
        try:
            logs = model.train_on_batch(xbuf[:m], ybuf[:m], return_dict=True)
        except NonFiniteError:
            diverged = True
            seconds += time.perf_counter() - t0
            break
        seconds += time.perf_counter() - t0
        samples += m
        updates += 1
        history.append(float(logs["loss"]), updates, samples / n, seconds)
        if max_seconds is not None and seconds >= max_seconds:
            break
    measured = samples >= n
    per_epoch = seconds * n / samples if samples else math.nan
    curve = history.series()
    return SpeedResult(
        batch_size=bs,
        whole_set=whole,
        n_train=n,
        samples=samples,
        updates=updates,
        seconds=seconds,
        seconds_per_epoch=per_epoch,
        epoch_measured=measured,
        updates_per_epoch=math.ceil(n / bs),
        samples_per_second=samples / seconds if seconds > 0 else math.nan,
        loss_updates=curve.updates,
        loss_seconds=curve.seconds,
        loss=curve.y,
        final_loss=history.last,
        diverged=diverged,
    )


def _n_classes(config: TrainingConfig, y: np.ndarray) -> int:
    if y.ndim == 2:
        return y.shape[1]
    return int(y.max()) + 1
