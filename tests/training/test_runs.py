"""RunLibrary: add, rename, remove, JSON round trip and CSV export."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from playground.training import MetricHistory, PointHistory, TrainingConfig
from playground.training.history import Series
from playground.training.runs import RunLibrary, RunRecord, series_from_dict, series_to_dict


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


def _series(n: int, band: bool) -> Series:
    y = np.linspace(1.0, 2.0, n)
    return Series(
        np.arange(1.0, n + 1), np.arange(n) / 10, np.arange(n) * 0.5, y,
        y - 0.5 if band else y, y + 0.5 if band else y,
    )  # fmt: skip


def test_series_keep_their_band_only_when_they_have_one():
    points = series_to_dict(_series(3, band=False))
    assert set(points) == {"updates", "epochs", "seconds", "y"}
    bucket = series_to_dict(_series(3, band=True))
    assert bucket["low"] == [0.5, 1.0, 1.5] and bucket["high"] == [1.5, 2.0, 2.5]
    for data in (points, bucket):
        again = series_from_dict(json.loads(json.dumps(data)))
        original = _series(3, band="low" in data)
        for name in ("updates", "epochs", "seconds", "y", "low", "high"):
            np.testing.assert_array_equal(getattr(again, name), getattr(original, name))
    missing = _series(2, band=False)
    missing.y[1] = math.inf
    assert series_to_dict(missing)["y"] == [1.0, None]
    assert math.isnan(series_from_dict(series_to_dict(missing)).y[1])
    uneven = series_to_dict(_series(3, band=False))
    uneven["seconds"] = [0.0]
    with pytest.raises(ValueError, match=r"^a run's series has arrays of different lengths$"):
        series_from_dict(uneven)


def test_a_record_of_a_finished_session(synthetic, small_config):
    from playground.training import TrainingSession

    session = TrainingSession(small_config.replace(epochs=1), synthetic)
    for _ in range(session.config.updates_per_epoch(600)):
        session.step()
    run = RunRecord.from_session(session, "first try")
    assert run.name == "first try" and run.config == session.config
    assert run.final["updates"] == float(session.updates) == 12.0
    assert run.final["epochs"] == 1.0
    assert run.final["seconds"] == pytest.approx(session.elapsed) and run.final["seconds"] > 0
    assert run.final["samples_per_second"] == pytest.approx(session.samples_per_second)
    series = session.history_series()
    assert set(run.series) == set(series)
    for key in ("total_loss", "train_loss", "test_loss", "test_accuracy"):
        expected = series[key].last if len(series[key]) else None
        assert run.final[key] == (pytest.approx(expected) if expected is not None else None), key
    assert run.final["test_accuracy"] is not None and 0 <= run.final["test_accuracy"] <= 1
    assert run.final["val_loss"] is None  # no validation split: no figure
    assert run.created.endswith("+00:00")  # a UTC time stamp


def test_describe():
    cfg = TrainingConfig(hidden=(300, 100), activation="tanh", optimizer="sgd", learning_rate=0.05)
    assert RunRecord("a", cfg).describe() == (
        "300-100 tanh, categorical_crossentropy, sgd lr 0.05, batch 100"
    )
    assert RunRecord("b", cfg.replace(hidden=())).describe().startswith("no hidden layer tanh")


def test_damaged_saved_runs_are_refused_with_a_reason():
    good = make_run("ok", 0.1).to_dict()
    bare = RunRecord.from_dict({"name": "bare", "config": {}})
    assert (bare.series, bare.final, bare.created) == ({}, {}, "")
    without_name = {k: v for k, v in good.items() if k != "name"}
    for nameless in (without_name, {"name": 7, "config": {}}):
        with pytest.raises(ValueError, match=r"^a saved run has no name$"):
            RunRecord.from_dict(nameless)
    # A damaged curve or result is dropped on its own; the run and its settings stay.
    kept = RunRecord.from_dict({**good, "series": {"x": {"y": [1]}}, "final": 3})
    assert (kept.name, kept.series, kept.final) == ("ok", {}, {})
    assert kept.config == RunRecord.from_dict(good).config
    with pytest.raises(ValueError, match=r"its settings are damaged"):
        RunRecord.from_dict({**good, "config": None})
    with pytest.raises(ValueError, match=r"^not a saved run list$"):
        RunLibrary.from_dict([])
    with pytest.raises(ValueError, match=r"^the run list was saved by a newer version$"):
        RunLibrary.from_dict({"format": 2, "runs": []})
    assert len(RunLibrary.from_dict({"runs": [good]})) == 1  # format 1 when not said
    with pytest.raises(ValueError, match=r"^not a saved run list: "):
        RunLibrary.from_json("{")
    data = json.loads(RunLibrary([make_run("x", 0.1)]).to_json())
    assert data["format"] == 1 and data["runs"][0]["final"]["val_loss"] is None


def test_names_stay_unique_and_readable():
    lib = RunLibrary()
    assert lib.next_name() == "Run 1"
    lib.add(make_run("Run 2", 0.1))
    assert lib.next_name() == "Run 3"  # "Run 2" is taken, so the count goes past it
    assert lib.add(make_run("  ", 0.1)).name == "Run 3"
    for expected in ("sgd", "sgd (2)", "sgd (3)"):
        assert lib.add(make_run(" sgd ", 0.1)).name == expected
    assert "sgd (3)" in lib and "nope" not in lib and 3 not in lib
    assert lib["sgd (2)"] is lib[3] and lib[-1].name == "sgd (3)"
    with pytest.raises(KeyError):
        lib["nope"]
    assert lib.rename("sgd", "  sgd  ").name == "sgd"  # its own name again is fine
    assert lib.rename("sgd", " momentum ").name == "momentum"
    with pytest.raises(ValueError, match=r"^There is already a run named 'sgd \(2\)'\.$"):
        lib.rename("momentum", "sgd (2)")
    with pytest.raises(ValueError, match=r"^A run needs a name\.$"):
        lib.rename("momentum", "")
    with pytest.raises(KeyError):
        lib.rename("nope", "new")
    lib.clear()
    assert len(lib) == 0 and lib.next_name() == "Run 1"


def test_csv_cells_exactly():
    run = RunRecord("r", TrainingConfig(hidden=(5, 3), learning_rate=0.25, train_size=100))
    run.series = {"batch_loss": _series(2, band=True), "test_accuracy": _series(1, band=False)}
    run.series["test_accuracy"].y[0] = math.nan
    run.final = {"updates": 2.0, "test_accuracy": None, "batch_loss": 1.0 / 3.0}
    run.created = "2026-01-01T00:00:00+00:00"
    lib = RunLibrary([run, make_run("other", 0.1)])
    assert lib.to_csv(["r"]).splitlines() == [
        "run,series,update,epoch,seconds,value,low,high",
        "r,batch_loss,1,0,0,1,0.5,1.5",
        "r,batch_loss,2,0.1,0.5,2,1.5,2.5",
        "r,test_accuracy,1,0,0,,,",  # a missing figure: empty cells
    ]
    assert lib.summary_csv(["r"]).splitlines() == [
        "run,created,hidden,activation,loss,optimizer,learning_rate,batch_size,epochs,"
        "train_size,seed,batch_loss,test_accuracy,updates",
        "r,2026-01-01T00:00:00+00:00,5-3,relu,categorical_crossentropy,adam,0.25,100,20,100,0,"
        "0.33333333,,2",
    ]
    assert len(lib.to_csv().splitlines()) > len(lib.to_csv(["r"]).splitlines())


def test_csv_files_and_their_summary_beside_them(tmp_path):
    lib = RunLibrary([make_run("a", 0.1)])
    lib.write_csv(tmp_path / "curves")
    lib.write_csv(tmp_path / "curves.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "curves", "curves-summary.csv", "curves-summary.txt", "curves.txt",
    ]  # fmt: skip
    assert (tmp_path / "curves").read_text() == lib.to_csv()
    assert (tmp_path / "curves-summary.txt").read_text() == lib.summary_csv()
    assert b"\r" not in (tmp_path / "curves.txt").read_bytes()


def test_a_record_keeps_the_settings_changed_mid_run(synthetic, small_config):
    """A finished run keeps its mid-run changes through JSON; a damaged change is dropped alone."""
    from playground.training import TrainingSession

    session = TrainingSession(small_config.replace(epochs=1), synthetic)
    for _ in range(3):
        session.step()
    session.change_settings({"learning_rate": 0.02, "optimizer": "adam"})
    session.step()
    run = RunRecord.from_session(session, "changed")
    assert [(c["updates"], c["name"]) for c in run.changes] == [
        (3, "learning_rate"),
        (3, "optimizer"),
    ]
    assert run.changes[0]["new"] == 0.02 and run.changes[1]["new"] == "adam"
    assert run.changes[0]["old"] == small_config.learning_rate
    assert run.changes[1]["old"] == small_config.optimizer
    assert RunRecord.from_session(session).name == ""  # the library names it when added
    again = RunRecord.from_dict(json.loads(json.dumps(run.to_dict())))
    assert again.changes == run.changes

    data = run.to_dict()
    data["changes"] = [*data["changes"], {"updates": -1, "name": "lr"}, "junk"]
    notes: list[str] = []
    assert RunRecord.from_dict(data, notes).changes == run.changes
    assert len(notes) == 2 and all("damaged change" in n for n in notes)


def test_a_run_not_in_the_library_is_named_in_the_error():
    library = RunLibrary([make_run("first", 0.1)])
    assert library["first"].name == "first" and library[0].name == "first"
    with pytest.raises(KeyError) as info:
        library["second"]
    assert info.value.args == ("second",)
