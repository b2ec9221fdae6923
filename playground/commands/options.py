"""argparse value types that reject impossible settings with one clear sentence."""

from __future__ import annotations

import argparse
import math

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "maxout", "linear")
LOSSES = (
    "categorical_crossentropy",
    "mse",
    "mean_squared_error",
    "sparse_categorical_crossentropy",
)
OPTIMIZERS = ("sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam")
INITIALIZERS = (
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
    "random_normal",
    "zeros",
)


def _number(text: str, kind: type) -> int | float:
    try:
        return kind(text)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"expected {noun}, not {text!r}") from None


def positive_int(text: str) -> int:
    value = _number(text, int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def non_negative_int(text: str) -> int:
    value = _number(text, int)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def positive_float(text: str) -> float:
    value = _number(text, float)
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, not {text}")
    return value


def fraction(text: str) -> float:
    value = _number(text, float)
    if not (math.isfinite(value) and 0 <= value < 1):
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1, not {text}")
    return value


def layer_sizes(text: str) -> tuple[int, ...]:
    """``"500,500"`` -> (500, 500); ``""`` or ``"none"`` -> no hidden layer."""
    text = text.strip()
    if text.lower() in ("", "none"):
        return ()
    sizes = []
    for part in text.split(","):
        try:
            size = int(part.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected comma-separated layer sizes such as 500,500, not {text!r}"
            ) from None
        if size < 1:
            raise argparse.ArgumentTypeError(f"every layer needs at least 1 unit, not {size}")
        sizes.append(size)
    return tuple(sizes)


AUGMENTATIONS = {"rotation": 180.0, "shift": 14.0, "noise": 1.0}  # each with its largest value


def augment_settings(text: str) -> dict[str, float]:
    """``"rotation=15,shift=2,noise=0.1"`` -> {"rotation": 15.0, "shift": 2.0, "noise": 0.1}."""
    settings: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.strip().partition("=")
        name = name.strip().lower()
        if not sep or name not in AUGMENTATIONS:
            raise argparse.ArgumentTypeError(
                f"expected NAME=VALUE pairs such as rotation=15,shift=2,noise=0.1 "
                f"(names: {', '.join(AUGMENTATIONS)}), not {part.strip()!r}"
            )
        number = _number(value.strip(), float)
        if not (math.isfinite(number) and 0 <= number <= AUGMENTATIONS[name]):
            raise argparse.ArgumentTypeError(
                f"{name} must be between 0 and {AUGMENTATIONS[name]:g}, not {value.strip()}"
            )
        settings[name] = number
    return settings


def non_negative_float(text: str) -> float:
    value = _number(text, float)
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number, 0 or more, not {text}")
    return value


def probability(text: str) -> float:
    value = _number(text, float)
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value
