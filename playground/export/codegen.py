"""Safe pieces of generated Python source.

Every value that reaches a generated script (file names, layer names, class names, anything
read from a model file or a path) goes through one of these, so that it can never end the
string, docstring or comment it sits in; ``checked`` then proves the whole script parses.
"""

from __future__ import annotations

import ast
import keyword
import math
import unicodedata
from typing import Any

import numpy as np

from playground.export.network import ExportError

LINE_LENGTH = 100  # generated scripts are formatted as ruff/black would at this width


class CodegenError(ExportError):
    """A value cannot be written into generated source."""


def literal(value: Any) -> str:
    """A Python literal that evaluates back to ``value`` (str, int, float, bool, None, tuples
    and lists of those). Strings use ``repr``, which escapes quotes, backslashes and newlines."""
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, np.integer)):
        return repr(int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        if not math.isfinite(number):
            return f'float("{number!r}")'
        return repr(number)
    if value is None:
        return "None"
    if isinstance(value, str):
        return _double_quoted(value)
    if isinstance(value, (tuple, list)):
        items = ", ".join(literal(item) for item in value)
        if isinstance(value, tuple):
            return f"({items},)" if len(value) == 1 else f"({items})"
        return f"[{items}]"
    raise CodegenError(f"cannot write a value of type {type(value).__name__} into a script")


def _double_quoted(text: str) -> str:
    """``repr`` with double quotes, as the scripts are formatted (``repr`` escapes the rest)."""
    quoted = repr(text)
    if quoted.startswith('"'):
        return quoted
    inner = quoted[1:-1].replace("\\'", "'").replace('"', '\\"')
    return f'"{inner}"'


def _escape_char(char: str, keep_newlines: bool) -> str:
    if char == "\n" and keep_newlines:
        return char
    if char == "\\":
        return "\\\\"
    if char == '"':
        return '\\"'
    # Control, format, surrogate and separator characters (U+2028 ends a line for some
    # editors) are shown as escapes, never written raw.
    if unicodedata.category(char)[0] in "CZ" and char != " ":
        code = ord(char)
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return char


def prose(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` made safe inside a double-quoted docstring or after ``#``: backslashes and
    double quotes are escaped and control characters (newlines too, unless kept) become
    escapes, so the text cannot close its context or start a new line of code."""
    return "".join(_escape_char(char, keep_newlines) for char in str(text))


def visible(text: str) -> str:
    """``text`` on one line: control and separator characters shown as escapes (for a name
    placed in prose, which ``docstring`` or ``prose`` then makes safe)."""
    return "".join(_escape_char(char, False) if char not in '\\"' else char for char in str(text))


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring holding ``text`` (lines kept, everything else escaped)."""
    body = prose(text, keep_newlines=True).replace("\n", "\n" + indent)
    return f'{indent}"""{body}"""' if "\n" not in body else f'{indent}"""{body}\n{indent}"""'


def identifier(name: str) -> str:
    """``name`` if it is a plain Python identifier (and not a keyword), else CodegenError."""
    if not (isinstance(name, str) and name.isidentifier() and name.isascii()):
        raise CodegenError(f"{name!r} is not a plain identifier")
    if keyword.iskeyword(name):
        raise CodegenError(f"{name!r} is a Python keyword")
    return name


def checked(source: str, what: str = "the generated script") -> str:
    """``source`` if it parses as Python, else CodegenError (a generated script always parses)."""
    try:
        ast.parse(source)
    except (SyntaxError, ValueError) as error:
        raise CodegenError(f"{what} does not parse: {error}") from None
    return source


def usage_lines(usage: list[tuple[str, str]]) -> list[str]:
    """Docstring lines for ``(command, what it does)`` pairs: the comments aligned after the
    commands, or each comment under its command when that would be too wide."""
    width = max(len(command) for command, _ in usage)
    if 4 + width + 4 + max(len(what) for _, what in usage) <= LINE_LENGTH:
        return [f"    {command.ljust(width)}  # {what}" for command, what in usage]
    return [line for command, what in usage for line in (f"    {command}", f"        ({what})")]


def assign_call(target: str, func: str, args: list[str]) -> list[str]:
    """``target = func(args)`` on one line if it fits, else the arguments on the next."""
    one = f"{target} = {func}({', '.join(args)})"
    if len(one) <= LINE_LENGTH:
        return [one]
    return [f"{target} = {func}(", f"    {', '.join(args)}", ")"]
