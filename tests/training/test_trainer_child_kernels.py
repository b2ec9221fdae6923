"""The trainer process starts loading the compiled kernels of its model as it starts."""

from __future__ import annotations

from playground.engine import Dense, Sequential
from playground.engine.fast import warm_up
from playground.training import trainer_child


def test_the_trainer_loads_the_kernels_of_its_model(monkeypatch):
    asked = []
    monkeypatch.setattr(warm_up, "in_background", lambda opt, acts: asked.append((opt, acts)))
    model = Sequential([Dense(4, activation="tanh", input_dim=3), Dense(2, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
    trainer_child._load_compiled_kernels(model)
    assert asked == [(model.optimizer, ["tanh", "softmax"])]
