"""One control drives every network of a race: Step, Start, Pause, slow motion, Stop."""

from __future__ import annotations

import threading

from playground.training import TrainingConfig
from playground.training.preparation import prepare
from playground.training.race import Race, parse_variation
from playground.training.race_driver import RaceDriver, RaceState
from tests.patience import patience

BASE = TrainingConfig(hidden=(8,), batch_size=30, epochs=1, seed=0)


def _driver(synthetic) -> RaceDriver:
    return RaceDriver(Race(BASE, parse_variation("activation=relu,tanh"), prepare(synthetic, BASE)))


def _thread(driver: RaceDriver, ticks: list[int]) -> threading.Thread:
    tick_seen = threading.Condition()

    def on_tick(race):
        with tick_seen:
            ticks.append(race.seen)
            tick_seen.notify_all()

    thread = threading.Thread(target=driver.run, args=(on_tick,), daemon=True)
    thread.tick_seen = tick_seen  # type: ignore[attr-defined]
    thread.start()
    return thread


def _wait(thread, ticks: list[int], count: int) -> None:
    with thread.tick_seen:
        assert thread.tick_seen.wait_for(lambda: len(ticks) >= count, timeout=patience(30))


def test_step_trains_every_variant_one_tick_then_waits(synthetic):
    driver, ticks = _driver(synthetic), []
    thread = _thread(driver, ticks)
    driver.step()
    _wait(thread, ticks, 1)
    driver.step()
    _wait(thread, ticks, 2)
    assert ticks == [30, 60] and driver.state is RaceState.PAUSED
    assert [v.updates for v in driver.race.variants] == [2, 2]  # in lockstep
    driver.stop()
    thread.join(patience(10))
    assert not thread.is_alive() and driver.state is RaceState.STOPPED


def test_start_runs_to_the_end_and_pause_holds(synthetic):
    driver, ticks = _driver(synthetic), []
    driver.set_slow_motion(0.01)
    thread = _thread(driver, ticks)
    driver.start()
    _wait(thread, ticks, 3)
    driver.pause()
    with thread.tick_seen:  # at most the tick under way completes after Pause
        held = len(ticks)
    assert driver.state is RaceState.PAUSED
    driver.set_slow_motion(0)
    driver.start()
    thread.join(patience(30))
    assert held < 20 and ticks[-1] == 600 and len(ticks) == 20
    assert driver.state is RaceState.FINISHED and driver.race.finished
    driver.step()  # nothing left to do: no error, no change
    assert driver.state is RaceState.FINISHED


def test_slow_motion_is_clamped():
    driver = RaceDriver.__new__(RaceDriver)
    driver._wake, driver.delay = threading.Condition(), 0.0
    driver.set_slow_motion(99)
    assert driver.delay == 2.0
    driver.set_slow_motion(-1)
    assert driver.delay == 0.0
