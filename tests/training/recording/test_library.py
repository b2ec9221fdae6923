"""The list of kept runs: newest first, their size, what is left out and why, and deleting
only a run folder directly inside the runs folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from playground.training.recording.library import RunList, delete_run, list_runs
from playground.training.recording.run_file import FORMAT, HEADER, RecordedRun


def run_folder(root: Path, name: str, extra: bytes = b"") -> Path:
    folder = root / name
    folder.mkdir()
    (folder / HEADER).write_text(json.dumps({"format": FORMAT, "name": name}), "utf-8")
    if extra:
        (folder / "log.jsonl").write_bytes(extra)
    return folder


def test_runs_are_listed_newest_first_with_their_size(tmp_path) -> None:
    for name in ("2026-01-02-b", "2026-01-01-a", "2026-01-03-c"):
        run_folder(tmp_path, name, b"x" * 1000)
    (tmp_path / "notes.txt").write_text("not a run")  # files beside the runs are ignored
    listing = list_runs(tmp_path)
    assert [r.folder.name for r in listing.runs] == ["2026-01-03-c", "2026-01-02-b", "2026-01-01-a"]
    assert listing.problems == []
    assert listing.size == sum(r.size for r in listing.runs) >= 3000


def test_no_runs_folder_yet_is_an_empty_list(tmp_path) -> None:
    listing = list_runs(tmp_path / "missing")
    assert listing.runs == [] and listing.problems == [] and listing.size == 0
    assert RunList().size == 0


def test_a_folder_that_is_not_a_run_is_left_out_with_a_sentence(tmp_path) -> None:
    run_folder(tmp_path, "b-good")
    (tmp_path / "a-empty").mkdir()
    listing = list_runs(tmp_path)
    assert [r.folder.name for r in listing.runs] == ["b-good"]
    assert listing.problems == [
        f"a-empty: no {HEADER}; not a recorded run. It is left out of the list."
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_a_folder_that_cannot_be_read_is_left_out_with_a_sentence(tmp_path) -> None:
    locked = run_folder(tmp_path, "a-locked")
    locked.chmod(0)
    try:
        listing = list_runs(tmp_path)
    finally:
        locked.chmod(0o755)
    assert listing.runs == [] and len(listing.problems) == 1


def test_a_runs_folder_that_cannot_be_read_is_one_problem(tmp_path) -> None:
    not_a_folder = tmp_path / "runs"
    not_a_folder.write_text("a file where the folder should be")
    listing = list_runs(not_a_folder)
    assert listing.runs == []
    (problem,) = listing.problems
    assert problem.startswith(f"The runs folder {not_a_folder} cannot be read: ")
    assert "Not a directory" in problem


def test_a_run_folder_whose_header_cannot_be_read_is_left_out(tmp_path, monkeypatch) -> None:
    run_folder(tmp_path, "a-run")
    from playground.training.recording import library

    def unreadable(folder: Path) -> RecordedRun:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(library, "read_run", unreadable)
    listing = list_runs(tmp_path)
    assert listing.runs == []
    assert listing.problems == [
        "a-run cannot be read ([Errno 13] Permission denied); left out of the list."
    ]


def test_only_a_run_directly_inside_the_runs_folder_is_deleted(tmp_path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    keep = run_folder(runs, "keep")
    gone = run_folder(runs, "gone", b"data")
    (listed,) = [r for r in list_runs(runs).runs if r.folder.name == "gone"]
    delete_run(runs, listed)
    assert not gone.exists() and keep.exists()


def test_a_folder_elsewhere_or_a_link_is_refused(tmp_path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    elsewhere = run_folder(tmp_path, "elsewhere")
    outside = RecordedRun(elsewhere, {}, [], 0)
    with pytest.raises(ValueError) as caught:
        delete_run(runs, outside)
    assert str(caught.value) == f"{elsewhere} is not a run in {runs}"
    assert elsewhere.exists()
    nested = run_folder(runs, "keep")
    inner = run_folder(nested, "inner")
    with pytest.raises(ValueError):
        delete_run(runs, RecordedRun(inner, {}, [], 0))
    assert inner.exists()
    link = runs / "link"
    link.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValueError):
        delete_run(runs, RecordedRun(link, {}, [], 0))
    assert elsewhere.exists() and link.is_symlink()


def test_a_link_to_another_run_in_the_same_folder_is_refused_and_both_stay(tmp_path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    target = run_folder(runs, "2026-01-01-a")
    link = runs / "2026-01-02-link"
    link.symlink_to(target, target_is_directory=True)
    with pytest.raises(ValueError) as caught:
        delete_run(runs, RecordedRun(link, {}, [], 0))
    assert str(caught.value) == f"{link} is not a run in {runs}"
    assert target.exists() and (target / HEADER).exists() and link.is_symlink()
