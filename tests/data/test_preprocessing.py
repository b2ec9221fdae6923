"""Flatten and scale, one-hot labels, stratified subsets, validation splits."""

from __future__ import annotations

import numpy as np
import pytest

from playground.data.preprocessing import (
    flatten_scale,
    one_hot,
    split_validation,
    stratified_indices,
    stratified_subset,
)


def test_flatten_scale():
    x = np.array([[[0, 255], [51, 102]]] * 3, dtype=np.uint8)
    out = flatten_scale(x)
    assert out.dtype == np.float32 and out.shape == (3, 4)
    np.testing.assert_allclose(out[0], [0.0, 1.0, 0.2, 0.4], rtol=1e-6)
    mnist_like = np.full((2, 28, 28), 255, np.uint8)
    assert flatten_scale(mnist_like).shape == (2, 784)
    assert flatten_scale(mnist_like).max() == 1.0


def test_one_hot_like_to_categorical():
    out = one_hot(np.array([0, 3, 9], dtype=np.uint8))
    assert out.dtype == np.float32 and out.shape == (3, 10)
    assert out.sum(axis=1).tolist() == [1, 1, 1]
    assert out.argmax(axis=1).tolist() == [0, 3, 9]
    assert one_hot(np.array([1]), num_classes=3).tolist() == [[0, 1, 0]]
    with pytest.raises(ValueError, match=r"0\.\.2"):
        one_hot(np.array([3]), num_classes=3)
    with pytest.raises(ValueError, match="1-D"):
        one_hot(np.zeros((2, 2), int))


def _labels():
    rng = np.random.default_rng(3)
    return rng.permutation(np.repeat(np.arange(10), [50, 60, 70, 80, 90, 55, 65, 75, 85, 95]))


def test_stratified_subset_same_count_per_class():
    y = _labels()
    x = np.arange(len(y))
    xs, ys = stratified_subset(x, y, 300, seed=1)
    assert len(xs) == 300
    assert np.bincount(ys, minlength=10).tolist() == [30] * 10
    np.testing.assert_array_equal(y[xs], ys)  # x and y stay paired
    assert len(set(xs.tolist())) == 300  # no example twice


def test_stratified_subset_seeded():
    y = _labels()
    a = stratified_indices(y, 100, seed=7)
    assert np.array_equal(a, stratified_indices(y, 100, seed=7))
    assert not np.array_equal(a, stratified_indices(y, 100, seed=8))
    assert np.all(np.diff(a) > 0)


def test_stratified_subset_remainder_spread_one_each():
    counts = np.bincount(_labels()[stratified_indices(_labels(), 105, seed=0)], minlength=10)
    assert counts.sum() == 105 and counts.max() - counts.min() == 1


def test_stratified_subset_limits():
    y = _labels()
    with pytest.raises(ValueError, match="between 1 and"):
        stratified_indices(y, 0)
    with pytest.raises(ValueError, match="between 1 and"):
        stratified_indices(y, len(y) + 1)
    with pytest.raises(ValueError, match="class 0 has only 50"):
        stratified_indices(y, 600)


def test_stratified_subset_real_mnist_1000():
    from playground.data.mnist import load_data

    (x, y), _ = load_data()
    xs, ys = stratified_subset(x, y, 1000, seed=0)
    assert xs.shape == (1000, 28, 28)
    assert np.bincount(ys).tolist() == [100] * 10


def test_split_validation_like_keras():
    x = np.arange(10)
    y = np.arange(10) % 2
    (xt, _yt), (xv, yv) = split_validation(x, y, 0.2)
    assert xt.tolist() == list(range(8)) and xv.tolist() == [8, 9]
    assert yv.tolist() == [0, 1]
    (xt, _), (xv, _) = split_validation(x, y, 0.3, seed=1)
    assert len(xv) == 3 and sorted([*xt, *xv]) == list(range(10))
    for bad in (0.0, 1.0, -0.1):
        with pytest.raises(ValueError, match="strictly between"):
            split_validation(x, y, bad)
    with pytest.raises(ValueError, match="empty"):
        split_validation(x[:2], y[:2], 0.1)  # nothing held out
    with pytest.raises(ValueError, match="empty"):
        split_validation(x[:2], y[:2], 0.9)  # nothing left to train on
    (xt, _), (xv, _) = split_validation(x[:2], y[:2], 0.5)  # the smallest split that works
    assert len(xt) == len(xv) == 1


def test_flatten_scale_of_floats_clips_to_0_1():
    x = np.linspace(-0.5, 1.5, 2 * 28 * 28, dtype=np.float32).reshape(2, 28, 28)
    out = flatten_scale(x)
    assert out.shape == (2, 784) and out.dtype == np.float32
    np.testing.assert_array_equal(out, np.clip(x.reshape(2, 784), 0, 1))
    assert out.min() == 0.0 and out.max() == 1.0
    inside = (x.reshape(2, 784) >= 0) & (x.reshape(2, 784) <= 1)
    np.testing.assert_array_equal(out[inside], x.reshape(2, 784)[inside])


def test_stratified_subsets_of_every_size_from_one_to_all():
    y = np.repeat(np.arange(3), 2)  # three classes of two
    assert len(stratified_indices(y, 1)) == 1
    # all six: each class gives every example it has
    assert stratified_indices(y, 6).tolist() == [0, 1, 2, 3, 4, 5]


def test_stratified_subset_default_seed_is_reproducible():
    y = _labels()
    x = np.arange(len(y))
    first, _ = stratified_subset(x, y, 100)
    again, _ = stratified_subset(x, y, 100)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, stratified_subset(x, y, 100, seed=0)[0])
    np.testing.assert_array_equal(stratified_indices(y, 100), stratified_indices(y, 100, seed=0))


def test_split_validation_from_one_example_to_all_but_one():
    x = np.arange(10)
    y = x % 2
    (xt, _), (xv, _) = split_validation(x, y, 0.1)
    assert len(xt) == 9 and xv.tolist() == [9]
    (xt, _), (xv, _) = split_validation(x, y, 0.9)
    assert xt.tolist() == [0] and len(xv) == 9


def test_seeded_validation_split_is_random_but_repeatable():
    x = np.arange(100)
    y = x % 2
    (_, _), (tail, _) = split_validation(x, y, 0.2)
    (_, _), (a, _) = split_validation(x, y, 0.2, seed=3)
    (_, _), (b, _) = split_validation(x, y, 0.2, seed=3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, tail)  # not simply the last examples
