"""The race control's states without its thread: which command moves where, and what a
stopped or finished race ignores."""

from __future__ import annotations

import threading

import pytest

from playground.training import TrainingConfig
from playground.training.preparation import prepare
from playground.training.race import Race, parse_variation
from playground.training.race_driver import MAX_SLOW_SECONDS, RaceDriver, RaceState

BASE = TrainingConfig(hidden=(4,), batch_size=100, epochs=1, seed=0)


@pytest.fixture
def driver(synthetic) -> RaceDriver:
    race = Race(BASE, parse_variation("activation=relu,tanh"), prepare(synthetic, BASE))
    return RaceDriver(race)


def test_a_new_race_is_ready_at_full_speed(driver) -> None:
    assert driver.state is RaceState.READY
    assert driver.delay == 0.0 and driver.busy is False
    assert MAX_SLOW_SECONDS == 2.0


def test_start_pause_and_step_move_between_running_and_paused(driver) -> None:
    driver.start()
    assert driver.state is RaceState.RUNNING
    driver.pause()
    assert driver.state is RaceState.PAUSED
    driver.start()
    driver.step()  # Step while running: one more tick, then paused
    assert driver.state is RaceState.PAUSED


def test_a_stopped_race_ignores_every_command(driver) -> None:
    driver.start()
    driver.stop()
    assert driver.state is RaceState.STOPPED
    for command in (driver.start, driver.pause, driver.step):
        command()
        assert driver.state is RaceState.STOPPED
    driver.run()  # returns at once: the loop has ended
    assert driver.race.seen == 0


def test_a_finished_race_stays_finished_when_stopped(driver) -> None:
    ticks = []
    driver.start()
    driver.run(lambda race: ticks.append(race.seen))  # on this thread, to the end
    assert driver.state is RaceState.FINISHED and driver.race.finished
    assert ticks[-1] == driver.race.seen and driver.busy is False
    driver.stop()
    assert driver.state is RaceState.FINISHED
    for command in (driver.start, driver.pause, driver.step):
        command()
        assert driver.state is RaceState.FINISHED


def test_steps_asked_for_while_paused_each_train_one_tick(driver) -> None:
    ticks = []
    driver.step()
    driver.step()
    done = threading.Event()

    def on_tick(race) -> None:
        ticks.append(race.seen)
        if len(ticks) == 2:
            done.set()
            driver.stop()

    thread = threading.Thread(target=driver.run, args=(on_tick,))
    thread.start()
    assert done.wait(30)
    thread.join(10)
    assert not thread.is_alive()
    assert ticks == [100, 200] and driver.state is RaceState.STOPPED


def test_slow_motion_takes_seconds_as_numbers(driver) -> None:
    driver.set_slow_motion("0.5")
    assert driver.delay == 0.5
    driver.set_slow_motion(MAX_SLOW_SECONDS)
    assert driver.delay == 2.0
    driver.set_slow_motion(0)
    assert driver.delay == 0.0
