"""Networks from other frameworks as engine models: Keras 3 ``.keras``, legacy Keras ``.h5``
and ONNX files whose network is a stack of Dense layers.

Each reader turns its file into a list of ``DenseLayer`` plus the loss and optimizer it names;
``assemble`` checks them and builds a compiled ``Sequential``. Anything else in the file is
refused with a message naming the first layer or operator the playground cannot represent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from playground.export.network import ExportError

SUFFIXES = (".keras", ".h5", ".hdf5", ".onnx")
MAX_MODEL_BYTES = 1 << 30  # a file read whole into memory
MAX_PARAMETERS = 100_000_000  # per weight array, checked before it is read
INSTALL_HINT = "pip install 'nn-playground[models]'"
ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax")
OPTIMIZERS = ("sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam")
LOSSES = {
    "categorical_crossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "mean_squared_error": "mean_squared_error",
    "mse": "mean_squared_error",
    "categoricalcrossentropy": "categorical_crossentropy",
    "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy",
    "meansquarederror": "mean_squared_error",
}


class ModelImportError(ExportError):
    """A model file from another framework that cannot be opened; names the file."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass
class DenseLayer:
    """``activation(x @ kernel + bias)``; ``alpha`` is ELU's alpha or leaky ReLU's slope."""

    name: str
    kernel: np.ndarray
    bias: np.ndarray
    activation: str = "linear"
    alpha: float = 1.0
    pieces: int = 1  # maxout: the kernel's columns are ``pieces`` blocks of the units


@dataclass
class Network:
    """What a reader found: the layers, and the training setup if the file records one."""

    layers: list[DenseLayer] = field(default_factory=list)
    loss: str | None = None
    optimizer: dict[str, Any] | None = None  # engine name under "name", plus its arguments

    def set_activation(self, path: Path, what: str, activation: str, alpha: float = 1.0) -> None:
        """Give the last Dense layer its activation (a separate Activation layer or node)."""
        if activation not in ACTIVATIONS:
            raise ModelImportError(path, f"{what}: the activation {activation!r} is not supported")
        if not self.layers or self.layers[-1].activation != "linear":
            raise ModelImportError(
                path, f"{what}: an activation must follow a Dense layer without one"
            )
        self.layers[-1].activation = activation
        self.layers[-1].alpha = alpha


def check_size(path: Path) -> int:
    try:
        if not path.is_file():
            raise ModelImportError(path, "no such file" if not path.exists() else "not a file")
        size = path.stat().st_size
    except OSError as exc:
        raise ModelImportError(path, f"cannot read ({exc.strerror or exc})") from None
    if size > MAX_MODEL_BYTES:
        raise ModelImportError(path, f"{size:,} bytes is larger than a model file can be")
    return size


def weight_array(path: Path, what: str, array: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``array`` as finite float32 of ``shape``, or ModelImportError."""
    a = np.asarray(array)
    if a.dtype.kind not in "fiu" or a.shape != shape:
        raise ModelImportError(path, f"{what} is {a.dtype} {a.shape}, expected float {shape}")
    a = a.astype(np.float32)
    if not np.isfinite(a).all():
        raise ModelImportError(path, f"{what} holds values that are not finite")
    return a


def _loss(net: Network) -> str:
    last = net.layers[-1].activation
    key = str(net.loss or "").lower()
    loss = LOSSES.get(key) or LOSSES.get(key.replace("_", ""))
    if loss is None or (loss != "mean_squared_error" and last != "softmax"):
        # No loss recorded, or one the engine cannot pair with this output.
        return "categorical_crossentropy" if last == "softmax" else "mean_squared_error"
    return loss


def _optimizer(net: Network) -> Any:
    from playground.engine import optimizers

    config = dict(net.optimizer or {})
    name = str(config.pop("name", "")).lower()
    if name not in OPTIMIZERS:
        return "adam"
    allowed = optimizers.hyperparameters(name)
    kept: dict[str, Any] = {}
    for key, value in config.items():
        if key not in allowed:
            continue
        if isinstance(value, bool):
            kept[key] = value
        elif isinstance(value, (int, float)) and math.isfinite(value):
            kept[key] = _meant(value)
        elif key == "learning_rate" and isinstance(value, dict):
            schedule = _schedule(value)
            if schedule is not None:
                kept[key] = schedule
    try:
        return optimizers.get(name, **kept)
    except (ValueError, TypeError):
        return optimizers.get(name)


def _meant(value: int | float) -> int | float:
    """Keras stores float32 values: 0.05000000074505806 is meant as 0.05."""
    return float(str(np.float32(value))) if isinstance(value, float) else value


def _schedule(value: dict) -> Any:
    """An engine learning-rate schedule from Keras's serialized one (None if it has none)."""
    from playground.engine.optimizers import schedules

    settings = value.get("config")
    if not isinstance(settings, dict):
        return None
    plain = {
        k: _meant(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
        for k, v in settings.items()
    }
    try:
        return schedules.deserialize({"class_name": value.get("class_name"), "config": plain})
    except (ValueError, TypeError, OverflowError):
        return None  # the optimizer's own default rate then


def assemble(path: Path, net: Network, input_dim: int | None) -> Any:
    """A compiled engine ``Sequential`` holding ``net``'s weights."""
    from playground.engine import Dense, Sequential

    if not net.layers:
        raise ModelImportError(path, "the network has no Dense layer")
    width = input_dim or net.layers[0].kernel.shape[0]
    layers = []
    for i, layer in enumerate(net.layers):
        rows, columns = layer.kernel.shape
        units = columns // layer.pieces
        if rows != width:
            raise ModelImportError(
                path, f"Dense layer {layer.name!r} takes {rows} inputs but receives {width}"
            )
        if not (math.isfinite(layer.alpha) and layer.alpha >= 0):
            raise ModelImportError(path, f"ELU of {layer.name!r} has alpha {layer.alpha!r}")
        leaky = layer.activation == "leaky_relu"
        dense = Dense(
            units,
            layer.activation,
            input_dim=rows if i == 0 else None,
            alpha=1.0 if leaky else layer.alpha,
            negative_slope=layer.alpha if leaky else 0.2,
            pieces=max(layer.pieces, 2) if layer.activation == "maxout" else 2,
        )
        dense.kernel, dense.bias = layer.kernel, layer.bias
        layers.append(dense)
        width = units
    model = Sequential(layers, seed=0)
    model.compile(loss=_loss(net), optimizer=_optimizer(net), metrics=["accuracy"])
    return model


def open_model(path: str | Path) -> Any:
    """An engine model from a ``.keras``, ``.h5``/``.hdf5`` or ``.onnx`` file.

    Raises ModelImportError naming the file (and which extra to install if a reader's package
    is missing).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    check_size(path)
    if suffix == ".onnx":
        from playground.export.onnx_import import read_onnx

        net, input_dim = read_onnx(path)
    elif suffix == ".keras":
        from playground.export.keras_import import read_keras

        net, input_dim = read_keras(path)
    elif suffix in (".h5", ".hdf5"):
        from playground.export.keras_import import read_h5

        net, input_dim = read_h5(path)
    else:
        raise ModelImportError(path, f"not a model form the playground opens ({SUFFIXES})")
    return assemble(path, net, input_dim)


def open_any_model(path: str | Path) -> Any:
    """A model file of any form the playground opens: its own ``.npz`` (ModelFileError) or
    one of ``SUFFIXES`` (ModelImportError)."""
    if Path(path).suffix.lower() in SUFFIXES:
        return open_model(path)
    from playground.engine import load_model

    return load_model(path)
