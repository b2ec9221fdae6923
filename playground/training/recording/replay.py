"""Going back to a recorded moment: to draw it (replay) or to train on from it (branch)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from playground.training.config import TrainingConfig
from playground.training.recording.moment import Moment, restore
from playground.training.recording.run_file import RecordedRun, read_moment, read_run
from playground.training.session import TrainingSession
from playground.training.snapshot import Snapshot


def recorded_config(run: RecordedRun) -> TrainingConfig:
    return TrainingConfig.from_dict(run.header["config"])


def session_for(run: RecordedRun, dataset: Any = None) -> TrainingSession:
    """A session with the run's settings and data (by default the set its settings name),
    to restore its moments into."""
    return TrainingSession(recorded_config(run), dataset=dataset)


def nearest_moment(run: RecordedRun, updates: int) -> int:
    """The recorded moment at or before ``updates`` (the first one if none is)."""
    if not run.moments:
        raise ValueError(f"{run.name} has no recorded moment")
    moments = np.asarray(run.moments)
    i = int(np.searchsorted(moments, updates, side="right")) - 1
    return int(moments[max(i, 0)])


def load_moment(run: RecordedRun, updates: int) -> Moment:
    return read_moment(run.moment_path(updates))


def snapshot_at(session: TrainingSession, moment: Moment) -> Snapshot:
    """What the views showed at ``moment``: the session is put there and drawn afresh."""
    restore(session, moment)
    return session.snapshot()


def branch_session(
    run: RecordedRun, updates: int, changes: dict[str, Any], dataset: Any = None
) -> TrainingSession:
    """A session continuing ``run`` from its moment at ``updates`` with ``changes`` made
    (e.g. {"learning_rate": 0.01}); with none it continues exactly as the run did."""
    moment = load_moment(run, updates)
    config = TrainingConfig.from_dict(moment.meta["config"]).replace(**changes)
    session = TrainingSession(config, dataset=dataset)
    restore(session, moment, branch=True)
    return session


def continue_from(session: TrainingSession, start: tuple[str, int]) -> dict[str, Any]:
    """Put a new session (built with the branch's settings) at moment ``start`` = (run
    folder, updates); returns where it branched from, for its own record."""
    folder, updates = Path(start[0]), int(start[1])
    restore(session, load_moment(read_run(folder), updates), branch=True)
    return {"run": folder.name, "updates": updates}
