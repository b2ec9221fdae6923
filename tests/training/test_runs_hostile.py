"""Saved run lists that are damaged, huge or special: what can be used is kept, the rest noted."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.training import TrainingConfig
from playground.training.history import Series
from playground.training.runs import MAX_FILE_BYTES, RunLibrary, RunRecord, load_library


def _good_run(name: str) -> dict:
    points = np.arange(3, dtype=np.float64)
    series = Series(points, points, points, points / 10, points / 10, points / 10)
    return RunRecord(
        name, TrainingConfig(hidden=(8,)), {"train_loss": series}, {"updates": 3.0}
    ).to_dict()


def _library_file(tmp_path: Path, runs: list, **extra) -> Path:
    path = tmp_path / "runs.json"
    path.write_text(json.dumps({"format": 1, "runs": runs, **extra}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        ({"name": 5, "config": {}}, ["no name"]),
        ({"name": "x", "config": {"epochs": 10**12}}, ["epochs"]),
        ({"name": "x", "config": {"seed": 2**40}}, ["seed"]),
        ({"name": "x", "config": {"hidden": "wide"}}, ["hidden"]),
        ({"name": "x", "config": {"learning_rate": 10**400}}, ["learning_rate"]),
        ({"name": "x", "config": [1, 2]}, ["settings"]),
        ("just text", ["JSON object"]),
        (None, ["JSON object"]),
    ],
)
def test_a_damaged_run_is_left_out_alone(tmp_path: Path, bad, words):
    path = _library_file(tmp_path, [_good_run("A"), bad, _good_run("B")])
    library, notes = load_library(path)
    assert library.names() == ["A", "B"]
    assert any(all(w in n for w in words) for n in notes), notes
    assert (tmp_path / "runs.json.damaged").read_bytes() == path.read_bytes()


def test_damaged_curves_and_figures_are_dropped_and_the_run_kept(tmp_path: Path):
    run = _good_run("A")
    run["series"]["train_loss"]["y"] = ["high", 1, 2]
    run["series"]["test_loss"] = {"y": [1.0, 2.0], "updates": [1, 2]}  # lengths differ
    run["series"]["made_up"] = {"y": []}
    run["final"] = {"updates": "many", "test_loss": 10**400, "seconds": 2.5}
    run["name"] = "n" * 10_000
    library, notes = load_library(_library_file(tmp_path, [run]))
    (record,) = library
    assert record.series == {} and record.final == {"test_loss": None, "seconds": 2.5}
    assert len(record.name) == 200
    assert len(notes) == 5, notes  # three curves, one figure, and where the copy is


@pytest.mark.parametrize(
    "text",
    [
        "{broken",
        "[" * 100_000 + "]" * 100_000,
        '{"format": "one", "runs": []}',
        '{"format": 1, "runs": ' + "9" * 5000 + "}",
        '{"format": 99, "runs": []}',
    ],
)
def test_an_unreadable_list_gives_an_empty_library_and_a_note(tmp_path: Path, text: str):
    path = tmp_path / "runs.json"
    path.write_text(text, encoding="utf-8")
    library, notes = load_library(path)
    assert len(library) == 0 and notes
    assert (tmp_path / "runs.json.damaged").read_text(encoding="utf-8") == text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
@pytest.mark.timeout(30)
def test_special_and_huge_files_are_not_read(tmp_path: Path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    for path, words in ((fifo, "FIFO"), (zero, "character device"), (big, "more than")):
        library, notes = load_library(path)
        assert len(library) == 0 and words in notes[0], notes
    assert not (tmp_path / "fifo.json.damaged").exists()
    library, notes = load_library(tmp_path / "missing.json")
    assert len(library) == 0 and notes == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "big.json",
        "big.json.damaged",
        "fifo.json",
        "zero.json",
    ]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_JSON, max_size=4))
def test_fuzzed_runs_never_raise_and_what_loads_is_sane(runs):
    notes: list[str] = []
    library = RunLibrary.from_dict({"format": 1, "runs": [_good_run("ok"), *runs]}, notes)
    assert "ok" in library
    for run in library:
        assert isinstance(run.name, str) and run.name
        assert run.config.validate() == [] or all(
            p.field == "dataset" for p in run.config.validate()
        )
        run.describe()
        library.summary_csv()
        library.to_csv()
        RunLibrary.from_json(library.to_json())


def test_a_list_that_is_not_utf8_is_noted_as_such_and_kept_aside(tmp_path: Path, caplog):
    path = tmp_path / "runs.json"
    path.write_bytes(b'\xff\xfe{"format": 1, "runs": []}')
    with caplog.at_level(logging.WARNING, logger="playground.training.runs"):
        library, notes = load_library(path)
    backup = tmp_path / "runs.json.damaged"
    assert len(library) == 0
    assert notes == ["not UTF-8 text", f"the file as it was is kept in {backup}"]
    assert [r.getMessage() for r in caplog.records] == [f"{path}: {note}" for note in notes]


def test_a_damaged_list_that_cannot_be_copied_aside_says_so(tmp_path: Path):
    path = tmp_path / "runs.json"
    path.write_text("{broken", encoding="utf-8")
    (tmp_path / "runs.json.damaged").mkdir()  # the copy's name is taken by a folder
    _, notes = load_library(path)
    assert len(notes) == 2
    # the system's reason in brackets ("Is a directory" on Linux)
    assert re.fullmatch(r"no copy of the damaged file could be kept \([^()]+\)", notes[1])


def test_each_damage_is_noted_exactly_and_what_is_usable_kept(tmp_path: Path):
    long_key = "k" * 50
    kept = {
        "name": "kept",
        "config": {**TrainingConfig().to_dict(), "dataset": "a data set no longer here"},
        "series": {long_key: {}, "test_loss": "junk", "nonsense": {}},
        "final": {"x" * 50: 0.5, "bad": "junk"},
        "created": 5,
    }
    listed = {"name": "listed", "config": TrainingConfig().to_dict(), "series": [1, 2]}
    data = {"format": 1, "runs": ["not a run", {"name": "bad", "config": 5}, kept, listed]}
    notes: list[str] = []
    library = RunLibrary.from_dict(data, notes)
    assert library.names() == ["kept", "listed"]
    record = library["kept"]
    assert record.series == {} and record.final == {"x" * 40: 0.5} and record.created == ""
    assert notes[:2] == [
        "run 1 left out: a saved run must be a JSON object",
        "run 2 left out: run 'bad': its settings are damaged "
        "(A training configuration must be a JSON object.)",
    ]
    assert notes[2] == f"run 'kept': unknown curve {long_key[:40]!r} dropped"
    assert notes[3].startswith("run 'kept': curve 'test_loss' dropped (")
    assert notes[4:] == [
        "run 'kept': unknown curve 'nonsense' dropped",
        "run 'kept': figure 'bad' dropped",
    ]


def test_unreadable_lists_say_why(tmp_path: Path):
    cases = {
        '{"format": "one", "runs": []}': "the run list's format 'one' is not a number",
        "[" * 100_000 + "]" * 100_000: "not a saved run list: nested too deeply",
    }
    for text, note in cases.items():
        path = tmp_path / "runs.json"
        path.write_text(text, encoding="utf-8")
        assert load_library(path)[1][0] == note
