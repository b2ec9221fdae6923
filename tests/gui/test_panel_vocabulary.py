"""The settings panels list the engine's names."""

from __future__ import annotations

from playground.gui.panels.model_panel import ModelPanel
from playground.gui.panels.training_panel import TrainingPanel
from playground.training import vocabulary


def _keys(combo) -> tuple[str, ...]:
    return tuple(combo.itemData(i) for i in range(combo.count()))


def test_panels_offer_the_engines_names(qtbot):
    model, training = ModelPanel(), TrainingPanel()
    qtbot.addWidget(model)
    qtbot.addWidget(training)
    assert _keys(model.activation) == vocabulary.HIDDEN_ACTIVATIONS
    assert _keys(model.initializer) == vocabulary.INITIALIZERS
    assert _keys(training.optimizer) == vocabulary.OPTIMIZERS
    training.set_values({"loss": "mse"})
    assert training.loss.currentData() == "mean_squared_error"
