"""Loading presets: each refusal names the file and says why, which presets are built in, the
order a user's replacement takes, and what a folder too large or unreadable logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from playground.training import presets as presets_module
from playground.training.presets import (
    MAX_FILE_BYTES,
    MAX_FILES,
    PresetError,
    load_preset,
    load_presets,
    validate_config,
)

GOOD = {"title": {"en": "t"}, "watch": {"en": "w"}, "config": {}}


def _write(path: Path, content: str | dict) -> Path:
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(path: Path) -> tuple[str, str]:
    with pytest.raises(PresetError) as info:
        load_preset(path)
    error = info.value
    assert str(error) == f"{error.source}: {error.reason}"
    return error.source, error.reason


def _logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "playground.training.presets"]


def test_a_folder_named_like_a_preset_is_refused_by_name(tmp_path):
    path = tmp_path / "notes.json"
    path.mkdir()
    assert _refusal(path) == (str(path), "this is a folder, not a preset file")


def test_a_file_over_the_limit_says_both_sizes(tmp_path):
    assert MAX_FILE_BYTES == 262_144
    path = _write(tmp_path / "big.json", " " * 262_145)
    assert _refusal(path) == (str(path), "the file is 262,145 bytes, more than 262,144")


def test_a_missing_file_says_why_it_cannot_be_read(tmp_path):
    path = tmp_path / "gone.json"
    assert _refusal(path) == (str(path), "cannot read the file (No such file or directory)")


def test_a_file_in_another_encoding_is_named_as_such(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes('{"title": "caf\u00e9"}'.encode("latin-1"))
    assert _refusal(path) == (str(path), "the file is not UTF-8 text")


def test_json_nested_too_deeply_says_so(tmp_path):
    path = _write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    assert _refusal(path) == (str(path), "not usable JSON (nested too deeply)")


def test_settings_that_are_not_an_object_are_refused_with_the_file_named(tmp_path):
    path = _write(tmp_path / "list.json", GOOD | {"config": [1, 2]})
    assert _refusal(path) == (str(path), '"config" must be an object of training settings')


def test_settings_checked_alone_are_named_as_a_preset():
    with pytest.raises(PresetError) as info:
        validate_config({"epochs": "3"})
    assert str(info.value) == "<preset>: \"epochs\" must be int, not '3'"


def test_an_unforeseen_error_is_still_a_preset_error_naming_the_file(tmp_path, monkeypatch):
    def fails(*args, **kwargs):  # no known file gets here; the promise still holds
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(presets_module, "preset_from_dict", fails)
    path = _write(tmp_path / "odd.json", GOOD)
    reason = "invalid preset (OverflowError: int too large to convert to float)"
    assert _refusal(path) == (str(path), reason)


def test_a_preset_file_is_the_users_unless_said_built_in(tmp_path):
    path = _write(tmp_path / "mine.json", GOOD)
    assert load_preset(path).builtin is False
    assert load_preset(path, builtin=True).builtin is True


def test_a_given_folder_replaces_the_built_in_one_and_its_presets_are_built_in(tmp_path):
    folder, user = tmp_path / "course", tmp_path / "user"
    folder.mkdir()
    user.mkdir()
    _write(folder / "only.json", GOOD)
    _write(user / "mine.json", GOOD)
    presets = load_presets(folder=folder, user_folder=user)
    assert [(p.key, p.builtin) for p in presets] == [("only", True), ("mine", False)]


def test_a_user_preset_with_a_built_in_key_replaces_it_among_the_users(tmp_path):
    builtin = load_presets()
    _write(tmp_path / "a.json", GOOD | {"key": builtin[0].key, "title": {"en": "Mine"}})
    presets = load_presets(user_folder=tmp_path)
    assert [p.key for p in presets] == [p.key for p in builtin[1:]] + [builtin[0].key]
    assert presets[-1].title_for("en") == "Mine" and presets[-1].builtin is False


def test_a_folder_that_cannot_be_listed_is_skipped_with_a_warning(tmp_path, caplog):
    unlistable = tmp_path / ("x" * 300)  # longer than a file name may be
    _write(tmp_path / "mine.json", GOOD | {"title": {"en": "Mine"}})
    with caplog.at_level(logging.WARNING):
        presets = load_presets(folder=unlistable, user_folder=tmp_path)
    assert [p.title_for("en") for p in presets] == ["Mine"]  # the next folder is still read
    assert _logged(caplog) == [f"presets in {unlistable} skipped: File name too long"]


def test_a_folder_shows_its_first_two_hundred_presets(tmp_path, caplog):
    assert MAX_FILES == 200
    for i in range(201):
        _write(tmp_path / f"p{i:03d}.json", GOOD)
    with caplog.at_level(logging.WARNING):
        presets = load_presets(folder=tmp_path)
    assert [p.key for p in presets] == [f"p{i:03d}" for i in range(200)]
    assert _logged(caplog) == [f"only the first 200 of 201 presets in {tmp_path}"]
    (tmp_path / "p200.json").unlink()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert len(load_presets(folder=tmp_path)) == 200
    assert _logged(caplog) == []


def test_a_skipped_preset_is_logged_with_its_file_and_reason(tmp_path, caplog):
    path = _write(tmp_path / "broken.json", GOOD | {"config": [1]})
    errors: list[PresetError] = []
    with caplog.at_level(logging.WARNING):
        load_presets(user_folder=tmp_path, errors=errors)
    reason = '"config" must be an object of training settings'
    assert [str(e) for e in errors] == [f"{path}: {reason}"]
    assert _logged(caplog) == [f"preset skipped: {path}: {reason}"]


def test_odd_notes_load_and_an_impossible_data_set_is_a_reason(tmp_path):
    _write(tmp_path / "a.json", GOOD | {"watch": {"en": "See <![ x ]> here"}})
    bad = _write(tmp_path / "b.json", GOOD | {"config": {"dataset": "d" * 300}})
    errors: list[PresetError] = []
    presets = load_presets(user_folder=tmp_path, errors=errors)
    assert presets[-1].key == "a" and presets[-1].watch_for("en") == "See &lt;![ x ]&gt; here"
    reason = f"invalid configuration: dataset: No data set named '{'d' * 300}' and no such file"
    assert [(e.source, e.reason) for e in errors] == [(str(bad), reason + " or folder.")]
