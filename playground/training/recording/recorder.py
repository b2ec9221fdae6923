"""Recording a run as it trains, within a fixed budget.

The training loop hands the recorder each update's metrics and, at a bounded rate, a moment.
Moments are taken at updates that are multiples of 2^k (k = 0 at first), no more often than
``min_interval`` seconds nor than COST_RATIO times what the last one took to write. Past
``Budget.moments`` of them or ``Budget.moment_bytes``, k grows by one and the moments off the
coarser grid are deleted (the first and the newest stay), so a run of any length keeps moments
spread evenly over its whole time. The metrics log thins the same way: past
``Budget.log_bytes`` it keeps every other update and from then on records every 2^k-th.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playground.atomic_file import write_text_atomically
from playground.training.recording import run_file
from playground.training.recording.moment import Moment

MB = 1024 * 1024
# Moments of a large network take a while to write: at most 1/COST_RATIO of the time goes
# to writing them.
COST_RATIO = 10.0


@dataclass(frozen=True)
class Budget:
    """The most one run may keep on disk."""

    moments: int = 64
    moment_bytes: int = 240 * MB
    log_bytes: int = 16 * MB
    events: int = 10_000  # settings changed mid-run beyond this many are not kept

    @property
    def total_bytes(self) -> int:
        return self.moment_bytes + self.log_bytes + MB  # + header and one moment being written


class RunRecorder:
    """Writes one run folder: call ``metrics`` every update, ``moment`` when ``moment_due``."""

    def __init__(
        self,
        folder: Path,
        header: dict[str, Any],
        budget: Budget | None = None,
        *,
        min_interval: float = 0.1,
        flush_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=False)
        self.budget = budget or Budget()
        self.min_interval = min_interval
        self.flush_interval = flush_interval
        self._clock = clock
        run_file.write_header(self.folder, header)
        self._log = self.folder / run_file.LOG
        self._log.touch()
        self._log_size = 0
        self._rows: list[list[float]] = []
        self._metrics_every = 1
        self._moments: list[tuple[int, int]] = []  # (updates, bytes)
        self._moment_every = 1
        self._last_moment: tuple[int, float] | None = None
        self._moment_cost = 0.0  # seconds the last moment took to write
        self._last_flush = clock()
        self._events = 0

    # -- metrics and events ------------------------------------------------------------------
    def metrics(self, row: Sequence[float]) -> None:
        """One update's [update, epoch, seconds, loss, accuracy, gradient norms...]."""
        if int(row[0]) % self._metrics_every == 0:
            self._rows.append([float(v) for v in row])
        if self._clock() - self._last_flush >= self.flush_interval:
            self.flush()

    def event(self, item: dict[str, Any]) -> None:
        if self._events >= self.budget.events:
            return
        self._events += 1
        self.flush()
        self._log_size += run_file.append_line(self._log, {"e": item})

    def flush(self) -> None:
        self._last_flush = self._clock()
        if not self._rows:
            return
        rows, self._rows = self._rows, []
        self._log_size += run_file.append_line(self._log, {"m": rows})
        if self._log_size > self.budget.log_bytes:
            self._thin_log()

    def _thin_log(self) -> None:
        """Rewrite the log with every other recorded update (whole, or not at all)."""
        self._metrics_every *= 2
        every = self._metrics_every
        notes: list[str] = []
        metrics, events = run_file.read_log(self._log, notes)
        kept = metrics[metrics[:, 0] % every == 0] if len(metrics) else metrics
        lines = [json.dumps({"e": e}, allow_nan=True) for e in events]
        for start in range(0, len(kept), 4096):
            chunk = kept[start : start + 4096].tolist()
            lines.append(json.dumps({"m": chunk}, separators=(",", ":"), allow_nan=True))
        text = "".join(line + "\n" for line in lines)
        write_text_atomically(self._log, text)
        self._log_size = len(text.encode())
        if self._log_size > self.budget.log_bytes // 2:  # rows wider than the budget expects
            self._thin_log()

    # -- moments -----------------------------------------------------------------------------
    def moment_due(self, updates: int) -> bool:
        if self._last_moment is None:
            return True
        last_updates, last_time = self._last_moment
        gap = max(self.min_interval, COST_RATIO * self._moment_cost)
        return (
            updates % self._moment_every == 0
            and updates > last_updates
            and self._clock() - last_time >= gap
        )

    def moment(self, moment: Moment) -> None:
        """Keep ``moment`` (replacing one of the same update), then hold the budget."""
        start = self._clock()
        size = run_file.write_moment(self.folder, moment)
        self._last_moment = (moment.updates, self._clock())
        self._moment_cost = self._last_moment[1] - start
        self._moments = [m for m in self._moments if m[0] != moment.updates]
        self._moments.append((moment.updates, size))
        while len(self._moments) > 2 and (
            len(self._moments) > self.budget.moments
            or sum(s for _, s in self._moments) > self.budget.moment_bytes
        ):
            self._thin_moments()

    def _thin_moments(self) -> None:
        """Keep the moments at every 2^k-th update for the next k; the first and the newest
        stay whatever their update."""
        self._moment_every *= 2
        every, last = self._moment_every, len(self._moments) - 1
        keep = [m for i, m in enumerate(self._moments) if m[0] % every == 0 or i in (0, last)]
        for updates, _ in set(self._moments) - set(keep):
            (self.folder / run_file.moment_name(updates)).unlink(missing_ok=True)
        self._moments = keep

    # -- what it holds -----------------------------------------------------------------------
    @property
    def moments(self) -> list[int]:
        return [u for u, _ in self._moments]

    @property
    def size(self) -> int:
        """Bytes on disk now."""
        return run_file.folder_size(self.folder)

    def close(self) -> None:
        self.flush()
