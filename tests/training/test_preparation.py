"""One data pipeline: the command line and the window train on the same examples."""

from __future__ import annotations

import numpy as np
import pytest

from playground import cli
from playground.commands import train as train_command
from playground.data import Dataset
from playground.data.preprocessing import flatten_scale
from playground.engine.byte_inputs import ByteInputs
from playground.training import TrainingConfig, TrainingSession
from playground.training.preparation import prepare, subset_indices


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


def test_targets_are_whole_classes_or_rows_of_every_class(synthetic):
    one_hot = prepare(synthetic, TrainingConfig(loss="mse"))
    sparse = prepare(synthetic, TrainingConfig(loss="sparse_categorical_crossentropy"))
    # Only classes 0 and 1 among the labels: the rows still have a place for all ten.
    np.testing.assert_array_equal(one_hot.targets(np.array([1, 0])), np.eye(10)[[1, 0]])
    assert sparse.targets(np.array([3, 1], np.uint8)).dtype.kind == "i"


def test_a_subset_the_classes_cannot_share_is_a_seeded_random_one():
    labels = np.array([0] * 50 + [1] * 5)
    heard: list[str] = []
    idx = subset_indices(labels, 20, seed=3, note=heard.append)
    assert heard == [
        "class 1 has only 5 examples, 10 are needed for a subset of 20; "
        "taking a random subset instead"
    ]
    assert len(set(idx.tolist())) == 20 and idx.tolist() == sorted(idx.tolist())
    assert idx.min() >= 0 and idx.max() < len(labels)
    np.testing.assert_array_equal(idx, subset_indices(labels, 20, seed=3))
    others = [subset_indices(labels, 20, seed=s).tolist() for s in range(4, 9)]
    assert any(other != idx.tolist() for other in others)
    # Classes that can share: the same count of each, whatever the seed.
    even = subset_indices(np.arange(40) % 4, 8, seed=5)
    assert np.bincount(np.arange(40)[even] % 4).tolist() == [2, 2, 2, 2]


def test_the_window_hears_why_its_subset_is_not_per_class(synthetic):
    heard: list[str] = []
    uneven = Dataset(
        "Uneven",
        synthetic.x_train[:55],
        np.array([0] * 50 + [1] * 5, np.uint8),
        synthetic.x_test,
        synthetic.y_test,
        ("0", "1"),
    )
    data = prepare(uneven, TrainingConfig(train_size=20), note=heard.append)
    assert len(data.x_train) == 20 and len(heard) == 1 and "random subset" in heard[0]


def test_a_split_of_one_example_still_validates(synthetic):
    data = prepare(synthetic, TrainingConfig(train_size=10, validation_split=0.1))
    assert data.x_val is not None and len(data.x_val) == 1 and len(data.x_train) == 9


def test_the_test_subset_is_per_class_seeded_and_whole_classes(synthetic):
    config = TrainingConfig(test_size=50, seed=4)
    first = prepare(synthetic, config)
    assert len(first.x_test) == 50
    assert np.bincount(first.y_test_labels).tolist() == [5] * 10
    assert first.y_test_labels.dtype.kind == "i"
    np.testing.assert_array_equal(first.x_test, prepare(synthetic, config).x_test)
    # Each shown test example keeps its own label.
    rows = {
        row.tobytes(): label for row, label in zip(first.x_test, first.y_test_labels, strict=True)
    }
    whole = prepare(synthetic, TrainingConfig())
    assert len(whole.x_test) == len(synthetic.y_test)
    for row, label in zip(whole.x_test, whole.y_test_labels, strict=True):
        if row.tobytes() in rows:
            assert rows[row.tobytes()] == label


def test_one_value_per_example_is_an_image_of_one_pixel():
    rng = np.random.default_rng(0)
    flat = Dataset(
        "Flat",
        rng.uniform(0, 1, 30).astype(np.float32),
        np.arange(30) % 3,
        rng.uniform(0, 1, 9).astype(np.float32),
        np.arange(9) % 3,
        ("a", "b", "c"),
    )
    data = prepare(flat, TrainingConfig())
    assert data.image_shape == (1,) and data.input_dim == 1


def test_the_seed_picks_the_validation_examples_of_the_whole_set(synthetic):
    config = TrainingConfig(validation_split=0.2)
    first = prepare(synthetic, config)
    again = prepare(synthetic, config)
    other = prepare(synthetic, config.replace(seed=3))
    assert first.x_val is not None and again.x_val is not None and other.x_val is not None
    np.testing.assert_array_equal(first.x_val, again.x_val)
    assert _rows(first.x_val) != _rows(other.x_val)


def test_the_seed_picks_a_per_class_subset():
    labels = np.arange(40) % 4
    subsets = {tuple(subset_indices(labels, 8, seed=s).tolist()) for s in range(5)}
    assert len(subsets) > 1


def test_one_hot_rows_as_wide_as_the_data_sets_classes():
    rng = np.random.default_rng(1)
    three = Dataset(
        "Three",
        rng.uniform(0, 255, (30, 4, 4)).astype(np.uint8),
        np.arange(30) % 3,
        rng.uniform(0, 255, (9, 4, 4)).astype(np.uint8),
        np.arange(9) % 3,
        ("a", "b", "c"),
    )
    data = prepare(three, TrainingConfig(loss="mse"))
    np.testing.assert_array_equal(data.targets(np.array([2, 0])), np.eye(3)[[2, 0]])


def test_images_stay_bytes_until_a_batch_is_taken_and_read_as_the_scaled_floats(synthetic):
    assert synthetic.x_train.dtype == np.uint8
    data = prepare(synthetic, TrainingConfig(validation_split=0.2))
    assert isinstance(data.x_train, ByteInputs) and isinstance(data.x_val, ByteInputs)
    width = int(np.prod(synthetic.x_train.shape[1:]))
    assert data.x_train.nbytes == len(data.x_train) * width  # one byte per pixel
    rows = np.concatenate([np.asarray(data.x_train), np.asarray(data.x_val)])
    expected = flatten_scale(synthetic.x_train)
    assert sorted(r.tobytes() for r in rows) == sorted(r.tobytes() for r in expected)


def test_float_features_stay_floats():
    rng = np.random.default_rng(0)
    flat = Dataset(
        "Flat",
        rng.uniform(0, 1, (30, 4)).astype(np.float32),
        np.arange(30) % 3,
        rng.uniform(0, 1, (9, 4)).astype(np.float32),
        np.arange(9) % 3,
        ("a", "b", "c"),
    )
    data = prepare(flat, TrainingConfig())
    assert isinstance(data.x_train, np.ndarray) and data.x_train.dtype == np.float32
    np.testing.assert_array_equal(data.x_train, flat.x_train)
