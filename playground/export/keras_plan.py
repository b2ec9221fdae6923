"""Which Dense layers a Keras ``Sequential`` configuration holds, with what activations.

Read from the model's JSON alone (no Keras, no weights). Around the Dense layers it accepts:
InputLayer and Flatten; Activation, ReLU, LeakyReLU, ELU and Softmax after a Dense layer
without one; layers that do nothing when a trained network predicts (Dropout, GaussianNoise,
and random picture changes such as RandomRotation between a Reshape to the square picture and
a Flatten back, as the playground's own Keras export writes augmentation). Keras has no maxout
layer, so maxout is recognised as the export builds it from stock layers: a linear Dense of
``units * pieces``, a Reshape to ``(pieces, units)`` and a MaxPooling1D over the pieces.
Anything else is refused, naming the first layer that is not supported.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from playground.export.foreign import MAX_PARAMETERS, ModelImportError

# Identity when a trained network predicts: skipped.
PREDICTION_NO_OPS = (
    "Dropout",
    "SpatialDropout1D",
    "GaussianDropout",
    "AlphaDropout",
    "GaussianNoise",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "RandomFlip",
)
ACTIVATION_LAYERS = {
    "ReLU": "relu",
    "Softmax": "softmax",
    "ELU": "elu",
    "LeakyReLU": "leaky_relu",
}
KERAS_LEAKY_SLOPE = 0.3  # the LeakyReLU layer's default (the activation string's is 0.2)
SUPPORTED = (
    "Dense, with InputLayer, Flatten, Activation, ReLU, LeakyReLU, ELU, Softmax, Dropout, "
    "GaussianNoise, random picture changes (RandomRotation, RandomTranslation) between a "
    "Reshape and a Flatten, and maxout written as Dense, Reshape and MaxPooling1D"
)


def dims(shape: Any) -> int | None:
    """Inputs per example from a Keras shape such as [null, 28, 28]; None if unknown."""
    if not isinstance(shape, list) or len(shape) < 2:
        return None
    sizes = shape[1:]
    if not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in sizes):
        return None
    total = math.prod(sizes)  # Python's integers: a huge shape cannot wrap around
    return total if total <= MAX_PARAMETERS else None


def _shape(value: Any) -> tuple[int, ...] | None:
    """A Reshape's target or a pool size as whole numbers above 0 (None if it is not one)."""
    value = [value] if isinstance(value, int) else value
    if not isinstance(value, list) or not value:
        return None
    if not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 < d <= MAX_PARAMETERS for d in value
    ):
        return None
    return tuple(value)


def activation_name(value: Any) -> str:
    if isinstance(value, dict):  # {"class_name": "...", "config": {"name": "relu"}} in Keras 2
        value = (
            value.get("config", {}).get("name") if isinstance(value.get("config"), dict) else None
        )
    return str(value or "linear").lower()


class _Planner:
    """Walks the layers once; ``entries`` are the Dense layers' configs, activations folded in."""

    def __init__(self, path: Path, input_dim: int | None) -> None:
        self.path, self.input_dim = path, input_dim
        self.entries: list[dict] = []
        self.width = input_dim  # values per example after the layers so far, when known
        self.pictures = False  # between a Reshape to the square picture and a Flatten
        self.pieces: int | None = None  # maxout: after its Reshape, until its MaxPooling1D
        self.previous = ""

    def refuse(self, what: str, why: str = "") -> None:
        raise ModelImportError(
            self.path, why or f"{what} is not supported; the playground opens {SUPPORTED}"
        )

    def add(self, what: str, kind: str, cfg: dict) -> None:
        if self.pieces is not None and kind != "MaxPooling1D":
            self.refuse(
                what, f"{what}: a Reshape to maxout pieces must be followed by MaxPooling1D"
            )
        if kind == "InputLayer":
            shape = cfg.get("batch_shape") or cfg.get("batch_input_shape")
            self.input_dim = self.width = dims(shape) or self.input_dim
        elif kind in PREDICTION_NO_OPS:
            pass
        elif kind == "Flatten":
            self.pictures = False
        elif self.pictures:
            self.refuse(what, f"{what}: only random picture changes can sit between a Reshape "
                              "and a Flatten")  # fmt: skip
        elif kind == "Dense":
            self.dense(what, cfg)
        elif kind in ("Activation", *ACTIVATION_LAYERS):
            self.fold(what, kind, cfg)
        elif kind == "Reshape":
            self.reshape(what, _shape(cfg.get("target_shape")))
        elif kind == "MaxPooling1D":
            self.max_pooling(what, cfg)
        else:
            self.refuse(what)
        self.previous = kind

    def dense(self, what: str, cfg: dict) -> None:
        if not self.entries and self.input_dim is None:
            self.input_dim = dims(cfg.get("batch_input_shape"))
        name = str(cfg.get("name", what))
        self.entries.append({**cfg, "name": name, "what": what})
        self.entries[-1]["activation"] = activation_name(cfg.get("activation"))
        units = cfg.get("units")
        self.width = units if isinstance(units, int) and not isinstance(units, bool) else None

    def fold(self, what: str, kind: str, cfg: dict) -> None:
        """Give the Dense layer before it the activation of an Activation/ReLU/... layer."""
        if kind == "Activation":
            activation = activation_name(cfg.get("activation"))
        else:
            activation = ACTIVATION_LAYERS[kind]
        if kind == "ReLU" and any(
            cfg.get(k) not in (None, 0, 0.0) for k in ("max_value", "negative_slope", "threshold")
        ):
            self.refuse(what, f"{what}: a ReLU with a cap, slope or threshold is not supported")
        if not self.entries or self.entries[-1]["activation"] != "linear":
            self.refuse(what, f"{what}: an activation must follow a Dense layer without one")
        entry = self.entries[-1]
        entry["activation"] = activation
        if kind == "ELU":
            entry["alpha"] = cfg.get("alpha", 1.0)
        elif kind == "LeakyReLU":  # Keras 3 says negative_slope, Keras 2 alpha
            entry["alpha"] = cfg.get("negative_slope", cfg.get("alpha", KERAS_LEAKY_SLOPE))

    def reshape(self, what: str, target: tuple[int, ...] | None) -> None:
        if target is None:
            self.refuse(what, f"{what}: the Reshape has no target shape")
        size = math.prod(target)
        if self.width is not None and size != self.width:
            self.refuse(what, f"{what}: a Reshape of {self.width} values to {size}")
        if len(target) == 3 and target[2] == 1 and target[0] == target[1]:
            self.pictures = True  # a square grey picture, for the random changes that follow
            return
        last = self.entries[-1] if self.entries else None
        if (
            len(target) == 2
            and target[0] >= 2
            and self.previous == "Dense"
            and last is not None
            and last["activation"] == "linear"
        ):
            self.pieces = target[0]  # maxout: the pieces side by side, then their maximum
            return
        self.refuse(what, f"{what}: only a Reshape to a square picture or to maxout pieces "
                          "is supported")  # fmt: skip

    def max_pooling(self, what: str, cfg: dict) -> None:
        pieces, self.pieces = self.pieces, None
        pool = _shape(cfg.get("pool_size"))
        strides = _shape(cfg.get("strides")) if cfg.get("strides") is not None else pool
        if (
            pieces is None
            or pool != (pieces,)
            or strides != (pieces,)
            or cfg.get("padding", "valid") != "valid"
            or cfg.get("data_format") not in (None, "channels_last")
        ):
            self.refuse(what, f"{what}: MaxPooling1D is supported only as maxout's maximum")
        entry = self.entries[-1]
        entry["activation"], entry["pieces"] = "maxout", pieces
        self.width = None if self.width is None else self.width // pieces


def plan(path: Path, model_config: dict) -> tuple[list[dict], int | None]:
    """The Dense layers' configs (with their activations folded in) and the input width."""
    if model_config.get("class_name") != "Sequential":
        kind = model_config.get("class_name")
        raise ModelImportError(
            path, f"a {kind!s} model; only a Sequential model of Dense layers can be opened"
        )
    config = model_config.get("config")
    layers = config.get("layers") if isinstance(config, dict) else None
    if not isinstance(layers, list):
        raise ModelImportError(path, "the model's configuration lists no layers")
    planner = _Planner(path, dims((config or {}).get("build_input_shape")))
    for i, layer in enumerate(layers, start=1):
        if not isinstance(layer, dict) or not isinstance(layer.get("config"), dict):
            raise ModelImportError(path, f"layer {i} is not described")
        kind, cfg = str(layer.get("class_name")), layer["config"]
        what = f"layer {i} ({kind} {str(cfg.get('name', f'layer {i}'))!r})"
        planner.add(what, kind, cfg)
    if planner.pieces is not None:
        raise ModelImportError(path, "the model ends inside a maxout layer")
    if not planner.entries:
        raise ModelImportError(path, "the model has no Dense layer")
    return planner.entries, planner.input_dim
