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
