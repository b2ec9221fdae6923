"""The PyInstaller one-folder bundle starts offscreen: --version, and a screenshot of the app.

Building the bundle takes minutes, so this runs only when asked:

    NN_PLAYGROUND_BUNDLE=build pytest tests/packaging/test_bundle_smoke.py   # build, then test
    NN_PLAYGROUND_BUNDLE=packaging/dist/nn-playground pytest ...             # test a built one
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import playground

ROOT = Path(__file__).resolve().parents[2]
REQUEST = os.environ.get("NN_PLAYGROUND_BUNDLE", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not REQUEST, reason="set NN_PLAYGROUND_BUNDLE=build (or a bundle folder)"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    if REQUEST == "build":
        subprocess.run(["bash", str(ROOT / "packaging" / "build_bundle.sh")], check=True,
                       timeout=3600)  # fmt: skip
        folder = ROOT / "packaging" / "dist" / "nn-playground"
    else:
        folder = Path(REQUEST).resolve()
    exe = folder / ("nn-playground.exe" if os.name == "nt" else "nn-playground")
    assert exe.is_file(), f"no bundle at {folder}"
    return exe


def _run(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result


def test_bundle_version(bundle, tmp_path):
    assert _run(bundle, "--version", cwd=tmp_path).stdout.strip() == (
        f"nn-playground {playground.__version__}"
    )


def test_bundle_takes_a_screenshot_offscreen(bundle, tmp_path):
    out = tmp_path / "window.png"
    done = _run(bundle, "screenshot", str(out), "--train-batches", "20", "--train-size", "1000",
                "--size", "1000x700", cwd=tmp_path)  # fmt: skip
    # The window trains only in its trainer process: 20 updates mean the bundle spawned it.
    assert "20 updates)" in done.stdout
    header = out.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") >= 900  # a real window, not an empty image


def test_bundle_leaves_out_unused_qt(bundle):
    internal = bundle.parent / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for unused in ("QtQuick", "QtQml", "QtNetwork", "QtSql", "QtPdf", "QtWebEngineCore"):
        assert not [n for n in names if n.startswith(f"{unused}.") and n.endswith((".so", ".pyd"))]
    mnist = internal / "playground" / "resources" / "mnist"
    assert (mnist / "train-images-idx3-ubyte.gz").is_file()
