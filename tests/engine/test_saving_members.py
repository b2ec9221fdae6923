"""Model files: the .npy members the loader reads (versions 1.0 to 3.0, Fortran order) and the
exact sizes it allows (a member padded past its header's size, a description of 1 MiB)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from playground.engine import Dense, ModelFileError, Sequential, load_model

MAX_HEADER = 1 << 16  # the room a member may take beyond its data (NumPy's longest header)
MAX_CONFIG = 1 << 20  # the longest description


def trained_model() -> Sequential:
    model = Sequential([Dense(4, "relu", input_dim=3), Dense(2, "softmax")], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.train_on_batch(np.ones((2, 3), np.float32), np.eye(2, dtype=np.float32))
    return model


def members_of(model: Sequential, folder: Path) -> dict[str, bytes]:
    """The model file's members as raw .npy bytes, by member name."""
    path = folder / "source.npz"
    model.save(path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    path.unlink()
    return members


def npy(array: np.ndarray, version: tuple[int, int] | None = (1, 0)) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array(out, array, version=version, allow_pickle=False)
    return out.getvalue()


def archive(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def array_of(data: bytes) -> np.ndarray:
    return np.load(io.BytesIO(data), allow_pickle=False)


def reason(path: Path) -> str:
    with pytest.raises(ModelFileError) as caught:
        load_model(path)
    return caught.value.reason


def test_members_in_every_npy_version_and_in_fortran_order_load_alike(tmp_path: Path) -> None:
    model = trained_model()
    members = members_of(model, tmp_path)
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
    for version in [(2, 0), (3, 0)]:
        rewritten = {name: npy(array_of(data), version) for name, data in members.items()}
        assert rewritten["layer_0/kernel.npy"][6:8] == bytes(version)
        loaded = load_model(archive(tmp_path / f"v{version[0]}.npz", rewritten))
        np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    fortran = dict(members)
    for name in ["layer_0/kernel.npy", "layer_1/kernel.npy", "optimizer/velocity/0.npy"]:
        fortran[name] = npy(np.asfortranarray(array_of(members[name])))
        assert b"'fortran_order': True" in fortran[name][:128]
    loaded = load_model(archive(tmp_path / "fortran.npz", fortran))
    for got, want in zip(loaded.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


def test_an_npy_version_numpy_never_writes_is_refused(tmp_path: Path) -> None:
    members = members_of(trained_model(), tmp_path)
    data = bytearray(members["layer_0/bias.npy"])
    data[6:8] = bytes((1, 1))  # the version bytes after the magic string
    path = archive(tmp_path / "v11.npz", {**members, "layer_0/bias.npy": bytes(data)})
    assert reason(path) == "'layer_0/bias': unsupported .npy version (1, 1)"


def test_a_member_padded_past_its_arrays_size_is_refused(tmp_path: Path) -> None:
    members = members_of(trained_model(), tmp_path)
    bias = members["layer_0/bias.npy"]  # 4 float32 values
    limit = MAX_HEADER + 4 * 4

    padded = archive(tmp_path / "small.npz", {**members, "layer_0/bias.npy": bias + bytes(3)})
    assert reason(padded) == f"'layer_0/bias' is truncated or padded ({len(bias) + 3} bytes stored)"

    exact = bias + bytes(limit - len(bias))  # as long as a member of this array may be
    padded = archive(tmp_path / "edge.npz", {**members, "layer_0/bias.npy": exact})
    assert reason(padded) == f"'layer_0/bias' is truncated or padded ({limit} bytes stored)"

    over = bias + bytes(limit + 1 - len(bias))
    padded = archive(tmp_path / "over.npz", {**members, "layer_0/bias.npy": over})
    assert reason(padded) == f"'layer_0/bias' declares {limit + 1:,} bytes, expected {limit:,}"


def description(document: dict, length: int) -> bytes:
    """The document as JSON of exactly ``length`` bytes (spaces after the object)."""
    text = json.dumps(document).encode()
    return npy(np.frombuffer(text + b" " * (length - len(text)), dtype=np.uint8))


def test_a_description_of_up_to_1_mib_is_read(tmp_path: Path) -> None:
    model = trained_model()
    members = members_of(model, tmp_path)
    document = json.loads(array_of(members["config.npy"]).tobytes())

    at_limit = {**members, "config.npy": description(document, MAX_CONFIG)}
    loaded = load_model(archive(tmp_path / "edge.npz", at_limit))
    assert loaded.get_config() == model.get_config()

    over = {**members, "config.npy": description(document, MAX_CONFIG + 1)}
    assert reason(archive(tmp_path / "over.npz", over)) == (
        f"'config' declares {MAX_CONFIG + 1:,} bytes, more than {MAX_CONFIG:,}"
    )

    config = members["config.npy"]
    padded = config + bytes(MAX_HEADER + MAX_CONFIG + 1 - len(config))
    assert reason(archive(tmp_path / "padded.npz", {**members, "config.npy": padded})) == (
        f"'config' declares {MAX_HEADER + MAX_CONFIG + 1:,} bytes, "
        f"expected {MAX_HEADER + MAX_CONFIG:,}"
    )
