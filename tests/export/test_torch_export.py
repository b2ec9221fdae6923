"""export-torch: the PyTorch script reproduces the engine's predictions, trains, stays inert
whatever names reach it, and is lint clean."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from export_support import VARIANTS, require
from test_codegen import FILE_NAMES, HOSTILE

from playground.cli import main
from playground.data.preprocessing import flatten_scale
from playground.export.codegen import visible
from playground.export.network import describe
from playground.export.torch_script import torch_script, write_torch_script


def _run(script, tmp_path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _score(stdout: str) -> tuple[float, float]:
    loss = re.search(r"^Total loss on Testing Set: (\S+)$", stdout, re.M)
    acc = re.search(r"^Accuracy of Testing Set: (\S+)$", stdout, re.M)
    assert loss and acc, stdout[-2000:]
    return float(loss.group(1)), float(acc.group(1))


@pytest.mark.slow
# The script carries no weight penalty, so its loss differs from ours (which includes it, as
# Keras's does) for the regularized variant; its predictions are compared in the ONNX tests.
@pytest.mark.parametrize("key", [k for k in VARIANTS if k != "dropout_l2_leaky_cosine"])
def test_script_reproduces_our_predictions_and_score(
    key, saved_models, mnist_small, mnist_npz, tmp_path, capsys
):
    require("torch")
    saved = saved_models[key]
    out = tmp_path / f"{key}.py"
    assert main(["export-torch", str(saved.path), str(out), "--batch-size", "50"]) == 0
    assert f"Wrote the PyTorch script {out}" in capsys.readouterr().out
    stdout = _run(
        out, tmp_path, "--data", str(mnist_npz), "--weights", "--epochs", "0",
        "--predictions", str(tmp_path / "p.npy"),
    )  # fmt: skip
    x = flatten_scale(mnist_small[2])
    ours = saved.model.predict(x)
    theirs = np.load(tmp_path / "p.npy")
    assert theirs.shape == ours.shape
    assert np.abs(theirs - ours).max() <= 1e-5
    y = mnist_small[3]
    targets = y.astype(np.int64) if saved.model.loss.startswith("sparse") else np.eye(10)[y]
    our_loss, our_acc = saved.model.evaluate(x, targets, batch_size=1000)
    loss, acc = _score(stdout)
    assert loss == pytest.approx(our_loss, abs=1e-4)
    assert acc == pytest.approx(our_acc, abs=1e-6)


@pytest.mark.slow
def test_script_trains_with_the_same_settings(saved_models, mnist_npz, tmp_path):
    require("torch")
    saved = saved_models["relu_adam"]
    out = write_torch_script(saved.path, tmp_path / "net.py", batch_size=25, epochs=2).script
    text = out.read_text()
    assert "BATCH_SIZE = 25" in text and "EPOCHS = 2" in text
    assert "torch.optim.Adam(" in text and "lr=0.002" in text and "betas=(0.9, 0.999)" in text
    stdout = _run(out, tmp_path, "--data", str(mnist_npz))
    losses = [float(v) for v in re.findall(r"^Epoch \d/2: loss (\S+)$", stdout, re.M)]
    assert len(losses) == 2 and losses[1] < losses[0]  # 500 digits, twice: it learns
    _, acc = _score(stdout)
    assert acc > 0.5


def test_optimizers_and_losses_map_to_torch(saved_models):
    texts = {key: torch_script(describe(saved_models[key].model)) for key in VARIANTS}
    sgd = texts["maxout_elu_sgd"]
    assert "torch.optim.SGD(" in sgd and "momentum=0.9" in sgd and "nesterov=True" in sgd
    assert "class Maxout(nn.Module)" in sgd and "Maxout(784, 24, 3)" in sgd
    assert "nn.ELU(alpha=0.5)" in sgd and "((probabilities - targets) ** 2).mean()" in sgd
    nadam = texts["sigmoid_tanh_nadam"]
    assert "torch.optim.NAdam(" in nadam and "momentum_decay=1.0" in nadam
    assert "nll_loss" in nadam and "nn.Sigmoid()" in nadam and "nn.Tanh()" in nadam


def test_script_is_lint_clean(saved_models, tmp_path):
    paths = [
        write_torch_script(saved_models[key].path, tmp_path / f"{key}.py").script
        for key in VARIANTS
    ]
    for args in (
        ["check", "--isolated", "--line-length", "100", "--select", "E,F,W,I,B,UP"],
        ["format", "--check", "--isolated", "--line-length", "100"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args, *map(str, paths)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr


def _only_definitions(text: str) -> None:
    tree = ast.parse(text)
    assert isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant)
    for node in tree.body[1:]:
        kinds = (ast.Import, ast.ImportFrom, ast.Assign, ast.FunctionDef, ast.ClassDef, ast.If)
        assert isinstance(node, kinds), ast.dump(node)[:80]


@pytest.mark.parametrize("name", FILE_NAMES)
def test_hostile_model_and_script_names_stay_inert(name, saved_models, tmp_path):
    model = saved_models["maxout_elu_sgd"]
    source = tmp_path / f"{name}.npz"
    shutil.copyfile(model.path, source)
    out = tmp_path / f"{name}.py"
    written = write_torch_script(source, out)
    text = out.read_text()
    _only_definitions(text)
    doc = ast.get_docstring(ast.parse(text), clean=False)
    assert f"from {visible(name)}.npz" in " ".join(doc.split())
    # The weights file's name is a literal that evaluates back to the real name.
    (assign,) = [
        node
        for node in ast.parse(text).body
        if isinstance(node, ast.Assign) and node.targets[0].id == "WEIGHTS_FILE"
    ]
    assert ast.literal_eval(assign.value.args[1]) == written.weights.name


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_source_strings_parse(name, saved_models):
    _only_definitions(torch_script(describe(saved_models["relu_adam"].model), source=name))


def test_usage_mistakes_are_one_line(saved_models, tmp_path, capsys):
    path = str(saved_models["relu_adam"].path)
    assert main(["export-torch", path, str(tmp_path / "net.txt")]) == 2
    assert main(["export-torch", str(tmp_path / "missing.npz"), str(tmp_path / "n.py")]) == 2
    assert main(["export-torch", path, str(tmp_path / "no" / "n.py")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(
        line.startswith("nn-playground export-torch: error:") for line in err
    )
    assert not list(tmp_path.iterdir())
