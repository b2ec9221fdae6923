"""Commands provided by other parts are imported only when named; a missing one says so."""

from __future__ import annotations

import sys
import textwrap

import pytest

from playground import cli


@pytest.fixture
def fake_module(tmp_path, monkeypatch):
    (tmp_path / "fake_playground_part.py").write_text(
        textwrap.dedent(
            """
            def add_arguments(parser):
                parser.add_argument("--size", type=int, default=3, help="How big.")

            def main(args):
                print(f"size={args.size}")
                return 7
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(
        cli.EXTERNAL,
        "fake",
        cli._External("fake_playground_part", "add_arguments", "main", "A fake command."),
    )
    monkeypatch.setitem(
        cli.EXTERNAL,
        "gone",
        cli._External("playground.no_such_part", "add_arguments", "main", "A missing command."),
    )
    yield
    sys.modules.pop("fake_playground_part", None)


def test_external_command_runs_with_its_own_arguments(fake_module, capsys):
    assert cli.main(["fake", "--size", "5"]) == 7
    assert capsys.readouterr().out == "size=5\n"


def test_external_module_imported_only_when_named(fake_module):
    cli.build_parser(["train", "--help"])
    assert "fake_playground_part" not in sys.modules
    cli.build_parser(["fake"])
    assert "fake_playground_part" in sys.modules


def test_missing_part_gives_one_line(fake_module, capsys):
    assert cli.main(["gone", "--anything", "x"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "nn-playground gone: not available" in err[0]
    assert "playground.no_such_part" in err[0]


def test_every_option_is_explained_in_a_sentence():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in ("train", "evaluate", "predict"):
        command = sub.choices[name]
        assert command.description
        for action in command._actions:
            if action.dest == "help":
                continue
            assert action.help and action.help.endswith("."), (name, action.dest, action.help)
            assert len(action.help.split()) >= 4, (name, action.dest)


def test_defaults_of_train_follow_the_lecture():
    args = cli.build_parser().parse_args(["train"])
    assert args.hidden == (500, 500)
    assert args.activation == "relu" and args.loss == "categorical_crossentropy"
    assert args.optimizer == "adam" and args.batch_size == 100 and args.epochs == 20
    assert args.learning_rate is None  # Adam's own default, 0.001


def test_no_command_opens_the_app(monkeypatch):
    calls = []
    monkeypatch.setattr("playground.gui.app.run_app", lambda argv: calls.append(argv) or 0)
    assert cli.main([]) == 0
    assert len(calls) == 1 and len(calls[0]) == 1  # just the program name, for QApplication
