"""What an exporter needs to know about a model, read once from an engine ``Sequential``.

Both exporters work from this plain description, so neither depends on the engine's internals
beyond the documented layer attributes and ``get_config()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


class ExportError(Exception):
    """A model cannot be exported (unbuilt model, unknown layer, missing optional package)."""


def refuse_overwriting(source: str | Path | None, *outputs: Path | None) -> None:
    """ExportError if writing any of ``outputs`` would replace the model file being exported."""
    if source is None:
        return
    for written in outputs:
        if written is not None and _same_file(written, source):
            raise ExportError(f"writing {written} would overwrite the model file itself")


def _same_file(a: Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, ValueError):  # a name no file can have (NUL, lone surrogate)
        return False


MAX_NAME_CHARS = 64  # a layer name kept in an exported graph or script

# Keras' class names for the engine's optimizer names.
KERAS_OPTIMIZERS = {
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "adam": "Adam",
    "adamax": "Adamax",
    "nadam": "Nadam",
}
LOSS_ALIASES = {"mse": "mean_squared_error"}


@dataclass(frozen=True)
class LayerSpec:
    """One Dense layer: ``a = activation(x @ kernel + bias)``.

    For maxout the kernel has ``units * pieces`` columns laid out as ``[piece 0 | piece 1 |
    ...]``, each block ``units`` wide, and a unit outputs the maximum over its pieces.
    """

    name: str
    units: int
    activation: str
    input_dim: int
    kernel_initializer: str
    bias_initializer: str
    kernel: np.ndarray  # float32 (input_dim, units * pieces)
    bias: np.ndarray  # float32 (units * pieces,)
    alpha: float = 1.0
    pieces: int = 1
    negative_slope: float = 0.2  # leaky ReLU's
    # {"class_name": "L2", "config": {"l2": 0.01}} as the engine serializes a weight penalty
    kernel_regularizer: dict[str, Any] | None = None
    bias_regularizer: dict[str, Any] | None = None
    # The layers without weights (Dropout, noise, augmentation) just before this one, each
    # (class_name, settings); inference skips them, training in Keras keeps them.
    before: tuple[tuple[str, dict[str, Any]], ...] = ()

    @property
    def width(self) -> int:
        """Columns of the kernel: units, or units * pieces for maxout."""
        return self.units * self.pieces


@dataclass(frozen=True)
class NetworkSpec:
    layers: tuple[LayerSpec, ...]
    loss: str
    optimizer: str  # engine name: "adam", "sgd", ...
    optimizer_params: dict[str, Any] = field(default_factory=dict)  # learning_rate, beta_1, ...

    @property
    def input_dim(self) -> int:
        return self.layers[0].input_dim

    @property
    def output_dim(self) -> int:
        return self.layers[-1].units

    def shape_text(self) -> str:
        """``784-500-500-10``."""
        return "-".join(str(n) for n in [self.input_dim, *(layer.units for layer in self.layers)])


def load(model_or_path: Any):
    """An engine model, loading it first if given a path."""
    if isinstance(model_or_path, (str, Path)):
        from playground.engine import load_model

        return load_model(model_or_path)
    return model_or_path


def describe(model: Any) -> NetworkSpec:
    """Read the layers, weights, loss and optimizer of an engine ``Sequential``."""
    layers = list(getattr(model, "layers", []))
    if not layers:
        raise ExportError("the model has no layers")
    specs = []
    used: set[str] = set()
    for i, layer in enumerate(layers, start=1):
        kernel = getattr(layer, "kernel", None)
        bias = getattr(layer, "bias", None)
        if kernel is None or bias is None:
            raise ExportError("the model has no weights yet; build or train it first")
        activation = str(layer.activation or "linear")
        pieces = int(getattr(layer, "pieces", 1)) if activation == "maxout" else 1
        units = int(layer.units)
        kernel = np.asarray(kernel, dtype=np.float32)
        bias = np.asarray(bias, dtype=np.float32)
        if kernel.shape[1] != units * pieces or bias.shape != (units * pieces,):
            raise ExportError(
                f"layer {i} has a kernel of shape {kernel.shape} and a bias of shape "
                f"{bias.shape}, expected (*, {units * pieces}) and ({units * pieces},)"
            )
        # Keep the engine's layer names ("dense", "dense_1", ... as Keras numbers them), so
        # both summaries read alike; fall back to dense_<i> for anything unusual. The names
        # become ONNX tensor and node names and Keras arguments: short ASCII identifiers only.
        name = getattr(layer, "name", None)
        usable = isinstance(name, str) and name.isidentifier() and name.isascii()
        if not usable or len(name) > MAX_NAME_CHARS or name in used:
            name = f"dense_{i}"
            while name in used:
                name += "_"
        used.add(name)
        specs.append(
            LayerSpec(
                name=name,
                units=units,
                activation=activation,
                input_dim=int(kernel.shape[0]),
                kernel_initializer=str(getattr(layer, "kernel_initializer", "glorot_uniform")),
                bias_initializer=str(getattr(layer, "bias_initializer", "zeros")),
                kernel=kernel,
                bias=bias,
                alpha=float(getattr(layer, "alpha", 1.0)),
                pieces=pieces,
                negative_slope=float(getattr(layer, "negative_slope", 0.2)),
                kernel_regularizer=_penalty(getattr(layer, "kernel_regularizer", None)),
                bias_regularizer=_penalty(getattr(layer, "bias_regularizer", None)),
                before=_training_layers(model, i - 1),
            )
        )
    loss, optimizer, params = _training_setup(model)
    return NetworkSpec(tuple(specs), loss, optimizer, params)


def _penalty(regularizer: Any) -> dict[str, Any] | None:
    return None if regularizer is None else regularizer.serialize()


def _training_layers(model: Any, index: int) -> tuple[tuple[str, dict[str, Any]], ...]:
    before = getattr(model, "before", None)
    if not callable(before):
        return ()
    return tuple((layer.class_name, layer.settings()) for layer in before(index))


def _training_setup(model: Any) -> tuple[str, str, dict[str, Any]]:
    """(loss, optimizer name, optimizer arguments); Keras' defaults for an uncompiled model."""
    config = {}
    get_config = getattr(model, "get_config", None)
    if callable(get_config):
        config = get_config() or {}
    loss = config.get("loss") or getattr(model, "loss", None) or "categorical_crossentropy"
    if not isinstance(loss, str):
        loss = getattr(loss, "name", None) or "categorical_crossentropy"
    loss = LOSS_ALIASES.get(loss, loss)

    opt_config = config.get("optimizer")
    if opt_config is None and getattr(model, "optimizer", None) is not None:
        opt_config = model.optimizer.get_config()
    if isinstance(opt_config, str):
        opt_config = {"name": opt_config}
    opt_config = dict(opt_config or {"name": "adam"})
    # Some configs nest the arguments: {"name": ..., "config": {...}}.
    if isinstance(opt_config.get("config"), dict):
        opt_config = {"name": opt_config.get("name"), **opt_config["config"]}
    name = str(opt_config.pop("name", "adam")).lower()
    if name not in KERAS_OPTIMIZERS:
        raise ExportError(f"unknown optimizer {name!r}")
    return loss, name, opt_config
