"""A run's record past its budget of moments keeps those at every 2^k-th update, plus the first
and the newest, on disk and in its list: worked out by hand for a budget of four."""

from __future__ import annotations

from playground.training.recording.moment import Moment
from playground.training.recording.recorder import MB, Budget, RunRecorder
from playground.training.recording.run_file import MOMENT_PREFIX, moment_name
from tests.training.recording.conftest import HandClock, moment_at


def _moment(updates: int) -> Moment:
    return moment_at(updates, n_weights=1_000)


def _on_disk(recorder: RunRecorder) -> list[int]:
    names = sorted(p.name for p in recorder.folder.glob(f"{MOMENT_PREFIX}*"))
    return [int(name[len(MOMENT_PREFIX) : -4]) for name in names]


def _recorder(tmp_path, budget: Budget):
    # The clock moves on a second per update, so that the spacing alone decides which moment
    # is due.
    clock = HandClock()

    def tick() -> None:
        clock.now += 1.0

    recorder = RunRecorder(tmp_path / "run", {"name": "thin"}, budget, min_interval=0, clock=clock)
    return recorder, tick


def _record_and_check(recorder, tick, updates_range, expected: dict[int, list[int]]) -> None:
    """A moment at every update where one is due; after the updates `expected` names, the
    moments kept, in the recorder's list and on disk."""
    for updates in updates_range:
        tick()
        if recorder.moment_due(updates):
            recorder.moment(_moment(updates))
        if updates in expected:
            assert recorder.moments == expected[updates], updates
            assert _on_disk(recorder) == expected[updates], updates


def test_past_four_moments_every_second_then_fourth_then_eighth_update_is_kept(tmp_path):
    recorder, tick = _recorder(tmp_path, Budget(moments=4, moment_bytes=MB, log_bytes=MB))
    # After each of these updates: the moments kept (the budget's rule, worked by hand).
    expected = {
        4: [1, 2, 3, 4],
        5: [1, 2, 4, 5],  # five are too many: every 2nd update, the first and the newest
        6: [1, 4, 6],  # again: every 4th
        8: [1, 4, 6, 8],
        12: [1, 8, 12],  # every 8th
        16: [1, 8, 12, 16],
        20: [1, 8, 12, 16],  # 20 is no multiple of 8: no moment due
        24: [1, 16, 24],  # every 16th
    }
    _record_and_check(recorder, tick, range(1, 25), expected)
    # a moment due only at the new spacing
    assert [u for u in range(25, 49) if recorder.moment_due(u)] == [32, 48]
    recorder.close()


def test_past_its_bytes_a_record_keeps_two_moments_at_most_the_same_way(tmp_path):
    recorder, tick = _recorder(tmp_path, Budget(moments=64, moment_bytes=MB, log_bytes=MB))
    recorder.moment(_moment(1))
    size = (recorder.folder / moment_name(1)).stat().st_size  # every moment here is this size
    recorder.budget = Budget(moments=64, moment_bytes=int(2.5 * size), log_bytes=MB)
    expected = {2: [1, 2], 3: [1, 3], 4: [1, 4], 8: [1, 8]}  # three are too many bytes
    _record_and_check(recorder, tick, range(2, 9), expected)
    assert [u for u in range(9, 17) if recorder.moment_due(u)] == [16]
    recorder.close()


def test_a_moment_file_already_gone_is_no_error_when_thinning_drops_it(tmp_path):
    recorder, tick = _recorder(tmp_path, Budget(moments=4, moment_bytes=MB, log_bytes=MB))
    for updates in range(1, 5):
        tick()
        recorder.moment(_moment(updates))
    (recorder.folder / moment_name(3)).unlink()  # removed by hand, or by another program
    tick()
    recorder.moment(_moment(5))  # five are too many: moment 3 is dropped
    assert recorder.moments == [1, 2, 4, 5]
    assert _on_disk(recorder) == [1, 2, 4, 5]
    recorder.close()
