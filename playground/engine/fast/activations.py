"""The activations computed in place: ``forward_into(act, z, out)`` and
``backward_into(act, z, a, da, out)`` write what ``act.forward(z)`` and
``act.backward(z, a, da)`` return into preallocated arrays, so a fast training step allocates
(almost) nothing. Each pair is the textbook formula of ``playground.engine.activations``
rewritten as ``out=`` calls; the tests hold every pair equal to its formula.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..activations import ELU, Activation, LeakyReLU, Maxout

Forward = Callable[[Activation, np.ndarray, np.ndarray], None]
Backward = Callable[[Activation, np.ndarray, np.ndarray, np.ndarray, np.ndarray], None]


def _linear_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    if out is not z:
        np.copyto(out, z)


def _linear_backward(act: Activation, z, a, da: np.ndarray, out: np.ndarray) -> None:
    if out is not da:
        np.copyto(out, da)


def _sigmoid_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    # 1 / (1 + e^-z) written as (1 + tanh(z/2)) / 2: same value, never overflows.
    np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out += 1
    out *= 0.5


def _sigmoid_backward(act: Activation, z, a: np.ndarray, da, out: np.ndarray) -> None:
    np.subtract(1, a, out=out)  # sigma' = sigma (1 - sigma)
    out *= a
    out *= da


def _tanh_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    np.tanh(z, out=out)


def _tanh_backward(act: Activation, z, a: np.ndarray, da, out: np.ndarray) -> None:
    np.square(a, out=out)  # tanh' = 1 - tanh^2
    np.subtract(1, out, out=out)
    out *= da


def _relu_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    np.maximum(z, 0, out=out)


def _relu_backward(act: Activation, z, a: np.ndarray, da, out: np.ndarray) -> None:
    np.multiply(da, a > 0, out=out)


def _leaky_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    assert isinstance(act, LeakyReLU)
    np.multiply(z, act.negative_slope, out=out)
    np.copyto(out, z, where=z > 0)


def _leaky_backward(act: Activation, z: np.ndarray, a, da, out: np.ndarray) -> None:
    assert isinstance(act, LeakyReLU)
    np.multiply(da, act.negative_slope, out=out)
    np.copyto(out, da, where=z > 0)


def _elu_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    assert isinstance(act, ELU)
    np.minimum(z, 0, out=out)
    np.expm1(out, out=out)
    out *= act.alpha
    np.copyto(out, z, where=z > 0)


def _elu_backward(act: Activation, z: np.ndarray, a, da, out: np.ndarray) -> None:
    assert isinstance(act, ELU)
    # For z <= 0: d/dz alpha (e^z - 1) = alpha e^z = a + alpha.
    np.add(a, act.alpha, out=out)
    np.copyto(out, 1, where=z > 0)
    out *= da


def _softmax_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    # Subtracting the row maximum keeps exp() from overflowing; the result is unchanged.
    np.subtract(z, z.max(axis=-1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)


def _softmax_backward(act: Activation, z, a: np.ndarray, da, out: np.ndarray) -> None:
    # Jacobian-vector product: dz_i = s_i (da_i - sum_j da_j s_j).
    np.multiply(da, a, out=out)
    dot = out.sum(axis=-1, keepdims=True)
    np.subtract(da, dot, out=out)
    out *= a


def _maxout_blocks(act: Maxout, z: np.ndarray) -> list[np.ndarray]:
    units = z.shape[-1] // act.pieces
    return [z[..., p * units : (p + 1) * units] for p in range(act.pieces)]


def _maxout_forward(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    assert isinstance(act, Maxout)
    blocks = _maxout_blocks(act, z)
    if len(blocks) == 1:
        np.copyto(out, blocks[0])
        return
    np.maximum(blocks[0], blocks[1], out=out)
    for block in blocks[2:]:
        np.maximum(out, block, out=out)


def _maxout_backward(act: Activation, z: np.ndarray, a, da, out: np.ndarray) -> None:
    assert isinstance(act, Maxout)
    # Only the winning piece of each unit passes the gradient on.
    win = act.winner(z)
    for p, block in enumerate(_maxout_blocks(act, out)):
        np.multiply(da, win == p, out=block)


# One row per activation of ``activations.ACTIVATIONS``: (forward_into, backward_into).
IN_PLACE: dict[str, tuple[Forward, Backward]] = {
    "linear": (_linear_forward, _linear_backward),
    "sigmoid": (_sigmoid_forward, _sigmoid_backward),
    "tanh": (_tanh_forward, _tanh_backward),
    "relu": (_relu_forward, _relu_backward),
    "leaky_relu": (_leaky_forward, _leaky_backward),
    "elu": (_elu_forward, _elu_backward),
    "softmax": (_softmax_forward, _softmax_backward),
    "maxout": (_maxout_forward, _maxout_backward),
}


def forward_into(act: Activation, z: np.ndarray, out: np.ndarray) -> None:
    """out = f(z), as ``act.forward(z)`` computes it."""
    IN_PLACE[act.name][0](act, z, out)


def backward_into(act: Activation, z: np.ndarray, a: np.ndarray, da: np.ndarray, out) -> None:
    """out = dC/dz given da = dC/da, as ``act.backward(z, a, da)`` computes it."""
    IN_PLACE[act.name][1](act, z, a, da, out)
