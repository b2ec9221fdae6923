"""Explain this: a click in What's This mode explains the control under it, from its value now."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWhatsThis, QWidget

from playground.gui import explain
from playground.gui.explain_rules import RULES
from playground.gui.explain_views import VIEW_RULES
from playground.gui.panels.training_panel import TrainingPanel


def _click_help(widget: QWidget) -> None:
    """What Qt sends the widget under the mouse when it is clicked in What's This mode."""
    event = QHelpEvent(QEvent.Type.WhatsThis, QPoint(2, 2), widget.mapToGlobal(QPoint(2, 2)))
    QApplication.sendEvent(widget, event)


def test_the_text_follows_the_value_now(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    dropout = panel.regularization.dropout
    assert "off" in explain.explanation(dropout)
    dropout.setValue(0.5)
    assert "Dropout 0.5" in explain.explanation(dropout)
    assert "= 2.00" in explain.explanation(dropout)
    dropout.setValue(0.2)
    assert "= 1.25" in explain.explanation(dropout)
    # The learning rate is judged against the optimizer chosen beside it.
    panel.learning_rate.setValue(0.5)
    assert "large" in explain.explanation(panel.learning_rate)
    panel.learning_rate.setValue(0.001)
    assert "usual" in explain.explanation(panel.learning_rate)
    # A part of a control (the slider inside the learning-rate control) explains the whole.
    inner = panel.learning_rate.findChildren(QWidget)[0]
    assert explain.explanation(inner) == explain.explanation(panel.learning_rate)


def test_a_click_in_the_mode_explains_and_ends_it(qtbot) -> None:
    window = QMainWindow()
    panel = TrainingPanel()
    window.setCentralWidget(panel)
    qtbot.addWidget(window)
    explainer = explain.Explainer(window)
    window.show()
    qtbot.waitExposed(window)
    explainer.action.trigger()
    assert QWhatsThis.inWhatsThisMode() and explainer.action.isChecked()
    panel.regularization.l2.setValue(0.001)
    with qtbot.waitSignal(explainer.explained, timeout=5_000) as blocker:
        _click_help(panel.regularization.l2.lineEdit())  # Qt passes it up to the spin box
    assert "λ = 0.001" in blocker.args[0]
    QWhatsThis.hideText()
    QWhatsThis.leaveWhatsThisMode()
    assert not explainer.action.isChecked()
    # Outside the mode nothing answers a stray help event.
    shown: list[str] = []
    explainer.explained.connect(shown.append)
    _click_help(panel.regularization.l2.lineEdit())
    assert shown == []


def test_every_rule_has_its_control_in_the_window(make_window) -> None:
    window = make_window(host_extras=True)
    window.ensure_extras()
    assert window.explainer.action.shortcut().toString() == "Shift+F1"
    for name, rule in RULES.items():
        found = window.findChildren(QWidget, name) or window.findChildren(QWidget, f"{name}0")
        assert found, name
        text = explain.explanation(found[0])
        assert text and text == rule(found[0]), name
    classes = {type(w).__name__: w for w in window.findChildren(QWidget)}
    for name in VIEW_RULES:
        assert name in classes, name
        assert explain.explanation(classes[name]), name


def test_the_plot_views_say_what_they_show_now(make_window, qtbot) -> None:
    """Loss, Weights and Predictions read their newest snapshot: the numbers now on screen."""
    window = make_window()
    assert "Press Start" in explain.explanation(window.loss_view)
    window.show_view("loss")
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=60_000)
    window.views.refresh(force=True)
    snap = window.session.snapshot()
    loss = explain.explanation(window.loss_view)
    assert f"after {snap.updates:,} updates" in loss
    assert f"mini-batch loss {snap.batch_loss.y[-1]:.3g}" in loss
    assert f"Test accuracy {snap.test_accuracy.y[-1]:.1%}" in loss
    window.show_view("predictions")
    qtbot.waitUntil(lambda: window.predictions_view._snapshot is not None)
    shown = window.predictions_view._snapshot.confusion
    right = int(shown.trace())
    assert f"Now {right:,} of {int(shown.sum()):,} test digits are right" in explain.explanation(
        window.predictions_view
    )
    window.show_view("weights")
    qtbot.waitUntil(lambda: window.weights_view._last_snapshot is not None)
    edges = window.weights_view._last_snapshot.weight_histograms[0].edges
    assert f"between {edges[0]:.2g} and {edges[-1]:.2g}" in explain.explanation(window.weights_view)
