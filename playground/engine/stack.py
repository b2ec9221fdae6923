"""Where the layers without weights sit among the Dense layers of a ``Sequential``."""

from __future__ import annotations

from .augmentation import RandomRotation, RandomTranslation
from .layers import Dense
from .training_layers import Dropout, GaussianNoise, TrainingLayer


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
    return [layer for i, layer in enumerate(dense) for layer in (*placed[i], layer)]
