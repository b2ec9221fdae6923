"""The mutation groups cover the three Qt-free packages once each, with tests that exist."""

from __future__ import annotations

import fnmatch
import importlib.util
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


def test_a_pyproject_without_the_table_gets_it_appended():
    text = '[project]\nname = "x"\n'
    table = run.mutmut_table(GROUPS[0])
    assert tomllib.loads(run.with_mutmut_table(text, table))["tool"]["mutmut"]["only_mutate"] == (
        GROUPS[0].mutate
    )


def test_the_report_counts_time_outs_as_killed_and_scores_over_every_mutant():
    outcomes = [
        run.Outcome("a", {"killed": 8, "timeout": 1, "survived": 1}, ["x"], 60, True),
        run.Outcome("b", {"killed": 5, "no_tests": 5}, [], 120, False),
    ]
    table = run.report(outcomes, 180)
    rows = {line.split()[0]: line.split() for line in table.splitlines()[1:]}
    assert rows["a"][1:6] == ["10", "9", "1", "0", "90.0"]
    assert rows["b"][1:6] == ["10", "5", "0", "5", "50.0"]
    assert rows["all"][1:6] == ["20", "14", "1", "5", "70.0"]
    assert "stopped before the end" in table.splitlines()[2]
    assert rows["all"][7] == "3.0"
