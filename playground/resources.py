"""Where the bundled resources (MNIST, presets, translations, icons) live.

A wheel carries them inside the package as ``playground/resources``; a source checkout keeps
them at the repository's top level. Both are looked up so that editable and regular installs
find the same files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "mnist").is_dir():
            return candidate
    raise FileNotFoundError(
        "nn-playground's resources folder is missing; reinstall the package "
        f"(looked in {here / 'resources'} and {here.parent / 'resources'})"
    )


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
