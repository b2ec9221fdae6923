"""Mutation testing of the Qt-free packages, every group of `groups.toml` in one command.

    python tests/mutation/run.py                 # every group, two at a time
    python tests/mutation/run.py --group data    # one group (repeat --group for more)
    python tests/mutation/run.py --list          # the groups and what they mutate

Each group runs in its own folder under `build/mutation/<group>/` (a copy of the sources and
tests with the group's `[tool.mutmut]` settings), so groups run side by side and each keeps
mutmut's results between runs: a second run only tries the mutants of functions that changed.
At the end the script prints, per group and in all, the mutants killed, survived and not
covered by the group's tests, and writes the same table and every survivor's name to
`build/mutation/report.md`. The score printed is raw (every survivor counts against it);
`survivors.md` reviews the survivors and marks the equivalent ones.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own TOML reader
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
GROUPS_FILE = Path(__file__).with_name("groups.toml")
# One BLAS thread: a forked mutant run with a multi-threaded BLAS pool in its parent can hang.
ENVIRONMENT = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "KERAS_BACKEND": "torch",
    "QT_QPA_PLATFORM": "offscreen",
}
# mutmut's statuses, in the order the report shows them.
COUNTED = ("killed", "timeout", "survived", "no_tests", "suspicious", "skipped", "segfault")


@dataclass(frozen=True)
class Group:
    name: str
    mutate: list[str]
    tests: list[str]
    exclude: list[str] = field(default_factory=list)
    deselect: list[str] = field(default_factory=list)
    isolation: str = "fork"


@dataclass
class Outcome:
    group: str
    counts: dict[str, int]
    survivors: list[str]
    seconds: float
    finished: bool

    @property
    def total(self) -> int:
        return sum(self.counts.get(k, 0) for k in COUNTED)

    @property
    def killed(self) -> int:
        # A time-out is a mutant whose tests never finished: mutmut counts it as caught.
        return self.counts.get("killed", 0) + self.counts.get("timeout", 0)


def load_groups(path: Path = GROUPS_FILE) -> list[Group]:
    table = tomllib.loads(path.read_text("utf-8"))
    return [Group(**entry) for entry in table["group"]]


def mutmut_table(group: Group) -> str:
    """The `[tool.mutmut]` table of one group's copy of pyproject.toml."""
    cli = ["-p", "no:cacheprovider"]
    for node in group.deselect:
        cli += ["--deselect", node]
    lines = [
        "[tool.mutmut]",
        'source_paths = ["playground"]',
        f"only_mutate = {json.dumps(group.mutate)}",
        f"do_not_mutate = {json.dumps(group.exclude)}",
        f"pytest_add_cli_args_test_selection = {json.dumps(group.tests)}",
        f"pytest_add_cli_args = {json.dumps(cli)}",
        'also_copy = ["resources"]',
        f'process_isolation = "{group.isolation}"',
        # The copy is not a Git checkout; mutmut's hashes of each function tell what changed.
        "use_git_change_detection = false",
    ]
    return "\n".join(lines) + "\n"


def with_mutmut_table(pyproject: str, table: str) -> str:
    """pyproject.toml's text with its `[tool.mutmut]` table replaced by `table`."""
    pattern = re.compile(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n|\n)*", re.MULTILINE)
    if not pattern.search(pyproject):
        return pyproject.rstrip("\n") + "\n\n" + table
    return pattern.sub(lambda _: table + "\n", pyproject, count=1)


def prepare(group: Group, workdir: Path) -> Path:
    """A fresh copy of the sources and tests for the group; mutmut's own `mutants/` is kept."""
    folder = workdir / group.name
    folder.mkdir(parents=True, exist_ok=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("playground", "tests"):
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(ROOT / name, folder / name, ignore=skip)
    resources = folder / "resources"
    if not resources.exists():
        resources.symlink_to(ROOT / "resources", target_is_directory=True)
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    (folder / "pyproject.toml").write_text(with_mutmut_table(pyproject, mutmut_table(group)))
    return folder


def read_outcome(group: Group, folder: Path, seconds: float, finished: bool) -> Outcome:
    mutmut = [sys.executable, "-m", "mutmut"]
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=folder, capture_output=True, check=False)
    stats_file = folder / "mutants" / "mutmut-cicd-stats.json"
    counts = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    listing = subprocess.run(
        [*mutmut, "results"], cwd=folder, capture_output=True, text=True, check=False
    ).stdout
    survivors = [line.split(":")[0].strip() for line in listing.splitlines() if ":" in line]
    return Outcome(group.name, counts, survivors, seconds, finished)


def run_group(group: Group, workdir: Path, timeout: float, niceness: int) -> Outcome:
    folder = prepare(group, workdir)
    command = [sys.executable, "-m", "mutmut", "run", "--max-children", "1"]
    if niceness:
        command = ["nice", "-n", str(niceness), *command]
    log = (workdir / f"{group.name}.log").open("w")
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=folder,
        env={**os.environ, **ENVIRONMENT},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        process.wait(timeout=timeout)
        finished = process.returncode == 0
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()
        finished = False
    log.close()
    outcome = read_outcome(group, folder, time.monotonic() - started, finished)
    print(format_row(outcome), flush=True)
    return outcome


def score(killed: int, total: int) -> str:
    return f"{100 * killed / total:.1f} %" if total else "–"


def format_row(outcome: Outcome) -> str:
    c = outcome.counts
    state = "" if outcome.finished else "  (stopped before the end)"
    return (
        f"{outcome.group:<24} {outcome.total:>6} {outcome.killed:>7} {c.get('survived', 0):>9}"
        f" {c.get('no_tests', 0):>9} {score(outcome.killed, outcome.total):>8}"
        f" {outcome.seconds / 60:>6.1f}{state}"
    )


HEADER = (
    f"{'group':<24} {'mutants':>6} {'killed':>7} {'survived':>9} {'no tests':>9}"
    f" {'score':>8} {'min':>6}"
)


def report(outcomes: list[Outcome], wall_seconds: float) -> str:
    total = sum(o.total for o in outcomes)
    killed = sum(o.killed for o in outcomes)
    lines = [HEADER, *(format_row(o) for o in outcomes)]
    survived = sum(o.counts.get("survived", 0) for o in outcomes)
    untested = sum(o.counts.get("no_tests", 0) for o in outcomes)
    lines.append(
        f"{'all':<24} {total:>6} {killed:>7} {survived:>9} {untested:>9} {score(killed, total):>8}"
        f" {wall_seconds / 60:>6.1f}  (wall clock)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--group", action="append", help="run only this group (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="groups run at once (default: 2)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "mutation")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per group")
    parser.add_argument("--nice", type=int, default=10, help="niceness of the runs (0: none)")
    parser.add_argument("--list", action="store_true", help="list the groups and stop")
    args = parser.parse_args(argv)

    groups = load_groups()
    if args.list:
        for group in groups:
            print(f"{group.name:<24} {', '.join(group.mutate)}")
        return 0
    if args.group:
        unknown = sorted(set(args.group) - {g.name for g in groups})
        if unknown:
            parser.error(f"no such group: {', '.join(unknown)} (see --list)")
        groups = [g for g in groups if g.name in args.group]

    args.workdir.mkdir(parents=True, exist_ok=True)
    print(HEADER, flush=True)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(
            pool.map(lambda g: run_group(g, args.workdir, args.timeout, args.nice), groups)
        )
    table = report(outcomes, time.monotonic() - started)
    print("\n" + table)
    survivors = "\n".join(f"- `{name}`" for o in outcomes for name in o.survivors)
    (args.workdir / "report.md").write_text(
        f"# Mutation run\n\n```\n{table}\n```\n\n## Not killed\n\n{survivors}\n", "utf-8"
    )
    return 0 if all(o.finished for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
