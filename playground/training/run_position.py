"""Where a run stands besides its weights, optimizer and curves: what a run's record keeps to
go on from a moment exactly (``TrainingSession.position`` and ``restore_position``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

# The session's counters, under the names a run's record stores them by (files on disk keep
# these names: renaming one loses it from older records).
COUNTERS = (
    "updates",
    "epoch",
    "samples_seen",
    "elapsed",
    "_pos",
    "learning_rate",
    "_rate_samples",
    "_rate_seconds",
    "_last_batch_loss",
    "_confusion_updates",
)


@dataclass(frozen=True)
class RunPosition:
    counters: dict[str, Any]  # each of COUNTERS
    order: np.ndarray | None  # this epoch's order of the examples (None: the next draws one)
    rng_state: Mapping[str, Any]  # the stream that draws the next epochs' orders
    lr_changes: tuple[tuple[int, float], ...]  # (update, rate) since the run began
    confusion: np.ndarray | None  # the last test-set confusion matrix, if one was made
