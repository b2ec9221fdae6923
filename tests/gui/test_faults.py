"""Faults in front of a class: bad settings, bad files, exploding training, crashes, shutdown."""

from __future__ import annotations

import multiprocessing
import os
import threading

import numpy as np
import pytest

TIMEOUT = 60_000


def test_invalid_settings_disable_start_with_the_reason(window):
    start = window.actions_by_name["actionStart"]
    assert start.isEnabled()
    tp = window.training_panel
    tp.batch_size.spin.setValue(5000)  # more than the 1000 training digits
    assert not start.isEnabled()
    assert "1000 training examples" in start.toolTip()
    assert "1000" in tp.batch_size.spin.toolTip()  # the control itself says why
    assert not window.actions_by_name["actionStep"].isEnabled()
    tp.batch_size.spin.setValue(0)
    assert "at least 1" in start.toolTip()
    tp.batch_size.spin.setValue(50)
    assert start.isEnabled()

    tp.learning_rate.edit.setText("-1")
    tp.learning_rate.edit.editingFinished.emit()
    assert not start.isEnabled() and "learning rate" in start.toolTip().lower()
    tp.learning_rate.edit.setText("inf")
    tp.learning_rate.edit.editingFinished.emit()
    assert not start.isEnabled()
    tp.learning_rate.setValue(0.001)
    tp.learning_rate.edit.editingFinished.emit()
    assert start.isEnabled()

    window.model_panel._unit_spins[0].setValue(0)
    assert not start.isEnabled() and "at least 1 unit" in start.toolTip()
    window.model_panel._unit_spins[0].setValue(10)
    tp.epochs.setValue(0)
    assert not start.isEnabled() and "epoch" in start.toolTip()
    tp.epochs.setValue(3)
    assert start.isEnabled()
    # Start refuses quietly even when called directly.
    tp.epochs.setValue(0)
    window.start()
    assert window.session is None and not window.runner.is_running()


def test_a_folder_that_is_not_a_data_set_is_refused(window, dialogs_seen, tmp_path):
    (tmp_path / "notes.txt").write_text("not digits")
    dp = window.data_panel
    dp.source.setCurrentIndex(dp.source.findData("folder"))
    assert not window.action_start.isEnabled()
    dp.folder.setText(str(tmp_path))
    dp.folder.editingFinished.emit()
    assert dialogs_seen, "a dialog names the problem"
    assert str(tmp_path) in dialogs_seen[-1][1]
    assert not window.action_start.isEnabled()
    assert str(tmp_path) in window.action_start.toolTip()
    dp.source.setCurrentIndex(dp.source.findData("mnist"))
    assert window.action_start.isEnabled()


def test_a_corrupt_model_file_gives_a_dialog_and_the_app_keeps_running(
    window, dialogs_seen, tmp_path, qtbot
):
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK\x03\x04 this is not a model" * 10)
    assert window.files.open_model(bad) is False
    assert len(dialogs_seen) == 1
    title, text = dialogs_seen[0]
    assert "model" in title.lower() and str(bad) in text
    window.step()  # still usable
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.updates == 1, timeout=TIMEOUT
    )
    window.stop()


def test_save_then_open_to_continue_and_to_evaluate(window, dialogs_seen, tmp_path, qtbot):
    window.model_panel.set_hidden((24,))
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    path = tmp_path / "digits.npz"
    assert window.files.save_model(path)
    weights = [w.copy() for w in window.session.model.get_weights()]
    window.stop()
    window.model_panel.set_hidden((7, 7))
    assert window.files.open_model(path, "evaluate")
    assert window.model_panel.hidden() == (24,)
    assert all(
        np.array_equal(a, b)
        for a, b in zip(window.session.model.get_weights(), weights, strict=True)
    )
    qtbot.waitUntil(lambda: window.predictions_view.matrix.matrix.sum() == 10_000, timeout=TIMEOUT)
    assert window.files.open_model(path, "continue")
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    assert not np.array_equal(window.session.model.get_weights()[0], weights[0])
    window.stop()
    assert not dialogs_seen


def test_sgd_at_learning_rate_1000_diverges_with_a_message_and_stays_usable(make_window, qtbot):
    # The lecture's 784-500-500-10 ReLU network overflows within a few updates.
    window = make_window(hidden=(500, 500))
    tp = window.training_panel
    tp.optimizer.setCurrentIndex(tp.optimizer.findData("sgd"))
    tp.learning_rate.setValue(1000)
    tp.learning_rate.edit.editingFinished.emit()
    window.start()
    qtbot.waitUntil(lambda: window.state == "diverged", timeout=TIMEOUT)
    message = window.loss_view.message
    assert message.isVisible()
    assert "1000" in message.text() and "smaller" in message.text()
    assert all(np.isfinite(w).all() for w in window.session.model.get_weights())
    # Usable: the controls respond; Reset and a smaller learning rate train normally.
    assert window.action_reset.isEnabled() and window.action_stop.isEnabled()
    window.reset()
    assert not message.isVisible() and window.session.updates == 0
    tp.learning_rate.setValue(0.01)
    tp.learning_rate.edit.editingFinished.emit()
    window.start()
    qtbot.waitUntil(lambda: window.session.updates > 3, timeout=TIMEOUT)
    assert window.state == "running"
    window.stop()
    assert np.isfinite(window.session.snapshot().batch_loss.y).all()


def test_an_exception_in_the_training_thread_is_shown_and_logged(
    thread_window, dialogs_seen, qtbot, monkeypatch
):
    window = thread_window  # the fault is planted in this process's session
    from playground.gui import crash_log

    window.step()
    qtbot.waitUntil(lambda: window.state == "paused", timeout=TIMEOUT)
    window.stop()

    def broken_step():
        raise RuntimeError("the engine broke")

    monkeypatch.setattr(window.session, "_step", broken_step)
    window.start()
    qtbot.waitUntil(lambda: window.state == "error", timeout=TIMEOUT)
    assert dialogs_seen and "the engine broke" in dialogs_seen[-1][1]
    assert str(crash_log.log_path()) in dialogs_seen[-1][1]
    log = crash_log.log_path().read_text(encoding="utf-8")
    assert "RuntimeError: the engine broke" in log and "Traceback" in log
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=TIMEOUT)
    monkeypatch.undo()
    window.reset()
    window.step()  # the app goes on
    qtbot.waitUntil(lambda: window.session.updates == 1, timeout=TIMEOUT)
    window.stop()


def test_closing_mid_training_stops_the_thread(make_window, qtbot, qtlog):
    window = make_window(hidden=(256, 256), batch_size=100, trainer="thread")
    window.start()
    qtbot.waitUntil(lambda: window.session.updates > 2, timeout=TIMEOUT)
    thread = window.runner._thread
    assert thread is not None and thread.isRunning()
    window.close()  # returns once the training thread has ended
    assert not window.runner.is_running()
    assert not thread.isRunning()
    assert not [r for r in qtlog.records if "QThread" in r.message]


@pytest.mark.slow
def test_100_start_stop_cycles_leave_no_thread_and_little_memory(window, qtbot):
    from tests.gui.conftest import running_qthreads

    def rss_mb() -> float:
        with open(f"/proc/{os.getpid()}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    def cycle():
        window.start()
        u = window.session.updates
        qtbot.waitUntil(lambda: window.session.updates > u, timeout=TIMEOUT)
        assert window.stop()

    for _ in range(10):  # warm up caches and allocators
        cycle()
    before, threads = rss_mb(), threading.active_count()
    for _ in range(100):
        cycle()
    grown = rss_mb() - before
    assert not window.runner.is_running()
    assert running_qthreads() == []
    assert grown < 30, f"memory grew by {grown:.1f} MB over 100 start/stop cycles"
    # Closing the window ends the trainer (each finished session had its own) and its reader.
    window.close()
    assert multiprocessing.active_children() == []
    qtbot.waitUntil(lambda: threading.active_count() == threads - 1, timeout=TIMEOUT)
