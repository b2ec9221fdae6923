"""The runs kept in the user's data folder: listed newest first, sized, deletable.

A folder that cannot be read is reported in ``RunList.problems`` and skipped; the rest are
listed whatever state it is in.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from playground.training.recording.run_file import RecordedRun, RunFileError, read_run


@dataclass
class RunList:
    runs: list[RecordedRun] = field(default_factory=list)  # newest first
    problems: list[str] = field(default_factory=list)  # one sentence per run skipped

    @property
    def size(self) -> int:
        return sum(run.size for run in self.runs)


def list_runs(root: Path) -> RunList:
    listing = RunList()
    try:
        folders = sorted((p for p in Path(root).iterdir() if p.is_dir()), reverse=True)
    except FileNotFoundError:
        return listing
    except OSError as exc:
        listing.problems.append(f"The runs folder {root} cannot be read: {exc}")
        return listing
    for folder in folders:
        try:
            listing.runs.append(read_run(folder))
        except RunFileError as exc:
            listing.problems.append(f"{exc} It is left out of the list.")
        except OSError as exc:
            listing.problems.append(f"{folder.name} cannot be read ({exc}); left out of the list.")
    return listing


def delete_run(root: Path, run: RecordedRun) -> None:
    """Delete a run's folder (only ever a folder directly inside ``root``, never a link: the
    link is checked before it is resolved, which would follow it to its target)."""
    if run.folder.is_symlink():
        raise ValueError(f"{run.folder} is not a run in {root}")
    folder = run.folder.resolve()
    if folder.parent != Path(root).resolve():
        raise ValueError(f"{run.folder} is not a run in {root}")
    shutil.rmtree(folder)
