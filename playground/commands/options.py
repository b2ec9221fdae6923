"""The headless commands' choices; their value types live in ``playground.arguments``."""

from __future__ import annotations

from playground.arguments import (
    augment_settings,
    elu_alpha,
    fraction,
    layer_sizes,
    maxout_pieces,
    non_negative_float,
    non_negative_int,
    output_file,
    positive_float,
    positive_int,
    probability,
    user_path,
)
from playground.training import vocabulary
from playground.training.config import TrainingConfig

# One vocabulary: the choices are the engine's own names.
ACTIVATIONS = vocabulary.HIDDEN_ACTIVATIONS
LOSSES = vocabulary.LOSSES
OPTIMIZERS = vocabulary.OPTIMIZERS
INITIALIZERS = vocabulary.INITIALIZERS
#: The window's defaults, so a command-line run and a window run of the same settings agree.
DEFAULTS = TrainingConfig()


__all__ = [
    "ACTIVATIONS",
    "INITIALIZERS",
    "LOSSES",
    "OPTIMIZERS",
    "augment_settings",
    "elu_alpha",
    "fraction",
    "layer_sizes",
    "maxout_pieces",
    "non_negative_float",
    "non_negative_int",
    "output_file",
    "positive_float",
    "positive_int",
    "probability",
    "user_path",
]
