"""What a session's recording writes: a run folder named by its start, a header with the run's
name, time and parent, each update's row, a change with its update, a moment at every pause
and end, the run's budget, and a disk that fails stopping the recording, never the training."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from playground.training import TrainingConfig
from playground.training.events import Paused, Resumed, SettingChanged, Started
from playground.training.recording.library import list_runs
from playground.training.recording.recorder import Budget
from playground.training.recording.run_file import RecordedRun
from playground.training.recording.session_recording import SessionRecording, run_name
from playground.training.session import TrainingSession

# 600 synthetic examples in batches of 50: 12 updates an epoch.
CONFIG = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1, batch_size=50, seed=3)
QUIET = 1e9  # seconds between moments: none but the first and those at a pause or an end


@pytest.fixture
def session(synthetic) -> TrainingSession:
    return TrainingSession(CONFIG, dataset=synthetic)


def _runs(root: Path) -> list[RecordedRun]:
    return list_runs(root).runs


def _train(recording: SessionRecording, session: TrainingSession, n: int) -> None:
    for _ in range(n):
        session.step()
        recording.after_step(session)


def test_a_run_is_named_by_the_settings_that_set_it_apart() -> None:
    config = CONFIG.replace(hidden=(16, 8), learning_rate=0.25)
    assert run_name(config) == "16-8 relu, categorical_crossentropy, sgd lr 0.25, batch 50"
    bare = run_name(CONFIG.replace(hidden=()))
    assert bare == "no hidden layer relu, categorical_crossentropy, sgd lr 0.1, batch 50"


def test_the_header_holds_the_runs_name_its_start_and_no_parent(tmp_path, session) -> None:
    before = datetime.datetime.now()
    SessionRecording(tmp_path / "a").start(session)
    SessionRecording(tmp_path / "b", name="lecture 3").start(session)
    after = datetime.datetime.now()
    [default], [named] = _runs(tmp_path / "a"), _runs(tmp_path / "b")
    assert default.header["name"] == "8 relu, categorical_crossentropy, sgd lr 0.1, batch 50"
    assert named.header["name"] == "lecture 3"
    created = datetime.datetime.fromisoformat(default.header["created"])
    assert before.replace(microsecond=0) <= created <= after and created.microsecond == 0
    assert default.header["branch_of"] is None and default.header["config"]["batch_size"] == 50


def test_a_runs_folder_is_named_by_its_start_to_the_microsecond(tmp_path, session) -> None:
    before = datetime.datetime.now()
    recording = SessionRecording(tmp_path)
    recording.start(session)
    after = datetime.datetime.now()
    name = recording.recorder.folder.name
    found = re.fullmatch(r"(\d{8}-\d{6}-\d{6})-([0-9a-f]{6})", name)
    assert found, name
    assert before <= datetime.datetime.strptime(found[1], "%Y%m%d-%H%M%S-%f") <= after
    assert [run.folder.name for run in _runs(tmp_path)] == [name]


def test_a_branch_names_its_parent_in_its_first_run_only(tmp_path, session) -> None:
    parent = {"run": "20261201-101500-000001-abcdef", "updates": 5}
    recording = SessionRecording(tmp_path, branch_of=parent, min_interval=QUIET)
    record = recording.watching(lambda event: None, session)
    record(Started(CONFIG, 0, 0))
    _train(recording, session, 2)
    session.reset()  # a Reset: the next start is a run of its own
    record(Started(CONFIG, 0, 0))
    recording.close()
    first, second = sorted(_runs(tmp_path), key=lambda run: run.folder.name)
    assert first.header["branch_of"] == parent
    assert second.header["branch_of"] is None


def test_starting_again_where_the_run_stands_keeps_its_folder(tmp_path, session) -> None:
    recording = SessionRecording(tmp_path, min_interval=QUIET)
    record = recording.watching(lambda event: None, session)
    record(Started(CONFIG, 0, 0))
    record(Started(CONFIG, 0, 0))  # Start at once again: nothing trained in between
    _train(recording, session, 2)
    record(Paused(2, 0, "paused"))
    record(Started(CONFIG, 2, 0))  # Start after a Pause
    recording.close()
    [run] = _runs(tmp_path)
    assert run.moments == [0, 2]


def test_a_moment_is_kept_at_a_pause_and_at_no_other_event(tmp_path, session) -> None:
    recording = SessionRecording(tmp_path, min_interval=QUIET)
    emitted = []
    record = recording.watching(emitted.append, session)
    record(Paused(0, 0, "paused"))  # before any start: nothing to record into
    assert _runs(tmp_path) == [] and recording.errors == []
    record(Started(CONFIG, 0, 0))
    _train(recording, session, 3)
    record(Resumed(3, 0))
    assert recording.recorder.moments == [0]
    record(Paused(3, 0, "steps"))
    assert recording.recorder.moments == [0, 3]
    assert [type(e) for e in emitted] == [Paused, Started, Resumed, Paused]


def test_a_change_is_recorded_with_the_update_it_took_effect(tmp_path, session) -> None:
    recording = SessionRecording(tmp_path)
    recording.start(session)
    recording.watching(lambda event: None, session)(SettingChanged(7, "learning_rate", 0.1, 0.05))
    recording.close()
    [run] = _runs(tmp_path)
    assert run.events == [{"updates": 7, "name": "learning_rate", "old": 0.1, "new": 0.05}]


def test_each_update_is_logged_with_the_epochs_so_far(tmp_path, session) -> None:
    recording = SessionRecording(tmp_path, min_interval=QUIET)
    recording.start(session)
    _train(recording, session, 14)  # into the second epoch
    recording.close()  # writes the rows still held
    [run] = _runs(tmp_path)
    rows = run.metrics
    assert rows[:, 0].tolist() == list(range(1, 15))
    assert rows[:, 1].tolist() == pytest.approx([u / 12 for u in range(1, 15)])


def test_closing_a_recording_that_never_started_does_nothing(tmp_path) -> None:
    recording = SessionRecording(tmp_path)
    recording.close()
    assert recording.errors == [] and not any(tmp_path.iterdir())


def test_the_recording_keeps_to_its_budget_and_spaces_its_moments(tmp_path, session) -> None:
    recording = SessionRecording(tmp_path, budget=Budget(events=1))
    recording.start(session)
    assert recording.recorder.min_interval == 0.1  # seconds, by default
    record = recording.watching(lambda event: None, session)
    record(SettingChanged(0, "learning_rate", 0.1, 0.05))
    record(SettingChanged(0, "learning_rate", 0.05, 0.01))
    recording.close()
    [run] = _runs(tmp_path)
    assert [e["new"] for e in run.events] == [0.05]


def test_a_disk_that_fails_stops_the_recording_not_the_training(tmp_path, session) -> None:
    root = tmp_path / "not a folder"
    root.write_text("")
    recording = SessionRecording(root)
    emitted = []
    record = recording.watching(emitted.append, session)
    record(Started(CONFIG, 0, 0))
    assert recording.recorder is None
    [error] = recording.errors
    assert error.startswith("Recording stopped: ") and "not a folder" in error
    _train(recording, session, 2)
    record(Paused(2, 0, "paused"))
    recording.close()
    assert [type(e) for e in emitted] == [Started, Paused] and session.updates == 2
    assert len(recording.errors) == 1  # after the failure nothing more was tried
