"""Where the layers without weights sit among the Dense layers of a ``Sequential``, and the
model's description as a config (which lists them with their places)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .augmentation import RandomRotation, RandomTranslation
from .layers import Dense
from .training_layers import Dropout, GaussianNoise, TrainingLayer

if TYPE_CHECKING:
    from .model import Sequential


def dense_input_width(layers: list[Dense], layer: object) -> int | None:
    """The input width of Dense ``layer`` appended to ``layers`` (None while unknown), after
    naming it and checking that it fits; ValueError for anything else."""
    if not isinstance(layer, Dense):
        raise ValueError(
            f"Sequential takes Dense, Dropout, noise and augmentation layers, "
            f"got {type(layer).__name__}"
        )
    if layer in layers:
        raise ValueError("this layer is already in the model")
    if layer.name is None:
        layer.name = f"dense_{len(layers)}" if layers else "dense"
    if any(other.name == layer.name for other in layers):
        raise ValueError(f"two layers are named {layer.name!r}; layer names must be unique")
    if not layers:
        return layer.input_dim
    width = layers[-1].output_dim
    if layer.input_dim is not None and layer.input_dim != width:
        raise ValueError(
            f"layer {layer.name!r} has input_dim={layer.input_dim}, but the layer "
            f"before it has {width} units"
        )
    return width


def add_training_layer(stack: list[Dense | TrainingLayer], layer: TrainingLayer, seed: int) -> None:
    """Append a layer without weights, named and with its own random stream from ``seed``."""
    if any(layer is other for other in stack):
        raise ValueError("this layer is already in the model")
    if layer.input_only and any(isinstance(other, Dense) for other in stack):
        raise ValueError(f"{layer.class_name} changes images: put it before the first Dense")
    if layer.name is None:
        layer.name = free_name(layer, stack)
    # Its own random stream from the model's seed, as the layers' initial weights.
    key = (2, len(stack))
    layer.set_rng(np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key)))
    stack.append(layer)


def before(stack: list[Dense | TrainingLayer], index: int) -> list[TrainingLayer]:
    """The layers without weights directly before Dense layer ``index`` (in order)."""
    found: list[TrainingLayer] = []
    dense = 0
    for layer in stack:
        if isinstance(layer, Dense):
            if dense == index:
                return found
            dense += 1
        elif dense == index:
            found.append(layer)
    return found


def free_name(layer: TrainingLayer, stack: list[Dense | TrainingLayer]) -> str:
    """Keras's default name: the class in snake case, numbered when taken (dropout_1, ...)."""
    base = "".join("_" + c.lower() if c.isupper() else c for c in layer.class_name)[1:]
    taken = {other.name for other in stack}
    for k in range(len(stack) + 1):
        name = f"{base}_{k}" if k else base
        if name not in taken:
            return name
    raise AssertionError("unreachable: len(stack) + 1 candidates for len(stack) names")


def with_training_layers(dense: list[Dense], entries: object) -> list[Dense | TrainingLayer]:
    """The Dense layers with the layers that ``get_config`` listed under "training_layers"
    put back in their places (ValueError for anything else)."""
    classes = {c.class_name: c for c in (Dropout, GaussianNoise, RandomRotation, RandomTranslation)}
    if not isinstance(entries, list) or len(entries) > 1000:
        raise ValueError("'training_layers' must be a (short) list")
    placed: list[list[Dense | TrainingLayer]] = [[] for _ in range(len(dense) + 1)]
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("class_name") not in classes:
            raise ValueError(f"unknown layer {entry!r}; known: {', '.join(classes)}")
        before, config = entry.get("before"), entry.get("config")
        if isinstance(before, bool) or not isinstance(before, int) or not 0 <= before < len(dense):
            raise ValueError(f"a {entry['class_name']} layer has no valid place ({before!r})")
        if not isinstance(config, dict):
            raise ValueError(f"a {entry['class_name']} layer has no settings")
        try:
            placed[before].append(classes[entry["class_name"]](**config))
        except TypeError as exc:
            raise ValueError(f"bad settings for {entry['class_name']}: {exc}") from None
    stacked: list[Dense | TrainingLayer] = []
    for i, layer in enumerate(dense):
        stacked += [*placed[i], layer]
    return stacked


def model_config(model: Sequential) -> dict[str, Any]:
    """A JSON-able description of the model's layers, loss, metrics and optimizer."""
    return {
        "name": model.name,
        "seed": model.seed,
        "layers": [layer.get_config() for layer in model.layers],
        "training_layers": [
            {"class_name": layer.class_name, "before": i, "config": layer.get_config()}
            for i in range(len(model.layers) + 1)
            for layer in model.before(i)
        ],
        "loss": model.loss,
        "metrics": list(model.metrics),
        "optimizer": None if model.optimizer is None else model.optimizer.get_config(),
    }


def layers_from_config(config: dict[str, Any]) -> tuple[list[Dense | TrainingLayer], Any, str]:
    """(the layers, seed, name) that ``model_config`` describes (ValueError when malformed)."""
    if not isinstance(config, dict) or not isinstance(config.get("layers"), list):
        raise ValueError("a model config is a dict with a 'layers' list")
    layers = []
    for layer_config in config["layers"]:
        if not isinstance(layer_config, dict):
            raise ValueError("each layer config must be a dict")
        layers.append(Dense.from_config(layer_config))
    stacked = with_training_layers(layers, config.get("training_layers", []))
    name = config.get("name", "sequential")
    return stacked, config.get("seed"), name if isinstance(name, str) else "sequential"
