"""Saving the current settings as a preset: the file a lecturer opens and edits, its key, its
texts in each language, and the settings as plain JSON."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from playground.training import TrainingConfig
from playground.training.presets import (
    Preset,
    PresetError,
    config_to_dict,
    load_preset,
    load_presets,
    new_preset,
    save_preset,
)

CONFIG = TrainingConfig(hidden=(32, 16), learning_rate=0.05, train_size=500)


def test_a_saved_builtin_preset_loads_back_whole(tmp_path):
    original = next(p for p in load_presets() if p.key == "06-batch-size")
    assert original.view and original.variants and original.race  # all three are written
    path = save_preset(tmp_path / "copy.json", original)
    lines = {'  "key": "06-batch-size",', '  "view": "speedlab",'}  # laid out like the original
    assert lines <= set(original.path.read_text(encoding="utf-8").splitlines())
    assert lines <= set(path.read_text(encoding="utf-8").splitlines())
    again = load_preset(path)
    assert again == original
    assert (again.view, again.variants, again.race) == (
        original.view,
        original.variants,
        original.race,
    )


def test_the_saved_file_is_readable_json_with_its_format(tmp_path):
    preset = new_preset(CONFIG, {"en": "My run", "zh_TW": "我的訓練"}, "Watch the loss.")
    path = save_preset(tmp_path / "mine.json", preset)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["format"] == 1
    assert "我的訓練" in text  # the lecturer reads the Chinese title, not \u escapes
    assert text.endswith("}\n")
    lines = text.splitlines()
    assert '  "key": "my-run",' in lines  # one entry per line, indented like the built-in files
    assert len(lines) > 20


def test_saving_makes_the_missing_folders(tmp_path):
    path = save_preset(tmp_path / "a" / "b" / "mine.json", new_preset(CONFIG, "Mine"))
    assert load_preset(path).key == "mine"


def test_a_preset_that_would_not_load_again_is_not_written(tmp_path):
    bad = Preset("bad", {"en": "Bad"}, {"en": "Bad"}, {"batch_size": 0})
    path = tmp_path / "bad.json"
    with pytest.raises(PresetError) as raised:
        save_preset(path, bad)
    assert raised.value.source == str(path) and str(raised.value).startswith(f"{path}: ")
    assert not path.exists()


def test_texts_fall_back_to_the_language_then_english_then_the_first():
    preset = Preset("k", {"fr": "Titre", "en": "Title", "zh": "標題"}, {"de": "Notiz"}, {})
    assert preset.title_for("zh_TW") == "標題"
    assert preset.title_for("ja") == "Title"
    assert preset.watch_for("en") == "Notiz"
    assert Preset("k", {}, {}, {}).title_for("en") == ""


def test_settings_become_plain_json_values():
    assert config_to_dict({"hidden": (8, 4), "epochs": 2}) == {"hidden": [8, 4], "epochs": 2}
    fields = SimpleNamespace(hidden=(8,), epochs=2, colour="red")
    assert config_to_dict(fields) == {"hidden": [8], "epochs": 2}
    assert config_to_dict(CONFIG) == {**CONFIG.to_dict(), "hidden": [32, 16]}
    preset = Preset("k", {"en": "T"}, {"en": "W"}, {"hidden": (8, 4)})
    assert preset.to_dict()["config"] == {"hidden": [8, 4]}


def test_a_new_preset_notes_default_to_its_title():
    preset = new_preset(CONFIG, "My run", view="loss")
    assert preset.watch == {"en": "My run"} and preset.view == "loss"
    assert new_preset(CONFIG, {"zh_TW": "我的"}).watch == {"en": ""}
    notes = {"en": "Watch.", "zh_TW": "注意。"}
    assert new_preset(CONFIG, "My run", notes).watch == notes


def test_a_new_preset_key_comes_from_the_english_title():
    titles = {"zh_TW": "我的訓練", "en": "My  run, again!"}
    assert new_preset(CONFIG, titles).key == "my-run-again"
    assert new_preset(CONFIG, {"fr": "Ma course"}).key == "ma-course"
    assert new_preset(CONFIG, "!!!").key == "preset"
    assert new_preset(CONFIG, {}).key == "preset"
    assert new_preset(CONFIG, "Title", key="own-key").key == "own-key"
