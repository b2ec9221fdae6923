"""Run ``python -m playground`` as a user would, with a private cache folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    status: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory) -> dict[str, str]:
    env = dict(os.environ)
    env["NN_PLAYGROUND_CACHE_DIR"] = str(tmp_path_factory.mktemp("cli-cache"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("PYTHONWARNINGS", None)
    return env


@pytest.fixture(scope="session")
def run_cli(cli_env):
    def run(*args: object, timeout: float = 300) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "playground", *map(str, args)],
            capture_output=True,
            text=True,
            env=cli_env,
            cwd=REPO,
            timeout=timeout,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def trained(run_cli, tmp_path_factory):
    """A small model trained once through the command line, with its printed score."""
    folder = tmp_path_factory.mktemp("model")
    model = folder / "digits.npz"
    result = run_cli(
        "train",
        "--train-size", "1000",
        "--epochs", "3",
        "--hidden", "64",
        "--save", model,
        "--csv", folder / "history.csv",
    )  # fmt: skip
    assert result.status == 0, result.stderr
    return model, result
