"""Model files that declare huge sizes, decompression bombs, special files, progress, cancel."""

from __future__ import annotations

import os
import threading
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_file_parts import parts_of, write

from playground.engine import Dense, ModelFileError, Sequential, limits, load_model, saving


def small_model() -> Sequential:
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(2, "softmax")], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.train_on_batch(np.ones((2, 3), np.float32), np.eye(2, dtype=np.float32))
    return model


def parts(folder: Path) -> tuple[dict, dict[str, np.ndarray]]:
    return parts_of(small_model(), folder)


def load_with_peak(path: Path) -> tuple[ModelFileError, int]:
    """The loader's error and the most memory Python allocated meanwhile (bytes)."""
    tracemalloc.start()
    try:
        with pytest.raises(ModelFileError) as caught:
            load_model(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(path) in str(caught.value)
    return caught.value, peak


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"units": 10**9}, "limit"),
        ({"units": 60_000, "input_dim": 60_000}, "parameters"),
        ({"activation": "maxout", "pieces": 10**6}, "maxout pieces"),
    ],
)
def test_a_small_file_declaring_a_huge_network_is_refused_before_any_allocation(
    tmp_path: Path, change: dict, words: str
) -> None:
    document, arrays = parts(tmp_path)
    document["model"]["layers"][0].update(change)
    document["model"]["layers"][1]["input_dim"] = change.get("units", 4)  # consistent layers
    path = tmp_path / "huge.npz"
    write(path, document, arrays)
    assert path.stat().st_size < 10_000
    error, peak = load_with_peak(path)
    assert words in str(error) and "too large" in str(error)
    assert peak < 5_000_000


def test_more_layers_than_the_limit_are_refused_on_load(tmp_path: Path) -> None:
    document, arrays = parts(tmp_path)
    layer = dict(document["model"]["layers"][0], input_dim=None)
    document["model"]["layers"] += [layer] * limits.MAX_LAYERS
    path = tmp_path / "deep.npz"
    write(path, document, arrays)
    error, _ = load_with_peak(path)
    assert f"{limits.MAX_LAYERS:,}" in str(error)


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2])
def test_a_decompression_bomb_is_refused_from_its_header_without_inflating(
    tmp_path: Path, compression: int
) -> None:
    """64 MB of zeros in a member of a few hundred bytes, where a small kernel belongs."""
    document, arrays = parts(tmp_path)
    path = tmp_path / "bomb.npz"
    write(path, document, {k: v for k, v in arrays.items() if k != "layer_0/kernel"})
    size = 64 << 20
    header = np.lib.format.header_data_from_array_1_0(np.zeros(1, np.float32))
    header["shape"] = (size // 4,)
    info = zipfile.ZipInfo("layer_0/kernel.npy")
    info.compress_type = compression
    with zipfile.ZipFile(path, "a") as archive, archive.open(info, "w", force_zip64=True) as member:
        np.lib.format.write_array_header_1_0(member, header)
        zeros = bytes(1 << 20)
        for _ in range(size >> 20):
            member.write(zeros)
    assert path.stat().st_size < 1_000_000
    error, peak = load_with_peak(path)
    assert "layer_0/kernel" in str(error)
    assert peak < 5_000_000


def test_a_deflated_bomb_as_the_description_is_refused_from_its_header(tmp_path: Path) -> None:
    path = tmp_path / "config-bomb.npz"
    header = np.lib.format.header_data_from_array_1_0(np.zeros(1, np.uint8))
    header["shape"] = (256 << 20,)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("config.npy", "w", force_zip64=True) as member,
    ):
        np.lib.format.write_array_header_1_0(member, header)
        zeros = bytes(1 << 20)
        for _ in range(256):
            member.write(zeros)
    assert path.stat().st_size < 2_000_000
    error, peak = load_with_peak(path)
    assert "config" in str(error) and "declares" in str(error)
    assert peak < 5_000_000


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    units=st.integers(min_value=1, max_value=2**62),
    input_dim=st.integers(min_value=1, max_value=2**62),
    pieces=st.integers(min_value=1, max_value=2**40),
)
def test_fuzzed_declared_sizes_load_or_fail_cleanly_in_bounded_memory(
    tmp_path: Path, units: int, input_dim: int, pieces: int
) -> None:
    document, arrays = parts(tmp_path)
    document["model"]["layers"][0].update(
        units=units, input_dim=input_dim, activation="maxout", pieces=pieces
    )
    path = tmp_path / "fuzz.npz"
    write(path, document, arrays)
    tracemalloc.start()
    try:
        with pytest.raises(ModelFileError):  # the arrays never match such declared shapes
            load_model(path)
        assert tracemalloc.get_traced_memory()[1] < 5_000_000
    finally:
        tracemalloc.stop()


def test_saving_a_network_the_loader_would_refuse_is_refused_first(tmp_path: Path) -> None:
    layers = [Dense(1, "linear", input_dim=1)]
    layers += [Dense(1, "linear") for _ in range(limits.MAX_LAYERS)]
    model = Sequential(layers, seed=0)
    model.build()
    path = tmp_path / "deep.npz"
    with pytest.raises(limits.LimitError, match="layers"):
        model.save(path)
    assert list(tmp_path.iterdir()) == []
    Sequential(layers[: limits.MAX_LAYERS], seed=0).save(path)  # exactly at the limit: fine
    assert len(load_model(path).layers) == limits.MAX_LAYERS


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
@pytest.mark.timeout(30)
def test_a_fifo_is_refused_at_once_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    with pytest.raises(ModelFileError, match="FIFO"):
        load_model(fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.timeout(30)
def test_a_link_to_dev_zero_is_refused_by_what_it_is(tmp_path: Path) -> None:
    link = tmp_path / "model.npz"
    link.symlink_to("/dev/zero")
    with pytest.raises(ModelFileError, match="character device"):
        load_model(link)


def test_a_null_optimizer_setting_is_refused_on_load(tmp_path: Path) -> None:
    document, arrays = parts(tmp_path)
    document["model"]["optimizer"]["epsilon"] = None
    path = tmp_path / "null.npz"
    write(path, document, arrays)
    with pytest.raises(ModelFileError, match="'epsilon' must be a number"):
        load_model(path)


def test_progress_rises_to_one_and_cancel_stops_the_load(tmp_path: Path) -> None:
    model = Sequential([Dense(1200, "relu", input_dim=1000), Dense(10, "softmax")], seed=0)
    model.build()
    path = tmp_path / "m.npz"
    model.save(path)
    seen: list[float] = []
    loaded = load_model(path, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 1
    np.testing.assert_array_equal(loaded.layers[0].kernel, model.layers[0].kernel)

    cancel = threading.Event()

    def cancel_halfway(fraction: float) -> None:
        if fraction > 0.3:
            cancel.set()

    with pytest.raises(saving.LoadCancelledError):
        load_model(path, progress=cancel_halfway, cancel=cancel)
