"""A replay's scrubber made from a recorded run (each moment's training time from the run's
log), and playing, pausing and scrubbing at the edges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from playground.training.recording.run_file import RecordedRun
from playground.training.recording.scrubber import SPEEDS, Scrubber


def run(moments: list[int], rows: list[tuple[int, float]]) -> RecordedRun:
    """A run whose log has (updates, loss, seconds) rows."""
    metrics = np.array([(u, 0.5, s) for u, s in rows], np.float64).reshape(-1, 3)
    return RecordedRun(Path("run"), {}, moments, 0, (metrics, [], []))


def test_each_moment_gets_its_training_time_from_the_log() -> None:
    s = Scrubber.of(run([0, 10, 15, 30], [(0, 0.0), (10, 2.0), (20, 4.0), (30, 9.0)]))
    assert s.moments == [0, 10, 15, 30]
    assert s.seconds == [0.0, 2.0, 3.0, 9.0]  # 15 lies halfway between 10 and 20
    assert all(type(t) is float for t in s.seconds)
    assert s.index == 3 and s.updates == 30  # a replay opens at the newest moment
    assert not s.playing and s.speed == 1.0


def test_a_moment_before_the_first_logged_update_is_at_time_zero() -> None:
    s = Scrubber.of(run([0, 20], [(10, 5.0), (20, 6.0)]))
    assert s.seconds == [0.0, 6.0]


def test_times_never_go_back() -> None:
    # A continued run's log may restart its clock: the moments keep the time reached.
    s = Scrubber.of(run([0, 10, 20, 30], [(0, 0.0), (10, 5.0), (20, 1.0), (30, 7.0)]))
    assert s.seconds == [0.0, 5.0, 5.0, 7.0]


def test_a_run_without_log_rows_or_moments() -> None:
    s = Scrubber.of(run([0, 10], []))
    assert s.seconds == [0.0, 0.0] and s.index == 1
    empty = Scrubber.of(run([], []))
    assert empty.moments == [] and empty.seconds == [] and empty.index == 0


def scrubber() -> Scrubber:
    return Scrubber([0, 10, 20, 40, 80], [0.0, 1.0, 2.0, 4.0, 8.0])


def test_play_goes_on_from_the_moment_scrubbed_to() -> None:
    s = scrubber()
    s.go(2)
    s.play()
    assert s.index == 2 and s.playing  # not the last moment: no start over
    assert not s.advance(1.9)  # 3.9 s: still the 2 s moment
    assert s.advance(0.1) and s.updates == 40  # 4.0 s: that moment is due exactly


def test_play_from_the_moment_before_the_last() -> None:
    s = scrubber()
    s.go(3)
    s.play()
    assert s.index == 3 and s.playing
    assert s.advance(4.0) and s.updates == 80
    assert s.playing is False  # play stopped at the last moment


def test_going_to_a_moment_while_playing_moves_the_clock_there() -> None:
    s = scrubber()
    s.go(0)
    s.play()
    s.advance(0.5)
    s.go(3)  # 4 s
    assert s.advance(4.0) and s.updates == 80


def test_pause_stops_the_clock() -> None:
    s = scrubber()
    s.go(0)
    s.play()
    s.pause()
    assert s.playing is False
    assert not s.advance(100.0) and s.index == 0
    s.play()
    assert s.advance(1.0) and s.updates == 10  # play resumes from where it paused


def test_every_offered_speed_is_taken_and_others_are_named() -> None:
    s = scrubber()
    for speed in SPEEDS:
        s.set_speed(speed)
        assert s.speed == speed
    with pytest.raises(ValueError) as caught:
        s.set_speed(3.0)
    assert str(caught.value) == f"speed must be one of {SPEEDS}"
    assert s.speed == SPEEDS[-1]


def test_a_slow_speed_stretches_the_time() -> None:
    s = scrubber()
    s.go(0)
    s.set_speed(0.25)
    s.play()
    assert not s.advance(3.9)
    assert s.advance(0.1) and s.updates == 10


def test_go_says_whether_the_moment_changed() -> None:
    s = scrubber()
    assert s.go(0) is False  # already there
    assert s.go(3.7) is True and s.updates == 40  # whole moments
    assert s.go(3) is False
