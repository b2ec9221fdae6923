"""Keras models as engine networks: the Keras 3 ``.keras`` zip (``config.json`` and
``model.weights.h5``) and the legacy ``.h5`` file, both for a ``Sequential`` of Dense layers
with the layers ``keras_plan`` lists around them.

Keras itself is never imported: the JSON is read with ``json`` and the weights with ``h5py``,
an optional package (``pip install 'nn-playground[models]'``). The HDF5 library can loop for
ever or crash on a damaged file, so the reading runs in a child process with a time and memory
limit (``h5_child``); only checked arrays and plain JSON come back from it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from playground.export import keras_plan
from playground.export.foreign import (
    INSTALL_HINT,
    MAX_MODEL_BYTES,
    MAX_PARAMETERS,
    DenseLayer,
    ModelImportError,
    Network,
    weight_array,
)

_MAX_CONFIG_BYTES = 16 << 20
LEAKY_SLOPE = 0.2  # what Keras's "leaky_relu" activation string means
# What h5py raises for a damaged file (RuntimeError: "object visitation failed", ...).
_H5_ERRORS = (OSError, ValueError, KeyError, TypeError, RuntimeError)


def _h5py(path: Path):
    try:
        import h5py
    except ImportError:
        raise ModelImportError(
            path, f"reading Keras weights needs the h5py package ({INSTALL_HINT})"
        ) from None
    return h5py


def _json(path: Path, text: Any, what: str) -> dict:
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ModelImportError(path, f"{what} is not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise ModelImportError(path, f"{what} is not a JSON object")
    return document


def _layer(path: Path, entry: dict, kernel: Any, bias: Any, rows: int) -> DenseLayer:
    units = entry.get("units")
    if isinstance(units, bool) or not isinstance(units, int) or not 1 <= units <= MAX_PARAMETERS:
        raise ModelImportError(path, f"{entry['what']} has {units!r} units")
    for what, data in (("kernel", kernel), ("bias", bias)):
        if data is not None and int(np.prod(data.shape, dtype=np.int64)) > MAX_PARAMETERS:
            raise ModelImportError(path, f"{entry['what']}: the {what} is too large")
    if kernel is None:
        raise ModelImportError(path, f"{entry['what']} has no weights in the file")
    k = weight_array(path, f"the kernel of {entry['what']}", kernel[()], (rows, units))
    if entry.get("use_bias", True):
        if bias is None:
            raise ModelImportError(path, f"{entry['what']} has no bias in the file")
        b = weight_array(path, f"the bias of {entry['what']}", bias[()], (units,))
    else:
        b = np.zeros(units, np.float32)
    activation = entry["activation"]
    if activation == "maxout":  # Dense, Reshape to pieces and MaxPooling1D (see keras_plan)
        return DenseLayer(entry["name"], k, b, "maxout", pieces=int(entry["pieces"]))
    alpha = entry.get("alpha", LEAKY_SLOPE if activation == "leaky_relu" else 1.0)
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        raise ModelImportError(path, f"{entry['what']}: alpha {alpha!r} is not a number")
    net = Network([DenseLayer(entry["name"], k, b)])
    if activation != "linear":
        net.set_activation(path, entry["what"], activation, float(alpha))
    return net.layers[0]


def _training(path: Path, compile_config: Any) -> tuple[str | None, dict | None]:
    """(loss, engine optimizer config) from Keras' compile or training config."""
    if not isinstance(compile_config, dict):
        return None, None
    loss = compile_config.get("loss")
    if isinstance(loss, dict):
        loss = loss.get("class_name") or (loss.get("config") or {}).get("name")
    optimizer = compile_config.get("optimizer") or compile_config.get("optimizer_config")
    if isinstance(optimizer, str):
        optimizer = {"name": optimizer}
    if isinstance(optimizer, dict):
        cfg = optimizer.get("config") if isinstance(optimizer.get("config"), dict) else optimizer
        name = str(optimizer.get("class_name") or cfg.get("name") or "").lower()
        optimizer = {**cfg, "name": name}
    else:
        optimizer = None
    return (loss if isinstance(loss, str) else None), optimizer


def _read_dense_weights(path: Path, plan: list[dict], input_dim: int | None, find) -> Network:
    layers, rows = [], input_dim
    for entry in plan:
        kernel, bias = find(entry["name"])
        if rows is None:
            rows = int(kernel.shape[0]) if kernel is not None and len(kernel.shape) == 2 else 0
        layers.append(_layer(path, entry, kernel, bias, rows))
        rows = layers[-1].kernel.shape[1] // layers[-1].pieces
    return Network(layers)


def read_keras_here(path: Path) -> tuple[Network, int | None]:
    """A Keras 3 ``.keras`` file: the network and its input width (in this process)."""
    h5py = _h5py(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            for name, limit in (
                ("config.json", _MAX_CONFIG_BYTES),
                ("model.weights.h5", MAX_MODEL_BYTES),
            ):
                if name not in members:
                    raise ModelImportError(path, f"no {name} inside; not a Keras 3 model file")
                if members[name].file_size > limit:
                    raise ModelImportError(path, f"{name} would unpack to too many bytes")
            config = _json(path, archive.read("config.json"), "config.json")
            weights = archive.read("model.weights.h5")
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, ModelImportError):
            raise
        raise ModelImportError(path, f"not a readable .keras file ({exc})") from None
    plan, input_dim = keras_plan.plan(path, config)
    try:
        with h5py.File(io.BytesIO(weights), "r") as store:

            def find(name: str):
                group = store.get(f"layers/{name}/vars")
                if group is None or not hasattr(group, "keys"):
                    return None, None
                return group.get("0"), group.get("1")

            net = _read_dense_weights(path, plan, input_dim, find)
    except _H5_ERRORS as exc:
        if isinstance(exc, ModelImportError):
            raise
        raise ModelImportError(path, f"the weights inside are damaged ({exc})") from None
    net.loss, net.optimizer = _training(path, config.get("compile_config"))
    return net, input_dim


def _h5_weights(group: Any) -> tuple[Any, Any]:
    """The kernel and bias datasets somewhere below a layer's group of a legacy .h5 file
    (``dense/sequential/dense/kernel`` in Keras 3, ``dense/dense/kernel:0`` in Keras 2)."""
    found: dict[str, Any] = {}

    def visit(key: str, item: Any) -> None:  # returning a value would stop the walk
        found.setdefault(key.rsplit("/", 1)[-1].split(":")[0], item)

    if group is not None and hasattr(group, "visititems"):
        group.visititems(visit)
    return found.get("kernel"), found.get("bias")


def read_h5_here(path: Path) -> tuple[Network, int | None]:
    """A legacy Keras ``.h5`` model (``model.save("x.h5")``), read in this process."""
    h5py = _h5py(path)
    try:
        with h5py.File(path, "r") as store:
            if "model_config" not in store.attrs:
                raise ModelImportError(path, "no model configuration inside; not a Keras .h5 model")
            config = _json(path, store.attrs["model_config"], "the model configuration")
            plan, input_dim = keras_plan.plan(path, config)
            weights = store.get("model_weights")
            if weights is None or not hasattr(weights, "keys"):
                raise ModelImportError(path, "no model weights inside")

            def find(name: str):
                return _h5_weights(weights.get(name))

            net = _read_dense_weights(path, plan, input_dim, find)
            training = store.attrs.get("training_config")
            if training is not None:
                net.loss, net.optimizer = _training(
                    path, _json(path, training, "the training configuration")
                )
    except _H5_ERRORS as exc:
        if isinstance(exc, ModelImportError):
            raise
        raise ModelImportError(path, f"not a readable Keras .h5 file ({exc})") from None
    return net, input_dim


def read_keras(path: Path) -> tuple[Network, int | None]:
    """A Keras 3 ``.keras`` file, read in a child process."""
    from playground.export.h5_child import read_isolated

    _h5py(path)
    return read_isolated("keras", path)


def read_h5(path: Path) -> tuple[Network, int | None]:
    """A legacy Keras ``.h5`` file, read in a child process."""
    from playground.export.h5_child import read_isolated

    _h5py(path)
    return read_isolated("h5", path)
