"""Neuron surgery at its edges: the first and last weight, bias and unit, every refusal with
its message, pruning's count per layer, and undo in reverse order."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import surgery


def model() -> Sequential:
    return Sequential(
        [Dense(6, activation="tanh", input_dim=4), Dense(5, activation="sigmoid"),
         Dense(3, activation="softmax")],
        seed=2,
    )  # fmt: skip


def weights(m: Sequential) -> list[np.ndarray]:
    return [w.copy() for w in m.get_weights()]


def assert_same(before: list[np.ndarray], m: Sequential) -> None:
    for old, now in zip(before, m.get_weights(), strict=True):
        np.testing.assert_array_equal(old, now)


@pytest.mark.parametrize("layer", [-1, 3, True, 1.0, "1"])
def test_a_layer_that_does_not_exist_is_refused(layer) -> None:
    m = model()
    for operation in (
        lambda: surgery.set_weight(m, layer, 0, 0, 1.0),
        lambda: surgery.set_bias(m, layer, 0, 1.0),
        lambda: surgery.switch_off(m, layer, 0),
        lambda: surgery.prune_weakest(m, 0.5, layer),
    ):
        with pytest.raises(ValueError) as caught:
            operation()
        assert str(caught.value) == f"layer must be 0..2, got {layer!r}"


def test_the_corner_weights_can_be_set_and_undone() -> None:
    m = model()
    before = weights(m)
    first = surgery.set_weight(m, 0, 0, 0, 1.5)
    last = surgery.set_weight(m, 0, 3, 5, -2)
    assert m.layers[0].kernel[0, 0] == 1.5 and m.layers[0].kernel[3, 5] == -2.0
    changed = np.argwhere(m.layers[0].kernel != before[0])
    assert changed.tolist() == [[0, 0], [3, 5]]
    last.undo()
    first.undo()
    assert_same(before, m)


@pytest.mark.parametrize(("row", "column"), [(-1, 0), (4, 0), (0, -1), (0, 6)])
def test_a_weight_outside_the_kernel_is_refused(row, column) -> None:
    m = model()
    with pytest.raises(ValueError) as caught:
        surgery.set_weight(m, 0, row, column, 1.0)
    assert str(caught.value) == f"no weight ({row}, {column}) in a kernel of shape (4, 6)"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_weight_or_bias_must_be_finite(value) -> None:
    m = model()
    before = weights(m)
    message = f"a weight must be a finite number, got {value!r}"
    with pytest.raises(ValueError) as caught:
        surgery.set_weight(m, 1, 0, 0, value)
    assert str(caught.value) == message
    with pytest.raises(ValueError) as caught:
        surgery.set_bias(m, 1, 0, value)
    assert str(caught.value) == message
    assert_same(before, m)


def test_the_first_and_last_bias_can_be_set_and_undone() -> None:
    m = model()
    before = weights(m)
    undo_first = surgery.set_bias(m, 1, 0, 0.5)
    undo_last = surgery.set_bias(m, 1, 4, -0.5)
    np.testing.assert_array_equal(m.layers[1].bias[[0, 4]], [0.5, -0.5])
    np.testing.assert_array_equal(m.layers[1].bias[1:4], before[3][1:4])
    undo_last.undo()
    undo_first.undo()
    assert_same(before, m)


@pytest.mark.parametrize("unit", [-1, 5])
def test_a_bias_outside_the_layer_is_refused(unit) -> None:
    with pytest.raises(ValueError) as caught:
        surgery.set_bias(model(), 1, unit, 0.5)
    assert str(caught.value) == f"no unit {unit} in a layer of 5"


def test_switching_off_the_last_unit_of_the_second_layer() -> None:
    m = model()
    before = weights(m)
    undo = surgery.switch_off(m, 1, 4)
    kernel = m.layers[2].kernel
    np.testing.assert_array_equal(kernel[4], 0.0)
    np.testing.assert_array_equal(kernel[:4], before[4][:4])
    undo.undo()
    assert_same(before, m)


@pytest.mark.parametrize("unit", [-1, 6])
def test_a_unit_outside_the_layer_cannot_be_switched_off(unit) -> None:
    with pytest.raises(ValueError) as caught:
        surgery.switch_off(model(), 0, unit)
    assert str(caught.value) == f"no unit {unit} to switch off in layer 0"


def test_the_output_layer_and_maxout_units_cannot_be_switched_off() -> None:
    with pytest.raises(ValueError) as caught:
        surgery.switch_off(model(), 2, 0)
    assert str(caught.value) == (
        "the output layer's units cannot be switched off; pick a hidden layer"
    )
    maxout = Sequential(
        [Dense(4, activation="maxout", pieces=2, input_dim=3), Dense(2, activation="softmax")]
    )
    with pytest.raises(ValueError) as caught:
        surgery.switch_off(maxout, 0, 1)
    assert str(caught.value) == "no unit 1 to switch off in layer 0"


@pytest.mark.parametrize("fraction", [-0.1, 1.1, float("nan")])
def test_a_fraction_outside_0_to_1_is_refused(fraction) -> None:
    with pytest.raises(ValueError) as caught:
        surgery.prune_weakest(model(), fraction)
    assert str(caught.value) == f"fraction must be between 0 and 1, got {fraction!r}"


def test_pruning_sets_the_rounded_share_of_each_layers_smallest_weights_to_zero() -> None:
    m = model()
    before = weights(m)
    undo = surgery.prune_weakest(m, 0.25)
    # 24, 30 and 15 weights: 6, round(7.5) = 8 and round(3.75) = 4 of them.
    for layer, old, count in zip(m.layers, before[0::2], (6, 8, 4), strict=True):
        zero = layer.kernel == 0
        assert zero.sum() == count
        assert np.abs(old[zero]).max() < np.abs(old[~zero]).min()
        np.testing.assert_array_equal(layer.kernel[~zero], old[~zero])
    undo.undo()
    assert_same(before, m)


def test_pruning_all_none_or_one_layer() -> None:
    m = model()
    before = weights(m)
    assert surgery.prune_weakest(m, 0).changes == []
    assert_same(before, m)
    undo = surgery.prune_weakest(m, 1.0, layer=1)
    np.testing.assert_array_equal(m.layers[1].kernel, 0.0)
    np.testing.assert_array_equal(m.layers[0].kernel, before[0])
    np.testing.assert_array_equal(m.layers[2].kernel, before[4])
    undo.undo()
    assert_same(before, m)
    surgery.prune_weakest(m, 1.0)
    assert all((layer.kernel == 0).all() for layer in m.layers)
    assert all((layer.bias == old).all() for layer, old in zip(m.layers, before[1::2], strict=True))


def test_undo_puts_back_the_oldest_values_and_only_once() -> None:
    a = np.array([1.0, 2.0, 3.0])
    undo = surgery.Undo()
    undo.keep(a, (0,))
    a[0] = 10.0
    undo.keep(a, (0,))  # the same cell changed twice: the first old value wins
    a[0] = 20.0
    undo.undo()
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])
    a[0] = 5.0
    undo.undo()  # nothing left to undo
    assert a[0] == 5.0 and undo.changes == []


def test_switching_off_the_first_unit() -> None:
    m = model()
    surgery.switch_off(m, 0, 0)
    np.testing.assert_array_equal(m.layers[1].kernel[0], 0.0)
    assert (m.layers[1].kernel[1:] != 0).all()


def test_a_small_fraction_prunes_only_the_layers_where_it_rounds_to_a_weight() -> None:
    m = model()
    before = weights(m)
    surgery.prune_weakest(m, 0.02)  # of 24, 30 and 15 weights: 0, 1 and 0
    assert [int((layer.kernel == 0).sum()) for layer in m.layers] == [0, 1, 0]
    np.testing.assert_array_equal(m.layers[0].kernel, before[0])


def test_undoing_one_change_keeps_the_others() -> None:
    m = model()
    before = weights(m)
    first = surgery.set_weight(m, 0, 1, 1, 3.0)
    surgery.set_weight(m, 0, 2, 2, 4.0)
    surgery.set_bias(m, 1, 2, 5.0)
    surgery.switch_off(m, 0, 3)
    surgery.prune_weakest(m, 0.5, layer=2)
    after = weights(m)
    first.undo()
    assert m.layers[0].kernel[1, 1] == before[0][1, 1]
    expected = after[0].copy()
    expected[1, 1] = before[0][1, 1]
    np.testing.assert_array_equal(m.layers[0].kernel, expected)
    for old, now in zip(after[1:], m.get_weights()[1:], strict=True):
        np.testing.assert_array_equal(old, now)


def largest(m: Sequential, layer: int) -> tuple[int, int]:
    kernel = np.abs(m.layers[layer].kernel)
    return tuple(int(i) for i in np.unravel_index(kernel.argmax(), kernel.shape))


@pytest.mark.parametrize(
    ("operation", "array", "cell"),
    [
        (lambda m: surgery.set_weight(m, 1, 2, 2, 5.0), lambda m: m.layers[1].kernel, (0, 0)),
        (lambda m: surgery.set_bias(m, 1, 2, 5.0), lambda m: m.layers[1].bias, (0,)),
        (lambda m: surgery.switch_off(m, 0, 3), lambda m: m.layers[1].kernel, (0, 0)),
        (lambda m: surgery.prune_weakest(m, 0.5, layer=1), lambda m: m.layers[1].kernel,
         None),
    ],
)  # fmt: skip
def test_each_undo_takes_back_only_its_own_cells(operation, array, cell) -> None:
    m = model()
    cell = largest(m, 1) if cell is None else cell  # a cell the operation leaves alone
    undo = operation(m)
    array(m)[cell] = 9.0  # a change made after it, in the same array
    undo.undo()
    assert array(m)[cell] == 9.0
