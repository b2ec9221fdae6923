"""The headless commands' choices; their value types live in ``playground.arguments``."""

from __future__ import annotations

from playground.arguments import (
    elu_alpha,
    fraction,
    layer_sizes,
    maxout_pieces,
    non_negative_int,
    output_file,
    positive_float,
    positive_int,
    user_path,
)

ACTIVATIONS = ("sigmoid", "tanh", "relu", "elu", "maxout", "linear")
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


__all__ = [
    "ACTIVATIONS",
    "INITIALIZERS",
    "LOSSES",
    "OPTIMIZERS",
    "elu_alpha",
    "fraction",
    "layer_sizes",
    "maxout_pieces",
    "non_negative_int",
    "output_file",
    "positive_float",
    "positive_int",
    "user_path",
]
