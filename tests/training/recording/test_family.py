"""A run's family: its first ancestor and every branch from it, with the branch points."""

from __future__ import annotations

import numpy as np

from playground.training.recording.family import curve, family, lineage
from playground.training.recording.library import list_runs
from playground.training.recording.recorder import RunRecorder


def _run(root, name: str, branch_of=None, updates=range(1, 11)) -> None:
    recorder = RunRecorder(root / name, {"name": name, "branch_of": branch_of})
    for u in updates:
        recorder.metrics([u, 0, 0, 10.0 / u, 0.5])
    recorder.close()


def test_family_follows_branches_both_ways(tmp_path):
    _run(tmp_path, "1-root")
    _run(tmp_path, "2-branch", {"run": "1-root", "updates": 4}, range(5, 21))
    _run(tmp_path, "3-twig", {"run": "2-branch", "updates": 12}, range(13, 31))
    _run(tmp_path, "4-stranger")
    _run(tmp_path, "5-orphan", {"run": "deleted", "updates": 3})
    runs = list_runs(tmp_path).runs
    twig = next(r for r in runs if r.folder.name == "3-twig")
    members = family(runs, twig)
    assert [(b.run.folder.name, b.parent, b.at) for b in members] == [
        ("1-root", None, None),
        ("2-branch", "1-root", 4),
        ("3-twig", "2-branch", 12),
    ]
    orphan = next(r for r in runs if r.folder.name == "5-orphan")
    assert [b.run.folder.name for b in family(runs, orphan)] == ["5-orphan"]


def test_curve_averages_into_buckets(tmp_path):
    _run(tmp_path, "r", updates=range(1, 101))
    [run] = list_runs(tmp_path).runs
    x, y = curve(run, points=10)
    assert x.tolist() == [5.5 + 10 * i for i in range(10)]
    assert np.allclose(y[0], np.mean([10.0 / u for u in range(1, 11)]))


def test_lineage_takes_each_ancestor_up_to_its_branch_point(tmp_path):
    from playground.training.recording.moment import Moment

    def with_moments(name, branch_of, moments):
        recorder = RunRecorder(tmp_path / name, {"name": name, "branch_of": branch_of})
        for u in moments:
            recorder.moment(Moment(u, {"updates": u}, {}))
        recorder.close()

    with_moments("1-root", None, [0, 4, 8, 12])
    with_moments("2-branch", {"run": "1-root", "updates": 8}, [8, 16, 20])
    with_moments("3-twig", {"run": "2-branch", "updates": 16}, [16, 24])
    runs = list_runs(tmp_path).runs
    twig = next(r for r in runs if r.folder.name == "3-twig")
    assert [(r.folder.name, u) for r, u in lineage(runs, twig)] == [
        ("1-root", 0),
        ("1-root", 4),
        ("2-branch", 8),
        ("3-twig", 16),
        ("3-twig", 24),
    ]


def test_runs_started_within_one_second_list_newest_first(tmp_path, synthetic):
    """Run folders are named by their start time, so that order is the list's and a family's:
    runs started in quick succession (a branch right after its parent) keep it."""
    from playground.training import TrainingConfig
    from playground.training.recording.session_recording import SessionRecording
    from playground.training.session import TrainingSession

    session = TrainingSession(TrainingConfig(hidden=(4,), epochs=1, seed=1), dataset=synthetic)
    recording = SessionRecording(tmp_path, min_interval=0)
    names = []
    for i in range(8):
        recording.name = f"run {i}"
        recording.start(session)
        names.append(f"run {i}")
    recording.close()
    assert [run.name for run in list_runs(tmp_path).runs] == names[::-1]
