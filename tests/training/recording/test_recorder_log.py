"""A run's log past its byte budget keeps every other update (events stay), is written at the
flush interval, and moments are spaced and replaced as the budget says: worked out by hand on a
hand-driven clock, checked in the files on disk."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from playground.training.recording.moment import Moment
from playground.training.recording.recorder import MB, Budget, RunRecorder
from playground.training.recording.run_file import (
    HEADER,
    LOG,
    RunFileError,
    moment_name,
    read_run,
    write_header,
    write_moment,
)
from tests.training.recording.conftest import HandClock, moment_at

THIRD = 1 / 3  # 18 characters in JSON: an odd update's row is longer than an even one's


def _row(u: int) -> list[float]:
    """[update, epoch, seconds, loss, accuracy]; odd updates carry a long loss."""
    return [u, 0, 0, THIRD, THIRD] if u % 2 else [u, 0, 0, 0, 0]


def _recorder(tmp_path, log_bytes: int, name: str = "run", **kwargs) -> RunRecorder:
    budget = Budget(moments=64, moment_bytes=MB, log_bytes=log_bytes)
    kwargs.setdefault("flush_interval", 1e9)  # written only when the test flushes
    kwargs.setdefault("clock", HandClock())
    return RunRecorder(tmp_path / name, {"name": name}, budget, **kwargs)


def _record(recorder: RunRecorder, updates) -> None:
    for u in updates:
        recorder.metrics(_row(u))
    recorder.flush()


def _updates(recorder: RunRecorder) -> list[int]:
    run = read_run(recorder.folder)
    assert run.notes == []
    return [int(u) for u in run.metrics[:, 0]]


def test_past_its_bytes_the_log_keeps_every_other_update_and_its_events(tmp_path):
    # Bytes by hand: an even row [2.0,0.0,0.0,0.0,0.0] is 21, an odd one 51; a metrics line
    # is 9 + its rows + a comma between rows; the event line {"e":{"lr":0.1}} is 17.
    recorder = _recorder(tmp_path, log_bytes=240)
    recorder.event({"lr": 0.1})
    _record(recorder, range(1, 9))  # 17 + 9 + 4 * 21 + 4 * 51 + 7 = 321 > 240: thinned
    # every other update: 17 + 9 + 4 * 21 + 3 = 113, within half the budget (120)
    assert _updates(recorder) == [2, 4, 6, 8]
    assert read_run(recorder.folder).events == [{"lr": 0.1}]
    _record(recorder, range(9, 17))  # only the even ones now: 113 + 96 = 209, within budget
    assert _updates(recorder) == [2, 4, 6, 8, 10, 12, 14, 16]
    # 209 + 96 > 240: every 4th update is 17 + 9 + 6 * 21 + 5 = 157, over half the budget,
    # so every 8th: 17 + 9 + 3 * 21 + 2 = 91
    _record(recorder, range(17, 25))
    assert _updates(recorder) == [8, 16, 24]
    assert read_run(recorder.folder).events == [{"lr": 0.1}]
    recorder.close()


def test_a_log_thinned_past_4096_rows_keeps_each_of_them_once(tmp_path):
    recorder = _recorder(tmp_path, log_bytes=220_000)
    _record(recorder, range(1, 8201))  # about 250 kB; half of it is every other update
    assert _updates(recorder) == list(range(2, 8201, 2))
    recorder.close()


def test_a_log_exactly_at_its_budget_is_not_thinned(tmp_path):
    measure = _recorder(tmp_path, log_bytes=MB, name="measure")
    _record(measure, range(1, 9))
    size = (measure.folder / LOG).stat().st_size
    recorder = _recorder(tmp_path, log_bytes=size)
    _record(recorder, range(1, 9))
    assert _updates(recorder) == list(range(1, 9))


def test_a_thinned_log_exactly_half_its_budget_is_not_thinned_again(tmp_path):
    measure = _recorder(tmp_path, log_bytes=MB, name="measure")
    _record(measure, [2, 4, 6, 8])  # what thinning 1..8 leaves, in the appended layout
    half = (measure.folder / LOG).stat().st_size
    recorder = _recorder(tmp_path, log_bytes=2 * half + 1)
    _record(recorder, range(1, 9))  # far over 2 * half: the odd rows are long
    assert _updates(recorder) == [2, 4, 6, 8]
    assert (recorder.folder / LOG).stat().st_size == half


def test_a_diverged_update_s_nan_loss_and_a_nan_setting_survive_thinning(tmp_path):
    recorder = _recorder(tmp_path, log_bytes=240)
    recorder.event({"lr": math.nan})
    for u in range(1, 9):
        recorder.metrics([u, 0, 0, math.nan, THIRD if u % 2 else 0])
    recorder.flush()
    run = read_run(recorder.folder)
    assert [int(u) for u in run.metrics[:, 0]] == [2, 4, 6, 8]
    assert np.isnan(run.metrics[:, 3]).all()
    assert math.isnan(run.events[0]["lr"])
    assert run.notes == []


def test_a_log_damaged_by_hand_is_thinned_up_to_the_damage(tmp_path):
    recorder = _recorder(tmp_path, log_bytes=240)
    _record(recorder, [1, 2])
    with open(recorder.folder / LOG, "ab") as handle:
        handle.write(b"{not json\n")
    _record(recorder, range(3, 9))  # over budget: the rewritten log keeps what came before
    assert _updates(recorder) == [2]


def test_the_log_is_written_at_the_flush_interval_one_second_by_default(tmp_path):
    clock = HandClock(10.0)
    recorder = RunRecorder(tmp_path / "run", {"name": "run"}, clock=clock)
    log = recorder.folder / LOG
    clock.now = 10.5
    recorder.metrics(_row(1))
    assert log.stat().st_size == 0  # half a second: nothing written yet
    clock.now = 11.0
    recorder.metrics(_row(2))  # a second: both rows written
    assert _updates(recorder) == [1, 2]
    clock.now = 11.5
    recorder.metrics(_row(3))
    assert _updates(recorder) == [1, 2]


def test_a_run_folder_is_never_recorded_into_twice(tmp_path):
    RunRecorder(tmp_path / "run", {"name": "first"}, clock=HandClock())
    with pytest.raises(FileExistsError):
        RunRecorder(tmp_path / "run", {"name": "second"}, clock=HandClock())


def test_moments_are_a_tenth_of_a_second_apart_by_default_and_never_at_an_older_update(tmp_path):
    clock = HandClock(100.0)  # writing a moment takes no time on this clock
    recorder = RunRecorder(tmp_path / "run", {"name": "run"}, clock=clock)
    recorder.moment(moment_at(4))
    clock.now = 100.0625
    assert not recorder.moment_due(5)  # too soon
    clock.now = 100.25
    assert recorder.moment_due(5)
    assert not recorder.moment_due(4)  # the update already kept
    assert not recorder.moment_due(3)


def test_a_moment_at_the_same_update_replaces_the_last(tmp_path):
    recorder = _recorder(tmp_path, log_bytes=MB)
    recorder.moment(moment_at(3))
    recorder.moment(moment_at(4))
    recorder.moment(moment_at(4))  # a pause right after the last moment
    assert recorder.moments == [3, 4]
    assert read_run(recorder.folder).moments == [3, 4]


def test_moments_exactly_at_their_bytes_are_all_kept(tmp_path):
    recorder = _recorder(tmp_path, log_bytes=MB)
    recorder.moment(moment_at(1))
    size = (recorder.folder / moment_name(1)).stat().st_size  # each moment here is this size
    recorder.budget = Budget(moments=64, moment_bytes=4 * size, log_bytes=MB)
    for updates in (2, 3, 4):
        recorder.moment(moment_at(updates))
    assert recorder.moments == [1, 2, 3, 4]
    recorder.moment(moment_at(5))  # one over: every other update, the first and the newest
    assert recorder.moments == [1, 2, 4, 5]


def test_a_budget_of_one_moment_still_keeps_the_first_and_the_newest(tmp_path):
    recorder = RunRecorder(
        tmp_path / "run", {"name": "run"}, Budget(moments=1), min_interval=0, clock=HandClock()
    )
    recorder.moment(moment_at(1))
    recorder.moment(moment_at(2))
    assert recorder.moments == [1, 2]
    recorder.moment(moment_at(3))
    assert recorder.moments == [1, 3]


# -- run files read back -------------------------------------------------------------------
def _run_folder(tmp_path, log: bytes | None = b"") -> Path:
    folder = tmp_path / "run"
    folder.mkdir(parents=True)
    write_header(folder, {"name": "run"})
    if log is not None:
        (folder / LOG).write_bytes(log)
    return folder


def test_a_header_of_another_version_is_refused_with_a_message(tmp_path):
    folder = _run_folder(tmp_path)
    (folder / HEADER).write_text(json.dumps({"format": 2, "name": "run"}), encoding="utf-8")
    with pytest.raises(RunFileError, match=r"run\.json is not a run of this version"):
        read_run(folder)


def test_a_stray_file_named_like_a_moment_is_no_moment(tmp_path):
    folder = _run_folder(tmp_path)
    write_moment(folder, moment_at(12))
    (folder / "moment-12b.npz").write_bytes(b"a copy")
    assert read_run(folder).moments == [12]


def test_a_run_without_a_log_or_with_an_empty_one_has_no_rows_in_five_columns(tmp_path):
    run = read_run(_run_folder(tmp_path / "none", log=None))
    assert run.metrics.shape == (0, 5)
    assert run.notes == []
    run = read_run(_run_folder(tmp_path / "empty", log=b""))
    assert run.metrics.shape == (0, 5)
    assert run.events == []


def test_a_log_that_cannot_be_read_is_reported(tmp_path):
    folder = _run_folder(tmp_path, log=None)
    (folder / LOG).mkdir()  # a folder where the log should be
    run = read_run(folder)
    assert run.metrics.shape == (0, 5)
    assert len(run.notes) == 1
    assert run.notes[0].startswith("log.jsonl could not be read (")


def test_a_log_is_read_past_blank_lines_up_to_its_first_damaged_line(tmp_path):
    log = (
        b'{"m":[[1,0,0,0.5,0.5]]}\n\n{"m":[[2,0,0,0.4,0.6]]}\n{"m":[[3,\n{"m":[[4,0,0,0.3,0.7]]}\n'
    )
    run = read_run(_run_folder(tmp_path, log=log))
    assert run.metrics[:, 0].tolist() == [1, 2]
    assert run.notes == ["log.jsonl: line 4 is damaged; the log is read up to it."]


def test_rows_of_different_widths_read_as_floats_with_nan_for_the_missing_columns(tmp_path):
    log = b'{"m":[[1,0,0,0.5,0.5,0.1,0.2],[2,0,0,0.4,0.6]]}\n'
    metrics = read_run(_run_folder(tmp_path, log=log)).metrics
    assert metrics.dtype == np.float64
    assert metrics.shape == (2, 7)
    assert metrics[0].tolist() == [1, 0, 0, 0.5, 0.5, 0.1, 0.2]
    assert metrics[1, :5].tolist() == [2, 0, 0, 0.4, 0.6]
    assert np.isnan(metrics[1, 5:]).all()


def test_a_run_s_size_counts_its_files_only(tmp_path):
    folder = _run_folder(tmp_path, log=b'{"m":[[1,0,0,0.5,0.5]]}\n')
    (folder / "notes").mkdir()  # a folder put there by hand
    (folder / "notes" / "big.txt").write_bytes(b"x" * 10_000)
    files = [folder / HEADER, folder / LOG]
    assert read_run(folder).size == sum(p.stat().st_size for p in files)


def test_a_moment_holding_python_objects_is_refused_and_leaves_no_file(tmp_path):
    folder = _run_folder(tmp_path)
    moment = Moment(3, {"updates": 3}, {"weights/0": np.array([{"code": 1}], dtype=object)})
    with pytest.raises(ValueError):
        write_moment(folder, moment)
    assert sorted(p.name for p in folder.iterdir()) == [LOG, HEADER]
