"""argparse value types that reject impossible settings with one clear sentence."""

from __future__ import annotations

import argparse
import math

from playground.training import vocabulary
from playground.training.config import TrainingConfig

# One vocabulary: the choices are the engine's own names.
ACTIVATIONS = vocabulary.HIDDEN_ACTIVATIONS
LOSSES = vocabulary.LOSSES
OPTIMIZERS = vocabulary.OPTIMIZERS
INITIALIZERS = vocabulary.INITIALIZERS
#: The window's defaults, so a command-line run and a window run of the same settings agree.
DEFAULTS = TrainingConfig()


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
