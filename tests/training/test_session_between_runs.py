"""What a session keeps from one run to the next: after Stop it evaluates in full, a second
run throttles its snapshots like the first, a position without an epoch order or confusion
matrix restores, and a run reports its progress several times a second by default."""

from __future__ import annotations

import dataclasses
import time

from playground.training import RunControl, TrainingSession
from playground.training.events import Progress
from tests.patience import patience


def _run_and_stop(session, start_run, after_updates: int) -> None:
    run = start_run(session, RunControl())
    target = session.updates + after_updates
    run.log.wait_for(lambda ev: session.updates >= target)
    run.finish()


def test_after_a_stopped_run_the_confusion_matrix_covers_the_whole_test_set(
    synthetic, small_config, start_run
):
    s = TrainingSession(small_config.replace(epochs=1000), synthetic)
    _run_and_stop(s, start_run, after_updates=3)
    # Stop was pressed during that run; an evaluation after it must not take it as its own.
    s.request_confusion()
    confusion = s.snapshot().confusion
    assert confusion is not None and confusion.sum() == s.n_test


def test_a_second_run_recomputes_details_only_on_demand_like_the_first(
    synthetic, small_config, start_run
):
    s = TrainingSession(small_config.replace(epochs=1000, batch_size=10), synthetic)
    s.set_detail_demand(weights=False, predictions=False)
    _run_and_stop(s, start_run, after_updates=5)
    idle = s.snapshot()  # idle: fresh details
    assert idle.details_updates == idle.display_updates == s.updates
    run = start_run(s, RunControl())
    # Every snapshot the views would take while the second run trains, as fast as they can.
    details, display, deadline = set(), set(), time.monotonic() + patience(20)
    snap = s.snapshot()
    while snap.updates <= idle.updates + 20 and time.monotonic() < deadline:
        details.add(snap.details_updates)
        display.add(snap.display_updates)
        snap = s.snapshot()
    assert snap.updates > idle.updates + 20
    # Nobody shows histograms or display digits: they stay as the idle snapshot left them.
    assert details == display == {idle.updates}
    run.finish()


def test_a_position_without_an_epoch_order_or_confusion_matrix_restores(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    start = dataclasses.replace(s.position(), order=None, confusion=None)
    for _ in range(s.updates_per_epoch + 2):  # into the second epoch, with a confusion matrix
        s.step()
    assert s.position().order is not None and s.position().confusion is not None
    s.restore_position(start)
    restored = s.position()
    assert restored.order is None and restored.confusion is None
    assert s.updates == 0 and s.epoch == 0
    s.step()  # the next update draws a new order
    assert s.position().order is not None and s.updates == 1


def test_a_run_reports_progress_about_twenty_times_a_second_by_default(
    synthetic, small_config, start_run
):
    s = TrainingSession(small_config.replace(epochs=1000), synthetic)
    run = start_run(s, RunControl(delay=0.02))  # 15 updates take at least 0.28 s
    run.log.wait_for(lambda ev: s.updates >= 15)
    run.finish()
    reported = [e for e in run.log.of(Progress) if e.updates <= 15]
    assert len(reported) >= 4
