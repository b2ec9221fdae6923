"""``nn-playground race``: one line per variant with its loss and accuracy, a CSV on request."""

from __future__ import annotations

import csv
import re


def test_race_of_two_optimizers_prints_two_lines(run_cli, tmp_path):
    table = tmp_path / "race.csv"
    result = run_cli(
        "race", "--vary", "optimizer=sgd,adam", "--epochs", "1", "--train-size", "5000",
        "--csv", table,
    )  # fmt: skip
    assert result.status == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    pattern = r"(\w+) +test loss (\d+\.\d+) \(categorical_crossentropy\) +accuracy (\d\.\d+) +50 up"
    found = [re.match(pattern, line) for line in lines]
    assert all(found), lines
    names = [m.group(1) for m in found]
    loss = {m.group(1): float(m.group(2)) for m in found}
    accuracy = {m.group(1): float(m.group(3)) for m in found}
    assert names == ["sgd", "adam"]
    # One epoch of plain SGD at its default rate lags far behind Adam's.
    assert accuracy["adam"] > accuracy["sgd"] and loss["adam"] < loss["sgd"]
    assert "same initial weights" in result.stderr
    assert "epoch 1/1: mini-batch loss sgd " in result.stderr
    rows = list(csv.DictReader(table.open()))
    assert [r["variant"] for r in rows] == names
    assert [float(r["test_accuracy"]) for r in rows] == [accuracy[n] for n in names]


def test_race_mistakes_are_one_line(run_cli):
    bad = run_cli("race", "--vary", "activation=relu", "--train-size", "100")
    assert bad.status == 2 and "2 to 4" in bad.stderr and len(bad.error_lines) == 1
    missing = run_cli("race", "--epochs", "1")
    assert missing.status == 2 and "--vary" in missing.stderr
    saving = run_cli("race", "--vary", "activation=relu,tanh", "--save", "x.npz")
    assert saving.status != 0 and "saves no model" in saving.stderr
    testing = run_cli("race", "--vary", "activation=relu,tanh", "--test-every-epoch")
    assert testing.status != 0 and "once, at the end" in testing.stderr
    assert "Traceback" not in bad.stderr + missing.stderr + saving.stderr + testing.stderr
