"""Keras 3 (on PyTorch) as the reference for the engine's formulas; imported lazily."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    import keras as keras_module

    return keras_module


def as_numpy(value) -> object:
    import numpy as np

    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value)
