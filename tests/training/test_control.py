"""RunControl on its own: commands from one thread, the loop's view of them."""

from __future__ import annotations

import threading
import time

import pytest

from playground.training import RunControl
from tests.patience import patience


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
    assert woke.wait(patience(5))
    t.join(patience(5))


def test_sleep_returns_early_on_stop():
    c = RunControl(delay=3600.0)  # an hour: only an early return ends this sleep in the test
    sleeper = threading.Thread(target=c.sleep, args=(c.delay,))
    sleeper.start()
    sleeper.join(0.05)
    assert sleeper.is_alive()  # still asleep
    c.stop()
    sleeper.join(patience(30))
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


def test_what_the_loop_is_asked_to_do():
    c = RunControl()
    assert not c.has_request() and c.may_step(epochs_done=False)
    assert not c.may_step(epochs_done=True)  # the configured epochs are done: nothing asked
    c.request_steps(2)
    assert c.has_request() and c.pending_steps == 2 and c.may_step(epochs_done=True)
    c.request_epoch()  # replaces the steps
    assert c.has_request() and c.pending_steps == 0
    c.pause()
    assert not c.has_request() and c.pause_reason() == "paused"
    c.pause_for("diverged")
    assert c.paused and c.pause_reason() == "diverged" and not c.has_request()
    c.resume()
    assert not c.paused and not c.has_request()
    c.stop()
    assert c.stopped and not c.may_step(epochs_done=False)


def test_a_step_during_an_epoch_request_keeps_running_to_the_epoch_end():
    c = RunControl(paused=True)
    c.request_epoch()
    c.request_steps(1)
    c.batch_done(epoch_ended=False)
    assert not c.paused  # the step is used up, the epoch request still runs
    c.batch_done(epoch_ended=True)
    assert c.paused and c.pause_reason() == "epoch" and c.pending_steps == 0


def test_learning_rate_and_delay_changes():
    c = RunControl(delay=0.5)
    assert c.delay == 0.5 and c.take_learning_rate() is None
    c.set_learning_rate(0.01)
    assert c.take_learning_rate() == 0.01 and c.take_learning_rate() is None
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="finite number greater than 0"):
            c.set_learning_rate(bad)
        if bad != 0:
            with pytest.raises(ValueError, match="0 or more"):
                c.set_delay(bad)
    c.set_delay(0)
    assert c.delay == 0.0
    with pytest.raises(ValueError, match="n >= 1"):
        c.request_steps(0)


def _returns_soon(fn, *args) -> bool:
    """Whether fn(*args) on its own thread returns within 5 s (a hang stays a daemon)."""
    t = threading.Thread(target=fn, args=args, daemon=True)
    t.start()
    t.join(patience(5))
    return not t.is_alive()


def test_a_fresh_control_runs_at_full_speed_with_nothing_asked():
    c = RunControl()
    assert c.paused is False and c.stopped is False
    assert c.delay == 0.0 and c.pending_steps == 0
    assert c.has_request() is False and c.may_step(epochs_done=False) is True
    assert c.take_settings() == {} and c.take_learning_rate() is None
    assert RunControl(paused=True).pause_reason() == "paused"  # what a first Paused reports


def test_commands_report_plain_booleans():
    c = RunControl()
    c.request_epoch()
    assert c.paused is False
    c.pause()
    assert c.paused is True and c.has_request() is False
    assert c.may_step(epochs_done=False) is False
    c.request_steps()  # one step by default
    assert c.paused is False and c.pending_steps == 1 and c.has_request() is True
    assert c.may_step(epochs_done=True) is True  # one step left, even after the last epoch
    c.request_epoch()
    c.resume()
    assert c.paused is False and c.has_request() is False
    c.request_epoch()
    c.pause_for("diverged")
    assert c.has_request() is False


def test_an_epoch_request_is_used_up_at_the_epoch_end():
    c = RunControl(paused=True)
    c.request_epoch()
    c.batch_done(epoch_ended=True)
    assert c.paused is True and c.has_request() is False
    c.request_steps(1)  # a later step pauses after its one batch, as any step does
    c.batch_done(epoch_ended=False)
    assert c.paused is True and c.pause_reason() == "steps"


def test_a_step_pressed_while_running_pauses_after_one_batch():
    c = RunControl()
    for _ in range(3):  # running freely: nothing is counted down
        c.batch_done(epoch_ended=False)
    assert c.pending_steps == 0 and not c.paused
    c.request_steps(1)
    c.batch_done(epoch_ended=False)
    assert c.paused and c.pause_reason() == "steps"


def test_the_newest_value_of_each_setting_is_taken_once():
    c = RunControl()
    c.set_settings({"batch_size": 20, "dropout": 0.2})
    c.set_settings({"batch_size": 30})
    assert c.take_settings() == {"batch_size": 30, "dropout": 0.2}
    assert c.take_settings() == {}


def test_refusals_say_what_is_wrong():
    c = RunControl()
    cases = [
        (lambda: c.set_learning_rate(0), "learning rate must be a finite number greater than 0"),
        (lambda: c.set_delay(-1), "delay must be a finite number of seconds, 0 or more"),
        (lambda: c.request_steps(0), "request_steps needs n >= 1"),
    ]
    for call, message in cases:
        with pytest.raises(ValueError) as info:
            call()
        assert str(info.value) == message


def test_waiting_while_paused_returns_when_there_is_nothing_to_wait_for():
    assert _returns_soon(RunControl().wait_while_paused)  # not paused
    stopped = RunControl(paused=True)
    stopped.stop()
    assert _returns_soon(stopped.wait_while_paused)  # paused, but stopped
    paused = RunControl(paused=True)
    assert _returns_soon(paused.wait_while_paused, 0.01)  # the timeout ends the wait
    paused.resume()


def test_slow_motion_waits_for_the_delay_and_returns_early_on_pause():
    c = RunControl(delay=0.2)
    start = time.monotonic()
    assert _returns_soon(c.sleep, 0.2)
    assert time.monotonic() - start >= 0.2  # the delay is waited, not skipped
    assert _returns_soon(RunControl(delay=0.01).sleep, 0.01)
    long = RunControl(delay=3600.0)
    long.pause()
    assert _returns_soon(long.sleep, 3600.0)
