"""One data pipeline: the command line and the window train on the same examples."""

from __future__ import annotations

import numpy as np
import pytest

from playground import cli
from playground.commands import train as train_command
from playground.training import TrainingConfig, TrainingSession
from playground.training.preparation import prepare


def _cli_data(dataset, *argv: str):
    args = cli.build_parser().parse_args(["train", *argv])
    config = train_command._config(args)
    return train_command._prepare(args, config, dataset)


def _rows(x: np.ndarray) -> set[bytes]:
    return {row.tobytes() for row in x}


@pytest.mark.parametrize("seed", [0, 7])
def test_cli_and_window_hold_out_the_same_examples(synthetic, seed):
    data = _cli_data(
        synthetic, "--train-size", "300", "--validation-split", "0.2", "--seed", str(seed)
    )
    window = TrainingSession(
        TrainingConfig(hidden=(8,), train_size=300, validation_split=0.2, seed=seed, batch_size=50),
        dataset=synthetic,
    )
    assert data.x_val is not None and window.x_val is not None
    assert len(data.x_train) == window.n_train == 240
    assert len(data.x_val) == window.n_validation == 60
    np.testing.assert_array_equal(data.x_train, window.x_train)
    np.testing.assert_array_equal(data.x_val, window.x_val)
    np.testing.assert_array_equal(data.y_val_labels, window.y_val_labels)
    np.testing.assert_array_equal(data.x_test, window.x_test)


def test_the_split_follows_the_seed_and_keeps_the_parts_apart(synthetic):
    config = TrainingConfig(train_size=300, validation_split=0.2)
    first = prepare(synthetic, config)
    again = prepare(synthetic, config)
    other = prepare(synthetic, config.replace(seed=1))
    assert first.x_val is not None and other.x_val is not None
    np.testing.assert_array_equal(first.x_val, again.x_val)
    assert _rows(first.x_val) != _rows(other.x_val)
    assert not _rows(first.x_val) & _rows(first.x_train)
    # A per-class subset: 30 of each of the ten classes before the split.
    labels = np.concatenate([first.y_train_labels, first.y_val_labels])
    assert np.bincount(labels).tolist() == [30] * 10


def test_targets_follow_the_loss(synthetic):
    one_hot = prepare(synthetic, TrainingConfig(loss="mse"))
    sparse = prepare(synthetic, TrainingConfig(loss="sparse_categorical_crossentropy"))
    labels = one_hot.y_train_labels[:5]
    assert one_hot.targets(labels).shape == (5, 10)
    assert one_hot.targets(labels).argmax(axis=1).tolist() == labels.tolist()
    assert sparse.targets(labels).tolist() == labels.tolist()


def test_cli_defaults_are_the_windows():
    args = cli.build_parser().parse_args(["train"])
    config = train_command._config(args)
    window = TrainingConfig()
    for name in ("hidden", "activation", "loss", "optimizer", "batch_size", "epochs", "seed"):
        assert getattr(config, name) == getattr(window, name), name
    assert config.validation_split == window.validation_split
