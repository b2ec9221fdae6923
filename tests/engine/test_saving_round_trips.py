"""Model files: every layer and loss setting survives a round trip, saving refuses what loading
would, the loader's size messages name the layer, progress counts the bytes read, and a member
whose stored data ends early is reported as truncated."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from model_file_parts import parts_of as document_and_arrays
from model_file_parts import write

from playground.engine import Dense, ModelFileError, Sequential, limits, load_model


def save_and_load(model: Sequential, folder: Path) -> Sequential:
    model.save(folder / "model.npz")
    return load_model(folder / "model.npz")


def reason(path: Path) -> str:
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    return caught.value.reason


def small_model() -> Sequential:
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(2, "softmax")], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    return model


# ------------------------------------------------------------------------ round trips
def test_leaky_slopes_and_weight_penalties_round_trip(tmp_path: Path) -> None:
    model = Sequential(
        [
            Dense(5, "leaky_relu", input_dim=3, negative_slope=0.05, kernel_regularizer="l2"),
            Dense(2, "softmax", bias_regularizer="l1"),
        ],
        seed=1,
    )
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    loaded = save_and_load(model, tmp_path)
    assert loaded.get_config() == model.get_config()
    assert loaded.layers[0].negative_slope == 0.05
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_sparse_cross_entropy_round_trips_and_needs_two_outputs(tmp_path: Path) -> None:
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(3, "softmax")], seed=0)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd")
    assert save_and_load(model, tmp_path).loss == "sparse_categorical_crossentropy"
    document, arrays = document_and_arrays(model, tmp_path)
    document["model"]["layers"][1]["units"] = 1
    arrays["layer_1/kernel"] = arrays["layer_1/kernel"][:, :1].copy()
    arrays["layer_1/bias"] = arrays["layer_1/bias"][:1].copy()
    path = write(tmp_path / "one.npz", document, arrays)
    assert (
        reason(path) == "The loss 'sparse_categorical_crossentropy' needs at least 2 output units."
    )


def test_an_uncompiled_model_file_holds_no_optimizer_state(tmp_path: Path) -> None:
    model = Sequential([Dense(2, "relu", input_dim=3)], seed=0)
    model.build()
    document, arrays = document_and_arrays(model, tmp_path)
    assert document["optimizer_state"] is None
    assert sorted(arrays) == ["layer_0/bias", "layer_0/kernel"]


def test_a_later_layer_may_leave_its_input_width_to_the_layer_before(tmp_path: Path) -> None:
    model = small_model()
    document, arrays = document_and_arrays(model, tmp_path)
    del document["model"]["layers"][1]["input_dim"]
    loaded = load_model(write(tmp_path / "implicit.npz", document, arrays))
    assert loaded.layers[1].input_dim == 4
    np.testing.assert_array_equal(loaded.layers[1].kernel, model.layers[1].kernel)


def test_a_layer_that_does_not_fit_the_one_before_is_named(tmp_path: Path) -> None:
    document, arrays = document_and_arrays(small_model(), tmp_path)
    document["model"]["layers"][1]["input_dim"] = 5
    path = write(tmp_path / "misfit.npz", document, arrays)
    assert reason(path) == "layer 1 expects 5 inputs, the layer before has 4"


# ------------------------------------------------------------------------ saving refuses first
@pytest.mark.parametrize(
    ("layer", "message"),
    [
        (Dense(4, "relu", input_dim=10), "the input is 10 wide"),
        (Dense(10, "relu", input_dim=4), "layer 1 is 10 wide"),
        (Dense(4, "maxout", input_dim=2, pieces=3), "layer 1 is 12 wide"),
    ],
)
def test_saving_refuses_a_layer_wider_than_the_loader_reads(
    tmp_path: Path, monkeypatch, layer: Dense, message: str
) -> None:
    model = Sequential([layer], seed=0)
    model.build()
    monkeypatch.setattr(limits, "MAX_UNITS", 8)
    with pytest.raises(limits.LimitError, match=message):
        model.save(tmp_path / "wide.npz")
    assert list(tmp_path.iterdir()) == []


def test_saving_a_model_without_weights_is_refused_by_name(tmp_path: Path) -> None:
    model = Sequential([Dense(2, "relu")], seed=0)
    with pytest.raises(ValueError) as caught:
        model.save(tmp_path / "empty.npz")
    assert str(caught.value) == (
        "cannot save a model that is not built yet (its input width is unknown)"
    )
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------ the loader's sizes
TOO_LARGE = "the file declares a network too large to load: "
WIDE = "wide, more than the limit of 65,536 (its weights would not fit in memory)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"units": 70_000}, f"layer 0 is 70,000 {WIDE}"),
        ({"activation": "maxout", "units": 40_000, "pieces": 2}, f"layer 0 is 80,000 {WIDE}"),
        ({"input_dim": 70_000}, f"the input of layer 0 is 70,000 {WIDE}"),
        (
            {"activation": "maxout", "units": 4000, "pieces": 2, "input_dim": 3000},
            f"the network has {3001 * 4000 * 2 + 4001 * 2:,} parameters, more than the limit "
            "of 20,000,000 (about 320 MB while training with Adam)",
        ),
    ],
)
def test_a_declared_width_above_the_limit_names_the_layer(
    tmp_path: Path, change: dict, message: str
) -> None:
    document, arrays = document_and_arrays(small_model(), tmp_path)
    document["model"]["layers"][0].update(change)
    document["model"]["layers"][1]["input_dim"] = change.get("units", 4)
    path = write(tmp_path / "wide.npz", document, arrays)
    assert reason(path) == TOO_LARGE + message


def test_an_archive_without_a_description_or_with_a_flat_one_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bare.npz"
    np.savez(path, weights=np.zeros(3, np.float32))
    assert reason(path) == "no 'config' entry: this is not an nn-playground model file"
    np.savez(path, config=np.zeros((2, 3), np.uint8))
    assert reason(path) == "the 'config' entry is not a small UTF-8 byte array"


# ------------------------------------------------------------------------ progress, truncation
def test_progress_reports_the_bytes_read_every_4_mib_and_after_each_array(tmp_path: Path) -> None:
    model = Sequential([Dense(1200, "relu", input_dim=1000), Dense(10, "softmax")], seed=0)
    model.build()
    model.save(tmp_path / "m.npz")
    kernel_0, bias_0, kernel_1, bias_1 = 4 * 1000 * 1200, 4 * 1200, 4 * 1200 * 10, 4 * 10
    total = kernel_0 + bias_0 + kernel_1 + bias_1
    read = [1 << 22, kernel_0, kernel_0 + bias_0, total - bias_1, total]
    seen: list[float] = []
    load_model(tmp_path / "m.npz", progress=seen.append)
    assert seen == [count / total for count in read]


def cut_short(path: Path, member: str, by: int) -> None:
    """Make the stored data of ``member`` end ``by`` bytes early (with a matching CRC), while
    its header still declares the whole array: what a damaged copy can look like."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        data = archive.read(member)
    assert info.compress_type == zipfile.ZIP_STORED
    raw = bytearray(path.read_bytes())
    crc = zlib.crc32(data[:-by])
    name = member.encode()
    local = info.header_offset  # signature, ..., crc at 14, compressed size at 18
    central = raw.find(b"PK\x01\x02")  # the central directory: crc at 16, size at 20
    while raw[central + 46 : central + 46 + len(name)] != name:
        central = raw.find(b"PK\x01\x02", central + 4)
    for offset in (local + 14, central + 16):
        size = struct.unpack_from("<I", raw, offset + 4)[0]
        struct.pack_into("<II", raw, offset, crc, size - by)
    path.write_bytes(bytes(raw))


def test_an_array_whose_stored_data_ends_early_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "cut.npz"
    small_model().save(path)
    cut_short(path, "layer_1/bias.npy", 4)
    assert reason(path) == "'layer_1/bias' is truncated"
