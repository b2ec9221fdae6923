"""The regularization demo measures what it says: a memorising run's gap, and a penalty
narrowing it; its losses are the data's cross-entropy alone."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import regularization_demo as demo
from playground.training.preparation import PreparedData


def _random_labels(n_train: int = 60, n_test: int = 300, width: int = 16) -> PreparedData:
    """Noise with labels drawn at random: all a network can do is learn them by heart."""
    rng = np.random.default_rng(1)
    return PreparedData(
        x_train=rng.random((n_train, width), dtype=np.float32),
        y_train_labels=rng.integers(0, 3, n_train),
        x_val=None,
        y_val_labels=None,
        x_test=rng.random((n_test, width), dtype=np.float32),
        y_test_labels=rng.integers(0, 3, n_test),
        image_shape=(width,),
        n_classes=3,
        sparse=False,
    )


SMALL = replace(demo.BASE, hidden=(200,), optimizer="adam", optimizer_params={},
                learning_rate=0.01, batch_size=20, epochs=60, train_size=None)  # fmt: skip


def test_memorising_opens_a_gap_and_a_penalty_narrows_it() -> None:
    data = _random_labels()
    plain = demo.measure("plain", SMALL, data)
    assert plain.train_accuracy == 1.0  # every random label learnt
    assert plain.test_accuracy < 0.5  # and nothing that carries over (chance is 1/3)
    assert plain.test_loss > plain.best_test_loss  # the test loss climbed after its lowest point
    penalised = demo.measure("L2", replace(SMALL, l2=0.05), data)
    assert penalised.gap < plain.gap - 0.2
    assert penalised.test_loss < plain.test_loss


def test_losses_are_the_cross_entropy_of_the_data_alone() -> None:
    model = Sequential([Dense(3, activation="softmax", input_dim=2)], seed=0)
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)
    labels = np.array([0, 2, 1])
    p = model.predict(x)
    loss, accuracy = demo.data_loss_and_accuracy(model, x, labels)
    assert loss == pytest.approx(-np.mean(np.log(p[[0, 1, 2], labels])), rel=1e-6)
    assert accuracy == np.mean(p.argmax(axis=1) == labels)


def test_the_table_lists_every_setting_with_its_gap() -> None:
    rows = [demo.GapResult("plain", 1.0, 0.9, 0.001, 0.5, 0.3, 10),
            demo.GapResult("dropout 0.5", 0.99, 0.93, 0.02, 0.3, 0.28, 40)]  # fmt: skip
    text = demo.table(rows).splitlines()
    assert len(text) == 3
    assert "plain" in text[1] and "10.0%" in text[1] and "0.300 (ep. 10)" in text[1]
    assert "dropout 0.5" in text[2] and "6.0%" in text[2]


def test_the_command_prints_the_table() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "playground", "regularization-demo", "--train-size", "100",
         "--epochs", "2", "--only", "plain", "--only", "L2 0.005"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("100 MNIST training digits, 10000 test digits; 784-500-500-10")
    assert lines[2].startswith("plain") and lines[3].startswith("L2 0.005")
    bad = subprocess.run(
        [sys.executable, "-m", "playground", "regularization-demo", "--train-size", "70000"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "--train-size 70000" in bad.stderr


def test_preset_08_runs_what_the_demo_measures() -> None:
    from playground.training.presets import load_presets

    preset = next(p for p in load_presets() if p.key == "08-overfitting-dropout")
    for config, changes in zip(preset.variant_configs(), demo.VARIANTS.values(), strict=False):
        assert config == replace(demo.BASE, dataset=config.dataset, **changes)
    assert "regularization-demo" in preset.watch["en"]
