"""A run's record keeps its budget however long the run, and a damaged one is skipped."""

from __future__ import annotations

import itertools
import json

import numpy as np

from playground.training.recording.library import delete_run, list_runs
from playground.training.recording.moment import Moment
from playground.training.recording.recorder import MB, Budget, RunRecorder
from playground.training.recording.run_file import LOG, read_moment, read_run
from tests.training.recording.conftest import moment_at


def _moment(updates: int, n_weights: int = 20_000) -> Moment:
    return moment_at(updates, n_weights)


def test_a_million_updates_stay_within_the_budget(tmp_path):
    budget = Budget(moments=16, moment_bytes=MB, log_bytes=MB)
    ticks = itertools.count()  # 1 ms per read of the clock: the log is written each second
    recorder = RunRecorder(
        tmp_path / "run", {"name": "long"}, budget, min_interval=0, clock=lambda: next(ticks) / 1e3
    )
    largest = 0
    for u in range(1, 1_000_001):
        recorder.metrics([u, u / 600, u / 100, 1 / u, 0.5, 0.1, 0.2])
        if recorder.moment_due(u):
            recorder.moment(_moment(u))
            largest = max(largest, recorder.size)
    recorder.close()
    largest = max(largest, recorder.size)
    assert largest <= budget.total_bytes
    run = read_run(tmp_path / "run")
    assert run.notes == []
    assert 2 < len(run.moments) <= budget.moments
    assert run.moments[0] == 1  # the start stays
    assert run.moments[-1] > 900_000  # and the newest moments are kept
    every = run.moments[2] - run.moments[1]
    assert every & (every - 1) == 0  # a power of two
    assert run.moments[1:] == list(range(every, 1_000_001, every))  # spread evenly
    updates = run.metrics[:, 0]
    assert updates[-1] >= 999_000 and len(updates) > 4_000  # the whole run, thinned
    assert (np.diff(updates) > 0).all()


def test_metrics_and_moments_read_back(tmp_path):
    recorder = RunRecorder(tmp_path / "r", {"name": "short"}, min_interval=0)
    for u in range(1, 11):
        recorder.metrics([u, u / 10, u * 0.1, 2.0 / u, u / 10])
        if u in (1, 5):
            recorder.moment(_moment(u, 10))
    recorder.event({"updates": 7, "name": "learning_rate", "old": 0.1, "new": 0.01})
    recorder.close()
    run = read_run(tmp_path / "r")
    assert run.metrics[:, 0].tolist() == list(range(1, 11))
    assert run.metrics[:, 3].tolist() == [2.0 / u for u in range(1, 11)]
    assert run.events == [{"updates": 7, "name": "learning_rate", "old": 0.1, "new": 0.01}]
    assert run.moments == [1, 5]
    assert read_moment(run.moment_path(5)).arrays["weights/0"].tolist() == [5.0] * 10
    assert run.size == sum(p.stat().st_size for p in (tmp_path / "r").iterdir())


def _recorded(root, name: str, n: int = 6) -> RunRecorder:
    recorder = RunRecorder(root / name, {"name": name}, min_interval=0)
    for u in range(1, n + 1):
        recorder.metrics([u, 0, 0, 1.0, 0.5])
    recorder.moment(_moment(n, 10))
    recorder.close()
    return recorder


def test_a_log_cut_short_keeps_its_whole_lines(tmp_path):
    _recorded(tmp_path, "cut")
    log = tmp_path / "cut" / LOG
    with open(log, "ab") as handle:  # a crash in the middle of a line
        handle.write(b'{"m": [[7, 0, 0, 1.0, 0.')
    run = read_run(tmp_path / "cut")
    assert run.metrics[:, 0].tolist() == [1, 2, 3, 4, 5, 6]
    assert len(run.notes) == 1 and "damaged" in run.notes[0]


def test_damaged_runs_are_reported_and_skipped(tmp_path):
    _recorded(tmp_path, "a-good")
    _recorded(tmp_path, "b-bad-header")
    (tmp_path / "b-bad-header" / "run.json").write_text('{"format": 1, "name"')
    (tmp_path / "c-no-header").mkdir()
    (tmp_path / "c-no-header" / LOG).write_text("")
    _recorded(tmp_path, "d-bad-moment")
    moment = next((tmp_path / "d-bad-moment").glob("moment-*.npz"))
    moment.write_bytes(moment.read_bytes()[:50])  # cut short
    (tmp_path / "e-binary").mkdir()
    (tmp_path / "e-binary" / "run.json").write_bytes(b"\xff\xfe\x00garbage")

    listing = list_runs(tmp_path)
    assert [run.folder.name for run in listing.runs] == ["d-bad-moment", "a-good"]
    assert len(listing.problems) == 3
    assert any("b-bad-header" in p and "damaged" in p for p in listing.problems)
    assert any("c-no-header" in p for p in listing.problems)
    bad = listing.runs[0]
    try:
        read_moment(bad.moment_path(bad.moments[0]))
    except ValueError as exc:
        assert "damaged" in str(exc)
    else:
        raise AssertionError("a moment cut short was read")


def test_a_moment_holding_a_pickle_is_refused(tmp_path):
    _recorded(tmp_path, "p")
    path = next((tmp_path / "p").glob("moment-*.npz"))
    np.savez(path, __meta__=np.array(json.dumps({"updates": 6})), x=np.array([object()]))
    try:
        read_moment(path)
    except ValueError as exc:
        assert "damaged" in str(exc)
    else:
        raise AssertionError("an object array was unpickled")


def test_runs_can_be_deleted(tmp_path):
    _recorded(tmp_path, "1-old")
    _recorded(tmp_path, "2-new")
    listing = list_runs(tmp_path)
    delete_run(tmp_path, listing.runs[1])
    assert [run.folder.name for run in list_runs(tmp_path).runs] == ["2-new"]
