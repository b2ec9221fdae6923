"""Only the session's own parts (``training/session*.py``) use a TrainingSession's private
names; every other module goes through its public methods."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "playground"


def _private_uses(tree: ast.AST) -> list[str]:
    return [
        f"line {node.lineno}: session.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "session"
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]


def test_the_finder_sees_a_private_use():
    found = _private_uses(ast.parse("session._lock.acquire()\nsession.updates += 1\n"))
    assert found == ["line 1: session._lock"]


def test_no_module_outside_the_session_reaches_into_its_privates():
    parts = {"session.py"} | {p.name for p in (PACKAGE / "training").glob("session_*.py")}
    reaching = {
        path.relative_to(PACKAGE).as_posix(): uses
        for path in sorted(PACKAGE.rglob("*.py"))
        if not (path.parent.name == "training" and path.name in parts)
        for uses in [_private_uses(ast.parse(path.read_text(encoding="utf-8")))]
        if uses
    }
    assert not reaching, reaching
