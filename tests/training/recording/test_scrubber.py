"""Playing a replay follows the run's own time, scaled by the speed."""

from __future__ import annotations

import pytest

from playground.training.recording.scrubber import Scrubber


def _scrubber() -> Scrubber:
    # Moments at 0, 1, 2, 4 and 8 seconds of training.
    return Scrubber([0, 10, 20, 40, 80], [0.0, 1.0, 2.0, 4.0, 8.0])


def test_playing_at_double_speed_reaches_a_moment_in_half_its_time():
    s = _scrubber()
    s.go(0)
    s.set_speed(2.0)
    s.play()
    assert not s.advance(0.4)  # 0.8 s of training: still the first moment
    assert s.advance(0.1) and s.updates == 10  # 1.0 s
    assert s.advance(1.0) and s.updates == 20  # 3.0 s: the 2 s moment, not yet the 4 s one
    assert s.playing


def test_play_stops_at_the_end_and_starts_over_from_there():
    s = _scrubber()
    s.go(1)
    s.set_speed(50.0)
    s.play()
    assert s.advance(1.0) and s.updates == 80
    assert not s.playing
    s.play()
    assert s.updates == 0 and s.playing


def test_scrubbing_is_clamped_and_speeds_are_checked():
    s = _scrubber()
    assert s.go(99) is True and s.updates == 80
    assert s.go(-5) is True and s.updates == 0
    assert s.go(0) is False
    with pytest.raises(ValueError):
        s.set_speed(3.0)
