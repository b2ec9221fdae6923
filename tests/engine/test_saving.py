"""Model files: round trips, resumed training, atomic saving, and a loader that trusts nothing."""

from __future__ import annotations

import io
import json
import os
import pickle
import random
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from model_file_parts import parts_of as _parts_of

from playground.engine import (
    Dense,
    ModelFileError,
    Sequential,
    load_model,
    optimizers,
    saving,
)


def data(n=240, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 6), dtype=np.float32)
    labels = (x[:, 0] + x[:, 1] > x[:, 2] + 0.5).astype(int) + (x[:, 3] > 0.7)
    return x, np.eye(3, dtype=np.float32)[labels]


def trained_model(optimizer="nadam", activation="maxout", seed=0, epochs=1) -> Sequential:
    model = Sequential(
        [
            Dense(7, activation=activation, input_dim=6, pieces=3),
            Dense(5, activation="elu", alpha=0.3),
            Dense(3, activation="softmax"),
        ],
        seed=seed,
    )
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    x, y = data()
    model.fit(x, y, batch_size=32, epochs=epochs)
    return model


@pytest.mark.parametrize("optimizer", optimizers.NAMES)
def test_save_load_gives_identical_predictions_and_config(tmp_path: Path, optimizer: str) -> None:
    model = trained_model(optimizer)
    path = tmp_path / "digits.npz"
    model.save(path)
    loaded = load_model(path)
    x, y = data(50, seed=1)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    assert loaded.get_config() == model.get_config()
    assert loaded.evaluate(x, y) == model.evaluate(x, y)
    assert loaded.optimizer.iterations == model.optimizer.iterations


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "nadam", "rmsprop"])
def test_training_continues_after_load_exactly_as_without_saving(
    tmp_path: Path, optimizer: str
) -> None:
    if optimizer == "sgd":
        optimizer = optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
    elif optimizer == "rmsprop":
        optimizer = optimizers.RMSprop(momentum=0.5, centered=True)
    x, y = data()
    uninterrupted = trained_model(optimizers.get(optimizers.get(optimizer).get_config()), epochs=1)
    history = uninterrupted.fit(x, y, batch_size=32, epochs=2)

    first = trained_model(optimizers.get(optimizers.get(optimizer).get_config()), epochs=1)
    first.save(tmp_path / "half.npz")
    resumed = load_model(tmp_path / "half.npz")
    history_resumed = resumed.fit(x, y, batch_size=32, epochs=2)

    assert history_resumed.history == history.history
    for a, b in zip(resumed.get_weights(), uninterrupted.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_uncompiled_model_round_trips(tmp_path: Path) -> None:
    model = Sequential([Dense(4, "tanh", input_dim=2), Dense(1)], seed=3)
    model.save(tmp_path / "m.npz")
    loaded = load_model(tmp_path / "m.npz")
    assert loaded.optimizer is None and loaded.loss is None
    np.testing.assert_array_equal(loaded.predict(np.ones((2, 2))), model.predict(np.ones((2, 2))))


def test_file_holds_json_and_float32_arrays_without_pickles(tmp_path: Path) -> None:
    trained_model("adam").save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as archive:
        document = json.loads(archive["config"].tobytes())
        assert document["format"] == "nn-playground-model"
        assert document["format_version"] == saving.FORMAT_VERSION
        assert document["model"]["optimizer"]["name"] == "adam"
        arrays = {k: archive[k] for k in archive.files if k != "config"}
    assert {"layer_0/kernel", "layer_0/bias", "optimizer/momentum/0"} <= set(arrays)
    assert all(a.dtype == np.float32 for a in arrays.values())


# ------------------------------------------------------------------------ atomic saving
def test_failed_save_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "model.npz"
    old = trained_model("adam", seed=1)
    old.save(path)
    before = path.read_bytes()
    real_savez = np.savez

    def savez_that_dies_halfway(file, **arrays):
        buffer = io.BytesIO()
        real_savez(buffer, **arrays)
        file.write(buffer.getvalue()[: len(buffer.getvalue()) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saving.np, "savez", savez_that_dies_halfway)
    new = trained_model("sgd", seed=2)
    with pytest.raises(OSError, match="No space"):
        new.save(path)
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]  # no temp file left
    x, _ = data(20)
    np.testing.assert_array_equal(load_model(path).predict(x), old.predict(x))


def test_failed_rename_leaves_the_previous_file_intact(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "model.npz"
    trained_model(seed=1).save(path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise PermissionError("simulated")

    monkeypatch.setattr(saving.os, "replace", broken_replace)
    with pytest.raises(PermissionError):
        trained_model(seed=2).save(path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert len(list(tmp_path.iterdir())) == 1
    load_model(path)


def test_save_replaces_the_file_and_syncs_it(tmp_path: Path, monkeypatch) -> None:
    # What reaches the disk, in order: ("fsync", inode) and ("replace", inode, destination).
    events: list[tuple] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(src, dst, **kwargs):
        events.append(("replace", os.stat(src).st_ino, Path(dst)))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(saving.os, "fsync", fsync)
    monkeypatch.setattr(saving.os, "replace", replace)
    path = tmp_path / "model.npz"
    trained_model(seed=1).save(path)
    second = trained_model(seed=2)
    events.clear()
    second.save(path)
    renames = [i for i, e in enumerate(events) if e[0] == "replace" and e[2] == path]
    assert len(renames) == 1
    rename = renames[0]
    new_file = events[rename][1]
    assert path.stat().st_ino == new_file
    # the new file's data is flushed to disk before it takes the old one's name
    assert ("fsync", new_file) in events[:rename]
    if os.name == "posix":  # and the rename itself is made durable through the folder
        assert ("fsync", tmp_path.stat().st_ino) in events[rename:]
    x, _ = data(10)
    np.testing.assert_array_equal(load_model(path).predict(x), second.predict(x))


# ------------------------------------------------------------------------ the loader's checks
def _write(path: Path, document, arrays: dict[str, np.ndarray], raw_config=None) -> None:
    config = raw_config
    if config is None:
        config = np.frombuffer(json.dumps(document).encode(), dtype=np.uint8)
    with open(path, "wb") as handle:
        np.savez(handle, config=config, **arrays)


def _expect_error(path: Path, *fragments: str) -> ModelFileError:
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    assert caught.value.path == str(path)
    return caught.value


@pytest.fixture
def parts(tmp_path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The description and arrays of a saved, trained model, to craft bad files from."""
    return _parts_of(trained_model("adam"), tmp_path)


def test_clear_errors_for_hand_crafted_problems(tmp_path: Path, parts) -> None:
    document, arrays = parts
    p = tmp_path / "bad.npz"

    _write(p, {**document, "format_version": 99}, arrays)
    _expect_error(p, "format version 99", "newer")

    bad = dict(arrays)
    bad["layer_1/kernel"] = np.zeros((3, 3), np.float32)
    _write(p, document, bad)
    _expect_error(p, "layer_1/kernel", "shape (3, 3)")

    bad = dict(arrays)
    bad["layer_0/bias"] = arrays["layer_0/bias"].astype(np.float64)
    _write(p, document, bad)
    _expect_error(p, "layer_0/bias", "float64")

    bad = dict(arrays)
    bad["layer_2/kernel"] = arrays["layer_2/kernel"].copy()
    bad["layer_2/kernel"][0, 0] = np.nan
    _write(p, document, bad)
    _expect_error(p, "layer_2/kernel", "nan")

    bad = dict(arrays)
    bad["optimizer/velocity/1"] = np.full_like(arrays["optimizer/velocity/1"], np.inf)
    _write(p, document, bad)
    _expect_error(p, "optimizer/velocity/1", "infinite")

    bad = dict(arrays)
    del bad["layer_0/kernel"]
    _write(p, document, bad)
    _expect_error(p, "missing", "layer_0/kernel")

    _write(p, document, {**arrays, "extra": np.zeros(2, np.float32)})
    _expect_error(p, "unexpected", "extra")

    _write(p, document, arrays, raw_config=np.frombuffer(b"{not json", dtype=np.uint8))
    _expect_error(p, "JSON")

    broken = json.loads(json.dumps(document))
    broken["model"]["layers"][1]["activation"] = "swish"
    _write(p, broken, arrays)
    _expect_error(p, "layer 1", "swish")

    broken = json.loads(json.dumps(document))
    broken["model"]["optimizer"]["name"] = "lbfgs"
    _write(p, broken, arrays)
    _expect_error(p, "optimizer", "lbfgs")

    broken = json.loads(json.dumps(document))
    broken["model"]["layers"][2]["activation"] = "relu"  # cross-entropy without softmax
    _write(p, broken, arrays)
    _expect_error(p, "softmax")

    p.write_bytes(b"")
    _expect_error(p)
    p.write_bytes(b"hello, I am not a model")
    _expect_error(p)
    np.save(tmp_path / "single.npy", np.zeros(3, np.float32))
    _expect_error(tmp_path / "single.npy", "not a model file")
    _expect_error(tmp_path / "does-not-exist.npz", "does not exist")
    _expect_error(tmp_path, "folder")


class _Evil:
    """Unpickling this would write a marker file: proof that code from the file ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('pwned')",))


def test_pickled_payloads_are_never_run(tmp_path: Path, parts) -> None:
    document, arrays = parts
    marker = tmp_path / "marker"
    p = tmp_path / "evil.npz"

    p.write_bytes(pickle.dumps(_Evil(marker)))  # a bare pickle
    _expect_error(p)

    payload = np.empty(1, dtype=object)
    payload[0] = _Evil(marker)
    _write(p, document, {**arrays, "layer_0/kernel": payload})  # object array instead of weights
    _expect_error(p, "layer_0/kernel", "object")

    _write(p, document, arrays, raw_config=payload)  # object array as the description
    _expect_error(p)

    with zipfile.ZipFile(p, "w") as archive:  # a pickle disguised as a .npy member
        archive.writestr("config.npy", pickle.dumps(_Evil(marker)))
    _expect_error(p)

    assert not marker.exists()


# ------------------------------------------------------------------------ fuzzing
_JUNK = [None, -1, 0, 1, 2.5, 1e308, -1e308, "x", "", [], {}, True, False, [1, 2], {"a": 1}, 10**30]


def _mutate_json(rng: random.Random, document):
    """Replace, delete or retype one random node of the JSON document."""
    doc = json.loads(json.dumps(document))
    containers = []

    def walk(node):
        if isinstance(node, dict):
            for key in node:
                containers.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for i in range(len(node)):
                containers.append((node, i))
                walk(node[i])

    walk(doc)
    parent, key = rng.choice(containers)
    action = rng.random()
    if action < 0.15 and isinstance(parent, dict):
        del parent[key]
    elif (
        action < 0.3 and isinstance(parent[key], (int, float)) and not isinstance(parent[key], bool)
    ):
        parent[key] = parent[key] * rng.choice([-1, 0, 2, 1000, 10**9]) + rng.choice([0, 1, -1])
    else:
        parent[key] = rng.choice(_JUNK)
    return doc


def _mutate_arrays(rng: random.Random, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    arrays = dict(arrays)
    key = rng.choice(sorted(arrays))
    a = arrays[key]
    choice = rng.randrange(9)
    if choice == 0:
        arrays[key] = a.astype(
            rng.choice([np.float64, np.float16, np.int32, np.bool_, np.complex64])
        )
    elif choice == 1:
        arrays[key] = a.astype(">f4")
    elif choice == 2:
        arrays[key] = np.zeros(tuple(s + rng.choice([-1, 1]) for s in a.shape) or (2,), np.float32)
    elif choice == 3:
        b = a.copy()
        b.flat[rng.randrange(b.size)] = rng.choice([np.nan, np.inf, -np.inf])
        arrays[key] = b
    elif choice == 4:
        del arrays[key]
    elif choice == 5:
        arrays[f"junk{rng.randrange(3)}"] = a
    elif choice == 6:
        arrays[key] = np.array(rng.random(), dtype=np.float32)  # 0-d
    elif choice == 7:
        arrays[key] = np.asfortranarray(a.reshape(a.shape[::-1]) if a.ndim == 2 else a)
    else:
        arrays[key] = np.array(["a string"])
    return arrays


def _mutate_bytes(rng: random.Random, blob: bytes) -> bytes:
    data = bytearray(blob)
    choice = rng.randrange(4)
    if choice == 0:  # truncate
        return bytes(data[: rng.randrange(len(data))])
    if choice == 1:  # flip a few bytes
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if choice == 2:  # delete a chunk
        start = rng.randrange(len(data))
        del data[start : start + rng.randint(1, 64)]
        return bytes(data)
    start = rng.randrange(len(data))  # insert junk
    data[start:start] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def _load_only_model_file_errors(path: Path, shapes: list[tuple[int, ...]]) -> str:
    try:
        model = load_model(path)
    except ModelFileError as error:
        assert str(path) in str(error)
        return "rejected"
    # A mutation that keeps the file valid (say, one weight changed) may load; then it is the
    # same network (the damage never reshapes it) and it answers like one.
    weights = model.get_weights()
    assert [w.shape for w in weights] == shapes
    assert all(w.dtype == np.float32 and np.isfinite(w).all() for w in weights)
    assert model.predict(np.ones((2, shapes[0][0]), np.float32)).shape == (2, shapes[-1][0])
    return "loaded"


@pytest.fixture
def scratch_dir(tmp_path: Path):
    """A folder in memory (/dev/shm) when there is one: thousands of small files, fast."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(dir=shm, prefix="nnp-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_fuzzed_model_files_only_ever_raise_model_file_error(scratch_dir: Path) -> None:
    # A small model with optimizer state (SGD momentum): 2 layers, 8 arrays, quick to load.
    model = Sequential([Dense(4, "maxout", input_dim=3), Dense(3, "softmax")], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer=optimizers.SGD(momentum=0.9))
    model.train_on_batch(np.ones((2, 3)), np.eye(3)[:2])
    document, arrays = _parts_of(model, scratch_dir)
    tmp_path = scratch_dir
    original = tmp_path / "original.npz"
    _write(original, document, arrays)
    blob = original.read_bytes()
    rng = random.Random(1234)
    path = tmp_path / "fuzz.npz"
    outcomes = {"rejected": 0, "loaded": 0}
    shapes = [w.shape for w in model.get_weights()]
    cases = 0
    for _ in range(1300):  # byte-level damage: truncation, flipped, deleted, inserted bytes
        path.write_bytes(_mutate_bytes(rng, blob))
        outcomes[_load_only_model_file_errors(path, shapes)] += 1
        cases += 1
    for _ in range(450):  # structurally valid archives with a damaged description
        _write(path, _mutate_json(rng, document), arrays)
        outcomes[_load_only_model_file_errors(path, shapes)] += 1
        cases += 1
    for _ in range(350):  # valid description, damaged arrays
        _write(path, document, _mutate_arrays(rng, arrays))
        outcomes[_load_only_model_file_errors(path, shapes)] += 1
        cases += 1
    assert cases >= 2000
    assert outcomes["rejected"] > 1500  # most damage is caught, not silently accepted


def _noisy_model(seed: int = 0) -> Sequential:
    """Augmentation, noise and dropout: every random stream a training step draws on."""
    from playground.engine import Dropout, GaussianNoise, RandomRotation, RandomTranslation

    model = Sequential(
        [RandomRotation(0.1), RandomTranslation(0.1, 0.1), GaussianNoise(0.2),
         Dense(12, activation="relu", input_dim=16), Dropout(0.5),
         Dense(3, activation="softmax")],
        seed=seed,
    )  # fmt: skip
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def test_dropout_and_augmentation_continue_their_random_streams_after_load(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(5)
    x = rng.random((96, 16), dtype=np.float32)
    y = np.eye(3, dtype=np.float32)[rng.integers(0, 3, 96)]
    uninterrupted = _noisy_model()
    uninterrupted.fit(x, y, batch_size=16, epochs=1)
    half = _noisy_model()
    half.fit(x, y, batch_size=16, epochs=1)
    half.save(tmp_path / "half.npz")
    expected = uninterrupted.fit(x, y, batch_size=16, epochs=2).history

    resumed = load_model(tmp_path / "half.npz")
    assert resumed.fit(x, y, batch_size=16, epochs=2).history == expected
    for a, b in zip(resumed.get_weights(), uninterrupted.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    # A file from before the layers' streams were kept still opens, but its layers start
    # their streams over, so the run goes another way.
    with np.load(tmp_path / "half.npz", allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    document = json.loads(arrays["config"].tobytes())
    del document["training_layer_rngs"]
    arrays["config"] = np.frombuffer(json.dumps(document).encode(), np.uint8)
    np.savez(tmp_path / "older.npz", **arrays)
    assert load_model(tmp_path / "older.npz").fit(x, y, batch_size=16, epochs=2).history != expected


def test_a_malformed_training_layer_state_is_refused(tmp_path: Path) -> None:
    model = _noisy_model()
    model.save(tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz", allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    document = json.loads(arrays["config"].tobytes())
    for states, message in [
        (document["training_layer_rngs"][:2], "do not match its 4 layers"),
        ([*document["training_layer_rngs"][:3], {"bit_generator": "MT19937"}], "PCG64"),
    ]:
        text = json.dumps({**document, "training_layer_rngs": states}).encode()
        bad = dict(arrays, config=np.frombuffer(text, np.uint8))
        np.savez(tmp_path / "bad.npz", **bad)
        with pytest.raises(ModelFileError, match=message):
            load_model(tmp_path / "bad.npz")


def _layer_edit(index: int, key: str, value=None, remove: bool = False):
    def edit(layers: list) -> None:
        if remove:
            del layers[index][key]
        else:
            layers[index][key] = value

    return edit


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda layers: layers.clear(), "the description has no layers"),
        (
            lambda layers: layers.__setitem__(1, "dense"),
            "layer 1 is not described by a JSON object",
        ),
        (_layer_edit(1, "colour", 1), "layer 1 has unknown settings ['colour']"),
        (_layer_edit(1, "name", remove=True), "layer 1 has no name"),
        (_layer_edit(1, "units", 2.5), "layer 1: units must be an integer, got 2.5"),
        (_layer_edit(0, "input_dim", True), "layer 0: input_dim must be an integer, got True"),
        (_layer_edit(1, "pieces", "3"), "layer 1: pieces must be an integer, got '3'"),
        (_layer_edit(1, "alpha", "big"), "layer 1: alpha must be a number, got 'big'"),
        (_layer_edit(1, "alpha", False), "layer 1: alpha must be a number, got False"),
        (_layer_edit(1, "alpha", 1000.0), "layer 1: alpha 1000 is above 100"),
        (_layer_edit(0, "input_dim", remove=True), "the first layer has no input_dim"),
    ],
)
def test_each_broken_layer_description_is_named(tmp_path: Path, parts, edit, reason) -> None:
    document, arrays = parts
    broken = json.loads(json.dumps(document))
    edit(broken["model"]["layers"])
    p = tmp_path / "bad.npz"
    _write(p, broken, arrays)
    assert _expect_error(p).reason == reason


def test_an_elu_alpha_at_the_limit_loads(tmp_path: Path, parts) -> None:
    document, arrays = parts
    edited = json.loads(json.dumps(document))
    edited["model"]["layers"][1]["alpha"] = 100.0  # the largest alpha allowed
    p = tmp_path / "edge.npz"
    _write(p, edited, arrays)
    assert load_model(p).layers[1].alpha == 100.0


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("seed", -1, "the seed must be an integer >= 0, got -1"),
        ("seed", "7", "the seed must be an integer >= 0, got '7'"),
        ("seed", True, "the seed must be an integer >= 0, got True"),
        ("name", 7, "the model name must be a string"),
        (
            "training_layers",
            "dropout",
            "bad layers without weights: 'training_layers' must be a (short) list",
        ),
    ],
)
def test_each_broken_model_setting_is_named(tmp_path: Path, parts, key, value, reason) -> None:
    document, arrays = parts
    broken = json.loads(json.dumps(document))
    broken["model"][key] = value
    p = tmp_path / "bad.npz"
    _write(p, broken, arrays)
    assert _expect_error(p).reason == reason


def test_a_loaded_model_keeps_its_name_and_defaults_what_is_left_out(tmp_path: Path, parts) -> None:
    document, arrays = parts
    named = json.loads(json.dumps(document))
    named["model"]["name"] = "digits"
    p = tmp_path / "named.npz"
    _write(p, named, arrays)
    assert load_model(p).name == "digits"
    for key in ("name", "metrics", "training_layers"):
        del named["model"][key]
    _write(p, named, arrays)
    model = load_model(p)
    assert (model.name, model.metrics, model.stack) == ("sequential", [], model.layers)


def test_files_that_are_not_archives_say_what_they_are(tmp_path: Path) -> None:
    single = tmp_path / "single.npz"
    with open(single, "wb") as handle:
        np.save(handle, np.zeros(3, np.float32))
    assert _expect_error(single).reason == "not a model file (a single .npy array)"
    text = tmp_path / "text.npz"
    text.write_text("weights", encoding="utf-8")
    assert _expect_error(text).reason == "not a model file (not an .npz archive)"
