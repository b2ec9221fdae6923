"""One run on disk: a folder with a header, an append-only log and one file per moment.

- ``run.json``: what the run is (name, settings, data, the run and moment it branched from),
  written whole or not at all.
- ``log.jsonl``: JSON lines appended as training goes: ``{"m": [[update, epoch, seconds,
  loss, accuracy, gradient norms...], ...]}`` for the metrics of each update and ``{"e":
  {...}}`` for each setting changed mid-run. A crash can only cut the last line short; a
  reader keeps every whole line before it.
- ``moment-<update>.npz``: a moment (``moment.Moment``) in NumPy's own format: its arrays,
  and its scalars as one JSON string. Each is written under a temporary name and renamed, so
  it is whole or absent; nothing is ever unpickled, so a run file can carry no code.

Neither is fsynced: that would cost the training thread tens of milliseconds a time on a busy
disk. A crash of the program loses nothing written; a power cut may lose the newest seconds,
and what it damages is reported and skipped like any other damage.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from playground.atomic_file import write_text_atomically
from playground.training.recording.moment import Moment

FORMAT = 1
HEADER = "run.json"
LOG = "log.jsonl"
MOMENT_PREFIX = "moment-"
_META = "__meta__"  # the npz entry holding a moment's scalars as JSON text


class RunFileError(ValueError):
    """A run folder that cannot be read; the message says which and why."""


@dataclass
class RecordedRun:
    """What a run folder holds. Its log is read when first asked for (a list of runs reads
    only headers and file names); its moments are loaded one at a time, on demand."""

    folder: Path
    header: dict[str, Any]
    moments: list[int]  # updates of the recorded moments, ascending
    size: int  # bytes on disk
    _log: tuple[np.ndarray, list[dict[str, Any]], list[str]] | None = field(
        default=None, repr=False
    )

    @property
    def name(self) -> str:
        return str(self.header.get("name") or self.folder.name)

    @property
    def updates(self) -> int:
        """Where the run stands: its newest moment (one is taken at every pause and end)."""
        return self.moments[-1] if self.moments else 0

    @property
    def metrics(self) -> np.ndarray:
        """float64 (n, columns): one row per recorded update, in update order."""
        return self._read_log()[0]

    @property
    def events(self) -> list[dict[str, Any]]:
        return self._read_log()[1]

    @property
    def notes(self) -> list[str]:
        """What was skipped while reading the log."""
        return self._read_log()[2]

    def _read_log(self) -> tuple[np.ndarray, list[dict[str, Any]], list[str]]:
        if self._log is None:
            notes: list[str] = []
            metrics, events = read_log(self.folder / LOG, notes)
            self._log = (metrics, events, notes)
        return self._log

    def moment_path(self, updates: int) -> Path:
        return self.folder / moment_name(updates)


def moment_name(updates: int) -> str:
    return f"{MOMENT_PREFIX}{updates:012d}.npz"


def write_header(folder: Path, header: dict[str, Any]) -> None:
    write_text_atomically(folder / HEADER, json.dumps({"format": FORMAT, **header}, indent=1))


def write_moment(folder: Path, moment: Moment) -> int:
    """Write a moment whole (or not at all); returns its size in bytes."""
    arrays = dict(moment.arrays)
    arrays[_META] = np.array(json.dumps(moment.meta, allow_nan=True))
    path = folder / moment_name(moment.updates)
    tmp = folder / f".{path.name}"  # not a moment's name until renamed whole
    try:
        np.savez(tmp, allow_pickle=False, **arrays)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path.stat().st_size


def read_moment(path: Path) -> Moment:
    """A moment file; RunFileError when it is damaged."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files if name != _META}
            meta = json.loads(str(data[_META]))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        raise RunFileError(f"{path.name} is damaged ({exc}); that moment is skipped.") from exc
    if not isinstance(meta, dict) or not isinstance(meta.get("updates"), int):
        raise RunFileError(f"{path.name} does not describe a moment; it is skipped.")
    return Moment(meta["updates"], meta, arrays)


def read_run(folder: Path) -> RecordedRun:
    """The run in ``folder``; RunFileError when its header is missing or damaged. A log cut
    short keeps its whole lines (the rest is reported in the run's ``notes``)."""
    try:
        header = json.loads((folder / HEADER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunFileError(f"{folder.name}: no {HEADER}; not a recorded run.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RunFileError(f"{folder.name}: {HEADER} is damaged ({exc}).") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RunFileError(f"{folder.name}: {HEADER} is not a run of this version.")
    moments = sorted(
        int(p.name[len(MOMENT_PREFIX) : -4])
        for p in folder.glob(f"{MOMENT_PREFIX}*.npz")
        if p.name[len(MOMENT_PREFIX) : -4].isdigit()
    )
    return RecordedRun(folder, header, moments, folder_size(folder))


def read_log(path: Path, notes: list[str]) -> tuple[np.ndarray, list[dict[str, Any]]]:
    rows: list[list[float]] = []
    events: list[dict[str, Any]] = []
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return np.zeros((0, 5)), events
    except OSError as exc:
        notes.append(f"{path.name} could not be read ({exc}).")
        return np.zeros((0, 5)), events
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if "m" in item:
                rows.extend([float(v) for v in row] for row in item["m"])
            elif "e" in item:
                events.append(dict(item["e"]))
        except (ValueError, TypeError, AttributeError):
            notes.append(f"{path.name}: line {number} is damaged; the log is read up to it.")
            break
    width = max((len(r) for r in rows), default=5)
    metrics = np.full((len(rows), width), math.nan)
    for i, row in enumerate(rows):
        metrics[i, : len(row)] = row
    return metrics, events


def folder_size(folder: Path) -> int:
    total = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and not path.is_symlink():
                total += path.stat().st_size
        except OSError:
            continue
    return total


def append_line(path: Path, item: dict[str, Any]) -> int:
    """Append one JSON line; returns the bytes written."""
    data = (json.dumps(item, separators=(",", ":"), allow_nan=True) + "\n").encode()
    with open(path, "ab") as handle:
        handle.write(data)
    return len(data)
