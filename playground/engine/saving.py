"""Model files: one ``.npz`` holding a JSON description and float32 arrays, never pickles.

Layout of the archive:

* ``config``: UTF-8 JSON as a uint8 array: ``{"format": "nn-playground-model",
  "format_version": 1, "model": <Sequential.get_config()>, "optimizer_state": {...},
  "shuffle_rng": <NumPy PCG64 state>, "training_layer_rngs": [<PCG64 state>, ...]}``
  (the random streams of the Dropout, noise and augmentation layers, in model order)
* ``layer_<i>/kernel`` and ``layer_<i>/bias``: the weights;
* ``optimizer/<slot>/<j>``: the optimizer's state (momentums, velocities, ...), so training
  continues exactly where it stopped.

Loading trusts nothing: ``np.load(..., allow_pickle=False)``, then the version, the
description, and every array's shape, dtype (float32) and values (finite) are checked before
a model is built. Any problem raises ``ModelFileError`` naming the file and what is wrong.

Sizes are checked from what the file declares, before anything is allocated or decompressed:
the layers' shapes against ``limits`` (the same limits ``save_model`` and the app's builder
apply), each member's .npy header against the shape the description implies, and only then are
exactly that many bytes read, in chunks, reporting progress and honouring a cancel request.
Only regular files are read: a FIFO, a device or a folder gets a message naming what it is.

Saving goes through ``playground.atomic_file``: a temporary file in the same folder, flushed to
disk and renamed over the old file, so a crash or full disk mid-write never destroys the
previous model.
"""

from __future__ import annotations

import json
import math
import os
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from playground.atomic_file import write_atomically
from playground.regular_files import NotRegularFileError, open_regular

from . import limits, losses, optimizers, stack
from .errors import ModelFileError
from .layers import Dense
from .model import Sequential
from .training_layers import TrainingLayer

FORMAT_NAME = "nn-playground-model"
FORMAT_VERSION = 1
_MAX_CONFIG_BYTES = 1 << 20  # a description of even a huge network is a few kilobytes
_MAX_HEADER = 1 << 16  # a .npy header; NumPy itself refuses longer ones
_CHUNK = 1 << 22  # bytes read between two progress reports / cancel checks

Progress = Callable[[float], object]  # called with the fraction of the arrays read so far


class LoadCancelledError(Exception):
    """``load_model`` stopped because its ``cancel`` event was set."""


def save_model(model: Sequential, path: str | os.PathLike) -> None:
    """Write ``model`` to ``path`` atomically (see the module docstring)."""
    if not model.built:
        raise ValueError("cannot save a model that is not built yet (its input width is unknown)")
    limits.check_shapes(  # a file this program would refuse to load is never written
        limits.LayerShape(layer.kernel.shape[0], layer.units, layer.pieces)
        for layer in model.layers
    )
    arrays: dict[str, np.ndarray] = {}
    for i, layer in enumerate(model.layers):
        arrays[f"layer_{i}/kernel"] = layer.kernel
        arrays[f"layer_{i}/bias"] = layer.bias
    optimizer_state = None
    if model.optimizer is not None:
        scalars, slot_arrays = model.optimizer.get_state()
        optimizer_state = scalars
        for key, array in slot_arrays.items():
            arrays[f"optimizer/{key}"] = array
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "model": model.get_config(),
        "optimizer_state": optimizer_state,
        "shuffle_rng": model._shuffle_rng.bit_generator.state,
        "training_layer_rngs": [layer.rng_state() for layer in _training_layers(model)],
    }
    config = np.frombuffer(json.dumps(document).encode("utf-8"), dtype=np.uint8)
    _write_atomically(Path(path), {"config": config, **arrays})


def _write_atomically(path: Path, arrays: dict[str, npt.ArrayLike]) -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)
            handle.flush()
            os.fsync(handle.fileno())

    write_atomically(path, write)


# ---------------------------------------------------------------------------- loading
class _CheckError(Exception):
    """A problem found while checking the file (becomes ModelFileError)."""


def load_model(
    path: str | os.PathLike,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Sequential:
    """Load a model saved by ``Sequential.save``; ModelFileError for any problem.

    ``progress`` (optional) is called with the fraction read so far, from the calling thread;
    setting ``cancel`` makes the load stop at the next chunk with ``LoadCancelledError``. Both let
    a window run the load off its GUI thread.
    """
    try:
        with open_regular(path) as handle:
            return _load(handle, _Reader(progress, cancel))
    except (ModelFileError, LoadCancelledError):
        raise
    except _CheckError as exc:
        raise ModelFileError(path, str(exc)) from None
    except limits.LimitError as exc:
        reason = f"the file declares a network too large to load: {exc}"
        raise ModelFileError(path, reason) from None
    except FileNotFoundError:
        raise ModelFileError(path, "the file does not exist") from None
    except (IsADirectoryError, NotRegularFileError) as exc:
        kind = getattr(exc, "kind", "a folder")
        raise ModelFileError(path, f"this is {kind}, not a model file") from None
    except PermissionError:
        raise ModelFileError(path, "permission denied") from None
    except MemoryError:
        raise ModelFileError(path, "the file claims more memory than is available") from None
    except OSError as exc:  # name too long, too many symlink levels, I/O error, ...
        raise ModelFileError(path, f"cannot read the file ({exc.strerror or exc})") from None
    except Exception as exc:  # corrupt zip, truncated data, pickles refused, ...
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        reason = f"not a valid model file ({type(exc).__name__}{': ' + detail if detail else ''})"
        raise ModelFileError(path, reason) from None


class _Reader:
    """Reports progress and checks for a cancel request while the arrays are read."""

    def __init__(self, progress: Progress | None, cancel: threading.Event | None) -> None:
        self.progress, self.cancel = progress, cancel
        self.total, self.done = 1, 0

    def step(self, size: int) -> None:
        self.done += size
        if self.cancel is not None and self.cancel.is_set():
            raise LoadCancelledError()
        if self.progress is not None:
            self.progress(min(1.0, self.done / max(1, self.total)))


def _load(handle: BinaryIO, reader: _Reader) -> Sequential:
    magic = handle.read(4)
    handle.seek(0)
    if magic != b"PK\x03\x04":  # only a zip archive (.npz) gets as far as np.load
        kind = "a single .npy array" if magic == b"\x93NUM" else "not an .npz archive"
        raise _CheckError(f"not a model file ({kind})")
    with np.load(handle, allow_pickle=False) as archive:  # a pickle raises, it is never run
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise _CheckError("not a model file (not an .npz archive)")
        document = _read_config(archive)
        model_config = _require(document, "model", dict)
        layers = _read_layers(model_config)
        limits.check_shapes(  # from the description alone: nothing allocated yet
            limits.LayerShape(_input_width(layer), layer.units, layer.pieces) for layer in layers
        )
        expected: dict[str, tuple[int, ...]] = {}
        for i, layer in enumerate(layers):
            expected[f"layer_{i}/kernel"] = (_input_width(layer), layer.units * layer.pieces)
            expected[f"layer_{i}/bias"] = (layer.units * layer.pieces,)
        loss = model_config.get("loss")
        optimizer, optimizer_state = None, None
        if loss is not None:
            _check_loss(loss, layers[-1])
            optimizer = _read_optimizer(model_config.get("optimizer"))
            optimizer_state = _require(document, "optimizer_state", dict)
            if optimizer_state.get("built") is True:
                parameter_shapes = [shape for shape in expected.values()]
                for slot in optimizer.slot_names():
                    for j, shape in enumerate(parameter_shapes):
                        expected[f"optimizer/{slot}/{j}"] = shape
        arrays = _read_arrays(archive, expected, reader)
    return _build(document, model_config, layers, arrays, optimizer, optimizer_state)


def _input_width(layer: Dense) -> int:
    """The input width of a layer read by ``_read_layers``, which gives every layer one."""
    assert layer.input_dim is not None
    return layer.input_dim


def _build(document, model_config, layers, arrays, optimizer, optimizer_state) -> Sequential:
    loss = model_config.get("loss")
    for i, layer in enumerate(layers):
        layer.kernel = arrays[f"layer_{i}/kernel"]
        layer.bias = arrays[f"layer_{i}/bias"]
    seed = model_config.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise _CheckError(f"the seed must be an integer >= 0, got {seed!r}")
    name = model_config.get("name", "sequential")
    if not isinstance(name, str):
        raise _CheckError("the model name must be a string")
    try:
        stacked = stack.with_training_layers(layers, model_config.get("training_layers", []))
    except ValueError as exc:
        raise _CheckError(f"bad layers without weights: {exc}") from None
    try:
        model = Sequential(stacked, seed=seed, name=name)
    except (ValueError, OverflowError) as exc:
        raise _CheckError(f"inconsistent layers: {exc}") from None
    if loss is not None:
        metrics = model_config.get("metrics", [])
        try:
            model.compile(optimizer=optimizer, loss=loss, metrics=metrics)
        except (ValueError, TypeError) as exc:
            raise _CheckError(f"bad compile settings: {exc}") from None
        slot_arrays = {
            key.removeprefix("optimizer/"): array
            for key, array in arrays.items()
            if key.startswith("optimizer/")
        }
        parameters = [w for layer in model.layers for w in (layer.kernel, layer.bias)]
        try:
            optimizer.set_state(optimizer_state, slot_arrays, parameters)
        except (ValueError, TypeError, OverflowError) as exc:
            raise _CheckError(f"bad optimizer state: {exc}") from None
    rng_state = document.get("shuffle_rng")
    if rng_state is not None:
        _restore_rng(model, rng_state)
    layer_states = document.get("training_layer_rngs")
    if layer_states is not None:  # files from before the layers' streams were kept lack it
        _restore_layer_rngs(model, layer_states)
    return model


def _require(mapping: dict, key: str, kind: type) -> Any:
    value = mapping.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _CheckError(f"the description lacks a valid {key!r} ({kind.__name__})")
    return value


def _read_config(archive: np.lib.npyio.NpzFile) -> dict:
    if "config" not in archive.files:
        raise _CheckError("no 'config' entry: this is not an nn-playground model file")
    raw = _read_member(archive, "config", None, np.dtype(np.uint8), max_bytes=_MAX_CONFIG_BYTES)
    if raw.ndim != 1:
        raise _CheckError("the 'config' entry is not a small UTF-8 byte array")
    try:
        document = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _CheckError(f"the description is not valid JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise _CheckError("this is not an nn-playground model file (wrong 'format')")
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _CheckError(f"the format version is missing or not a number: {version!r}")
    if version > FORMAT_VERSION:
        raise _CheckError(
            f"the file has format version {version}, newer than this program reads "
            f"({FORMAT_VERSION}); update nn-playground"
        )
    if version != FORMAT_VERSION:
        raise _CheckError(f"unknown format version {version}")
    return document


def _read_layers(model_config: dict) -> list[Dense]:
    configs = model_config.get("layers")
    if not isinstance(configs, list) or not configs:
        raise _CheckError("the description has no layers")
    limits.check_layer_count(len(configs))
    allowed = {
        "name",
        "units",
        "activation",
        "input_dim",
        "kernel_initializer",
        "bias_initializer",
        "alpha",
        "pieces",
        "negative_slope",
        "kernel_regularizer",
        "bias_regularizer",
    }
    layers = []
    width = None
    for i, config in enumerate(configs):
        if not isinstance(config, dict):
            raise _CheckError(f"layer {i} is not described by a JSON object")
        unknown = set(config) - allowed
        if unknown:
            raise _CheckError(f"layer {i} has unknown settings {sorted(unknown)}")
        if not isinstance(config.get("name"), str):
            raise _CheckError(f"layer {i} has no name")
        for key in ("units", "input_dim", "pieces"):
            value = config.get(key)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise _CheckError(f"layer {i}: {key} must be an integer, got {value!r}")
        alpha = config.get("alpha", 1.0)
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
            raise _CheckError(f"layer {i}: alpha must be a number, got {alpha!r}")
        if alpha > limits.MAX_ELU_ALPHA:
            raise _CheckError(f"layer {i}: alpha {alpha:g} is above {limits.MAX_ELU_ALPHA:g}")
        try:
            layer = Dense(**config)
        except (ValueError, TypeError) as exc:
            raise _CheckError(f"layer {i}: {exc}") from None
        if i == 0 and layer.input_dim is None:
            raise _CheckError("the first layer has no input_dim")
        limits.check_pieces(layer.pieces)  # declared sizes first: they decide what is read
        limits.check_width(f"layer {i}", layer.units * layer.pieces)
        limits.check_width(f"the input of layer {i}", layer.input_dim or 0)
        if width is not None and layer.input_dim not in (None, width):
            raise _CheckError(
                f"layer {i} expects {layer.input_dim} inputs, the layer before has {width}"
            )
        if layer.input_dim is None:
            layer.input_dim = width
        width = layer.units
        layers.append(layer)
    return layers


def _check_loss(loss: object, last: Dense) -> None:
    try:
        losses.get(loss).check_output(last.activation, last.units)  # type: ignore[arg-type]
    except ValueError as exc:
        raise _CheckError(str(exc)) from None


def _read_optimizer(config: object) -> optimizers.Optimizer:
    if not isinstance(config, dict):
        raise _CheckError("the description lacks the optimizer settings")
    for key, value in config.items():  # null or a text would only fail later, in training
        if key == "learning_rate" and isinstance(value, dict):
            continue  # a schedule's own description, checked when the schedule is rebuilt
        if key != "name" and (value is None or not isinstance(value, (bool, int, float))):
            raise _CheckError(f"the optimizer setting {key!r} must be a number, got {value!r}")
    try:
        return optimizers.get(dict(config))
    except (ValueError, TypeError) as exc:
        raise _CheckError(f"bad optimizer settings: {exc}") from None


def _read_member(
    archive: np.lib.npyio.NpzFile,
    key: str,
    expected_shape: tuple[int, ...] | None,
    dtype: np.dtype,
    reader: _Reader | None = None,
    max_bytes: int | None = None,
) -> np.ndarray:
    """Read one array, checking its .npy header (dtype, shape, size) before any data.

    Reading the raw bytes with the dtype we expect means nothing in the file can ask for
    pickled objects or a huge allocation; at most the declared, checked size is decompressed.
    """
    zip_file = archive.zip
    if zip_file is None:  # pragma: no cover - np.load of a zip archive always opens it
        raise _CheckError("not a model file (not an .npz archive)")
    member = f"{key}.npy"
    info = zip_file.getinfo(member)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # zipfile inflates a bzip2 or lzma chunk whole, whatever its size: never open those
        raise _CheckError(f"{key!r} uses a compression that model files never use")
    if expected_shape is not None or max_bytes is not None:
        data_bytes = (
            max_bytes if expected_shape is None else dtype.itemsize * math.prod(expected_shape)
        )
        limit = _MAX_HEADER + int(data_bytes or 0)
        if info.file_size > limit:
            raise _CheckError(f"{key!r} declares {info.file_size:,} bytes, expected {limit:,}")
    with zip_file.open(member) as stream:
        assert isinstance(stream, zipfile.ZipExtFile)  # what reading a member gives
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran_order, found = np.lib.format.read_array_header_1_0(stream)
        elif version in ((2, 0), (3, 0)):
            shape, fortran_order, found = np.lib.format.read_array_header_2_0(stream)
        else:
            raise _CheckError(f"{key!r}: unsupported .npy version {version}")
        header_size = stream.tell()
        if found != dtype:
            raise _CheckError(f"{key!r} has dtype {found}, expected {dtype.name}")
        if expected_shape is not None and tuple(shape) != tuple(expected_shape):
            raise _CheckError(f"{key!r} has shape {tuple(shape)}, expected {tuple(expected_shape)}")
        count = 1
        for dim in shape:
            count *= int(dim)  # Python integers: a huge declared shape cannot wrap around
        size = count * dtype.itemsize
        if max_bytes is not None and size > max_bytes:
            raise _CheckError(f"{key!r} declares {size:,} bytes, more than {max_bytes:,}")
        if info.file_size != header_size + size:
            raise _CheckError(f"{key!r} is truncated or padded ({info.file_size} bytes stored)")
        data = _read_bytes(stream, size, reader)
    if len(data) != size:
        raise _CheckError(f"{key!r} is truncated")
    array = np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran_order else "C")
    return np.ascontiguousarray(array)  # C-ordered and writable (bytearray-backed)


def _read_bytes(stream: zipfile.ZipExtFile, size: int, reader: _Reader | None) -> bytearray:
    """Up to ``size`` bytes in chunks (each reported to ``reader``); fewer if the data ends."""
    data = bytearray(size)
    view, filled = memoryview(data), 0
    while filled < size:
        chunk = stream.readinto(view[filled : filled + _CHUNK])
        if not chunk:
            break
        filled += chunk
        if reader is not None:
            reader.step(chunk)
    del view  # a bytearray with a live view cannot be resized
    return data if filled == size else data[:filled]


def _read_arrays(
    archive: np.lib.npyio.NpzFile, expected: dict[str, tuple[int, ...]], reader: _Reader
) -> dict[str, np.ndarray]:
    present = set(archive.files) - {"config"}
    missing = [key for key in expected if key not in present]
    if missing:
        raise _CheckError(f"missing arrays: {', '.join(missing[:5])}")
    extra = sorted(present - set(expected))
    if extra:
        raise _CheckError(f"unexpected arrays: {', '.join(extra[:5])}")
    reader.total = sum(4 * math.prod(shape) for shape in expected.values())  # float32 bytes
    arrays = {}
    for key, shape in expected.items():
        array = _read_member(archive, key, shape, np.dtype(np.float32), reader)
        if not np.isfinite(array).all():
            raise _CheckError(f"{key!r} contains nan or infinite values")
        arrays[key] = array
    return arrays


def _training_layers(model: Sequential) -> list[TrainingLayer]:
    return [layer for layer in model.stack if isinstance(layer, TrainingLayer)]


def _check_pcg64(state: object, what: str) -> dict:
    if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
        raise _CheckError(f"{what} is not a PCG64 state")
    inner = state.get("state")
    if not isinstance(inner, dict) or set(inner) != {"state", "inc"}:
        raise _CheckError(f"{what} is malformed")
    for key in ("state", "inc"):
        value = inner[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**128:
            raise _CheckError(f"{what} is malformed")
    for key in ("has_uint32", "uinteger"):
        value = state.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**32:
            raise _CheckError(f"{what} is malformed")
    return state


def _set_state(generator: np.random.Generator, state: dict, what: str) -> None:
    try:
        generator.bit_generator.state = state
    except (ValueError, TypeError, OverflowError) as exc:
        raise _CheckError(f"{what} is malformed ({exc})") from None


def _restore_rng(model: Sequential, state: object) -> None:
    what = "the shuffling state"
    _set_state(model._shuffle_rng, _check_pcg64(state, what), what)


def _restore_layer_rngs(model: Sequential, states: object) -> None:
    layers = _training_layers(model)
    if not isinstance(states, list) or len(states) != len(layers):
        raise _CheckError(
            f"the random states of the training layers do not match its {len(layers)} layers"
        )
    for layer, state in zip(layers, states, strict=True):
        what = f"the random state of {layer.name!r}"
        _set_state(layer.rng, _check_pcg64(state, what), what)
