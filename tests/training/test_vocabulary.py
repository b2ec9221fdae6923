"""Every layer offers the engine's own names."""

from __future__ import annotations

from playground.commands import options
from playground.engine import ACTIVATIONS, INITIALIZERS, LOSSES, optimizers
from playground.training import TrainingConfig, vocabulary


def test_the_vocabulary_is_the_engines():
    assert set(vocabulary.HIDDEN_ACTIVATIONS) == set(ACTIVATIONS) - {"softmax"}
    assert vocabulary.INITIALIZERS == INITIALIZERS
    assert vocabulary.LOSSES == LOSSES
    assert tuple(getattr(optimizers, "OPTIMIZERS", optimizers.NAMES)) == vocabulary.OPTIMIZERS
    assert vocabulary.canonical_loss("mse") == "mean_squared_error"
    assert "beta_1" in vocabulary.optimizer_hyperparameters("adam")


def test_the_command_line_offers_the_same_names():
    assert options.ACTIVATIONS == vocabulary.HIDDEN_ACTIVATIONS
    assert options.OPTIMIZERS == vocabulary.OPTIMIZERS
    assert options.INITIALIZERS == vocabulary.INITIALIZERS
    assert options.LOSSES == vocabulary.LOSSES


def test_settings_accept_every_engine_name_and_nothing_else():
    for name in vocabulary.OPTIMIZERS:
        assert not TrainingConfig(optimizer=name).validate(), name
    for name in vocabulary.INITIALIZERS:
        assert not TrainingConfig(initializer=name).validate(), name
    for name in vocabulary.LOSSES:
        assert not TrainingConfig(loss=name).validate(), name
    fields = {p.field for p in TrainingConfig(optimizer="lion", loss="hinge").validate()}
    assert fields == {"optimizer", "loss"}
