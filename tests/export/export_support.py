"""Shared by the export tests: optional-package checks and the networks they export."""

from __future__ import annotations

import importlib.util

import pytest

from playground.engine import (
    Dense,
    Dropout,
    GaussianNoise,
    RandomRotation,
    RandomTranslation,
    optimizers,
    regularizers,
)


def require(*modules: str) -> None:
    """Fail, naming the missing packages, when an optional package is absent: the `test` extra
    installs them all, and a skip would hide that the export tests never ran."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        pytest.fail(f"needs {', '.join(missing)} (pip install -e '.[test]')")


def variants():
    """Networks that cover every activation, each loss and several optimizers."""
    return {
        "relu_adam": (
            [
                Dense(64, activation="relu", input_dim=784),
                Dense(32, activation="relu"),
                Dense(10, activation="softmax"),
            ],
            "categorical_crossentropy",
            optimizers.Adam(learning_rate=0.002),
        ),
        "maxout_elu_sgd": (
            [
                Dense(24, activation="maxout", pieces=3, input_dim=784),
                Dense(16, activation="elu", alpha=0.5, kernel_initializer="he_normal"),
                Dense(12, activation="elu"),
                Dense(10, activation="softmax", kernel_initializer="glorot_normal"),
            ],
            "mean_squared_error",
            optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
        ),
        "sigmoid_tanh_nadam": (
            [
                Dense(40, activation="sigmoid", input_dim=784, kernel_initializer="random_normal"),
                Dense(20, activation="tanh", kernel_initializer="he_uniform"),
                Dense(10, activation="softmax"),
            ],
            "sparse_categorical_crossentropy",
            optimizers.Nadam(learning_rate=0.003),
        ),
        "dropout_l2_leaky_cosine": (
            [
                RandomRotation(0.04, fill_mode="constant"),
                RandomTranslation(0.07, 0.07, fill_mode="constant"),
                GaussianNoise(0.1),
                Dense(
                    32,
                    activation="leaky_relu",
                    negative_slope=0.1,
                    input_dim=784,
                    kernel_regularizer=regularizers.l2(1e-3),
                ),
                Dropout(0.3),
                Dense(
                    16,
                    activation="leaky_relu",
                    kernel_regularizer=regularizers.l1_l2(l1=1e-5, l2=1e-4),
                    bias_regularizer=regularizers.l2(1e-4),
                ),
                Dense(10, activation="softmax"),
            ],
            "categorical_crossentropy",
            optimizers.Adam(learning_rate=optimizers.schedules.CosineDecay(0.01, 100)),
        ),
    }


VARIANTS = tuple(variants())
