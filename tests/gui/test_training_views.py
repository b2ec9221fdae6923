"""The window trains on its thread and the views follow: loss, pause, step, predictions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

TIMEOUT = 60_000


def test_start_makes_the_loss_curve_grow(window, qtbot):
    assert window.loss_view.points_drawn() == 0
    window.actions_by_name["actionStart"].trigger()
    assert window.state == "running"
    qtbot.waitUntil(lambda: window.loss_view.points_drawn() >= 3, timeout=TIMEOUT)
    first = window.loss_view.points_drawn()
    qtbot.waitUntil(lambda: window.loss_view.points_drawn() > first, timeout=TIMEOUT)
    assert window.runner.is_running()
    x, y = window.loss_view.batch_loss.getData()
    assert np.all(np.diff(x) > 0) and np.isfinite(y).all()
    assert window.stop()
    assert not window.runner.is_running()


def test_space_starts_and_pauses(window, qtbot):
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.updates > 0, timeout=TIMEOUT
    )
    assert window.state == "running"
    with qtbot.waitSignal(window.trainingStateChanged, timeout=TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.state == "paused"
    window.stop()


def test_pause_stops_updates(thread_window, qtbot):
    window = thread_window  # it watches the training thread wait
    window.start()
    qtbot.waitUntil(lambda: window.session.updates >= 3, timeout=TIMEOUT)
    window.actions_by_name["actionPause"].trigger()
    # The worker confirms with a Paused event once it waits; from then on nothing changes.
    qtbot.waitUntil(
        lambda: window.session.running and window.controller.control.paused, timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: _worker_waiting(window), timeout=TIMEOUT)
    frozen = window.session.updates
    drawn = window.loss_view.points_drawn()
    for _ in range(5):  # five more frames of the redraw timer
        with qtbot.waitSignal(window.frames.timer.timeout, timeout=TIMEOUT):
            pass
    assert window.session.updates == frozen
    assert window.loss_view.points_drawn() == drawn
    assert window.action_start.isEnabled() and not window.action_pause.isEnabled()
    window.start()  # continues
    qtbot.waitUntil(lambda: window.session.updates > frozen, timeout=TIMEOUT)
    window.stop()


def _worker_waiting(window) -> bool:
    """Paused, and the views show the last update (their final redraw after the pause)."""
    snap = window.session.snapshot()
    updates = window.session.updates
    return (
        window.state == "paused" and snap.updates == updates and window.views.last_drawn == updates
    )


def test_step_runs_exactly_one_minibatch(window, qtbot):
    step = window.actions_by_name["actionStep"]
    step.trigger()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: window.loss_view.points_drawn() == 1, timeout=TIMEOUT)
    assert window.session.samples_seen == 50
    step.trigger()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 2, timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: window.loss_view.points_drawn() == 2, timeout=TIMEOUT)
    for _ in range(3):
        with qtbot.waitSignal(window.frames.timer.timeout, timeout=TIMEOUT):
            pass
    assert window.session.updates == 2
    assert window.session.samples_seen == 100
    window.stop()


def test_plus_one_epoch_then_pause(window, qtbot):
    window.actions_by_name["actionEpoch"].trigger()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    assert window.session.updates == 1000 // 50
    window.stop()


def test_panel_settings_change_what_is_trained(window, qtbot):
    panel = window.model_panel
    panel.activation.setCurrentIndex(panel.activation.findData("tanh"))
    tp = window.training_panel
    tp.optimizer.setCurrentIndex(tp.optimizer.findData("sgd"))
    assert math.isclose(tp.learning_rate.value(), 0.01)  # SGD's Keras default
    assert "momentum" in tp._param_widgets
    tp._param_widgets["momentum"].setValue(0.5)
    tp.batch_size.spin.setValue(20)
    assert "50 updates per epoch" in tp.updates_label.text()
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    model = window.session.model
    assert model.layers[0].activation == "tanh"
    assert type(model.optimizer).__name__ == "SGD"
    assert math.isclose(float(model.optimizer.momentum), 0.5)
    assert window.session.config.batch_size == 20
    assert window.session.samples_seen == 20
    assert window.session.snapshot().updates_per_epoch == 50
    window.stop()
    # After Stop the panels are editable again, and the next Start trains the new settings.
    assert panel.isEnabled()
    panel.set_hidden((16, 8))
    panel.activation.setCurrentIndex(panel.activation.findData("elu"))
    panel.elu_alpha.setValue(0.5)
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    layers = window.session.model.layers
    assert [lay.units for lay in layers] == [16, 8, 10]
    assert layers[0].activation == "elu" and math.isclose(layers[0].alpha, 0.5)
    window.stop()


def test_model_locked_while_training_and_training_settings_live(window, qtbot):
    window.start()
    qtbot.waitUntil(lambda: window.session.updates > 0, timeout=TIMEOUT)
    assert not window.model_panel.isEnabled()
    assert not window.training_panel.epochs.isEnabled()
    assert window.training_panel.learning_rate.isEnabled()
    window.training_panel.learning_rate.edit.setText("0.0005")
    window.training_panel.learning_rate.edit.editingFinished.emit()
    qtbot.waitUntil(lambda: window.session.learning_rate == 0.0005, timeout=TIMEOUT)
    window.slow_motion.setValue(40)
    qtbot.waitUntil(lambda: window.controller.control.delay == 0.04, timeout=TIMEOUT)
    window.stop()
    assert window.model_panel.isEnabled()


def test_predictions_grid_and_confusion_matrix_fill(window, qtbot):
    window.show_view("predictions")
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    view = window.predictions_view
    qtbot.waitUntil(lambda: view.matrix.matrix.sum() > 0, timeout=TIMEOUT)
    assert view.grid.cell_count() == 48
    assert view.matrix.matrix.sum() == window.session.n_test == 10_000
    assert np.trace(view.matrix.matrix) > 5000  # one epoch on 1000 digits already helps
    # Click a digit: its ten probabilities appear and sum to 1.
    qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton, pos=view.grid.rect().topLeft() + _one())
    assert view.shown_probabilities.shape == (10,)
    assert abs(float(view.shown_probabilities.sum()) - 1) < 1e-3
    # ... and its loss Cⁿ = −ln p(true digit), with what it adds to the test set's L.
    snap = window.session.snapshot()
    first = 0  # the top-left cell: the first digit shown, with no filter on
    p_true = float(snap.display.probabilities[first][snap.display.true[first]])
    assert view.example_loss.value == pytest.approx(-math.log(p_true), rel=1e-5)
    shown = view.example_loss.text()
    assert "−ln" in shown and f"{window.session.n_test:,}" in shown
    view.mistakes_only.setChecked(True)
    d = window.session.snapshot().display
    assert view.grid.cell_count() == min(48, int((~d.correct).sum()))
    window.stop()


def _one():
    from PySide6.QtCore import QPoint

    return QPoint(10, 10)


def test_weights_view_draws_histograms_images_and_gradient_norms(window, qtbot):
    window.show_view("weights")
    window.model_panel.set_hidden((64, 32))
    window.step()
    qtbot.waitUntil(lambda: window.weights_view.drawn_updates == 1, timeout=TIMEOUT)
    view = window.weights_view
    assert len(view.hist_plots) == 3
    assert view.image.image is not None and view.image.image.shape[0] > 28
    assert view.image.levels is not None
    x, y = view.grad_curves[0].getData()
    assert len(x) == 1 and y[0] > 0
    window.stop()


def test_x_axis_in_epochs_and_seconds(window, qtbot):
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    view = window.loss_view
    view.axis.setCurrentIndex(view.axis.findData("epochs"))
    x, _ = view.batch_loss.getData()
    assert 0 < x[-1] <= 1.0
    x, y = view.total_loss.getData()
    assert len(x) >= 1 and y[-1] > 0
    view.axis.setCurrentIndex(view.axis.findData("seconds"))
    x, _ = view.batch_loss.getData()
    assert x[-1] > 0
    window.stop()


def test_hosted_view_gets_session_and_snapshots(window, qtbot):
    from PySide6.QtWidgets import QLabel

    from playground.gui.view_host import Feeds

    class Probe(QLabel):
        def __init__(self):
            super().__init__("probe")
            self.sessions, self.snapshots, self.training = [], [], []

        def set_session(self, session):
            self.sessions.append(session)

        def update_snapshot(self, snapshot):
            self.snapshots.append(snapshot.updates)

        def set_training(self, running):
            self.training.append(running)

    probe = Probe()
    feeds = Feeds(Probe.set_session, Probe.set_training, Probe.update_snapshot)
    window.add_view(probe, "Probe", key="probe", feeds=feeds)
    window.show_view("probe")
    window.step()
    qtbot.waitUntil(lambda: bool(probe.snapshots) and probe.snapshots[-1] == 1, timeout=TIMEOUT)
    assert probe.sessions[-1] is window.session
    assert probe.training[0] is True
    window.stop()
    assert probe.training[-1] is False


def test_reset_gives_new_random_weights_that_start_then_trains(window, qtbot):
    window.step()
    qtbot.waitUntil(lambda: window.state == "paused", timeout=TIMEOUT)
    window.stop()
    first = window.session.model.get_weights()[0].copy()
    window.reset()
    assert window.session.updates == 0 and window.loss_view.points_drawn() == 0
    fresh = window.session.model.get_weights()[0].copy()
    assert not np.array_equal(first, fresh)
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    after = window.session.model.get_weights()[0]
    # Trained from the reset weights (one Adam step moves them only a little).
    assert np.abs(after - fresh).max() < 0.01
    window.stop()


def test_frame_pace_follows_the_windows_own_cpu_use(thread_window, qtbot, monkeypatch):
    """A frame period that cost the GUI thread 150 ms of CPU spaces the next frame 150 ms /
    DRAW_BUDGET later (at most MAX_FRAME_MS); a cheap one brings back the full rate; a new run
    starts at full rate."""
    window = thread_window  # the budget of a window that trains on its own thread
    from playground.gui import frame_pacing as mw

    clock = {"wall": 100.0, "cpu": 10.0}

    class FakeTime:
        @staticmethod
        def perf_counter():
            return clock["wall"]

        @staticmethod
        def thread_time():
            return clock["cpu"]

    window.start()
    qtbot.waitUntil(lambda: window.session.updates > 0, timeout=10_000)
    monkeypatch.setattr(mw, "time", FakeTime)
    window.frames.clock = None
    window.frames.frame()
    clock["wall"] += 0.2
    clock["cpu"] += 0.15
    window.frames.frame()
    assert window.frames.timer.interval() == mw.MAX_FRAME_MS
    clock["wall"] += 0.5
    clock["cpu"] += 0.02
    window.frames.frame()
    expected = round(1000 * 0.02 / mw.DRAW_BUDGET)
    assert mw.FRAME_MS < expected < mw.MAX_FRAME_MS
    assert window.frames.timer.interval() == expected
    clock["wall"] += 0.2
    clock["cpu"] += 0.001
    window.frames.frame()
    assert window.frames.timer.interval() == mw.FRAME_MS
    window.stop()
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=10_000)
    window.frames.timer.setInterval(mw.MAX_FRAME_MS)
    window.start()
    assert window.frames.timer.interval() == mw.FRAME_MS
    window.stop()
