"""A setuptools command that ships the top-level ``resources/`` folder as ``playground/resources``.

A source checkout keeps MNIST, presets, icons and translations at the repository's top level;
an installed wheel must carry them inside the package (``playground.resources`` looks in both
places). Package discovery stays automatic: the command only adds the one extra package
whose files live outside ``playground/``. pyproject.toml names it under
``[tool.setuptools.cmdclass]``.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools.command.build_py import build_py

RESOURCE_PACKAGE = "playground.resources"
RESOURCE_DIR = "resources"
HOOK_FILE = "packaging/build_hooks.py"
# screenshots/ holds the README's pictures: the repository needs them, the app does not.
_SKIPPED_NAMES = {"__pycache__", ".DS_Store", "screenshots"}


def resource_files(root: str | os.PathLike[str] = ".") -> list[str]:
    """Every file under ``resources/`` as a POSIX path relative to it (no caches, dotfiles)."""
    base = Path(root, RESOURCE_DIR)
    found = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if any(part in _SKIPPED_NAMES or part.startswith(".") for part in rel.parts):
            continue
        if path.is_file():
            found.append(rel.as_posix())
    return found


def resource_packages(root: str | os.PathLike[str] = ".") -> dict[str, list[str]]:
    """Package name -> its data files, for ``resources/`` and each importable folder below it.

    setuptools treats every folder with an importable name as a package of its own and warns
    when such a folder's files ride along as data of its parent, so each gets its own entry.
    Folders with other names (``16x16``) stay data of the nearest package above them.
    """
    packages: dict[str, list[str]] = {RESOURCE_PACKAGE: []}
    for rel in resource_files(root):
        parts = rel.split("/")
        depth = 0
        while depth < len(parts) - 1 and parts[depth].isidentifier():
            depth += 1
        name = ".".join([RESOURCE_PACKAGE, *parts[:depth]])
        packages.setdefault(name, []).append("/".join(parts[depth:]))
    return packages


class BuildPy(build_py):
    """build_py that also copies ``resources/**`` into ``playground/resources`` of the build."""

    def finalize_options(self) -> None:
        super().finalize_options()
        # Editable installs copy nothing: the checkout's resources/ is found in place.
        extra = resource_packages()
        self.packages = [*(self.packages or []), *(p for p in extra if p not in self.packages)]
        self.package_dir = {**self.package_dir, RESOURCE_PACKAGE: RESOURCE_DIR}
        # Exact file names rather than globs, so nothing unexpected slips in.
        self.package_data = {**self.package_data, **extra}

    def get_source_files(self) -> list[str]:
        # What an sdist carries: building a wheel from it needs this file too.
        return [*super().get_source_files(), HOOK_FILE]

    def check_package(self, package: str, package_dir: str):  # type: ignore[override]
        # resources/ is data only: it has (and must not have) an __init__.py, since the
        # module playground/resources.py owns the import name.
        if package == RESOURCE_PACKAGE or package.startswith(RESOURCE_PACKAGE + "."):
            return None
        return super().check_package(package, package_dir)
