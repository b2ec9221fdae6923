"""RunControl on its own: commands from one thread, the loop's view of them."""

from __future__ import annotations

import threading

import pytest

from playground.training import RunControl


def test_step_requests_count_down_and_pause():
    c = RunControl(paused=True)
    assert not c.may_step(epochs_done=False)
    c.request_steps(2)
    c.request_steps(1)  # presses add up
    for _ in range(3):
        assert c.may_step(epochs_done=False)
        c.batch_done(epoch_ended=False)
    assert c.paused and c.pause_reason() == "steps"
    assert not c.may_step(epochs_done=False)


def test_epoch_request_runs_to_the_epoch_end_even_after_the_last_epoch():
    c = RunControl(paused=True)
    c.request_epoch()
    assert c.may_step(epochs_done=True)
    c.batch_done(epoch_ended=False)
    assert c.may_step(epochs_done=True)
    c.batch_done(epoch_ended=True)
    assert c.paused and c.pause_reason() == "epoch"


def test_wait_while_paused_blocks_until_resume():
    c = RunControl(paused=True)
    woke = threading.Event()

    def loop():
        while c.paused and not c.stopped:
            c.wait_while_paused()
        woke.set()

    t = threading.Thread(target=loop)
    t.start()
    assert not woke.wait(0.1)
    c.resume()
    assert woke.wait(5)
    t.join(5)


def test_sleep_returns_early_on_stop():
    c = RunControl(delay=3600.0)  # an hour: only an early return ends this sleep in the test
    sleeper = threading.Thread(target=c.sleep, args=(c.delay,))
    sleeper.start()
    sleeper.join(0.05)
    assert sleeper.is_alive()  # still asleep
    c.stop()
    sleeper.join(30)
    assert not sleeper.is_alive()


def test_bad_values_are_refused():
    c = RunControl()
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError):
            c.set_learning_rate(bad)
    with pytest.raises(ValueError):
        c.set_delay(-1)
    with pytest.raises(ValueError):
        c.request_steps(0)
    c.set_learning_rate(0.5)
    assert c.take_learning_rate() == 0.5
    assert c.take_learning_rate() is None
