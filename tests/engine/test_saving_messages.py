"""Model files: each refusal of the loader named by its exact reason, and the random states'
ranges (a PCG64 state is any 128-bit number, its spare word any 32-bit one)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from model_file_parts import parts_of, write

from playground.engine import Dense, Dropout, ModelFileError, Sequential, load_model, saving


def small_model() -> Sequential:
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(2, "softmax")], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.train_on_batch(np.ones((2, 3), np.float32), np.eye(2, dtype=np.float32))
    return model


def reason_for(folder: Path, document: dict, arrays: dict, edit: Callable[[dict], None]) -> str:
    """The reason the loader gives for the file ``edit`` makes of the document."""
    edited = copy.deepcopy(document)
    edit(edited)
    path = write(folder / "bad.npz", edited, arrays)
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert caught.value.path == str(path)
    return caught.value.reason


def _set(*keys_and_value):
    *keys, last, value = keys_and_value

    def edit(document: dict) -> None:
        for key in keys:
            document = document[key]
        document[last] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (_set("format", "keras"), "this is not an nn-playground model file (wrong 'format')"),
        (_set("format_version", "1"), "the format version is missing or not a number: '1'"),
        (_set("format_version", 0), "unknown format version 0"),
        (_set("model", []), "the description lacks a valid 'model' (dict)"),
        (_set("model", True), "the description lacks a valid 'model' (dict)"),
        (_set("optimizer_state", None), "the description lacks a valid 'optimizer_state' (dict)"),
        (_set("model", "optimizer", None), "the description lacks the optimizer settings"),
        (
            _set("model", "optimizer", "beta_1", {"value": 0.9}),
            "the optimizer setting 'beta_1' must be a number, got {'value': 0.9}",
        ),
        (
            _set("model", "optimizer", "epsilon", "tiny"),
            "the optimizer setting 'epsilon' must be a number, got 'tiny'",
        ),
        (
            _set("model", "layers", 1, "name", "dense"),
            "inconsistent layers: two layers are named 'dense'; layer names must be unique",
        ),
        (
            _set("model", "metrics", ["bogus"]),
            "bad compile settings: Unknown metric 'bogus'. Choose one of: accuracy.",
        ),
        (
            _set("optimizer_state", "iterations", -1),
            "bad optimizer state: optimizer iterations must be an integer >= 0, got -1",
        ),
    ],
)
def test_each_broken_part_of_the_description_is_named(tmp_path: Path, edit, reason) -> None:
    document, arrays = parts_of(small_model(), tmp_path)
    assert reason_for(tmp_path, document, arrays, edit) == reason


def test_a_description_that_is_not_a_json_object_is_not_a_model_file(tmp_path: Path) -> None:
    path = tmp_path / "list.npz"
    np.savez(path, config=np.frombuffer(b"[1, 2]", dtype=np.uint8))
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert caught.value.reason == "this is not an nn-playground model file (wrong 'format')"


def test_a_schedule_as_learning_rate_leaves_the_other_settings_checked(tmp_path: Path) -> None:
    document, arrays = parts_of(small_model(), tmp_path)
    settings = document["model"]["optimizer"]
    schedule = {
        "class_name": "ExponentialDecay",
        "config": {"initial_learning_rate": 0.01, "decay_steps": 10, "decay_rate": 0.5},
    }
    assert list(settings).index("learning_rate") < list(settings).index("epsilon")
    settings["learning_rate"] = schedule
    loaded = load_model(write(tmp_path / "schedule.npz", document, arrays))
    assert loaded.optimizer.get_config()["learning_rate"]["class_name"] == "ExponentialDecay"
    settings["epsilon"] = None
    assert reason_for(tmp_path, document, arrays, lambda d: None) == (
        "the optimizer setting 'epsilon' must be a number, got None"
    )


def test_missing_and_unexpected_arrays_are_listed_five_at_most(tmp_path: Path) -> None:
    model = Sequential([Dense(3, "relu", input_dim=2)] + [Dense(3, "relu") for _ in range(3)])
    model.compile(loss="mean_squared_error", optimizer="sgd")
    document, arrays = parts_of(model, tmp_path)
    assert len(arrays) == 8
    path = write(tmp_path / "two.npz", document, {k: arrays[k] for k in list(arrays)[2:]})
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert caught.value.reason == "missing arrays: layer_0/kernel, layer_0/bias"
    path = write(tmp_path / "none.npz", document, {})
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert caught.value.reason == (
        "missing arrays: layer_0/kernel, layer_0/bias, layer_1/kernel, layer_1/bias, layer_2/kernel"
    )
    extra = {f"extra_{i}": np.zeros(1, np.float32) for i in range(7)}
    path = write(tmp_path / "extra.npz", document, {**arrays, **extra})
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert caught.value.reason == ("unexpected arrays: extra_0, extra_1, extra_2, extra_3, extra_4")


MALFORMED = "the shuffling state is malformed"


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (
            _set("shuffle_rng", "bit_generator", "MT19937"),
            "the shuffling state is not a PCG64 state",
        ),
        (_set("shuffle_rng", "state", {"state": 1}), MALFORMED),
        (_set("shuffle_rng", "state", {"state": 1, "inc": 1, "more": 1}), MALFORMED),
        (_set("shuffle_rng", "state", "state", "12"), MALFORMED),
        (_set("shuffle_rng", "state", "state", 1.5), MALFORMED),
        (_set("shuffle_rng", "state", "state", True), MALFORMED),
        (_set("shuffle_rng", "state", "state", -1), MALFORMED),
        (_set("shuffle_rng", "state", "state", 2**128), MALFORMED),
        (_set("shuffle_rng", "state", "inc", 2**128), MALFORMED),
        (_set("shuffle_rng", "uinteger", "0"), MALFORMED),
        (_set("shuffle_rng", "uinteger", 0.5), MALFORMED),
        (_set("shuffle_rng", "uinteger", True), MALFORMED),
        (_set("shuffle_rng", "uinteger", -1), MALFORMED),
        (_set("shuffle_rng", "uinteger", 2**32), MALFORMED),
        (_set("shuffle_rng", "has_uint32", 2**32), MALFORMED),
        (
            _set("shuffle_rng", "has_uint32", 2**32 - 1),  # in range, but NumPy refuses it
            "the shuffling state is malformed (value too large to convert to int)",
        ),
    ],
)
def test_each_malformed_shuffling_state_is_named(tmp_path: Path, edit, reason) -> None:
    document, arrays = parts_of(small_model(), tmp_path)
    assert reason_for(tmp_path, document, arrays, edit) == reason


@pytest.mark.parametrize("value", [0, 2**128 - 1])
def test_a_shuffling_state_anywhere_in_its_128_bits_is_restored(tmp_path: Path, value) -> None:
    document, arrays = parts_of(small_model(), tmp_path)
    document["shuffle_rng"]["state"]["state"] = value
    document["shuffle_rng"]["uinteger"] = 2**32 - 1
    loaded = load_model(write(tmp_path / "edge.npz", document, arrays))
    state = loaded._shuffle_rng.bit_generator.state
    assert (state["state"]["state"], state["uinteger"]) == (value, 2**32 - 1)


def test_a_malformed_layer_state_names_the_layer(tmp_path: Path) -> None:
    model = Sequential([Dense(4, "relu", input_dim=3), Dropout(0.5, name="drop"), Dense(2)])
    model.compile(loss="mean_squared_error", optimizer="sgd")
    document, arrays = parts_of(model, tmp_path)
    cases = [
        ({"bit_generator": "MT19937"}, "the random state of 'drop' is not a PCG64 state"),
        (
            {**document["training_layer_rngs"][0], "uinteger": -1},
            "the random state of 'drop' is malformed",
        ),
        (
            {**document["training_layer_rngs"][0], "has_uint32": 2**32 - 1},
            "the random state of 'drop' is malformed (value too large to convert to int)",
        ),
    ]
    for state, reason in cases:
        assert reason_for(tmp_path, document, arrays, _set("training_layer_rngs", 0, state)) == (
            reason
        )


# ------------------------------------------------------------------------ what the system refuses
def test_a_missing_file_and_a_name_too_long_are_named(tmp_path: Path) -> None:
    for path, reason in [
        (tmp_path / "nowhere.npz", "the file does not exist"),
        (tmp_path / ("x" * 300), "cannot read the file (File name too long)"),
    ]:
        with pytest.raises(ModelFileError) as caught:
            load_model(path)
        assert (caught.value.path, caught.value.reason) == (str(path), reason)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (IsADirectoryError(21, "Is a directory"), "this is a folder, not a model file"),
        (PermissionError(13, "Permission denied"), "permission denied"),
        (MemoryError(), "the file claims more memory than is available"),
        (OSError(5, "Input/output error"), "cannot read the file (Input/output error)"),
    ],
)
def test_errors_of_the_system_are_named(tmp_path: Path, monkeypatch, error, reason) -> None:
    """What the operating system may answer (a folder on some systems, no permission even as
    the owner's administrator, no memory left, a failing disk), each in the user's words."""
    path = write(tmp_path / "model.npz", *parts_of(small_model(), tmp_path))

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(saving, "open_regular", refuse)
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert (caught.value.path, caught.value.reason) == (str(path), reason)


def test_a_damaged_archive_is_named_by_the_first_line_of_what_went_wrong(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "damaged.npz"
    path.write_bytes(b"PK\x03\x04" + bytes(60))  # a zip's first bytes, then nothing of one
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    assert caught.value.reason == "not a valid model file (BadZipFile: File is not a zip file)"

    for error, reason in [
        (
            ValueError("  first line\nsecond line"),
            "not a valid model file (ValueError: first line)",
        ),
        (EOFError(), "not a valid model file (EOFError)"),
        (KeyError(" "), "not a valid model file (KeyError: ' ')"),
    ]:

        def fail(*args, error=error):
            raise error

        monkeypatch.setattr(saving, "_load", fail)
        with pytest.raises(ModelFileError) as caught:
            load_model(path)
        assert (caught.value.path, caught.value.reason) == (str(path), reason)
