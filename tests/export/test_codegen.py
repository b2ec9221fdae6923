"""Generated scripts stay inert whatever names and strings reach them."""

from __future__ import annotations

import ast
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.export.codegen import (
    LINE_LENGTH,
    CodegenError,
    assign_call,
    checked,
    docstring,
    identifier,
    literal,
    prose,
    usage_lines,
    visible,
)
from playground.export.keras_script import write_keras_script

# Each tries to end its context (docstring, string, comment, line) and run code.
HOSTILE = [
    'evil"""\nimport os; os.system("touch PWNED")\n"""',
    "back\\slash\\",
    "trail\\",
    "quote'\"mix",
    "line\nbreak",
    "carriage\rreturn",
    "sep\u2028arator\u2029para",
    "nul\x00byte",
    "# comment\n__import__('os').system('touch PWNED')",
    "\ud800surrogate",
    "'''",
    '"',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_evaluates_back_to_the_value(text):
    assert ast.literal_eval(literal(text)) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_keeps_text_inside(text):
    source = f"{docstring('Header ' + text)}\nVALUE = 1\n"
    tree = ast.parse(source)
    assert len(tree.body) == 2  # the docstring and VALUE: nothing escaped into code
    assert isinstance(tree.body[0].value, ast.Constant)


@pytest.mark.parametrize("text", HOSTILE)
def test_prose_cannot_leave_a_comment(text):
    tree = ast.parse(f"# {prose(text)}\nVALUE = 1\n")
    assert len(tree.body) == 1


def test_literal_of_numbers_and_containers():
    for value in (0, -3, 1.5e-7, True, None, (1, 2.0), ("a",), ["x", 1]):
        assert ast.literal_eval(literal(value)) == value
    assert "float(" in literal(float("inf"))
    with pytest.raises(CodegenError):
        literal(object())


def test_identifier_and_checked_refuse():
    assert identifier("beta_1") == "beta_1"
    for bad in ("class", "a-b", "x\ny", "1a", "ümlaut"):
        with pytest.raises(CodegenError):
            identifier(bad)
    with pytest.raises(CodegenError):
        checked('x = """')


def _only_definitions(text: str) -> None:
    """The script's top level is its docstring, imports, constants, functions and the main
    guard: no expression statement (no call) that would run on import."""
    tree = ast.parse(text)
    assert isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant)
    for node in tree.body[1:]:
        assert isinstance(
            node, (ast.Import, ast.ImportFrom, ast.Assign, ast.FunctionDef, ast.If)
        ), ast.dump(node)[:80]


FILE_NAMES = [n for n in HOSTILE if "\x00" not in n and "\ud800" not in n]


@pytest.mark.parametrize("name", FILE_NAMES)
def test_keras_script_from_a_hostilely_named_model_file_is_inert(name, saved_models, tmp_path):
    model = next(iter(saved_models.values()))
    source = tmp_path / f"{name}.npz"
    shutil.copyfile(model.path, source)
    out = tmp_path / "script.py"
    write_keras_script(source, out)
    text = out.read_text()
    _only_definitions(text)
    doc = ast.get_docstring(ast.parse(text), clean=False)
    shown = visible(name)
    assert "\n" not in shown
    assert f"from {shown}.npz" in " ".join(doc.split())


@pytest.mark.parametrize("name", HOSTILE)
def test_keras_script_with_hostile_source_string_parses(name, saved_models, tmp_path):
    model = next(iter(saved_models.values()))
    out = tmp_path / f"script{abs(hash(name))}.py"
    write_keras_script(model.model, out, source=name)
    _only_definitions(out.read_text())


def test_keras_script_runs_no_code_on_import(saved_models, tmp_path):
    model = next(iter(saved_models.values()))
    source = tmp_path / f"{HOSTILE[0]}.npz"
    shutil.copyfile(model.path, source)
    out = tmp_path / "script.py"
    write_keras_script(source, out)
    # Compile and run only the docstring and imports-free part: the name is in __doc__.
    tree = ast.parse(out.read_text())
    namespace: dict = {}
    exec(compile(ast.Module(body=tree.body[:1], type_ignores=[]), str(out), "exec"), namespace)
    assert "os.system" in namespace["__doc__"]
    assert not (tmp_path / "PWNED").exists()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_stays_inside_its_context(text):
    assert ast.literal_eval(literal(text)) == text
    tree = ast.parse(f"{docstring(text)}\n# {prose(text)}\nVALUE = {literal(text)}\n")
    assert [type(node) for node in tree.body] == [ast.Expr, ast.Assign]


def test_usage_lines_align_short_commands_and_wrap_long_ones():
    short = usage_lines([("python a.py", "train"), ("python a.py --epochs 0", "only evaluate")])
    assert short == [
        "    python a.py             # train",
        "    python a.py --epochs 0  # only evaluate",
    ]
    command = "python " + "x" * 80 + ".py"
    long = usage_lines([(command, "train")])
    assert long == [f"    {command}", "        (train)"]
    assert all(len(line) <= LINE_LENGTH for line in short + long)


def test_assign_call_splits_only_when_too_wide():
    assert assign_call("opt", "SGD", ["lr=0.1"]) == ["opt = SGD(lr=0.1)"]
    args = [f"argument_{i}=1" for i in range(10)]
    lines = assign_call("opt", "SGD", args)
    assert lines == ["opt = SGD(", "    " + ", ".join(args), ")"]
    assert ast.parse("\n".join(lines))
