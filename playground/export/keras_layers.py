"""Keras source for what the engine adds to plain Dense layers: Dropout, noise and augmentation
layers, weight penalties, leaky ReLU with its slope, and learning-rate schedules.

Every name and value goes through ``codegen`` (``literal``, ``identifier``); anything this
module does not know raises ``ExportError`` rather than being written.
"""

from __future__ import annotations

import math
from typing import Any

from playground.export.codegen import identifier, literal
from playground.export.network import ExportError

IMAGE_LAYERS = ("RandomRotation", "RandomTranslation")
FLAT_LAYERS = ("Dropout", "GaussianNoise")
REGULARIZERS = ("L1", "L2", "L1L2")
SCHEDULES = ("ExponentialDecay", "CosineDecay", "PiecewiseConstantDecay")
_SKIPPED = {"name", "seed"}  # Keras names them itself; seeds differ between libraries anyway


def _arguments(settings: dict[str, Any]) -> list[str]:
    args = []
    for key, value in settings.items():
        if key in _SKIPPED:
            continue
        if isinstance(value, list):  # Keras's factors are (lower, upper) pairs
            value = tuple(value)
        args.append(f"{identifier(key)}={literal(value)}")
    return args


def training_layers(
    before: tuple[tuple[str, dict[str, Any]], ...], width: int
) -> list[tuple[str, list[str]]]:
    """(call, arguments) per Keras layer; augmentation is wrapped in a Reshape to the square
    image and a Flatten back, since our layers see flat rows of pixels."""
    calls: list[tuple[str, list[str]]] = []
    images = False
    for class_name, settings in before:
        if class_name not in IMAGE_LAYERS + FLAT_LAYERS:
            raise ExportError(f"no Keras counterpart for the layer {class_name!r}")
        if (class_name in IMAGE_LAYERS) != images:
            if images:
                calls.append(("layers.Flatten", []))
            else:
                side = math.isqrt(width)
                if side * side != width:
                    raise ExportError(f"{class_name} needs square images, not {width} inputs")
                calls.append(("layers.Reshape", [literal((side, side, 1))]))
            images = not images
        calls.append((f"layers.{class_name}", _arguments(settings)))
    if images:
        calls.append(("layers.Flatten", []))
    return calls


def regularizer_arguments(layer: Any) -> list[str]:
    """``kernel_regularizer=keras.regularizers.L2(l2=0.01)`` and the bias's, if any."""
    args = []
    for key in ("kernel_regularizer", "bias_regularizer"):
        serialized = getattr(layer, key)
        if serialized is None:
            continue
        name = serialized.get("class_name")
        if name not in REGULARIZERS:
            raise ExportError(f"no Keras counterpart for the regularizer {name!r}")
        args.append(
            f"{key}=keras.regularizers.{name}({', '.join(_arguments(serialized['config']))})"
        )
    return args


def schedule_call(value: Any) -> tuple[str, list[str]] | None:
    """(constructor, arguments) of a serialized learning-rate schedule; None for a number."""
    if not isinstance(value, dict):
        return None
    name = value.get("class_name")
    if name not in SCHEDULES or not isinstance(value.get("config"), dict):
        raise ExportError(f"no Keras counterpart for the learning-rate schedule {name!r}")
    settings = {k: v for k, v in value["config"].items() if k != "name"}
    return f"keras.optimizers.schedules.{name}", _arguments(settings)


def describe_rate(value: Any) -> str:
    """For the script's docstring: "learning rate 0.001" or "a CosineDecay schedule"."""
    if isinstance(value, dict):
        return f"a {value.get('class_name')} learning-rate schedule"
    return f"learning rate {value:g}"
