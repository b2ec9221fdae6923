"""The race control's states without its thread: which command moves where, and what a
stopped or finished race ignores."""

from __future__ import annotations

import threading

import pytest

from playground.training import TrainingConfig
from playground.training.preparation import prepare
from playground.training.race import Race, parse_variation
from playground.training.race_driver import MAX_SLOW_SECONDS, RaceDriver, RaceState
from tests.patience import patience

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
    assert done.wait(patience(30))
    thread.join(patience(10))
    assert not thread.is_alive()
    assert ticks == [100, 200] and driver.state is RaceState.STOPPED


def test_slow_motion_takes_seconds_as_numbers(driver) -> None:
    driver.set_slow_motion("0.5")
    assert driver.delay == 0.5
    driver.set_slow_motion(MAX_SLOW_SECONDS)
    assert driver.delay == 2.0
    driver.set_slow_motion(0)
    assert driver.delay == 0.0


class _Watched(threading.Condition):
    """The driver's condition, noting each wait (its limit and the examples seen by then);
    ``idle`` is set when the loop waits for a command."""

    def __init__(self, driver: RaceDriver) -> None:
        super().__init__()
        self.driver = driver
        self.waits: list[tuple[float | None, int]] = []
        self.idle = threading.Event()

    def wait(self, timeout=None) -> bool:
        self.waits.append((timeout, self.driver.race.seen))
        if timeout is None:
            self.idle.set()
        return super().wait(timeout)


def test_one_step_trains_one_tick_and_every_tick_is_busy(driver) -> None:
    wake = driver._wake = _Watched(driver)
    ticks: list[int] = []
    busy: list = []
    driver.race.on_batch = lambda variant, idx: busy.append(driver.busy)

    def run() -> None:
        try:
            driver.run(lambda race: ticks.append(race.seen))
        finally:
            wake.idle.set()

    driver.step()
    thread = threading.Thread(target=run)
    thread.start()
    started = False
    try:
        assert wake.idle.wait(patience(30))
        assert ticks == [100] and driver.state is RaceState.PAUSED and driver.busy is False
        assert len(busy) == 2 and all(b is True for b in busy)  # both variants, one batch each
        busy.clear()
        driver.start()
        started = True
    finally:
        if not started:  # end the loop rather than leave it waiting for a command
            driver.stop()
        thread.join(patience(30))
    assert not thread.is_alive() and driver.state is RaceState.FINISHED
    assert ticks == [100, 200, 300, 400, 500, 600]
    assert len(busy) == 10 and all(b is True for b in busy) and driver.busy is False


def test_slow_motion_pauses_between_ticks_only_while_running(synthetic) -> None:
    config = BASE.replace(batch_size=300)  # two ticks
    driver = RaceDriver(
        Race(config, parse_variation("activation=relu,tanh"), prepare(synthetic, config))
    )
    wake = driver._wake = _Watched(driver)
    driver.set_slow_motion(0.05)
    driver.start()
    driver.run()  # here, to the end
    assert driver.state is RaceState.FINISHED
    assert wake.waits == [(0.05, 300)]  # after the first tick; the last one ends the race


def test_stop_in_slow_motion_ends_the_loop_without_the_pause(driver) -> None:
    wake = driver._wake = _Watched(driver)
    driver.set_slow_motion(MAX_SLOW_SECONDS)
    driver.start()
    driver.run(lambda race: driver.stop())
    assert driver.state is RaceState.STOPPED and driver.race.seen == 100
    assert wake.waits == []


class _StopWhenIdle(threading.Condition):
    """The driver's condition, which ends the loop where it would wait for a command (noting
    the examples seen by then), so the loop runs on the test's own thread."""

    def __init__(self, driver: RaceDriver) -> None:
        super().__init__()  # an RLock: stop() may take it again from inside wait()
        self.driver = driver
        self.idle_at: list[int] = []

    def wait(self, timeout=None) -> bool:
        if timeout is None:
            self.idle_at.append(self.driver.race.seen)
            self.driver.stop()
            return True
        return super().wait(timeout)


def test_a_new_race_trains_nothing_before_a_command(synthetic) -> None:
    driver = RaceDriver(
        Race(BASE, parse_variation("activation=relu,tanh"), prepare(synthetic, BASE))
    )
    wake = driver._wake = _StopWhenIdle(driver)
    ticks: list[int] = []
    driver.run(lambda race: ticks.append(race.seen))
    assert ticks == [] and wake.idle_at == [0] and driver.race.seen == 0


def test_each_step_while_paused_is_one_tick_and_then_the_loop_waits(synthetic) -> None:
    driver = RaceDriver(
        Race(BASE, parse_variation("activation=relu,tanh"), prepare(synthetic, BASE))
    )
    wake = driver._wake = _StopWhenIdle(driver)
    ticks: list[int] = []
    driver.step()
    driver.run(lambda race: ticks.append(race.seen))
    assert ticks == [100] and wake.idle_at == [100]
    assert driver.state is RaceState.STOPPED
