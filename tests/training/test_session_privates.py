"""Only the session's own parts (``training/session*.py``) use a TrainingSession's private
names; every other module goes through its public methods."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "playground"


# The names a TrainingSession goes by elsewhere: ``session``, ``self.session``, and the
# trainer mirror's ``self.local``.
SESSION_NAMES = {"session", "local"}


def _holder(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _private_uses(tree: ast.AST) -> list[str]:
    uses = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and _holder(node.value) in SESSION_NAMES
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    return [
        f"line {node.lineno}: {_holder(node.value)}.{node.attr}"
        for node in sorted(uses, key=lambda node: node.lineno)
    ]


def test_the_finder_sees_a_private_use():
    source = "session._lock.acquire()\nsession.updates += 1\nx = self.local._cached\n"
    found = _private_uses(ast.parse(source))
    assert found == ["line 1: session._lock", "line 3: local._cached"]


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
