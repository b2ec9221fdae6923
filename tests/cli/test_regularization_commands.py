"""train --dropout/--l2/--schedule/--augment, and the robustness table."""

from __future__ import annotations

import pytest

from playground.engine import load_model
from playground.engine.optimizers.schedules import CosineDecay


@pytest.fixture(scope="module")
def regularized(run_cli, tmp_path_factory):
    path = tmp_path_factory.mktemp("regularized") / "model.npz"
    result = run_cli(
        "train", "--hidden", "32", "--train-size", "300", "--epochs", "2", "--batch-size", "50",
        "--dropout", "0.25", "--l2", "0.001", "--schedule", "cosine",
        "--augment", "rotation=15,shift=2,noise=0.1", "--save", path,
    )  # fmt: skip
    assert result.status == 0, result.stderr
    return path, result


def test_train_builds_what_the_options_say(regularized) -> None:
    path, result = regularized
    assert "dropout 0.25, L2 0.001, rotation 15, shift 2, noise 0.1" in result.stdout
    assert "(cosine schedule)" in result.stdout
    model = load_model(path)
    kinds = [type(layer).__name__ for layer in model.stack]
    assert kinds == [
        "RandomRotation", "RandomTranslation", "GaussianNoise", "Dense", "Dropout", "Dense",
    ]  # fmt: skip
    rotation, shift, noise = model.stack[:3]
    assert rotation.factor == pytest.approx((-15 / 360, 15 / 360))
    assert shift.height_factor == pytest.approx((-2 / 28, 2 / 28))
    assert noise.stddev == 0.1 and model.stack[4].rate == 0.25
    assert all(layer.kernel_regularizer.l2 == 0.001 for layer in model.layers)
    schedule = model.optimizer.schedule
    # 300 digits in batches of 50 for 2 epochs: the cosine reaches 0 after 12 updates.
    assert isinstance(schedule, CosineDecay) and schedule.decay_steps == 12
    assert model.optimizer.iterations == 12


def test_robustness_prints_every_damage(run_cli, regularized) -> None:
    path, _ = regularized
    result = run_cli("robustness", path, "--test-size", "200", "--threshold", "0.5")
    assert result.status == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "200 MNIST test digits, threshold 0.5"
    assert lines[1].split() == ["damage", "level", "accuracy", "answered", "right", "when", "sure"]
    kinds = [line.split()[0] for line in lines[2:]]
    assert kinds == ["none"] + ["noise"] * 4 + ["rotation"] * 4 + ["shift"] * 4 + ["erase"] * 4
    assert "rotation    45 degrees" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--augment", "spin=3"], "expected NAME=VALUE pairs"),
        (["--augment", "noise=-1"], "noise must be between 0 and 1"),
        (["--dropout", "1"], "must be at least 0 and below 1"),
        (["--l2", "nan"], "must be a finite number, 0 or more"),
        (["--schedule", "linear"], "invalid choice"),
    ],
)
def test_bad_settings_get_one_line(run_cli, args, message) -> None:
    result = run_cli("train", *args)
    assert result.status == 2 and len(result.error_lines) == 1
    assert message in result.stderr


def test_robustness_of_a_missing_model(run_cli, tmp_path) -> None:
    result = run_cli("robustness", tmp_path / "nothing.npz")
    assert result.status != 0 and result.error_lines == [
        "nn-playground robustness: error: Cannot load model file "
        f"'{tmp_path / 'nothing.npz'}': the file does not exist"
    ]
