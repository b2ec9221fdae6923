"""The formula/code buttons show the engine's own textbook for the current choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from playground.engine import textbook
from playground.gui.concepts.activation_functions import ActivationFunctionsView
from playground.gui.concepts.neuron import NeuronView
from playground.gui.panels.model_panel import ModelPanel, _select
from playground.gui.panels.training_panel import TrainingPanel


def _button_beside(combo) -> QToolButton:
    return combo.parentWidget().findChild(QToolButton, "textbookButton")


def _open(qtbot, combo, name):
    _select(combo, name)
    button = _button_beside(combo)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.dialog is not None and button.dialog.isVisible())
    dialog = button.dialog
    qtbot.addWidget(dialog)
    return dialog


def test_the_activation_button_shows_the_chosen_activations_formula_and_code(qtbot):
    panel = ModelPanel()
    qtbot.addWidget(panel)
    dialog = _open(qtbot, panel.activation, "tanh")
    assert "tanh(z)" in dialog.formula.text()
    assert "np.tanh" in dialog.source.toPlainText()
    assert dialog.source.toPlainText() == textbook.activation("tanh").source
    dialog.close()
    dialog = _open(qtbot, panel.activation, "relu")
    assert "np.maximum" in dialog.source.toPlainText()


def test_the_optimizer_and_loss_buttons_show_their_textbook(qtbot):
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    dialog = _open(qtbot, panel.optimizer, "sgd")
    source = dialog.source.toPlainText()
    assert source == textbook.optimizer("sgd").source
    assert "def update_step" in source and "m = momentum * m" in dialog.formula.text()
    dialog.close()
    dialog = _open(qtbot, panel.loss, "mean_squared_error")
    assert "def output_gradient" in dialog.source.toPlainText()


def _formula_button(view) -> QToolButton:
    return view.formula.parentWidget().findChild(QToolButton, "textbookButton")


def _open_beside_formula(qtbot, view):
    button = _formula_button(view)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.dialog is not None and button.dialog.isVisible())
    qtbot.addWidget(button.dialog)
    return button.dialog


def test_the_activation_functions_view_shows_the_chosen_functions_textbook(qtbot):
    view = ActivationFunctionsView()
    qtbot.addWidget(view)
    view.set_function("elu")
    dialog = _open_beside_formula(qtbot, view)
    assert dialog.source.toPlainText() == textbook.activation("elu").source
    assert "np.expm1" in dialog.source.toPlainText()
    dialog.close()
    view.set_function("sigmoid")
    dialog = _open_beside_formula(qtbot, view)
    assert dialog.source.toPlainText() == textbook.activation("sigmoid").source


def test_the_neuron_view_shows_the_textbook_of_its_activation(qtbot):
    view = NeuronView()
    qtbot.addWidget(view)
    view.activation_box.setCurrentText("tanh")
    dialog = _open_beside_formula(qtbot, view)
    assert "tanh(z)" in dialog.formula.text()
    assert dialog.source.toPlainText() == textbook.activation("tanh").source
