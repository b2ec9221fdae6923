"""The training step's arithmetic with reused work arrays and shortcuts for small batches.

The same forward and backward pass as ``Dense.forward``/``Dense.backward`` and the textbook
``Sequential.backward_pass``, but:

* every z, a, dC/dz and dC/da lives in work arrays allocated once per batch size, and the
  activations write into them in place (``fast.activations``);
* a small batch leaves many inputs of a layer at exactly zero (MNIST's blank pixels, ReLU
  units that are off): the first product reads only the kernel rows of non-zero inputs, and
  with an optimizer that ``skips_zero_gradients`` the kernel gradients stay as their two small
  factors (inputs, dC/dz) restricted to those rows, multiplied out only when someone looks;
* the squared gradient norms of a small batch come from its Gram matrices,
  ``|A.T @ D|^2 = sum((A @ A.T) * (D @ D.T))``, which read a few rows instead of the gradient;
* a thin batch's ``dC/da = dz @ W.T`` is computed as ``(W @ dz.T).T`` (``input_gradient``).
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np

from ..layers import Dense
from ..losses import Loss
from ..optimizers import Optimizer
from . import blas, layer_passes, mkl, threads
from .activations import backward_into, forward_into
from .updates import Updates

# Above this squared norm a float32 element of the gradient might have overflowed: such
# gradients are measured element by element instead of from the Gram matrices.
SAFE_SQUARE_NORM = 1e74


class Buffers:
    """Work arrays for one batch size: z and a of every layer (and dz, da when training)."""

    def __init__(self, layers: list[Dense], n: int, dtype: np.dtype, training: bool) -> None:
        self.training = training
        self.z: list[np.ndarray] = []
        self.a: list[np.ndarray] = []
        self.dz: list[np.ndarray] = []
        self.da: list[np.ndarray] = []
        for layer in layers:
            z = np.empty((n, layer.units * layer.pieces), dtype)
            linear = layer.activation == "linear"
            self.z.append(z)
            self.a.append(z if linear else np.empty((n, layer.units), dtype))
            if training:
                dz = np.empty_like(z)
                self.dz.append(dz)
                self.da.append(dz if linear else np.empty((n, layer.units), dtype))
        self._gather: np.ndarray | None = None
        # dC/da of each layer but the first, transposed: (inputs, n), made when first needed
        self.da_t: dict[int, np.ndarray] = {}

    def gathered(self, kernel: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """``kernel[rows]`` copied into a reused work array (the first kernel's shape)."""
        if self._gather is None or self._gather.size < kernel.size:
            self._gather = np.empty(kernel.shape, kernel.dtype)
        out = self._gather.reshape(-1)[: len(rows) * kernel.shape[1]].reshape(-1, kernel.shape[1])
        return np.take(kernel, rows, axis=0, out=out, mode="clip")  # "raise" would buffer


class FastNetwork:
    """One model's work arrays, last gradients and fast optimizer steps."""

    MAX_CACHED_BATCH_SIZES = 4
    COMPACT_MAX_BATCH = 16
    COMPACT_MAX_FRACTION = 0.6
    COMPACT_MIN_KERNEL = 65_536  # smaller kernels are cheaper to update whole

    def __init__(self) -> None:
        self.updates = Updates()
        self.reset()

    def reset(self) -> None:
        self._buffers: OrderedDict[tuple, Buffers] = OrderedDict()
        self.grads: list[tuple[np.ndarray, np.ndarray]] = []
        # Per layer, the kernel rows that a factored gradient covers; None for all rows.
        self.compact_rows: list[np.ndarray | None] = []
        # Per layer, a kernel gradient not yet multiplied out: (inputs, dz).
        self.factors: list[tuple[np.ndarray, np.ndarray] | None] = []
        self.small_batch_norms = np.zeros(0)  # NaN: measure the gradient itself
        self.gathered_rows: np.ndarray | None = None  # the first kernel's rows read forward

    def __getstate__(self) -> dict:
        return {}  # work arrays are rebuilt, not copied

    def __setstate__(self, state: dict) -> None:
        FastNetwork.__init__(self)

    def work_arrays(self, layers: list[Dense], n: int, dtype: np.dtype, training: bool) -> Buffers:
        key = (n, dtype.str, training)
        buffers = self._buffers.get(key)
        if buffers is None:
            buffers = self._buffers[key] = Buffers(layers, n, dtype, training)
            while len(self._buffers) > self.MAX_CACHED_BATCH_SIZES:
                self._buffers.popitem(last=False)  # forget the least recently used size
        else:
            self._buffers.move_to_end(key)
        return buffers

    def forward(
        self, layers: list[Dense], x: np.ndarray, buf: Buffers, input_rows=None
    ) -> np.ndarray:
        """The layers' z and a into ``buf``; with ``input_rows`` (the columns of ``x`` that hold
        any non-zero value) the first product reads only those rows of the first kernel."""
        self.gathered_rows = None
        for i, layer in enumerate(layers):
            z = buf.z[i]
            if i == 0 and input_rows is not None:
                # kept for the update of the same step, which then need not gather them again
                self.gathered_rows = rows = buf.gathered(layer.kernel, input_rows)
                used = x[:, input_rows]
                if not mkl.matmul(used, rows, z):
                    np.matmul(used, rows, out=z)
            else:
                threads.matmul(x, layer.kernel, out=z)
            # compiled passes only for training steps: a window that only predicts never
            # loads the compiler
            if not (
                buf.training
                and layer_passes.add_bias_and_activate(layer.act, z, layer.bias, buf.a[i])
            ):
                z += layer.bias
                forward_into(layer.act, z, buf.a[i])
            x = buf.a[i]
        return x

    def nonzero_columns(self, inputs: np.ndarray) -> np.ndarray | None:
        """The columns of a small batch that hold a non-zero value, when few enough to pay off."""
        if len(inputs) > self.COMPACT_MAX_BATCH:
            return None
        rows = np.flatnonzero(inputs[0] if len(inputs) == 1 else inputs.any(axis=0))
        if len(rows) == 0:  # an all-zero batch (XOR's (0, 0)): BLAS refuses empty blocks
            return None
        return None if len(rows) > self.COMPACT_MAX_FRACTION * inputs.shape[1] else rows

    @staticmethod
    def supports(layers: list[Dense], stack: list) -> bool:
        """True when this path can run the model: plain Dense layers one after another, with no
        weight penalty and no layer between them (Dropout, noise). Augmentation of the input
        batch happens before any path and does not count."""
        if any(layer.kernel_regularizer or layer.bias_regularizer for layer in layers):
            return False
        first = next(i for i, layer in enumerate(stack) if isinstance(layer, Dense))
        return all(isinstance(layer, Dense) for layer in stack[first:])

    @staticmethod
    def takes_factors(optimizer: Optimizer) -> bool:
        """Whether the optimizer's step can work from kernel gradients kept as factors."""
        return optimizer.fused_update == "sgd"

    def backward(
        self,
        layers: list[Dense],
        loss_fn: Loss,
        x: np.ndarray,
        y: np.ndarray,
        buf: Buffers,
        optimizer: Optimizer | None,
        input_rows: np.ndarray | None = None,
    ) -> None:
        """Gradients of every layer into ``self.grads``, or on small batches into
        ``self.factors`` for an optimizer that ``takes_factors`` (restricted to the rows of
        non-zero inputs when it also ``skips_zero_gradients``); ``input_rows`` are the first
        layer's, when the forward pass found them."""
        small = len(x) <= self.COMPACT_MAX_BATCH
        factored = small and optimizer is not None and self.takes_factors(optimizer)
        compact = factored and optimizer is not None and optimizer.skips_zero_gradients
        last = len(layers) - 1
        if loss_fn.fused_with_softmax:
            loss_fn.gradient(y, buf.a[last], out=buf.dz[last])  # (probs - y) / n
        else:
            loss_fn.gradient(y, buf.a[last], out=buf.da[last])
            backward_into(layers[last].act, buf.z[last], buf.a[last], buf.da[last], buf.dz[last])
        summed = False  # whether dbias already holds the sum of dz (a compiled pass made both)
        for i in range(last, -1, -1):
            dkernel, dbias = self.grads[i]
            inputs = x if i == 0 else buf.a[i - 1]
            dz = buf.dz[i]
            rows = None
            if compact:
                rows = input_rows if i == 0 and input_rows is not None else None
                # With the one-pass gemm, gathering and scattering the rows costs what
                # updating them all does: only the rows the forward pass gathered pay off.
                gather = dkernel.size >= self.COMPACT_MIN_KERNEL and not blas.one_pass()
                if rows is None and gather:
                    rows = self.nonzero_columns(inputs)
            self.compact_rows[i] = rows
            used = inputs if rows is None else inputs[:, rows]
            if factored:
                self.factors[i] = (np.array(used), dz.copy())
            else:
                self.factors[i] = None
                blas.outer_products(used, dz, out=dkernel)
            if not summed:
                np.sum(dz, axis=0, out=dbias)
            self.small_batch_norms[i] = gram_square_norm(used, dz, dbias) if small else math.nan
            if i > 0:
                input_gradient(dz, layers[i].kernel, buf.da[i - 1], buf.da_t)
                act, z, a, da = layers[i - 1].act, buf.z[i - 1], buf.a[i - 1], buf.da[i - 1]
                summed = layer_passes.backward_with_bias(
                    act, a, da, buf.dz[i - 1], self.grads[i - 1][1]
                )
                if not summed:
                    backward_into(act, z, a, da, buf.dz[i - 1])

    def ensure_gradient_arrays(self, layers: list[Dense], dtype: np.dtype) -> None:
        if not self.grads or self.grads[0][0].dtype != dtype:
            self.grads = [(np.zeros_like(la.kernel), np.zeros_like(la.bias)) for la in layers]
            self.compact_rows = [None] * len(layers)
            self.small_batch_norms = np.full(len(layers), math.nan)
            self.factors = [None] * len(layers)

    def keep(self, layers: list[Dense], gradients: list[tuple[np.ndarray, np.ndarray]]) -> None:
        """Take gradients computed elsewhere (the textbook step) as the last ones."""
        self.ensure_gradient_arrays(layers, layers[0].kernel.dtype)
        for i, (dkernel, dbias) in enumerate(gradients):
            np.copyto(self.grads[i][0], dkernel)
            np.copyto(self.grads[i][1], dbias)
            self.factors[i] = self.compact_rows[i] = None
        self.small_batch_norms.fill(math.nan)

    def expand_gradients(self) -> None:
        """Multiply out kernel gradients kept as factors (zeros in the rows not covered)."""
        for i, factors in enumerate(self.factors):
            if factors is None:
                continue
            dkernel, rows = self.grads[i][0], self.compact_rows[i]
            if rows is None:
                threads.outer_products(*factors, out=dkernel)
            else:
                dkernel.fill(0)
                dkernel[rows] = threads.outer_products(*factors)
            self.factors[i] = None
            self.compact_rows[i] = None

    def square_norms(self) -> np.ndarray:
        """Squared L2 norm of each layer's gradient (one cheap BLAS dot per array)."""
        norms = np.empty(len(self.grads))
        with np.errstate(over="ignore", invalid="ignore"):
            for i, (dkernel, dbias) in enumerate(self.grads):
                quick = self.small_batch_norms[i]
                if math.isfinite(quick) and quick < SAFE_SQUARE_NORM:
                    norms[i] = quick
                    continue
                self.expand_gradients()
                norms[i] = square_norm(dkernel.ravel(), dbias)
        return norms

    def update(self, optimizer: Optimizer, layers: list[Dense]) -> None:
        """The optimizer's step on the last gradients, by the fastest path it allows."""
        pairs: list[tuple[np.ndarray, np.ndarray]] = []
        for layer, (dkernel, dbias) in zip(layers, self.grads, strict=True):
            pairs += [(dkernel, layer.kernel), (dbias, layer.bias)]
        factors = [f for f in self.factors if f is not None]
        if factors and len(factors) == len(self.factors):
            self.updates.apply_factored_sgd(
                optimizer, pairs, factors, self.compact_rows, {0: self.gathered_rows}
            )
        else:
            self.updates.apply(optimizer, pairs)


# Batch sizes for which ``input_gradient`` takes the transposed product (measured with the
# default network's 500x500 and 784x500 kernels: 1.6x faster at 10 rows, 1.07x at 100,
# slower at 1,000, the same at 1 or 2, where BLAS takes its matrix-vector path anyway).
TRANSPOSED_ROWS = range(3, 129)


def input_gradient(dz: np.ndarray, kernel: np.ndarray, out: np.ndarray, scratch: dict) -> None:
    """``out = dz @ kernel.T`` (the layer's dC/da). For a thin batch, OpenBLAS spends most of
    that product packing the transposed kernel; ``kernel @ dz.T`` reads the kernel in its
    own order, and its (inputs, n) result is copied out transposed. ``scratch`` keeps that
    result's array per kernel height. The same sums, possibly in another order."""
    if len(dz) not in TRANSPOSED_ROWS or threads.would_share(dz, kernel.T):
        threads.matmul(dz, kernel.T, out=out)
        return
    key = kernel.shape[0]
    t = scratch.get(key)
    if t is None or t.shape != (kernel.shape[0], len(dz)) or t.dtype != out.dtype:
        t = scratch[key] = np.empty((kernel.shape[0], len(dz)), out.dtype)
    np.matmul(kernel, dz.T, out=t)
    np.copyto(out, t.T)


def gram_square_norm(inputs: np.ndarray, dz: np.ndarray, dbias: np.ndarray) -> float:
    """|inputs.T @ dz|^2 + |dbias|^2 from the batch's small Gram matrices, in float64; NaN or
    inf whenever an input or dz is not finite."""
    if len(inputs) == 1:  # an outer product: |a x d| = |a| |d|; float32 sums overflow to inf
        a, d = inputs[0], dz[0]
        return float(np.dot(a, a)) * float(np.dot(d, d)) + float(np.dot(dbias, dbias))
    a = inputs.astype(np.float64)
    d = dz.astype(np.float64)
    b = dbias.astype(np.float64)
    return float(np.sum((a @ a.T) * (d @ d.T)) + b @ b)


def square_norm(flat_kernel: np.ndarray, bias: np.ndarray) -> float:
    value = float(np.dot(flat_kernel, flat_kernel)) + float(np.dot(bias, bias))
    if not math.isfinite(value) and np.isfinite(flat_kernel).all() and np.isfinite(bias).all():
        # finite but huge: the float32 dot overflowed, so measure it in float64
        value = float(np.sum(np.square(flat_kernel, dtype=np.float64)))
        value += float(np.sum(np.square(bias, dtype=np.float64)))
    return value
