"""RunLibrary: add, rename, remove, JSON round trip and CSV export."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from playground.training import MetricHistory, PointHistory, TrainingConfig
from playground.training.runs import RunLibrary, RunRecord


def make_run(name: str, lr: float) -> RunRecord:
    loss = MetricHistory(capacity=8)
    for i in range(1, 21):
        loss.append(2.0 / i, i, i / 10, i * 0.01)
    acc = PointHistory()
    acc.append(0.5, 10, 1.0, 0.1)
    acc.append(math.nan, 20, 2.0, 0.2)  # a missing figure survives as an empty cell / null
    final = {"test_accuracy": 0.5, "updates": 20.0, "val_loss": None}
    cfg = TrainingConfig(learning_rate=lr, batch_size=10, hidden=(20,))
    return RunRecord(name, cfg, {"batch_loss": loss.series(), "test_accuracy": acc.series()}, final)


def test_add_rename_remove():
    lib = RunLibrary()
    a = lib.add(make_run("", 0.1))
    b = lib.add(make_run("", 0.01))
    c = lib.add(make_run("Run 1", 0.001))
    assert [a.name, b.name, c.name] == ["Run 1", "Run 2", "Run 1 (2)"]
    assert a.label == "Run 1"
    lib.rename("Run 2", "Adam")
    assert lib.names() == ["Run 1", "Adam", "Run 1 (2)"]
    with pytest.raises(ValueError):
        lib.rename("Adam", "Run 1")
    with pytest.raises(ValueError):
        lib.rename("Adam", "  ")
    lib.remove("Run 1")
    assert lib.names() == ["Adam", "Run 1 (2)"]
    with pytest.raises(KeyError):
        lib.remove("nope")
    assert lib[0].name == "Adam" and "Adam" in lib and len(lib) == 2


def test_json_round_trip():
    lib = RunLibrary([make_run("sgd", 0.1), make_run("adam", 0.001)])
    text = lib.to_json()
    json.loads(text)  # strict JSON: no NaN tokens
    again = RunLibrary.from_json(text)
    assert again.names() == ["sgd", "adam"]
    for before, after in zip(lib, again, strict=True):
        assert after.config == before.config
        assert after.final == before.final
        assert after.created == before.created
        for key, s in before.series.items():
            t = after.series[key]
            for field in ("updates", "epochs", "seconds", "y", "low", "high"):
                np.testing.assert_array_equal(getattr(t, field), getattr(s, field))
    with pytest.raises(ValueError):
        RunLibrary.from_json('{"runs": 3}')
    with pytest.raises(ValueError):
        RunLibrary.from_json("not json")


def test_csv_export(tmp_path):
    lib = RunLibrary([make_run("sgd", 0.1), make_run("adam", 0.001)])
    rows = list(csv.DictReader(io.StringIO(lib.to_csv())))
    assert {r["run"] for r in rows} == {"sgd", "adam"}
    sgd_loss = [r for r in rows if r["run"] == "sgd" and r["series"] == "batch_loss"]
    assert len(sgd_loss) == len(lib["sgd"].series["batch_loss"])
    assert float(sgd_loss[0]["value"]) == pytest.approx(lib["sgd"].series["batch_loss"].y[0])
    assert any(r["value"] == "" for r in rows if r["series"] == "test_accuracy")
    lib.write_csv(tmp_path / "runs.csv", names=["adam"])
    written = (tmp_path / "runs.csv").read_text()
    assert "adam" in written and "sgd" not in written
    summary = list(csv.DictReader(io.StringIO((tmp_path / "runs-summary.csv").read_text())))
    assert summary[0]["run"] == "adam"
    assert summary[0]["learning_rate"] == "0.001"
    assert summary[0]["hidden"] == "20"
    assert summary[0]["test_accuracy"] == "0.5"
