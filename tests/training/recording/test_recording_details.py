"""Details of a run's record: the moment nearest an update, a branch started from a moment,
families and lineages whose headers loop, a curve's buckets, the changes a record keeps and
the bytes its log may take."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from playground.training import TrainingConfig
from playground.training.events import SettingChanged
from playground.training.recording.family import curve, family, lineage
from playground.training.recording.library import list_runs
from playground.training.recording.moment import Moment, capture
from playground.training.recording.recorder import Budget, RunRecorder
from playground.training.recording.replay import continue_from, nearest_moment
from playground.training.recording.run_file import LOG, RecordedRun, read_run
from playground.training.recording.session_recording import SessionRecording
from playground.training.session import TrainingSession

CONFIG = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1, batch_size=50, seed=3)


def _recorded(root: Path, name: str, moments=(), rows=(), budget=None) -> RecordedRun:
    recorder = RunRecorder(root / name, {"name": name}, budget, clock=lambda: 0.0)
    for u in moments:
        recorder.moment(Moment(u, {"updates": u}, {}))
    for u in rows:
        recorder.metrics([u, 0, 0, 1.0 / u, 0.5])
    recorder.close()
    return read_run(root / name)


def test_the_nearest_moment_is_at_or_before_the_update(tmp_path):
    run = _recorded(tmp_path, "r", moments=[0, 4, 8])
    assert [nearest_moment(run, u) for u in (0, 3, 4, 7, 100)] == [0, 0, 4, 4, 8]
    empty = _recorded(tmp_path, "nothing kept")
    with pytest.raises(ValueError, match=r"^nothing kept has no recorded moment$"):
        nearest_moment(empty, 0)


def test_a_branch_continues_from_the_moment_with_its_own_settings(tmp_path, synthetic):
    trained = TrainingSession(CONFIG, dataset=synthetic)
    recording = SessionRecording(tmp_path, min_interval=0)
    recording.start(trained)
    for _ in range(5):
        trained.step()
    with trained.between_batches():
        recording.recorder.moment(capture(trained))
    recording.close()
    [run] = list_runs(tmp_path).runs

    branch = TrainingSession(CONFIG.replace(learning_rate=0.01), dataset=synthetic)
    assert continue_from(branch, (str(run.folder), 5)) == {"run": run.folder.name, "updates": 5}
    assert branch.updates == 5 and branch.config.learning_rate == 0.01
    for a, b in zip(trained.model.get_weights(), branch.model.get_weights(), strict=True):
        assert np.array_equal(a, b)


class Header(dict):
    """A run's header that fails the test when it is read without end."""

    def __init__(self, **items) -> None:
        super().__init__(**items)
        self.reads = 0

    def get(self, *args):
        self.reads += 1
        assert self.reads < 100, "a line of parents that loops was followed without end"
        return super().get(*args)


def _branch(name: str, parent: str, at: int, moments=()) -> RecordedRun:
    return RecordedRun(Path(name), Header(branch_of={"run": parent, "updates": at}), [*moments], 0)


def test_a_family_whose_parents_loop_is_each_run_once():
    a, b, c = _branch("A", "B", 3), _branch("B", "C", 2), _branch("C", "B", 1)
    members = family([a, b, c], a)
    assert [(m.run.folder.name, m.parent, m.at) for m in members] == [
        ("A", "B", 3),
        ("B", "C", 2),
        ("C", "B", 1),
    ]


def test_a_lineage_whose_parents_loop_takes_each_run_once():
    a = _branch("A", "B", 5, [5, 6])
    b = _branch("B", "C", 4, [4, 5, 9])
    c = _branch("C", "B", 3, [0, 2, 3])
    line = [(r.folder.name, u) for r, u in lineage([a, b, c], a)]
    assert line == [("C", 0), ("C", 2), ("C", 3), ("B", 4), ("A", 5), ("A", 6)]


def test_a_lineage_ends_at_a_deleted_parent():
    orphan = _branch("A", "deleted", 3, [3, 4])
    assert [(r.folder.name, u) for r, u in lineage([orphan], orphan)] == [("A", 3), ("A", 4)]


def test_a_curve_has_at_most_a_thousand_points(tmp_path):
    long = _recorded(tmp_path, "long", rows=range(1, 1002))
    x, y = curve(long)
    assert len(x) == len(y) == 500  # pairs of updates; the odd last one left out
    assert x[:2].tolist() == [1.5, 3.5] and x[-1] == 999.5
    assert y[0] == pytest.approx((1.0 + 0.5) / 2)
    short = _recorded(tmp_path, "short", rows=range(1, 11))
    x, y = curve(short)
    assert x.tolist() == list(range(1, 11)) and y.tolist() == [1.0 / u for u in range(1, 11)]
    x, y = curve(_recorded(tmp_path, "empty"))
    assert x.shape == y.shape == (0,)


def test_changed_settings_are_recorded_as_json_keeps_them(tmp_path, synthetic):
    session = TrainingSession(CONFIG, dataset=synthetic)
    recording = SessionRecording(tmp_path, min_interval=0)
    recording.start(session)
    record = recording.watching(lambda event: None, session)
    record(SettingChanged(0, "learning_rate", 0.1, 0.05))
    record(SettingChanged(0, "optimizer", "sgd", "adam"))
    record(SettingChanged(0, "batch_size", 50, 25))
    record(SettingChanged(0, "optimizer_params", {}, {"beta_1": 0.8}))
    recording.close()
    [run] = list_runs(tmp_path).runs
    assert [(e["old"], e["new"]) for e in run.events[:3]] == [
        (0.1, 0.05),
        ("sgd", "adam"),
        (50, 25),
    ]
    old, new = run.events[3]["old"], run.events[3]["new"]  # no plain JSON value: its text
    assert isinstance(old, str) and isinstance(new, str) and "beta_1" in new and "0.8" in new


def test_a_run_keeps_the_first_changes_up_to_its_budget(tmp_path):
    recorder = RunRecorder(tmp_path / "r", {"name": "r"}, Budget(events=3), clock=lambda: 0.0)
    for i in range(5):
        recorder.event({"updates": i, "name": "learning_rate", "old": i, "new": i + 1})
    recorder.close()
    assert [e["updates"] for e in read_run(tmp_path / "r").events] == [0, 1, 2]


def test_a_change_counts_towards_the_log_budget(tmp_path):
    def record(name: str, budget: Budget) -> Path:
        recorder = RunRecorder(tmp_path / name, {"name": name}, budget, clock=lambda: 0.0)
        for u in range(1, 41):
            recorder.metrics([u, 0, 0, 1.0 / u, 0.5])
        recorder.event({"updates": 40, "name": "learning_rate", "old": 0.1, "new": 0.05})
        for u in range(41, 81):
            recorder.metrics([u, 0, 0, 1.0 / u, 0.5])
        recorder.close()
        return tmp_path / name / LOG

    whole = record("whole", Budget())
    tight = record("tight", Budget(log_bytes=whole.stat().st_size - 1))
    assert tight.stat().st_size < whole.stat().st_size  # thinned: every other update kept
    kept, every = read_run(tight.parent), read_run(whole.parent)
    assert kept.events == every.events and len(kept.metrics) < len(every.metrics) == 80
