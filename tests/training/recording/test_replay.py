"""A recorded run replays to what the views showed, and branches continue it exactly."""

from __future__ import annotations

import dataclasses

import numpy as np

from playground.training import TrainingConfig
from playground.training.control import RunControl
from playground.training.events import Paused, SettingChanged
from playground.training.history import Series
from playground.training.recording import recorder
from playground.training.recording.library import list_runs
from playground.training.recording.replay import (
    branch_session,
    load_moment,
    nearest_moment,
    session_for,
    snapshot_at,
)
from playground.training.recording.session_recording import SessionRecording
from playground.training.session import TrainingSession
from playground.training.snapshot import DisplayPredictions, Histogram, Snapshot

CONFIG = TrainingConfig(
    hidden=(16,), optimizer="adam", learning_rate=0.01, batch_size=64, epochs=3, seed=3
)


def assert_same(a, b, path: str = "snapshot") -> None:
    """Every number of two snapshots equal (NaN equal to NaN)."""
    if isinstance(a, (Snapshot, Series, Histogram, DisplayPredictions)):
        for f in dataclasses.fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, np.ndarray):
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), path
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and np.isnan(a):
        assert isinstance(b, float) and np.isnan(b), path
    else:
        assert a == b, path


def test_replay_gives_what_the_views_showed(tmp_path, synthetic, start_run):
    session = TrainingSession(CONFIG, dataset=synthetic)
    session.recording = SessionRecording(tmp_path, min_interval=0)
    shown: dict[int, Snapshot] = {}
    control = RunControl(paused=True)
    run = start_run(session, control)
    for n, total in ((5, 5), (7, 12), (18, 30)):
        control.request_steps(n)
        run.log.wait_for(
            lambda events, t=total: any(isinstance(e, Paused) and e.updates == t for e in events)
        )
        shown[total] = session.snapshot()  # paused: what every view is drawing now
    run.finish()
    session.recording.close()

    listing = list_runs(tmp_path)
    assert listing.problems == []
    [record] = listing.runs
    assert {0, 5, 12, 30} <= set(record.moments)
    assert record.metrics[:, 0].tolist() == list(range(1, 31))
    assert record.metrics[:, 3].tolist() == session.history.series().y.tolist()

    replay = session_for(record, dataset=synthetic)
    for updates, live in shown.items():
        assert nearest_moment(record, updates) == updates
        assert_same(snapshot_at(replay, load_moment(record, updates)), live)


def test_branch_from_a_recorded_moment_continues_exactly(tmp_path, synthetic, monkeypatch):
    # Moments wait for COST_RATIO times their writing time: a timing the test must not depend on.
    monkeypatch.setattr(recorder, "COST_RATIO", 0.0)
    session = TrainingSession(CONFIG, dataset=synthetic)
    recording = SessionRecording(tmp_path, min_interval=0)
    session.recording = recording
    session.run(RunControl(), lambda event: None)  # three whole epochs: 30 updates
    recording.close()
    [record] = list_runs(tmp_path).runs
    branch_point = record.moments[len(record.moments) // 2]
    assert 0 < branch_point < session.updates

    branch = branch_session(record, branch_point, {}, dataset=synthetic)
    while branch.updates < session.updates:
        branch.step()
    for a, b in zip(session.model.get_weights(), branch.model.get_weights(), strict=True):
        assert np.array_equal(a, b)
    assert branch.history.series().y.tolist() == session.history.series().y.tolist()

    slower = branch_session(record, branch_point, {"learning_rate": 0.001}, dataset=synthetic)
    assert slower.learning_rate == 0.001
    assert slower.snapshot().learning_rate_changes[-1] == (branch_point, 0.001)
    slower.step()  # the same batch's loss (measured before the update) ...
    assert slower.history.last == session.history.series().y[branch_point]
    slower.step()  # ... then the smaller step shows
    assert slower.history.last != session.history.series().y[branch_point + 1]


def test_settings_changed_mid_run_are_in_the_record(tmp_path, synthetic):
    session = TrainingSession(CONFIG.replace(epochs=1), dataset=synthetic)
    recording = SessionRecording(tmp_path, min_interval=0)
    session.recording = recording
    seen = []

    def emit_change(event) -> None:
        seen.append(event)
        if len(seen) == 3:  # as the run loop sends a change it has applied
            recording.watching(lambda e: None, session)(
                SettingChanged(session.updates, "optimizer", "adam", "sgd")
            )

    session.run(RunControl(), emit_change)
    recording.close()
    [record] = list_runs(tmp_path).runs
    [change] = record.events
    assert change["name"] == "optimizer" and (change["old"], change["new"]) == ("adam", "sgd")


def test_a_branch_after_mid_run_changes_continues_exactly(
    tmp_path, synthetic, start_run, monkeypatch
):
    """A schedule, dropout, L2 and noise, then the rate, optimizer and batch size changed mid-run:
    a branch from a moment after the change still continues the run bit for bit."""
    monkeypatch.setattr(recorder, "COST_RATIO", 0.0)
    config = dataclasses.replace(CONFIG, schedule="cosine", dropout=0.2, l2=1e-3, noise=0.1)
    session = TrainingSession(config, dataset=synthetic)
    recording = SessionRecording(tmp_path, min_interval=0)
    session.recording = recording
    control = RunControl(paused=True)
    run = start_run(session, control)
    for steps, total in ((8, 8), (16, 24)):
        if total == 24:
            control.set_settings({"learning_rate": 0.02, "optimizer": "rmsprop", "batch_size": 32})
        control.request_steps(steps)
        run.log.wait_for(
            lambda events, t=total: any(isinstance(e, Paused) and e.updates == t for e in events)
        )
    run.finish()
    recording.close()
    [record] = list_runs(tmp_path).runs
    assert [e["name"] for e in record.events] == ["learning_rate", "optimizer", "batch_size"]
    branch_point = max(m for m in record.moments if 8 < m < 24)

    branch = branch_session(record, branch_point, {}, dataset=synthetic)
    while branch.updates < session.updates:
        branch.step()
    assert branch.config.optimizer == "rmsprop" and branch.config.batch_size == 32
    for a, b in zip(session.model.get_weights(), branch.model.get_weights(), strict=True):
        assert np.array_equal(a, b)
    assert branch.model.optimizer.learning_rate == session.model.optimizer.learning_rate
