"""Settings changed in the panels while training: the run takes them at its next mini-batch,
every plot against updates marks them, and an L2 penalty gets a curve of its own."""

from __future__ import annotations

import pytest

from playground.training.events import SettingChanged

TIMEOUT = 60_000


@pytest.mark.parametrize("trainer", ["process", "thread"])
def test_changes_while_training_are_taken_and_marked(make_window, qtbot, trainer):
    window = make_window(trainer=trainer)
    seen: list[SettingChanged] = []
    window.runner.eventReceived.connect(
        lambda e: seen.append(e) if isinstance(e, SettingChanged) else None
    )
    window.show_view("loss")
    window.slow_motion.setValue(20)  # a few updates a second: the changes land mid-run
    window.start()
    qtbot.waitUntil(lambda: window.session.updates >= 3, timeout=TIMEOUT)
    panel = window.training_panel
    assert panel.batch_size.isEnabled() and panel.regularization.l2.isEnabled()
    panel.batch_size.setValue(20)
    panel.regularization.l2.setValue(0.01)
    qtbot.waitUntil(lambda: {e.name for e in seen} >= {"batch_size", "l2"}, timeout=TIMEOUT)
    changes = {e.name: e for e in seen}
    assert (changes["batch_size"].old, changes["batch_size"].new) == (50, 20)
    assert (changes["l2"].old, changes["l2"].new) == (0.0, 0.01)
    # The window's copy of the session follows what the run applied.
    qtbot.waitUntil(
        lambda: window.session.config.batch_size == 20 and window.session.config.l2 == 0.01,
        timeout=TIMEOUT,
    )
    loss_view = window.loss_view
    qtbot.waitUntil(lambda: "batch 50→20" in " ".join(loss_view.mark_labels()), timeout=TIMEOUT)
    assert "L2 0→0.01" in " ".join(loss_view.mark_labels())
    # The penalty is drawn beside the data loss once it is above 0.
    qtbot.waitUntil(lambda: _points(loss_view.penalty) > 0, timeout=TIMEOUT)
    assert max(loss_view.penalty.getData()[1]) > 0
    window.show_view("weights")
    weights_view = window.weights_view
    qtbot.waitUntil(lambda: len(weights_view.marks.lines) >= 1, timeout=TIMEOUT)
    window.stop()
    assert panel.epochs.isEnabled()


def _points(curve) -> int:
    y = curve.getData()[1]
    return 0 if y is None else len(y)


def test_mark_labels_and_their_places_on_each_axis(qapp):
    from playground.gui.views.change_marks import mark_positions, mark_text
    from playground.training.history import MetricHistory

    assert mark_text(SettingChanged(3, "learning_rate", 0.1, 0.01)) == "lr 0.1→0.01"
    assert mark_text(SettingChanged(3, "optimizer", "sgd", "adam")) == "optimizer sgd→adam"
    assert mark_text(SettingChanged(3, "batch_size", 100, 10)) == "batch 100→10"
    loss = SettingChanged(3, "loss", "categorical_crossentropy", "mean_squared_error")
    assert mark_text(loss) == "loss CE→MSE"
    params = SettingChanged(3, "optimizer_params", {"nesterov": True}, {"momentum": 0.9})
    assert mark_text(params) == "nesterov True→default, momentum default→0.9"
    # 10 updates an epoch, 0.5 s each: update 20 is epoch 2 and second 10.
    clock = MetricHistory()
    for u in range(1, 41):
        clock.append(1.0, u, u / 10, u * 0.5)
    changes = [
        SettingChanged(20, "learning_rate", 0.1, 0.01),
        SettingChanged(20, "dropout", 0.0, 0.5),
        SettingChanged(30, "l2", 0.0, 0.001),
    ]
    series = clock.series()
    assert mark_positions(changes, "updates", series) == [
        (20.0, "lr 0.1→0.01; dropout 0→0.5"),
        (30.0, "L2 0→0.001"),
    ]
    assert [x for x, _ in mark_positions(changes, "epochs", series)] == [2.0, 3.0]
    assert [x for x, _ in mark_positions(changes, "seconds", series)] == [10.0, 15.0]
