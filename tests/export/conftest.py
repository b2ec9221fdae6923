"""Small trained models, saved and loaded back, for the exporters; optional-package checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from export_support import variants

from playground.data.mnist import load_data
from playground.data.preprocessing import flatten_scale, one_hot, stratified_subset
from playground.engine import Sequential, load_model


@dataclass(frozen=True)
class SavedModel:
    key: str
    path: Path  # the saved .npz
    model: Sequential  # loaded back from path


@pytest.fixture(scope="session")
def mnist_small():
    """500 training and 1,000 test digits of the bundled MNIST, uint8 as Keras loads them."""
    (x_train, y_train), (x_test, y_test) = load_data()
    x_train, y_train = stratified_subset(x_train, y_train, 500, seed=0)
    return x_train, y_train, x_test[:1000], y_test[:1000]


@pytest.fixture(scope="session")
def mnist_npz(tmp_path_factory, mnist_small) -> Path:
    """The subset as a keras.datasets-style .npz, for the generated script's --data."""
    x_train, y_train, x_test, y_test = mnist_small
    path = tmp_path_factory.mktemp("data") / "mnist_subset.npz"
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


@pytest.fixture(scope="session")
def saved_models(tmp_path_factory, mnist_small) -> dict[str, SavedModel]:
    """Each variant trained for one epoch on the subset, saved, and loaded back."""
    x_train, y_train, _, _ = mnist_small
    x = flatten_scale(x_train)
    folder = tmp_path_factory.mktemp("models")
    saved = {}
    for key, (layers, loss, optimizer) in variants().items():
        model = Sequential(layers, seed=1)
        model.compile(loss=loss, optimizer=optimizer, metrics=["accuracy"])
        y = y_train.astype(np.int64) if loss.startswith("sparse") else one_hot(y_train)
        model.fit(x, y, batch_size=50, epochs=1, verbose=0)
        path = folder / f"{key}.npz"
        model.save(path)
        saved[key] = SavedModel(key, path, load_model(path))
    return saved
