"""The mutation groups cover the three Qt-free packages once each, with tests that exist."""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("mutation_run", Path(__file__).with_name("run.py"))
run = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = run
spec.loader.exec_module(run)

tomllib = run.tomllib
GROUPS = run.load_groups()


def _mutated_by(group: run.Group, path: str) -> bool:
    wanted = any(fnmatch.fnmatch(path, p) for p in group.mutate)
    return wanted and not any(fnmatch.fnmatch(path, p) for p in group.exclude)


def test_every_module_of_the_three_packages_is_in_exactly_one_group():
    modules = [
        p.relative_to(ROOT).as_posix()
        for package in ("data", "engine", "training")
        for p in (ROOT / "playground" / package).rglob("*.py")
    ]
    assert len(modules) > 80
    for module in modules:
        owners = [g.name for g in GROUPS if _mutated_by(g, module)]
        assert len(owners) == 1, f"{module} is mutated by {owners}"


def test_no_group_mutates_the_window():
    for group in GROUPS:
        for pattern in group.mutate:
            assert pattern.startswith(
                ("playground/data/", "playground/engine/", "playground/training/")
            )


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g.name)
def test_every_selected_and_deselected_test_exists(group):
    for node in [*group.tests, *group.deselect]:
        assert (ROOT / node.split("::")[0]).exists(), node
    names = {g.name for g in GROUPS}
    assert len(names) == len(GROUPS)
    assert group.isolation in ("fork", "forkserver")


def test_a_groups_pyproject_keeps_every_other_table_and_sets_the_groups_own():
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    group = next(g for g in GROUPS if g.deselect)
    changed = tomllib.loads(run.with_mutmut_table(pyproject, run.mutmut_table(group)))
    original = tomllib.loads(pyproject)

    mutmut = changed["tool"].pop("mutmut")
    original["tool"].pop("mutmut")
    assert changed == original
    assert mutmut["only_mutate"] == group.mutate
    assert mutmut["do_not_mutate"] == group.exclude
    assert mutmut["pytest_add_cli_args_test_selection"] == group.tests
    cli = mutmut["pytest_add_cli_args"]
    assert [cli[i + 1] for i, a in enumerate(cli) if a == "--deselect"] == group.deselect
    assert mutmut["process_isolation"] == group.isolation
    assert mutmut["timeout_multiplier"] == 3.0  # mutmut's own 15 let a looping mutant run long


def test_a_pyproject_without_the_table_gets_it_appended():
    text = '[project]\nname = "x"\n'
    table = run.mutmut_table(GROUPS[0])
    assert tomllib.loads(run.with_mutmut_table(text, table))["tool"]["mutmut"]["only_mutate"] == (
        GROUPS[0].mutate
    )


def test_the_report_counts_time_outs_as_killed_and_leaves_equivalent_mutants_out_of_the_score():
    outcomes = [
        run.Outcome(
            "a",
            {"killed": 8, "timeout": 1, "survived": 1},
            {"p.m.x__mutmut_1": "survived"},
            60,
            True,
        ),
        run.Outcome(
            "b",
            {"killed": 5, "no_tests": 5},
            {f"p.n.y__mutmut_{i}": "no tests" for i in range(5)},
            120,
            False,
        ),
    ]
    reviewed = {
        "p.m.x__mutmut_1": "equivalent",
        "p.n.y__mutmut_0": "reviewed",
        "p.n.y__mutmut_1": "killed",
    }
    table = run.report(outcomes, reviewed, 180)
    rows = {line.split()[0]: line.split() for line in table.splitlines()[1:]}
    # mutants, killed, later, not killed, equivalent, unreviewed, score, %, raw, %
    assert rows["a"][1:11] == ["10", "9", "0", "1", "1", "0", "100.0", "%", "90.0", "%"]
    assert rows["b"][1:11] == ["10", "6", "1", "4", "0", "3", "60.0", "%", "50.0", "%"]
    assert rows["all"][1:11] == ["20", "15", "1", "5", "1", "3", "78.9", "%", "70.0", "%"]
    assert "stopped before the end" in table.splitlines()[2]
    assert rows["all"][11] == "3.0"


def test_reviews_are_read_with_their_kind_shorthands_and_ranges(tmp_path):
    text = """## Survivors

Equivalent:

- `data.cache.x__crc__mutmut_6`: `a > 0` → `a >= 0` — same
- `engine.m.xǁDenseǁcall__mutmut_3`, `_5`: two of a kind

Accepted (count against the score):

- `training.b.x_build__mutmut_2` to `_4`, `_14`: the size check

Killed by tests written after the run (each checked by hand):

- `training.b.x_build__mutmut_20`: `test_b.py::test_build`
"""
    path = tmp_path / "survivors.md"
    path.write_text(text, encoding="utf-8")
    assert run.reviews(path) == {
        "data.cache.x__crc__mutmut_6": "equivalent",
        "engine.m.xǁDenseǁcall__mutmut_3": "equivalent",
        "engine.m.xǁDenseǁcall__mutmut_5": "equivalent",
        "training.b.x_build__mutmut_2": "accepted",
        "training.b.x_build__mutmut_3": "accepted",
        "training.b.x_build__mutmut_4": "accepted",
        "training.b.x_build__mutmut_14": "accepted",
        "training.b.x_build__mutmut_20": "killed",
    }


def test_the_reviews_in_the_repository_name_their_equivalent_mutants():
    reviewed = run.reviews()
    assert list(reviewed.values()).count("equivalent") > 150
    assert reviewed["data.cache.x__crc__mutmut_6"] == "equivalent"


def test_reviews_that_name_a_function_and_numbers_match_the_mutants_of_that_module(tmp_path):
    text = """### `playground/engine/model.py`

Equivalent:

- `set_weights` 15, 18 and 19, `stack.x_free_name` 13: the same
  arrays either way

Accepted (count against the score):

- `_check_finite` 31: never reached
"""
    path = tmp_path / "survivors.md"
    path.write_text(text, encoding="utf-8")
    reviewed = run.reviews(path)
    assert reviewed.get("engine.model.xǁSequentialǁset_weights__mutmut_18") == "equivalent"
    assert reviewed.get("engine.model.xǁSequentialǁset_weights__mutmut_19") == "equivalent"
    assert reviewed.get("engine.stack.x_free_name__mutmut_13") == "equivalent"
    assert reviewed.get("engine.model.xǁSequentialǁ_check_finite__mutmut_31") == "accepted"
    assert reviewed.get("engine.model.xǁSequentialǁset_weights__mutmut_16") is None
    assert reviewed.get("engine.layers.xǁDenseǁset_weights__mutmut_15") is None


def test_a_bullet_under_a_module_heading_says_its_own_kind(tmp_path):
    text = """#### `playground/engine/saving.py`

- `engine.saving.x_save__mutmut_2`, `3`: a message → None — killed by `test_s.py::test_m`
- `engine.saving.x_load__mutmut_41`–`44`: the codec's name — equivalent: the same bytes, `5`
- `engine.saving.x_read__mutmut_7`: a limit off by one, `8` in the text is not a mutant
"""
    path = tmp_path / "survivors.md"
    path.write_text(text, encoding="utf-8")
    assert run.reviews(path) == {
        "engine.saving.x_save__mutmut_2": "killed",
        "engine.saving.x_save__mutmut_3": "killed",
        **{f"engine.saving.x_load__mutmut_{n}": "equivalent" for n in (41, 42, 43, 44)},
        "engine.saving.x_read__mutmut_7": "reviewed",
    }


def test_the_slowest_group_of_the_last_run_goes_first_and_an_unfinished_one_before_it(tmp_path):
    groups = [run.Group(name=name, mutate=[], tests=[]) for name in ("a", "b", "c", "d")]
    timings = {"a": (60, True), "b": (600, True), "c": (30, False)}
    for name, (seconds, finished) in timings.items():
        (tmp_path / f"{name}.json").write_text(
            f'{{"seconds": {seconds}, "finished": {str(finished).lower()}}}'
        )
    order = [g.name for g in run.longest_first(groups, tmp_path)]
    # "c" stopped early and "d" never ran: their times say nothing, so both lead.
    assert order[:2] in (["c", "d"], ["d", "c"])
    assert order[2:] == ["b", "a"]


def test_mutants_wait_a_quarter_as_long_for_another_thread():
    code = "from tests.patience import patience; print(patience(20))"
    env = {**os.environ, **run.ENVIRONMENT, "PYTHONPATH": str(run.ROOT)}
    scaled = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    env.pop("PLAYGROUND_TEST_PATIENCE")
    full = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert (float(scaled.stdout), float(full.stdout)) == (5.0, 20.0)


def test_each_mutant_loads_only_the_pytest_plugins_the_groups_use():
    # The tests mark time limits with pytest-timeout; no other installed plugin is loaded.
    assert run.ENVIRONMENT["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"
    cli = tomllib.loads(run.mutmut_table(run.load_groups()[0]))["tool"]["mutmut"][
        "pytest_add_cli_args"
    ]
    plugins = [cli[i + 1] for i, a in enumerate(cli) if a == "-p"]
    assert "pytest_timeout" in plugins and "no:unraisableexception" in plugins


def test_every_mutant_of_a_group_reuses_one_temporary_folder_inside_it(tmp_path):
    group = run.load_groups()[0]
    folder = run.prepare(group, tmp_path)
    cli = tomllib.loads((folder / "pyproject.toml").read_text())["tool"]["mutmut"][
        "pytest_add_cli_args"
    ]
    assert f"--basetemp={folder.resolve() / 'pytest-tmp'}" in cli
