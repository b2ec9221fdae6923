"""The size limits: each one allows its own figure, refuses one more, and says which and why."""

from __future__ import annotations

import pytest

from playground.engine import limits
from playground.engine.limits import LayerShape, LimitError


def test_each_limit_allows_its_figure_and_refuses_one_more() -> None:
    limits.check_layer_count(1000)
    limits.check_width("the input", 65_536)
    limits.check_pieces(64)
    limits.check_classes(1000)
    cases = [
        (
            lambda: limits.check_layer_count(1001),
            "1,001 layers is more than the 1,000 this program builds, saves or loads",
        ),
        (
            lambda: limits.check_width("hidden layer 2", 65_537),
            "hidden layer 2 is 65,537 wide, more than the limit of 65,536 "
            "(its weights would not fit in memory)",
        ),
        (lambda: limits.check_pieces(65), "65 maxout pieces is more than the limit of 64"),
        (
            lambda: limits.check_classes(1001),
            "1,001 classes is more than the limit of 1,000 "
            "(one output unit and one confusion-matrix row each)",
        ),
    ]
    for check, message in cases:
        with pytest.raises(LimitError) as caught:
            check()
        assert str(caught.value) == message


def test_a_network_s_parameters_are_counted_with_biases_and_pieces() -> None:
    assert LayerShape(784, 500).parameters == 785 * 500
    assert LayerShape(3, 4, pieces=2).parameters == 4 * 4 * 2
    # the lecture's 784-500-500-10 network
    assert limits.check_hidden(784, [500, 500], 10) == 648_010
    assert limits.check_shapes([LayerShape(2, 3, 2), LayerShape(3, 1)]) == 3 * 3 * 2 + 4 * 1
    assert limits.check_shapes([LayerShape(19_999, 1000)]) == 20_000_000  # exactly the limit


def test_the_first_too_wide_part_is_named() -> None:
    with pytest.raises(LimitError, match=r"^the input is 70,000 wide"):
        limits.check_shapes([LayerShape(70_000, 2)])
    with pytest.raises(LimitError, match=r"^the input of layer 2 is 70,000 wide"):
        limits.check_shapes([LayerShape(2, 3), LayerShape(70_000, 2)])
    with pytest.raises(LimitError, match=r"^layer 1 is 66,000 wide"):
        limits.check_shapes([LayerShape(2, 33_000, 2)])
    with pytest.raises(LimitError, match=r"^65 maxout pieces"):
        limits.check_hidden(4, [3], 2, pieces=65)
    with pytest.raises(LimitError, match=r"^1,001 classes"):
        limits.check_hidden(4, [3], 1001)
    with pytest.raises(LimitError, match=r"^1,001 layers"):
        limits.check_hidden(4, [3] * 1000, 2)


def test_a_network_over_the_parameter_limit_is_refused_with_its_count_and_memory() -> None:
    assert limits.check_hidden(10_000, [1999], 1) == 10_001 * 1999 + 2000  # just under
    with pytest.raises(LimitError) as caught:
        limits.check_hidden(10_000, [2000], 1)
    assert str(caught.value) == (
        "the network has 20,004,001 parameters, more than the limit of 20,000,000 "
        "(about 320 MB while training with Adam)"
    )
