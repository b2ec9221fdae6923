"""Finished runs kept for comparison: their settings, curves and final figures.

The run-comparison view overlays the curves of ticked runs; the library is saved with the
session (``to_json`` / ``from_json``) and exported as CSV for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from playground.atomic_file import write_text_atomically
from playground.regular_files import is_regular, read_regular_text
from playground.training.config import TrainingConfig
from playground.training.history import Series
from playground.training.run_json import (
    MAX_CHANGES,
    changes_from_json,
    finite_or_none,
    number_or_none,
    plain_value,
    series_from_dict,
    series_to_dict,
)
from playground.training.vocabulary import canonical_loss

log = logging.getLogger(__name__)

FORMAT = 1
MAX_FILE_BYTES = 64 << 20  # thousands of runs with their curves; never the whole memory
MAX_NAME_CHARS = 200
MAX_KEPT_RUNS = 24  # runs of earlier sessions beyond this are let go, oldest first, with a note
# Losses on one scale share a panel: the two cross-entropies measure the same quantity.
LOSS_FAMILIES = {
    "categorical_crossentropy": "cross-entropy",
    "sparse_categorical_crossentropy": "cross-entropy",
    "mean_squared_error": "mean squared error",
}
# The settings a run is named by when it differs from the run before: (field, prefix).
NAMED_SETTINGS = (
    ("activation", ""),
    ("loss", ""),
    ("optimizer", ""),
    ("learning_rate", "lr "),
    ("batch_size", "batch "),
    ("hidden", "layers "),
    ("dropout", "dropout "),
    ("l2", "L2 "),
    ("schedule", ""),
    ("train_size", "examples "),
    ("epochs", "epochs "),
    ("seed", "seed "),
)
SERIES_NAMES = (
    "batch_loss",
    "batch_accuracy",
    "total_loss",
    "train_loss",
    "train_accuracy",
    "val_loss",
    "val_accuracy",
    "test_loss",
    "test_accuracy",
)
CONFIG_COLUMNS = (
    "hidden",
    "activation",
    "loss",
    "optimizer",
    "learning_rate",
    "batch_size",
    "epochs",
    "train_size",
    "seed",
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class RunRecord:
    """One run: its name (the label in plots), settings, curves and final figures."""

    name: str
    config: TrainingConfig
    series: dict[str, Series] = field(default_factory=dict)
    final: dict[str, float | None] = field(default_factory=dict)
    created: str = field(default_factory=_now)
    # Settings changed mid-run: {"updates", "name", "old", "new"}, as the plots mark them.
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name

    @classmethod
    def from_session(cls, session, name: str = "") -> RunRecord:
        """Record a session's run as it stands (call it when the run ends)."""
        series = session.history_series()
        final: dict[str, float | None] = {
            "updates": float(session.updates),
            "epochs": float(session.epoch),
            "seconds": float(session.elapsed),
            "samples_per_second": finite_or_none(session.samples_per_second),
        }
        for key in SERIES_NAMES[2:]:
            final[key] = finite_or_none(series[key].last) if len(series[key]) else None
        changes = [
            {
                "updates": c.updates,
                "name": c.name,
                "old": plain_value(c.old),
                "new": plain_value(c.new),
            }
            for c in getattr(session, "setting_changes", ())[:MAX_CHANGES]
        ]
        return cls(name, session.config, series, final, changes=changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "created": self.created,
            "config": self.config.to_dict(),
            "final": {k: finite_or_none(v) for k, v in self.final.items()},
            "series": {k: series_to_dict(s) for k, s in self.series.items()},
            "changes": self.changes,
        }

    @classmethod
    def from_dict(cls, data: Any, notes: list[str] | None = None) -> RunRecord:
        """A run read from JSON. ValueError if the run is unusable (no name, impossible
        settings); a damaged curve or figure is dropped alone, with a line in ``notes``."""
        notes = [] if notes is None else notes
        if not isinstance(data, Mapping):
            raise ValueError("a saved run must be a JSON object")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError("a saved run has no name")
        name = name.strip()[:MAX_NAME_CHARS]
        settings = data.get("config")
        try:
            if not isinstance(settings, Mapping):
                raise TypeError("A training configuration must be a JSON object.")
            config = TrainingConfig.from_dict(settings)
            problems = [p for p in config.validate() if p.field != "dataset"]  # may be gone
        except (TypeError, ValueError, OverflowError) as exc:
            raise ValueError(f"run {name!r}: its settings are damaged ({exc})") from None
        if problems:
            raise ValueError(f"run {name!r}: {problems[0]}")
        series = {}
        raw_series = data.get("series", {})
        for key, value in raw_series.items() if isinstance(raw_series, Mapping) else ():
            if key not in SERIES_NAMES:
                notes.append(f"run {name!r}: unknown curve {str(key)[:40]!r} dropped")
                continue
            try:
                series[key] = series_from_dict(value)
            except ValueError as exc:
                notes.append(f"run {name!r}: curve {key!r} dropped ({exc})")
        final: dict[str, float | None] = {}
        raw_final = data.get("final", {})
        for key, value in raw_final.items() if isinstance(raw_final, Mapping) else ():
            try:
                final[str(key)[:40]] = finite_or_none(number_or_none(value))
            except ValueError:
                notes.append(f"run {name!r}: figure {str(key)[:40]!r} dropped")
        created = data.get("created", "")
        changes = changes_from_json(data.get("changes", []), name, notes)
        created = created if isinstance(created, str) else ""
        return cls(name, config, series, final, created, changes)

    def describe(self) -> str:
        """A one-line summary of the settings, for a list entry or a tooltip."""
        c = self.config
        layers = "-".join(str(u) for u in c.hidden) or "no hidden layer"
        return (
            f"{layers} {c.activation}, {c.loss}, {c.optimizer} lr {c.learning_rate:g}, "
            f"batch {c.batch_size}"
        )


def loss_family(config: TrainingConfig) -> str:
    """The loss's scale: runs compare their losses only within one family."""
    try:
        name = canonical_loss(config.loss)
    except ValueError:
        name = str(config.loss)
    return LOSS_FAMILIES.get(name, name)


def by_loss_family(runs: Iterable[RunRecord]) -> dict[str, list[RunRecord]]:
    """The runs grouped by loss family, the families in the order they first appear."""
    groups: dict[str, list[RunRecord]] = {}
    for run in runs:
        groups.setdefault(loss_family(run.config), []).append(run)
    return groups


def _shown(name: str, value: Any) -> str:
    if name == "hidden":
        return "-".join(str(u) for u in value) or "none"
    if name == "loss":
        return loss_family(TrainingConfig(loss=value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def differing_settings(config: TrainingConfig, reference: TrainingConfig) -> list[str]:
    """The named settings in which ``config`` differs from ``reference`` (``lr 0.1``)."""
    out = []
    for name, prefix in NAMED_SETTINGS:
        value = getattr(config, name)
        if name == "loss":
            differs = loss_family(config) != loss_family(reference) or value != reference.loss
        else:
            differs = value != getattr(reference, name)
        if differs:
            out.append(prefix + _shown(name, value))
    return out


def run_name(
    config: TrainingConfig,
    previous: TrainingConfig | None = None,
    presets: Iterable[tuple[str, TrainingConfig]] = (),
) -> str:
    """A run's name: its preset's title when the settings are a preset's (whatever the
    number of epochs), else what differs from the run before, else its main settings."""
    for title, preset in presets:
        if config.replace(epochs=preset.epochs) == preset:
            return title
    if previous is not None:
        differences = differing_settings(config, previous)
        if differences and len(differences) <= 3:
            return ", ".join(differences)
    return (
        f"{_shown('hidden', config.hidden)} {config.activation}, {loss_family(config)}, "
        f"{config.optimizer} lr {config.learning_rate:g}, batch {config.batch_size}"
    )


class RunLibrary:
    """An ordered list of runs with unique names."""

    def __init__(self, runs: Iterable[RunRecord] = ()) -> None:
        self._runs: list[RunRecord] = []
        for run in runs:
            self.add(run)

    def __len__(self) -> int:
        return len(self._runs)

    def __iter__(self) -> Iterator[RunRecord]:
        return iter(list(self._runs))

    def __contains__(self, name: object) -> bool:
        return any(r.name == name for r in self._runs)

    def __getitem__(self, key: int | str) -> RunRecord:
        if isinstance(key, int):
            return self._runs[key]
        for run in self._runs:
            if run.name == key:
                return run
        raise KeyError(key)

    def names(self) -> list[str]:
        return [r.name for r in self._runs]

    def next_name(self, template: str = "Run {i}") -> str:
        """ "Run 1", "Run 2", ...: the first that is free (``template`` in the user's
        language)."""
        i = len(self._runs) + 1
        while template.format(i=i) in self:
            i += 1
        return template.format(i=i)

    def _unique(self, name: str) -> str:
        name = name.strip() or self.next_name()
        if name not in self:
            return name
        i = 2
        while f"{name} ({i})" in self:
            i += 1
        return f"{name} ({i})"

    def add(self, run: RunRecord) -> RunRecord:
        """Append a run; an empty or taken name is made unique. Returns the run."""
        run.name = self._unique(run.name)
        self._runs.append(run)
        return run

    def remove(self, name: str) -> RunRecord:
        run = self[name]
        self._runs.remove(run)
        return run

    def rename(self, old: str, new: str) -> RunRecord:
        new = new.strip()
        if not new:
            raise ValueError("A run needs a name.")
        run = self[old]
        if new != old and new in self:
            raise ValueError(f"There is already a run named {new!r}.")
        run.name = new
        return run

    def clear(self) -> None:
        self._runs.clear()

    def trim(self, max_runs: int = MAX_KEPT_RUNS) -> list[str]:
        """Let the oldest runs go until at most ``max_runs`` remain; their names."""
        extra = max(0, len(self._runs) - max_runs)
        dropped, self._runs = self._runs[:extra], self._runs[extra:]
        return [r.name for r in dropped]

    # -- saving ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "runs": [r.to_dict() for r in self._runs]}

    @classmethod
    def from_dict(cls, data: Any, notes: list[str] | None = None) -> RunLibrary:
        """The saved runs; a damaged run is left out alone, with a line in ``notes``."""
        notes = [] if notes is None else notes
        if not isinstance(data, Mapping) or not isinstance(data.get("runs"), list):
            raise ValueError("not a saved run list")
        version = data.get("format", FORMAT)
        if isinstance(version, bool) or not isinstance(version, int):
            raise ValueError(f"the run list's format {version!r:.40} is not a number")
        if version > FORMAT:
            raise ValueError("the run list was saved by a newer version")
        library = cls()
        for number, raw in enumerate(data["runs"], start=1):
            try:
                library.add(RunRecord.from_dict(raw, notes))
            except ValueError as exc:
                notes.append(f"run {number} left out: {exc}")
        return library

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), allow_nan=False)

    @classmethod
    def from_json(cls, text: str, notes: list[str] | None = None) -> RunLibrary:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a saved run list: {exc}") from exc
        except RecursionError:
            raise ValueError("not a saved run list: nested too deeply") from None
        return cls.from_dict(data, notes)

    # -- CSV ---------------------------------------------------------------------------------
    def to_csv(self, names: Iterable[str] | None = None) -> str:
        """Every point of every curve, one row each (long format: run, series, update, epoch,
        seconds, value, low, high), for the runs named (all by default)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["run", "series", "update", "epoch", "seconds", "value", "low", "high"])
        for run in self._selected(names):
            for key, s in run.series.items():
                rows = zip(s.updates, s.epochs, s.seconds, s.y, s.low, s.high, strict=True)
                for u, e, sec, y, lo, hi in rows:
                    cells = [f"{u:g}", f"{e:.6g}", f"{sec:.6g}", _num(y), _num(lo), _num(hi)]
                    writer.writerow([run.name, key, *cells])
        return out.getvalue()

    def summary_csv(self, names: Iterable[str] | None = None) -> str:
        """One row per run: its settings and final figures."""
        runs = self._selected(names)
        finals = sorted({k for r in runs for k in r.final})
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["run", "created", *CONFIG_COLUMNS, *finals])
        for run in runs:
            cfg = run.config.to_dict()
            cfg["hidden"] = "-".join(str(u) for u in run.config.hidden)
            writer.writerow(
                [
                    run.name,
                    run.created,
                    *(_cell(cfg[c]) for c in CONFIG_COLUMNS),
                    *(_cell(run.final.get(k)) for k in finals),
                ]
            )
        return out.getvalue()

    def write_csv(self, path: str | os.PathLike[str], names: Iterable[str] | None = None) -> None:
        """Write the curves to ``path`` and the summary beside it (``<stem>-summary.csv``)."""
        path = Path(path)
        write_text_atomically(path, self.to_csv(names), newline="")
        summary = path.with_name(f"{path.stem}-summary{path.suffix or '.csv'}")
        write_text_atomically(summary, self.summary_csv(names), newline="")

    def _selected(self, names: Iterable[str] | None) -> list[RunRecord]:
        return list(self._runs) if names is None else [self[n] for n in names]


def _num(v: float) -> str:
    return "" if not math.isfinite(v) else f"{v:.8g}"


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return _num(v)
    return str(v)


def load_library(path: str | os.PathLike[str]) -> tuple[RunLibrary, list[str]]:
    """The run list saved at ``path`` and notes on what could not be used (also logged).

    Never raises for a damaged, missing, special or huge file: the library then holds what
    could be read, and a damaged file is first copied aside (``<name>.damaged``) so that the
    next save loses nothing a person might still want.
    """
    path = Path(path)
    notes: list[str] = []
    library = RunLibrary()
    try:
        library = RunLibrary.from_json(read_regular_text(path, MAX_FILE_BYTES), notes)
    except FileNotFoundError:
        return library, notes
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        # UnicodeDecodeError is a ValueError: test for it first, or its codec text is shown
        notes.insert(0, "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc))
    if notes:
        if is_regular(path):
            backup = path.with_name(path.name + ".damaged")
            try:
                shutil.copyfile(path, backup)
                notes.append(f"the file as it was is kept in {backup}")
            except OSError as exc:
                notes.append(f"no copy of the damaged file could be kept ({exc.strerror})")
        for note in notes:
            log.warning("%s: %s", path, note)
    return library, notes
