"""Preset files that are damaged, huge, special or hostile: each one skipped, named, alone."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.training.presets import (
    MAX_FILE_BYTES,
    PresetError,
    builtin_folder,
    load_preset,
    load_presets,
    preset_from_dict,
)
from playground.training.rich_text import MAX_CHARS, sanitize

# The presets that ship with the app: one file each.
N_BUILTIN = len(list(builtin_folder().glob("*.json")))


def _preset(**config) -> dict:
    return {"title": {"en": "t"}, "watch": {"en": "w"}, "config": config}


def _write(folder: Path, name: str, content: str | dict) -> Path:
    path = folder / name
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (_preset(epochs=10**12), ["epochs", "at most 100,000"]),
        (_preset(seed=2**40), ["seed", "at most"]),
        (_preset(hidden=[10**9]), ["hidden", "limit"]),
        (_preset(hidden=[1] * 2000), ["hidden", "layers"]),
        (_preset(elu_alpha=1e308), ["alpha"]),
        (_preset(elu_alpha=10**400), ["elu_alpha"]),
        (_preset(learning_rate=10**400), ["learning_rate"]),
        (_preset(batch_size=10**30), ["batch"]),
        ('{"config": {"epochs": ' + "9" * 5000 + "}}", ["not usable JSON"]),
        ("[" * 100_000 + "]" * 100_000, ["JSON"]),
        ('{"title": {"en": ' + "[" * 5000 + "]" * 5000 + "}}", ["JSON"]),
        (_preset(optimizer_params={"momentum": None}), ["momentum"]),
        ({"title": {"en": "t"}, "watch": {"en": "w"}, "config": {}, "variants": [{"x": 1}]}, ["x"]),
        ({"title": {"en": "t"}, "watch": {"en": "w"}, "config": {}, "variants": 5}, ["variants"]),
        ({"title": {"en": 5}, "watch": {"en": "w"}, "config": {}}, ["title"]),
    ],
)
def test_a_damaged_preset_is_skipped_with_its_reason_and_the_others_load(
    tmp_path: Path, content, words
):
    _write(tmp_path, "bad.json", content)
    _write(tmp_path, "good.json", _preset(epochs=2) | {"title": {"en": "Good one"}})
    errors: list[PresetError] = []
    presets = load_presets(user_folder=tmp_path, errors=errors)
    assert [p.title_for("en") for p in presets][-1] == "Good one"
    assert len(presets) == N_BUILTIN + 1
    assert len(errors) == 1 and "bad.json" in str(errors[0])
    for word in words:
        assert word in str(errors[0]), str(errors[0])


def test_a_preset_file_larger_than_the_limit_is_refused_unread(tmp_path: Path):
    path = _write(tmp_path, "big.json", _preset() | {"pad": "x" * MAX_FILE_BYTES})
    with pytest.raises(PresetError, match="more than"):
        load_preset(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
@pytest.mark.timeout(30)
def test_a_fifo_and_a_dev_zero_link_in_the_folder_neither_block_nor_fill_memory(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    errors: list[PresetError] = []
    presets = load_presets(user_folder=tmp_path, errors=errors)
    assert len(presets) == N_BUILTIN
    reasons = sorted(e.reason for e in errors)
    assert reasons == [
        "this is a FIFO (named pipe), not a preset file",
        "this is a character device, not a preset file",
    ]


def test_a_non_utf8_preset_is_named_as_such(tmp_path: Path):
    path = tmp_path / "latin.json"
    path.write_bytes('{"title": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(PresetError, match="not UTF-8"):
        load_preset(path)


def test_notes_keep_plain_formatting_and_lose_pictures_and_length():
    hostile = '<b>Look</b> <img width=30000 height=30000 src="x.png"> at <i>this</i><br/>'
    clean = sanitize(hostile)
    assert "<img" not in clean and "&lt;img width=30000" in clean
    assert clean.startswith("<b>Look</b>") and "<i>this</i>" in clean and "<br>" in clean
    assert len(sanitize("x" * 10**6)) == MAX_CHARS
    assert sanitize("<b onclick='x'>unclosed") == "<b>unclosed</b>"
    assert sanitize("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    preset = preset_from_dict(
        {
            "key": "k",
            "title": {"en": "  A <img src=x>\n title  "},
            "watch": {"en": hostile},
            "config": {},
        }
    )
    assert preset.title_for("en") == "A <img src=x> title"  # plain text, escaped when shown
    assert "<img" not in preset.watch_for("en")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_sanitized_notes_hold_only_allowed_bare_tags(text: str):
    clean = sanitize(text)
    assert sanitize(clean) == clean  # stable: saving and loading again changes nothing
    import re

    for tag in re.findall(r"<\s*/?\s*([a-zA-Z][^\s/>]*)[^>]*>", clean):
        assert tag in {
            "b",
            "strong",
            "i",
            "em",
            "u",
            "br",
            "p",
            "ul",
            "ol",
            "li",
            "sub",
            "sup",
            "code",
            "tt",
        }, clean


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "hidden",
                "epochs",
                "seed",
                "learning_rate",
                "batch_size",
                "elu_alpha",
                "maxout_pieces",
                "activation",
                "optimizer_params",
                "train_size",
                "validation_split",
                "test_size",
                "dataset",
                "loss",
            ]
        ),
        _JSON,
        max_size=5,
    )
)
def test_fuzzed_preset_settings_load_or_raise_preset_error_only(config: dict):
    try:
        preset = preset_from_dict({"key": "k", "title": "t", "watch": "w", "config": config})
    except PresetError:
        return
    cfg = preset.training_config()  # what Apply does: it must never raise
    assert cfg.validate(n_train_available=60000) == []
