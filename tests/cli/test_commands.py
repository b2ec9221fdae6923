"""train, evaluate and predict through ``python -m playground``: output and exit status."""

from __future__ import annotations

import csv
import re

import numpy as np
import pytest
from PIL import Image

from playground.data.idx import write_idx
from playground.data.mnist import FILES

SCORE = re.compile(r"^Total loss on Testing Set: (\S+)\nAccuracy of Testing Set: (\S+)$", re.M)


def _score(stdout: str) -> tuple[float, float]:
    match = SCORE.search(stdout)
    assert match, stdout
    return float(match.group(1)), float(match.group(2))


def _probabilities(stdout: str) -> dict[str, float]:
    lines = stdout.split("Probabilities:\n", 1)[1].splitlines()
    return {k.strip(): float(v.split()[0]) for k, v in (line.split(":") for line in lines)}


def test_version_and_help(run_cli):
    result = run_cli("--version")
    assert result.status == 0 and re.fullmatch(r"nn-playground \d+\.\d+\.\d+\n", result.stdout)
    result = run_cli("--help")
    assert result.status == 0
    for command in ("train", "evaluate", "predict", "bench", "screenshot", "export-onnx"):
        assert command in result.stdout
    result = run_cli("train", "--help")
    assert result.status == 0 and "--learning-rate" in result.stdout
    assert "default: 10" in result.stdout


def test_train_prints_progress_and_score(trained):
    model, result = trained
    loss, accuracy = _score(result.stdout)
    assert 0 < loss < 1.5 and 0.75 < accuracy <= 1.0
    assert result.stdout.startswith("Training 784-64-10 (relu, softmax output")
    assert "1000 MNIST examples" in result.stdout
    for epoch in (1, 2, 3):
        assert f"Epoch {epoch}/3" in result.stderr
    assert "samples/s" in result.stderr
    assert "loss=" in result.stderr and "accuracy=" in result.stderr
    assert f"Saved the model to {model}" in result.stdout
    assert model.is_file()
    with open(model.parent / "history.csv") as f:
        rows = list(csv.DictReader(f))
    assert [r["epoch"] for r in rows] == ["1", "2", "3"]
    assert float(rows[-1]["loss"]) < float(rows[0]["loss"])
    assert all(float(r["seconds"]) > 0 for r in rows)


def test_evaluate_repeats_the_score(run_cli, trained):
    model, train_result = trained
    result = run_cli("evaluate", model)
    assert result.status == 0, result.stderr
    assert result.stdout.splitlines() == train_result.stdout.splitlines()[-3:-1]


def test_predict_test_digit(run_cli, trained):
    model, _ = trained
    result = run_cli("predict", model, "--index", "0")
    assert result.status == 0, result.stderr
    assert "Test example 0: true digit 7" in result.stdout
    predicted = re.search(r"^Predicted digit: (\d)$", result.stdout, re.M)
    assert predicted
    probs = _probabilities(result.stdout)
    assert list(probs) == [str(d) for d in range(10)]
    assert abs(sum(probs.values()) - 1) < 2e-3
    assert max(probs, key=probs.get) == predicted.group(1)


def test_predict_image_matches_the_same_test_digit(run_cli, trained, tmp_path):
    from playground.data.mnist import load_data

    model, _ = trained
    _, (x_test, _) = load_data()
    # Test digit 0 scanned the way a student would draw it: dark ink on white, off-centre.
    paper = np.full((200, 160), 255, np.uint8)
    paper[30:58, 100:128] = 255 - x_test[0]
    Image.fromarray(paper).resize((320, 400), Image.Resampling.BICUBIC).save(tmp_path / "7.png")
    by_image = run_cli("predict", model, "--image", tmp_path / "7.png", "--show")
    by_index = run_cli("predict", model, "--index", "0")
    assert by_image.status == 0, by_image.stderr
    assert by_image.stdout.count("\n") > 28  # the --show drawing
    a, b = _probabilities(by_image.stdout), _probabilities(by_index.stdout)
    assert max(a, key=a.get) == max(b, key=b.get)


def test_predict_blank_and_broken_images(run_cli, trained, tmp_path):
    model, _ = trained
    Image.new("L", (50, 50), 255).save(tmp_path / "blank.png")
    result = run_cli("predict", model, "--image", tmp_path / "blank.png")
    assert result.status == 2 and "blank" in result.stderr
    (tmp_path / "x.png").write_text("not a png")
    result = run_cli("predict", model, "--image", tmp_path / "x.png")
    assert result.status == 2 and len(result.error_lines) == 1 and "x.png" in result.stderr
    result = run_cli("predict", model, "--index", "10000")
    assert result.status == 2 and "numbered 0 to 9999" in result.stderr


def test_diverging_training_exits_3_and_saves_nothing(run_cli, tmp_path):
    model = tmp_path / "exploded.npz"
    result = run_cli(
        "train", "--optimizer", "sgd", "--learning-rate", "1000", "--train-size", "500",
        "--epochs", "3", "--save", model,
    )  # fmt: skip
    assert result.status == 3, result.stderr
    assert "Traceback" not in result.stderr
    last = result.error_lines[-1]
    assert last.startswith("nn-playground train: error: training diverged")
    assert "learning rate 1000" in last and "No model was saved" in last
    assert "Total loss on Testing Set" not in result.stdout
    assert not model.exists()


@pytest.fixture
def fashion_folder(tmp_path):
    """A tiny Fashion-MNIST look-alike: two classes told apart by brightness."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "fashion-mnist"
    folder.mkdir()
    for split, n in (("train", 200), ("test", 40)):
        y = (np.arange(n) % 10).astype(np.uint8)
        x = rng.integers(0, 40, (n, 28, 28), dtype=np.uint8)
        x[y % 2 == 1, 8:20, 8:20] = 250
        write_idx(folder / f"{FILES['x_' + split]}.gz", x)
        write_idx(folder / f"{FILES['y_' + split]}.gz", y)
    return folder


def test_other_data_set_with_class_names(run_cli, fashion_folder, tmp_path):
    model = tmp_path / "fashion.npz"
    result = run_cli(
        "train", "--dataset", fashion_folder, "--hidden", "16,16", "--activation", "tanh",
        "--optimizer", "rmsprop", "--batch-size", "20", "--epochs", "2",
        "--validation-split", "0.1", "--save", model,
    )  # fmt: skip
    assert result.status == 0, result.stderr
    assert "180 Fashion-MNIST examples, 20 held out for validation" in result.stdout
    assert "val_accuracy=" in result.stderr
    _score(result.stdout)
    result = run_cli("predict", model, "--dataset", fashion_folder, "--index", "9")
    assert result.status == 0, result.stderr
    assert "true class Ankle boot" in result.stdout
    assert re.search(r"^Predicted class: \S", result.stdout, re.M)
    assert "Sandal" in _probabilities(result.stdout)
    result = run_cli("evaluate", model, "--dataset", fashion_folder, "--batch-size", "7")
    assert result.status == 0 and _score(result.stdout)


def test_model_and_data_set_must_fit(run_cli, trained, tmp_path):
    model, _ = trained
    folder = tmp_path / "twelve-classes"
    folder.mkdir()
    for split in ("train", "test"):
        write_idx(folder / FILES[f"x_{split}"], np.zeros((12, 28, 28), np.uint8))
        write_idx(folder / FILES[f"y_{split}"], np.arange(12, dtype=np.uint8))
    result = run_cli("evaluate", model, "--dataset", folder)
    assert result.status == 2 and len(result.error_lines) == 1
    assert "10 outputs" in result.stderr and "12 classes" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--activation", "elu", "--elu-alpha", "0.5", "--loss", "mse", "--optimizer", "adagrad"],
        ["--activation", "maxout", "--maxout-pieces", "3", "--optimizer", "nadam"],
        ["--activation", "sigmoid", "--optimizer", "adadelta", "--learning-rate", "1.0"],
        ["--hidden", "none", "--optimizer", "adamax", "--test-every-epoch"],
        ["--loss", "sparse_categorical_crossentropy", "--initializer", "he_normal"],
    ],
)
def test_option_combinations_train(run_cli, args):
    result = run_cli("train", "--train-size", "200", "--epochs", "1", "--hidden", "32", *args)
    assert result.status == 0, result.stderr
    assert _score(result.stdout)


def test_subset_falls_back_when_a_class_is_too_small(run_cli, tmp_path):
    folder = tmp_path / "uneven"
    folder.mkdir()
    y = np.array([0, 0] + [1 + i % 9 for i in range(180)], np.uint8)
    write_idx(folder / FILES["x_train"], np.zeros((len(y), 28, 28), np.uint8))
    write_idx(folder / FILES["y_train"], y)
    write_idx(folder / FILES["x_test"], np.zeros((10, 28, 28), np.uint8))
    write_idx(folder / FILES["y_test"], np.arange(10, dtype=np.uint8))
    result = run_cli("train", "--dataset", folder, "--train-size", "100", "--hidden", "8",
                     "--epochs", "1", "--batch-size", "50")  # fmt: skip
    assert result.status == 0, result.stderr
    assert "note: class 0 has only 2 examples" in result.stderr
    assert "on 100 uneven examples" in result.stdout
