"""The model's inputs checked at its boundary: what is accepted as what, and each refusal."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import checks, losses

SPARSE = losses.get("sparse_categorical_crossentropy")
ONE_HOT = losses.get("categorical_crossentropy")


def test_counts_must_be_whole_and_positive() -> None:
    assert checks.positive_int("epochs", np.int64(3)) == 3
    for bad in (0, 2.0, True):
        with pytest.raises(ValueError, match=rf"^epochs must be an integer >= 1, got {bad!r}$"):
            checks.positive_int("epochs", bad)


def test_inputs_become_contiguous_finite_rows_of_the_model_s_dtype() -> None:
    x = np.arange(12, dtype=np.float64).reshape(3, 4)[:, ::2]  # not contiguous
    out = checks.inputs(checks.two_dimensional(x), 2, np.dtype(np.float32))
    assert out.dtype == np.float32 and out.flags.c_contiguous
    np.testing.assert_array_equal(out, x)
    with pytest.raises(
        ValueError,
        match=r"^x must be a 2-D array \(examples, features\), got shape \(2, 2, 2\); "
        r"flatten images first, e\.g\. x\.reshape\(len\(x\), -1\)$",
    ):
        checks.two_dimensional(np.zeros((2, 2, 2)))
    with pytest.raises(
        ValueError, match=r"^x has 2 features per example, but the model expects 3$"
    ):
        checks.inputs(out, 3, np.dtype(np.float32))
    for bad in (np.nan, np.inf):
        x = np.ones((2, 2))
        x[1, 0] = bad
        with pytest.raises(ValueError, match=r"^x contains nan or infinite values$"):
            checks.inputs(x, 2, np.dtype(np.float32))


def test_sparse_labels_may_be_a_column_or_whole_floats() -> None:
    f32 = np.dtype(np.float32)
    np.testing.assert_array_equal(checks.targets([[2], [0]], SPARSE, 3, f32, 2), [2, 0])
    for floats in (np.float64, np.float32):
        labels = checks.targets(np.array([2.0, 1.0], floats), SPARSE, 3, f32, 2)
        assert labels.dtype == np.intp
        np.testing.assert_array_equal(labels, [2, 1])
    assert checks.targets(np.array([], np.int64), SPARSE, 3, f32, 0).size == 0


@pytest.mark.parametrize(
    ("y", "message"),
    [
        (np.zeros((2, 3), np.int64), r"needs integer labels of shape \(n,\), got shape \(2, 3\)"),
        (np.array([0.5, 1.0]), r"^sparse_categorical_crossentropy needs integer labels$"),
        (np.array(["a", "b"]), r"^sparse_categorical_crossentropy needs integer labels$"),
        (np.array([-1, 0]), r"^labels must be between 0 and 2$"),
        (np.array([0, 3]), r"^labels must be between 0 and 2$"),
        (np.array([0, 1, 2]), r"^x has 2 examples but y has 3$"),
    ],
)
def test_bad_sparse_labels_are_refused(y, message) -> None:
    with pytest.raises(ValueError, match=message):
        checks.targets(y, SPARSE, 3, np.dtype(np.float32), 2)


def test_rows_of_targets_must_match_the_outputs() -> None:
    y = checks.targets(np.eye(3)[[0, 2]], ONE_HOT, 3, np.dtype(np.float32), 2)
    assert y.dtype == np.float32 and y.flags.c_contiguous
    for bad in (np.zeros((2, 4)), np.zeros(2)):
        with pytest.raises(
            ValueError,
            match=rf"^y has shape {bad.shape!r}".replace("(", r"\(").replace(")", r"\)")
            + r", but the model has 3 outputs: give rows of 3 values \(one-hot for "
            r"categorical_crossentropy\), or integer labels with "
            r"loss='sparse_categorical_crossentropy'$",
        ):
            checks.targets(bad, ONE_HOT, 3, np.dtype(np.float32), 2)
    with pytest.raises(ValueError, match=r"^x has 3 examples but y has 2$"):
        checks.targets(np.eye(3)[[0, 2]], ONE_HOT, 3, np.dtype(np.float32), 3)


def test_large_finite_inputs_are_accepted() -> None:
    # four values near float32's largest: their float32 sum would overflow, they do not
    x = np.full((2, 2), 3e38, np.float32)
    np.testing.assert_array_equal(checks.inputs(x, 2, np.dtype(np.float32)), x)
