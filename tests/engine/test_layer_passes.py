"""A ReLU layer's compiled passes equal the NumPy passes they replace, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import activations
from playground.engine.fast import fused, layer_passes
from playground.engine.fast.activations import backward_into, forward_into

RELU = activations.get("relu")


def arrays(rows: int, units: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((rows, units)).astype(np.float32)
    z[0, :4] = [np.nan, -0.0, 0.0, np.inf]
    bias = rng.standard_normal(units).astype(np.float32)
    bias[:4] = 0
    da = rng.standard_normal((rows, units)).astype(np.float32)
    da[-1, :3] = [np.inf, np.nan, -np.inf]
    return z, bias, da


@pytest.mark.parametrize(("rows", "units"), [(1, 7), (3, 5), (100, 500), (1000, 10)])
def test_the_forward_pass_is_the_bias_then_the_activation(rows, units):
    z, bias, _ = arrays(rows, units)
    want_z = z + bias
    want_a = np.empty_like(z)
    forward_into(RELU, want_z, want_a)
    a = np.full_like(z, 7.0)
    assert layer_passes.add_bias_and_activate(RELU, z, bias, a)
    np.testing.assert_array_equal(z, want_z)
    np.testing.assert_array_equal(a, want_a)
    assert np.isnan(a[0, 0]) and a[0, 3] == np.inf
    assert not np.signbit(a[0, 1])  # max(-0.0, 0) is +0.0, as np.maximum gives it


@pytest.mark.parametrize(("rows", "units"), [(1, 7), (3, 5), (100, 500), (1000, 10)])
def test_the_backward_pass_is_the_derivative_then_the_bias_sum(rows, units):
    z, _, da = arrays(rows, units, seed=1)
    a = np.maximum(z, 0)
    want = np.empty_like(z)
    with np.errstate(invalid="ignore"):
        backward_into(RELU, z, a, da, want)
        want_bias = np.sum(want, axis=0)
        dz, dbias = np.full_like(z, 7.0), np.full(units, 7.0, np.float32)
        assert layer_passes.backward_with_bias(RELU, a, da, dz, dbias)
    np.testing.assert_array_equal(dz, want)
    np.testing.assert_array_equal(dbias, want_bias)


def test_other_activations_and_odd_arrays_are_left_to_numpy(monkeypatch):
    z, bias, da = arrays(4, 6)
    a, dz, dbias = np.zeros_like(z), np.zeros_like(z), np.zeros(6, np.float32)
    before = z.copy()
    assert not layer_passes.add_bias_and_activate(activations.get("tanh"), z, bias, a)
    assert not layer_passes.backward_with_bias(activations.get("sigmoid"), a, da, dz, dbias)
    assert not layer_passes.add_bias_and_activate(RELU, z, bias.astype(np.float64), a)
    assert not layer_passes.backward_with_bias(RELU, a, np.asfortranarray(da), dz, dbias)
    assert not layer_passes.add_bias_and_activate(RELU, z[:0], bias, a[:0])
    one = np.ones((17, 1), np.float32)  # NumPy sums a single column pairwise
    assert not layer_passes.backward_with_bias(RELU, one, one, one.copy(), dbias[:1])
    monkeypatch.setattr(fused, "enabled", False)
    assert not layer_passes.add_bias_and_activate(RELU, z, bias, a)
    np.testing.assert_array_equal(z, before)  # nothing done
    assert not a.any() and not dz.any() and not dbias.any()  # nothing done
