"""The engine's exceptions carry what a caller needs to show and to act on."""

from __future__ import annotations

import math

import pytest

from playground.engine import ModelFileError, NonFiniteError


@pytest.mark.parametrize(
    ("value", "shown"), [(float("inf"), "inf"), (float("-inf"), "-inf"), (float("nan"), "nan")]
)
def test_a_divergence_names_the_quantity_its_value_and_a_smaller_rate(value, shown) -> None:
    error = NonFiniteError("the gradient of layer 2 (dense_1)", value, 0.5)
    assert str(error) == (
        f"Training diverged: the gradient of layer 2 (dense_1) became {shown} at learning rate "
        "0.5; try 0.05 or smaller."
    )
    assert error.quantity == "the gradient of layer 2 (dense_1)"
    assert error.value == value or math.isnan(error.value)
    assert (error.learning_rate, error.suggested_learning_rate) == (0.5, 0.05)


def test_a_model_file_error_keeps_the_path_and_the_reason() -> None:
    error = ModelFileError("/tmp/m.npz", "not a zip archive")
    assert (error.path, error.reason) == ("/tmp/m.npz", "not a zip archive")
    assert str(error) == "Cannot load model file '/tmp/m.npz': not a zip archive"
