"""A regular (non-editable) install of the wheel works on its own: MNIST and all resources.

Builds the wheel from a clean copy of the sources, installs it into a new virtual environment
(dependencies from the pip cache when they are there) and runs the installed command from a
folder outside the checkout, so nothing can come from the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import playground

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "playground", "resources", "packaging")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "dist", "*.egg-info", ".*")

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False, **kw
    )
    output = f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert result.returncode == 0, f"{cmd} failed:\n{output}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if not (ROOT / name).exists():
            continue
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=SKIP)
        else:
            shutil.copy2(ROOT / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)], src)
    (found,) = dist.glob("nn_playground-*.whl")
    return found


def test_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for mnist in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                  "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                  "SHA256SUMS.uncompressed"):  # fmt: skip
        assert f"playground/resources/mnist/{mnist}" in names
    assert "playground/resources/icons/nn-playground.svg" in names
    assert "playground/resources/icons/hicolor/256x256/apps/nn-playground.png" in names
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(ROOT / "resources").as_posix()
            # The README's pictures stay in the repository; everything else ships.
            shipped = f"playground/resources/{rel}" in names
            assert shipped != ("screenshots" in path.parts), rel
    # The module that finds them, and nothing from outside the package.
    assert "playground/resources.py" in names
    assert not [n for n in names if n.startswith(("tests/", "packaging/", "resources/"))]
    assert not [n for n in names if n.startswith("playground/resources/") and n.endswith(".py")]
    assert wheel.stat().st_size < 40 * 2**20


def test_installed_command_trains_on_the_bundled_mnist(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # The outer pip installs into the new environment; wheels come from its cache.
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)],
         tmp_path)  # fmt: skip
    work = tmp_path / "elsewhere"  # not the checkout: nothing may come from the source tree
    work.mkdir()

    where = _run([str(python), "-c", "import playground.resources as r; print(r.resources_dir())"],
                 work).stdout.strip()  # fmt: skip
    assert Path(where).resolve().is_relative_to(venv.resolve()), where

    version = _run([str(bindir / "nn-playground"), "--version"], work).stdout
    assert version.strip() == f"nn-playground {playground.__version__}"

    train = _run(
        [str(bindir / "nn-playground"), "train", "--train-size", "500", "--epochs", "1"], work
    ).stdout
    assert "Total loss on Testing Set:" in train
    accuracy = float(train.split("Accuracy of Testing Set:")[1].split()[0])
    assert 0.3 < accuracy <= 1.0
