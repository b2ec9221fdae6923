"""A run and its branches: the runs that share its history, each with where it branched."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.training.recording.run_file import RecordedRun


@dataclass(frozen=True)
class Branch:
    run: RecordedRun
    parent: str | None  # the folder name of the run it branched from
    at: int | None  # the update it branched at


def family(runs: list[RecordedRun], run: RecordedRun) -> list[Branch]:
    """``run``'s first ancestor and every run branched from it, directly or not (oldest
    first). A parent that was deleted ends the line there."""
    by_name = {r.folder.name: r for r in runs}

    def parent_of(r: RecordedRun) -> tuple[str | None, int | None]:
        origin = r.header.get("branch_of")
        if not isinstance(origin, dict) or not isinstance(origin.get("updates"), int):
            return None, None
        return str(origin.get("run")), int(origin["updates"])

    root, seen = run, {run.folder.name}
    while (name := parent_of(root)[0]) in by_name and name not in seen:
        seen.add(name)
        root = by_name[name]
    members = {root.folder.name}
    changed = True
    while changed:  # every run whose parent is a member, until none is added
        changed = False
        for r in runs:
            if r.folder.name not in members and parent_of(r)[0] in members:
                members.add(r.folder.name)
                changed = True
    ordered = sorted((r for r in runs if r.folder.name in members), key=lambda r: r.folder.name)
    return [Branch(r, *parent_of(r)) for r in ordered]


def lineage(runs: list[RecordedRun], run: RecordedRun) -> list[tuple[RecordedRun, int]]:
    """The moments that make up ``run``'s whole history: (run, update) for each, its
    ancestors' up to where each line branched off, then its own."""
    by_name = {r.folder.name: r for r in runs}
    line: list[tuple[RecordedRun, int]] = [(run, u) for u in run.moments]
    seen = {run.folder.name}
    child = run
    while True:
        origin = child.header.get("branch_of")
        if not isinstance(origin, dict) or not isinstance(origin.get("updates"), int):
            return line
        parent = by_name.get(str(origin.get("run")))
        if parent is None or parent.folder.name in seen:
            return line
        seen.add(parent.folder.name)
        at = int(origin["updates"])
        line = [(parent, u) for u in parent.moments if u < at] + line
        child = parent


def curve(run: RecordedRun, column: int = 3, points: int = 1000) -> tuple[np.ndarray, np.ndarray]:
    """(updates, mean value) of a metrics column (3: mini-batch loss), in at most ``points``
    evenly filled buckets."""
    m = run.metrics
    if not len(m):
        return np.zeros(0), np.zeros(0)
    n = max(1, -(-len(m) // points))
    k = len(m) // n * n
    x, y = m[:k, 0], m[:k, column]
    if n > 1:
        x, y = x.reshape(-1, n).mean(axis=1), y.reshape(-1, n).mean(axis=1)
    return x, y
