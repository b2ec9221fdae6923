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
SURVIVORS_FILE = Path(__file__).with_name("survivors.md")
# One BLAS thread: a forked mutant run with a multi-threaded BLAS pool in its parent can hang.
ENVIRONMENT = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "KERAS_BACKEND": "torch",
    "QT_QPA_PLATFORM": "offscreen",
    # Waits for another thread last a quarter as long (tests/patience.py): a mutant whose run
    # loop never stops fails in 5 s instead of 20 s. The clean run must still pass with it.
    "PLAYGROUND_TEST_PATIENCE": "0.25",
    # pytest starts afresh for every mutant: loading every installed plugin from its entry
    # point cost about 0.05 s of CPU a mutant; the groups need only pytest-timeout (below).
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
}
# pytest's check for unraisable exceptions runs the garbage collector five times at the end
# of every session (about 0.09 s a mutant in a process that holds the collected tests); it
# only ever warns, and a warning decides nothing here.
PYTEST_PLUGINS = ["-p", "pytest_timeout", "-p", "no:unraisableexception"]
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
    not_killed: dict[str, str]  # mutant name: mutmut's status ("survived", "no tests", ...)
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


def mutmut_table(group: Group, basetemp: Path | None = None) -> str:
    """The `[tool.mutmut]` table of one group's copy of pyproject.toml. ``basetemp``: the one
    folder every mutant's pytest uses for its temporary files, emptied as each one starts."""
    cli = ["-p", "no:cacheprovider", *PYTEST_PLUGINS]
    if basetemp is not None:
        # pytest keeps its numbered folders under /tmp while a lock file says a session may
        # still use them, and a mutant's run ends with os._exit, which leaves the lock: one
        # full run left 74 GB there and filled the disk.
        cli.append(f"--basetemp={basetemp}")
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
        # A mutant may use 6x its tests' CPU time (+1 s each) before it counts as a time-out,
        # not mutmut's 30x: a mutant that loops made a group wait minutes for each one.
        "timeout_multiplier = 3.0",
    ]
    return "\n".join(lines) + "\n"


def with_mutmut_table(pyproject: str, table: str) -> str:
    """pyproject.toml's text with its `[tool.mutmut]` table replaced by `table`."""
    pattern = re.compile(r"^\[tool\.mutmut\]\n(?:(?!\[).*\n|\n)*", re.MULTILINE)
    if not pattern.search(pyproject):
        return pyproject.rstrip("\n") + "\n\n" + table
    return pattern.sub(lambda _: table + "\n", pyproject, count=1)


def prepare(group: Group, workdir: Path, fresh: bool = False) -> Path:
    """A fresh copy of the sources and tests for the group. mutmut's own `mutants/` is kept
    unless `fresh`: mutmut runs a mutant again only when its function changed, so after new
    tests a group must start afresh to count what they kill."""
    folder = workdir / group.name
    if fresh:
        shutil.rmtree(folder / "mutants", ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("playground", "tests"):
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(ROOT / name, folder / name, ignore=skip)
    resources = folder / "resources"
    if not resources.exists():
        resources.symlink_to(ROOT / "resources", target_is_directory=True)
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    table = mutmut_table(group, basetemp=folder.resolve() / "pytest-tmp")
    (folder / "pyproject.toml").write_text(with_mutmut_table(pyproject, table))
    return folder


def read_outcome(group: Group, folder: Path, seconds: float, finished: bool) -> Outcome:
    mutmut = [sys.executable, "-m", "mutmut"]
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=folder, capture_output=True, check=False)
    stats_file = folder / "mutants" / "mutmut-cicd-stats.json"
    counts = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    listing = subprocess.run(
        [*mutmut, "results"], cwd=folder, capture_output=True, text=True, check=False
    ).stdout
    statuses = dict(
        (part.strip() for part in line.rsplit(":", 1))
        for line in listing.splitlines()
        if ":" in line
    )
    # `results` also lists the time-outs (caught) and, after an interrupted run, the mutants
    # not run yet ("not checked"): neither is a survivor.
    not_killed = {k: v for k, v in statuses.items() if v not in ("timeout", "not checked")}
    return Outcome(group.name, counts, not_killed, seconds, finished)


def run_group(group: Group, workdir: Path, timeout: float, niceness: int, fresh: bool) -> Outcome:
    folder = prepare(group, workdir, fresh)
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
    timing = {"seconds": outcome.seconds, "finished": outcome.finished}
    (workdir / f"{group.name}.json").write_text(json.dumps(timing), "utf-8")
    print(row(outcome, reviews()).format(), flush=True)
    return outcome


def last_outcome(group: Group, workdir: Path) -> Outcome | None:
    """The group's results as its last run left them, without running anything."""
    timing_file = workdir / f"{group.name}.json"
    if not timing_file.exists():
        return None
    timing = json.loads(timing_file.read_text("utf-8"))
    return read_outcome(group, workdir / group.name, timing["seconds"], timing["finished"])


def longest_first(groups: list[Group], workdir: Path) -> list[Group]:
    """The groups in the order that ends soonest with two at a time: the slowest of the last
    run first, and a group never run, or stopped before it ended, before all of them."""

    def last_seconds(group: Group) -> float:
        timing_file = workdir / f"{group.name}.json"
        if not timing_file.exists():
            return float("inf")
        timing = json.loads(timing_file.read_text("utf-8"))
        return timing["seconds"] if timing["finished"] else float("inf")

    return sorted(groups, key=last_seconds, reverse=True)


_NAME = re.compile(r"`(?:playground\.)?([\w.ǁ]+__mutmut_)(\d+)`")
_SHORT = re.compile(r"`_?(\d+)`")  # in a bullet's head: `_17` or `17`


def _paragraphs(text: str) -> list[str]:
    """The file's lines, with each bullet's wrapped lines joined to it."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("  ") and lines and lines[-1].startswith("- "):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


# "`set_weights` 15, 18 and 19" or "`stack.x_free_name` 13": a function, then mutant numbers
_FUNCTION = re.compile(r"`((?:[a-z_]+\.)*)((?:x_|xǁ\w+ǁ)?\w+)`\s+(\d+(?:(?:,\s*|\s+and\s+)\d+)*)")
_SECTION = re.compile(r"^### `playground/(\w+)/(\w+)\.py`")


def _function_of(name: str) -> tuple[str, str, int]:
    """(module, function, number) of a mutant's name, e.g. ("engine.model", "compile", 3)."""
    path, number = name.rsplit("__mutmut_", 1)
    module, function = path.rsplit(".", 1)
    function = function.split("ǁ")[-1] if "ǁ" in function else function.removeprefix("x_")
    return module, function, int(number)


class Reviews(dict):
    """The reviewed mutants: exact names, and (module, function, number) for those that
    `survivors.md` names by function and number within a module's section."""

    def __init__(self) -> None:
        super().__init__()
        self.by_function: dict[tuple[str, str, int], str] = {}

    def get(self, name: str, default: str | None = None) -> str | None:
        if dict.__contains__(self, name):
            return self[name]
        module, function, number = _function_of(name)
        for (hint, wanted, n), kind in self.by_function.items():
            if n == number and wanted == function and module.endswith(hint):
                return kind
        return default

    def __contains__(self, name: object) -> bool:
        return dict.__contains__(self, name) or (
            isinstance(name, str) and "__mutmut_" in name and self.get(name) is not None
        )


def reviews(path: Path = SURVIVORS_FILE) -> Reviews:
    """The mutants `survivors.md` reviews, each "equivalent" or "reviewed" (killed since,
    accepted, or listed), from its bullet lines. A bullet may name more mutants of the same
    function as `_N`, a range as "`..._A` to `_B`", another function of the same module
    without the module, or a function and its mutants' numbers."""
    found = Reviews()
    kind, section = "reviewed", ""
    for line in _paragraphs(path.read_text("utf-8")):
        if not line.startswith("- "):
            heading = _SECTION.match(line)
            if line.startswith("#"):
                section = f"{heading.group(1)}.{heading.group(2)}" if heading else ""
            if line.strip():
                kind = {"Equivalent": "equivalent", "Killed": "killed", "Accepted": "accepted"}.get(
                    line.split(" ")[0].rstrip(":"), "reviewed"
                )
            continue
        head, tail = _head_and_tail(line)
        _read_names(head, _bullet_kind(kind, tail), found)
        for match in _FUNCTION.finditer(line):
            hint = match.group(1).rstrip(".") or section
            _, function, _ = _function_of(f"m.{match.group(2)}__mutmut_0")
            for number in re.findall(r"\d+", match.group(3)):
                found.by_function[(hint, function, int(number))] = kind
    return found


def _head_and_tail(line: str) -> tuple[str, str]:
    """A bullet split at its first colon outside backticks: the names, then the review."""
    quoted = False
    for i, char in enumerate(line):
        if char == "`":
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:i], line[i:]
    return line, ""


def _bullet_kind(heading_kind: str, review: str) -> str:
    """A bullet under a neutral heading says its own kind: "— equivalent: …", "killed by …"."""
    if heading_kind != "reviewed":
        return heading_kind
    if re.search(r"(—|--|^:)\s*equivalent\b", review):
        return "equivalent"
    if re.search(r"\bkilled by\b", review):
        return "killed"
    return heading_kind


def _read_names(line: str, kind: str, found: dict[str, str]) -> None:
    module, prefix, last, position = "", None, None, 0
    tokens = sorted([*_NAME.finditer(line), *_SHORT.finditer(line)], key=lambda m: m.start())
    for match in tokens:
        if match.re is _NAME:
            prefix, number = match.group(1), int(match.group(2))
            if "." in prefix:
                module = prefix.rsplit(".", 1)[0] + "."
            else:
                prefix = module + prefix
        elif prefix is None:
            continue
        else:
            number = int(match.group(1))
        numbers = [number]
        between = line[position : match.start()]
        if last is not None and (" to " in between or "–" in between):
            numbers = list(range(last + 1, number + 1))
        for n in numbers:
            found[f"{prefix}{n}"] = kind
        last, position = number, match.end()


def short_name(mutant: str) -> str:
    return mutant.removeprefix("playground.")


def score(killed: int, total: int) -> str:
    return f"{100 * killed / total:.1f} %" if total else "–"


@dataclass
class Row:
    name: str
    total: int
    killed: int  # by the run, and by tests written after it (checked by hand)
    later: int  # of those, killed by tests written after the run
    not_killed: int
    equivalent: int
    unreviewed: int
    minutes: float
    note: str = ""

    def format(self) -> str:
        return (
            f"{self.name:<24} {self.total:>7} {self.killed:>7} {self.later:>6}"
            f" {self.not_killed:>10} {self.equivalent:>10} {self.unreviewed:>10}"
            f" {score(self.killed, self.total - self.equivalent):>8}"
            f" {score(self.killed - self.later, self.total):>8} {self.minutes:>6.1f}{self.note}"
        )


HEADER = (
    f"{'group':<24} {'mutants':>7} {'killed':>7} {'later':>6} {'not killed':>10} {'equivalent':>10}"
    f" {'unreviewed':>10} {'score':>8} {'raw':>8} {'min':>6}"
)


def row(outcome: Outcome, reviewed: Reviews) -> Row:
    kinds = [reviewed.get(short_name(name)) for name in outcome.not_killed]
    later = kinds.count("killed")
    return Row(
        outcome.group,
        outcome.total,
        outcome.killed + later,
        later,
        outcome.total - outcome.killed - later,
        kinds.count("equivalent"),
        kinds.count(None),
        outcome.seconds / 60,
        "" if outcome.finished else "  (stopped before the end)",
    )


def report(
    outcomes: list[Outcome], reviewed: Reviews, wall_seconds: float, measured: bool = True
) -> str:
    """The table: score = killed / (mutants - equivalent), counting the mutants that tests
    written after the run kill (`survivors.md`, "Killed"); raw = the run's killed / mutants."""
    rows = [row(o, reviewed) for o in outcomes]
    fields = ("total", "killed", "later", "not_killed", "equivalent", "unreviewed")
    sums = {f: sum(getattr(r, f) for r in rows) for f in fields}
    note = "  (wall clock)" if measured else "  (the groups' minutes over --jobs)"
    everything = Row("all", **sums, minutes=wall_seconds / 60, note=note)
    return "\n".join([HEADER, *(r.format() for r in rows), everything.format()])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--group", action="append", help="run only this group (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="groups run at once (default: 2)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "mutation")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per group")
    parser.add_argument("--nice", type=int, default=10, help="niceness of the runs (0: none)")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results first")
    parser.add_argument("--list", action="store_true", help="list the groups and stop")
    parser.add_argument(
        "--report", action="store_true", help="only print the table of the groups' last runs"
    )
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
    started = time.monotonic()
    if args.report:
        found = [last_outcome(g, args.workdir) for g in groups]
        outcomes = [o for o in found if o is not None]
        wall = sum(o.seconds for o in outcomes) / max(1, args.jobs)  # an estimate
    else:
        print(HEADER, flush=True)
        groups = longest_first(groups, args.workdir)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = list(
                pool.map(
                    lambda g: run_group(g, args.workdir, args.timeout, args.nice, args.fresh),
                    groups,
                )
            )
        wall = time.monotonic() - started
    reviewed = reviews()
    table = report(outcomes, reviewed, wall, measured=not args.report)
    print("\n" + table)
    (args.workdir / "report.md").write_text(report_text(table, outcomes, reviewed), "utf-8")
    return 0 if all(o.finished for o in outcomes) else 1


def report_text(table: str, outcomes: list[Outcome], reviewed: Reviews) -> str:
    lines = ["# Mutation run", "", "```", table, "```", "", "## Not killed, not yet reviewed", ""]
    for outcome in outcomes:
        for name, status in outcome.not_killed.items():
            if short_name(name) not in reviewed:
                lines.append(f"- `{short_name(name)}` ({status}, group {outcome.group})")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
