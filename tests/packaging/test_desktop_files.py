"""The Linux desktop entry, AppStream metainfo, icons, version and changelog agree."""

from __future__ import annotations

import configparser
import importlib
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

import playground
from playground.gui.app import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.nn_playground.NNPlayground"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_names_the_app_the_window_uses():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME  # the QApplication's name and display name
    assert entry["StartupWMClass"] == APP_NAME  # X11 window class = application name
    assert entry["Exec"].split()[0] == "nn-playground"
    assert entry["Icon"] == "nn-playground"
    assert entry["Terminal"] == "false"
    assert "Education" in entry["Categories"].split(";")


def test_metainfo_matches_desktop_entry_and_version():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.findtext("name") == APP_NAME
    assert root.find("provides/binary").text == "nn-playground"
    versions = [r.get("version") for r in root.iter("release")]
    assert versions[0] == playground.__version__  # newest release first


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_appstreamcli_accepts_the_metainfo():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-validate not installed"
)
def test_desktop_file_validate_accepts_the_entry():
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_svg_icon_and_png_sizes():
    svg = ET.parse(ICONS / "nn-playground.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    for size in PNG_SIZES:
        png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / "nn-playground.png"
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", png
        assert struct.unpack(">II", header[16:24]) == (size, size), png


def _import_from_packaging(name: str):
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "packaging"))


def _pixels(image) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).astype(int)


def test_icons_are_current(qapp):
    """The PNGs are what render_icons.py makes from the SVG now (re-run it after editing)."""
    pytest.importorskip("PySide6.QtSvg")
    from PySide6.QtGui import QImage

    render_icons = _import_from_packaging("render_icons")
    for size in (16, 256):
        fresh = _pixels(render_icons.render(size))
        stored = _pixels(QImage(str(render_icons.png_path(size))))
        # A little slack for antialiasing differences between Qt releases.
        assert np.abs(fresh - stored).mean() < 2.0, f"{size}px icon is stale: run render_icons.py"


def test_version_and_changelog():
    version = playground.__version__
    changelog = (ROOT / "packaging" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{version}]" in changelog
    from playground.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0


def test_wheel_carries_every_resource_file():
    """The build hook lists resources/ file by file; nothing is dropped or invented."""
    pytest.importorskip("setuptools")
    build_hooks = _import_from_packaging("build_hooks")
    packages = build_hooks.resource_packages(ROOT)
    listed = set()
    for package, files in packages.items():
        folder = Path(*package.split(".")[2:])
        listed |= {(folder / name).as_posix() for name in files}
    on_disk = {
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not p.name.startswith(".")
        # The README's pictures stay in the repository only.
        and "screenshots" not in p.parts
    }
    assert listed == on_disk
    assert "mnist/train-images-idx3-ubyte.gz" in listed
