"""Optimizer steps that do the textbook arithmetic with less memory traffic.

A step reads and writes each parameter, its gradient and its state several times. Cut into
blocks of ``BLOCK`` elements, a block stays in the cache between those passes, and the blocks
are shared out between two threads (NumPy releases the GIL inside its loops). With Numba
installed, every block of an optimizer that names a ``fused_update`` takes that optimizer's
compiled one-pass kernel (``fused``: bit for bit the textbook update). Otherwise the path a step
takes depends only on what the optimizer declares:

* ``elementwise``: its own ``update_step`` runs block by block (the same operations in the
  same order, so the result is bit for bit the textbook's);
* ``fused_update`` names a kernel below, written with ``out=`` so it allocates nothing; each
  performs the same float32 operations as its textbook formula, in the same order, or with
  SciPy installed, fewer passes through BLAS's ``y += a * x`` (``blas.axpy``: equal to float32
  rounding, as a fused multiply-add rounds once);
* ``skips_zero_gradients``: ``apply_factored_sgd`` may update from a kernel gradient given as
  its two small factors, touching only the rows whose gradient is not zero.

Every ``FLUSH_EVERY`` steps, optimizer state smaller than float32's smallest normal number is
set to zero ("flush to zero", which TensorFlow sets on its CPU threads). A unit whose gradient
stays zero (a ReLU that is off, a blank pixel's row) drives its momentum there at every step,
and x86 CPUs compute on such subnormal numbers many times slower: Adam at batch size 10 on
dense inputs took 9.0 ms a step instead of 2.4 ms after 1,000 steps, with 557,000 subnormal
entries. The state then differs from the textbook's by less than 1.2e-38 an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..optimizers import Optimizer
from . import blas, fused, threads

BLOCK = 65_536  # the elements per block of an update (the blocks are shared by two threads)
ONE_EXAMPLE_BLOCK = 4 * BLOCK  # momentum's blocks of kernel rows for a batch of one

FLUSH_EVERY = 64  # steps between flushes of subnormal state (one costs ~2 passes over it)
_TINY = np.finfo(np.float32).tiny  # the smallest normal float32

# (gradient, parameter, {slot name: state}, scratch, scratch): flat views of one block
Block = tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]


def _axpy_allowed() -> bool:
    """BLAS's axpy rounds differently from the textbook: only where the compiled kernels (bit
    for bit the textbook's) are not in play, so a process's steps all round one way."""
    return blas.one_pass() and not fused.in_play()


def _sgd(optimizer: Any, blocks: list[Block]) -> None:
    if _axpy_allowed():
        _sgd_axpy(optimizer, blocks)
        return
    lr, momentum, nesterov = optimizer.learning_rate, optimizer.momentum, optimizer.nesterov
    for g, p, slots, t, t2 in blocks:
        np.multiply(g, lr, out=t)  # t = lr * g
        if momentum == 0:
            p -= t  # w = w - lr * g
            continue
        m = slots["momentum"]
        m *= momentum  # m = momentum * m - lr * g
        m -= t
        if nesterov:
            np.multiply(m, momentum, out=t2)  # w = w + momentum * m - lr * g
            t2 -= t
            p += t2
        else:
            p += m  # w = w + m


def _sgd_axpy(optimizer: Any, blocks: list[Block]) -> None:
    """SGD with BLAS's one-pass ``y += a * x``: a pass fewer for every product with the
    learning rate (two for Nesterov), equal to float32 rounding."""
    lr, momentum, nesterov = optimizer.learning_rate, optimizer.momentum, optimizer.nesterov
    for g, p, slots, t, _ in blocks:
        if momentum == 0:
            blas.axpy(g, p, -lr, t)  # w = w - lr * g
            continue
        m = slots["momentum"]
        m *= momentum  # m = momentum * m - lr * g
        blas.axpy(g, m, -lr, t)
        if nesterov:  # w = w + momentum * m - lr * g
            blas.axpy(m, p, momentum, t)
            blas.axpy(g, p, -lr, t)
        else:
            blas.axpy(m, p, 1.0, t)  # w = w + m


def _adam(optimizer: Any, blocks: list[Block]) -> None:
    if _axpy_allowed():
        _adam_axpy(optimizer, blocks)
        return
    alpha = optimizer.step_size(optimizer.learning_rate)
    c1, c2, eps = 1 - optimizer.beta_1, 1 - optimizer.beta_2, optimizer.epsilon
    for g, p, slots, t, t2 in blocks:
        m, v = slots["momentum"], slots["velocity"]
        np.subtract(g, m, out=t)  # m = m + (g - m) * (1 - beta_1)
        t *= c1
        m += t
        np.square(g, out=t)  # v = v + (g^2 - v) * (1 - beta_2)
        t -= v
        t *= c2
        v += t
        np.sqrt(v, out=t)  # w = w - m * alpha / (sqrt(v) + epsilon)
        t += eps
        np.multiply(m, alpha, out=t2)
        t2 /= t
        p -= t2


def _adam_axpy(optimizer: Any, blocks: list[Block]) -> None:
    """Adam in 9 passes instead of 12, with BLAS's one-pass ``y += a * x``: the same formulas
    rearranged (``m = beta_1 * m + (1 - beta_1) * g``), equal to float32 rounding."""
    alpha = optimizer.step_size(optimizer.learning_rate)
    beta_1, beta_2, eps = optimizer.beta_1, optimizer.beta_2, optimizer.epsilon
    for g, p, slots, t, t2 in blocks:
        m, v = slots["momentum"], slots["velocity"]
        m *= beta_1  # m = beta_1 * m + (1 - beta_1) * g
        blas.axpy(g, m, 1 - beta_1, t)
        np.square(g, out=t)  # v = beta_2 * v + (1 - beta_2) * g^2
        v *= beta_2
        blas.axpy(t, v, 1 - beta_2, t2)
        np.sqrt(v, out=t)  # w = w - alpha * m / (sqrt(v) + epsilon)
        t += eps
        np.divide(m, t, out=t)
        blas.axpy(t, p, -alpha, t2)


def _textbook_in_blocks(optimizer: Optimizer, blocks: list[Block]) -> None:
    lr = optimizer.learning_rate
    for g, p, slots, _, _ in blocks:
        optimizer.update_step(g, p, lr, slots)


def _compiled_in_blocks(step: fused.Step, blocks: list[Block]) -> None:
    for g, p, slots, _, _ in blocks:
        step(g, p, slots)


def _common_dtype(pairs: list[tuple[np.ndarray, np.ndarray]]) -> np.dtype | None:
    dtypes = {a.dtype for pair in pairs for a in pair}
    return dtypes.pop() if len(dtypes) == 1 else None


KERNELS: dict[str, Callable[[Any, list[Block]], None]] = {"sgd": _sgd, "adam": _adam}


class Updates:
    """The fast optimizer steps of one model: scratch arrays and block views, kept between
    steps while the same arrays come back (every step of a fit)."""

    def __init__(self) -> None:
        self._scratch: list[tuple[np.ndarray, np.ndarray]] = []
        self._cache: tuple[list[int], list[Block], list[int]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"_scratch": [], "_cache": None}  # views of this process's arrays

    def scratch(self, pairs: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[Any, Any]]:
        if len(self._scratch) != len(pairs) or any(
            t.shape != p.shape or t.dtype != p.dtype
            for (t, _), (_, p) in zip(self._scratch, pairs, strict=True)
        ):
            self._scratch = [(np.empty_like(p), np.empty_like(p)) for _, p in pairs]
            self._cache = None
        return self._scratch

    def apply(self, optimizer: Optimizer, pairs: list[tuple[np.ndarray, np.ndarray]]) -> None:
        """One step of ``optimizer``: the same result as ``optimizer.apply_gradients``."""
        optimizer.prepare([p for _, p in pairs])
        blas.one_pass()  # loads SciPy on this thread, not on both at once
        blocks = self._blocks(optimizer, pairs) if optimizer.elementwise else None
        if blocks is None:
            optimizer.apply_gradients(pairs)
            return
        kernel = KERNELS.get(optimizer.fused_update or "", _textbook_in_blocks)
        optimizer.begin_step()
        step = fused.step_for(optimizer, _common_dtype(pairs))
        if step is not None:
            kernel = lambda _, some: _compiled_in_blocks(step, some)  # noqa: E731
        threads.run_halves(lambda some: kernel(optimizer, some), *blocks)
        optimizer.iterations += 1
        self._flush_subnormals(optimizer, pairs)

    def _flush_subnormals(self, optimizer: Optimizer, pairs) -> None:
        """Every ``FLUSH_EVERY`` steps: state entries below the smallest normal float32
        become zero (see the module's text)."""
        if optimizer.iterations % FLUSH_EVERY:
            return
        for index, (t, _) in enumerate(self.scratch(pairs)):
            for state in optimizer.state_of(index).values():
                if state.dtype == np.float32 and state.shape == t.shape:
                    np.copyto(state, 0, where=np.abs(state, out=t) < _TINY)

    def _blocks(self, optimizer: Optimizer, pairs) -> tuple[list[Block], list[int]] | None:
        states = [optimizer.state_of(i) for i in range(len(pairs))]
        # Blocks on one thread too: a block's passes stay in the cache. Measured on one core
        # (2 MB of L2) for 784-500-500-10, against whole arrays: Adam's update 1.35 -> 1.18 ms,
        # momentum 0.42 -> 0.35 ms, RMSprop 1.87 -> 0.98 ms, plain SGD even.
        block = BLOCK
        key = [block] + [id(a) for g, p in pairs for a in (g, p)]
        key += [id(a) for state in states for a in state.values()]
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1], self._cache[2]
        arrays = [a for g, p in pairs for a in (g, p)] + [
            a for state in states for a in state.values()
        ]
        if any(not a.flags.c_contiguous for a in arrays):
            return None
        if any(g.shape != p.shape for g, p in pairs):
            return None
        blocks, sizes = [], []
        for (gradient, parameter), state, extra in zip(
            pairs, states, self.scratch(pairs), strict=True
        ):
            flat = [a.reshape(-1) for a in (gradient, parameter, *extra)]
            named = {name: a.reshape(-1) for name, a in state.items()}
            for lo in range(0, parameter.size, block):
                cut = slice(lo, lo + block)
                g, p, t, t2 = (a[cut] for a in flat)
                blocks.append((g, p, {name: a[cut] for name, a in named.items()}, t, t2))
                sizes.append(min(block, parameter.size - lo))
        self._cache = (key, blocks, sizes)
        return blocks, sizes

    def apply_factored_sgd(
        self,
        optimizer: Any,
        pairs: list[tuple[np.ndarray, np.ndarray]],
        factors: list[tuple[np.ndarray, np.ndarray]],
        rows: list[np.ndarray | None],
        gathered: dict[int, np.ndarray | None] | None = None,
    ) -> None:
        """One SGD step of a dense network on a small batch, with each kernel gradient given
        as its factors: kernel ``j`` (``pairs[2 j]``; its gradient entry is not read) has the
        gradient ``inputs.T @ dz`` for ``factors[j] = (inputs, dz)``, in the kernel rows
        ``rows[j]`` (None: all rows; the others have a zero gradient). Biases
        (``pairs[2 j + 1]``) have whole gradients and take the textbook step.

        The gradient is never written out: plain SGD adds ``-lr * inputs.T @ dz`` to the
        rows that change (``rows`` may then leave some out); with momentum every row's
        ``m = momentum * m - lr * g`` is one product added into ``m``, block by block while
        the block is in the cache (``blas.add_outer_products``: one gemm call with SciPy).
        The same step up to rounding (gemm scales the summed product by ``-lr``).
        ``gathered[j]``, when given, already holds ``kernel[rows[j]]`` (the forward pass
        read it) and is updated in place.
        """
        if optimizer.fused_update != "sgd":
            raise ValueError("factored gradients need SGD")
        if optimizer.momentum != 0 and any(r is not None for r in rows):
            raise ValueError("with momentum every row moves: factors must cover all rows")
        optimizer.prepare([p for _, p in pairs])
        blas.one_pass()  # loads SciPy on this thread, not on both at once
        scratch = self.scratch(pairs)
        lr = optimizer.learning_rate
        jobs = []
        for j, ((inputs, dz), which) in enumerate(zip(factors, rows, strict=True)):
            kernel = pairs[2 * j][1]
            if optimizer.momentum == 0:
                ready = None if gathered is None else gathered.get(2 * j)
                _add_product(kernel, inputs, dz, -lr, which, scratch[2 * j], ready)
                continue
            m = optimizer.state_of(2 * j)["momentum"]
            # One example's product is a bare pass over m: fewer, larger blocks pay (measured
            # with `bench`: 8 % of the step at batch size 1, and 13 % lost at batch size 10);
            # on one thread, whole kernels (2 % off the step). With more examples, gemm is fast
            # only on blocks (its beta costs a separate pass over a large m).
            block = BLOCK if len(inputs) > 1 else ONE_EXAMPLE_BLOCK
            if len(inputs) == 1 and not threads.parallel_available():
                block = kernel.size
            step = max(1, block // kernel.shape[1])
            for lo in range(0, kernel.shape[0], step):
                hi = min(kernel.shape[0], lo + step)
                jobs.append((kernel, m, inputs, dz, scratch[2 * j], lo, hi))
        if jobs:
            sizes = [(hi - lo) * kernel.shape[1] for kernel, *_, lo, hi in jobs]
            threads.run_halves(lambda some: _momentum_rows(optimizer, lr, some), jobs, sizes)
        for index in range(1, len(pairs), 2):
            gradient, bias = pairs[index]
            optimizer.update_step(gradient, bias, lr, optimizer.state_of(index))
        optimizer.iterations += 1
        self._flush_subnormals(optimizer, pairs)


def _add_product(kernel, inputs, dz, alpha, which, scratch, ready) -> None:
    """kernel[which] += alpha * inputs.T @ dz (all rows for ``which`` None)."""
    t, t2 = scratch
    if which is None:
        blas.add_outer_products(kernel, inputs, dz, alpha, scratch=t)
        return
    if ready is not None and ready.shape == (len(which), kernel.shape[1]):
        rows = ready
    else:
        rows = t2.reshape(-1)[: len(which) * kernel.shape[1]].reshape(-1, kernel.shape[1])
        np.take(kernel, which, axis=0, out=rows, mode="clip")  # "raise" would buffer
    t = t.reshape(-1)[: rows.size].reshape(rows.shape)
    blas.add_outer_products(rows, inputs, dz, alpha, scratch=t)
    kernel[which] = rows


def _momentum_rows(optimizer: Any, lr: float, jobs: Sequence[Any]) -> None:
    """SGD with momentum on blocks of kernel rows, the gradient taken from its factors."""
    momentum, nesterov = optimizer.momentum, optimizer.nesterov
    for kernel, m, inputs, dz, (t, t2), lo, hi in jobs:
        m_rows, w_rows, t = m[lo:hi], kernel[lo:hi], t[lo:hi]
        if nesterov:
            # w = w + momentum * m' - lr * g = w - momentum * m + (1 + momentum) * m', as
            # -lr * g = m' - momentum * m: one product instead of two, g never written out
            blas.axpy(m_rows.reshape(-1), w_rows.reshape(-1), -momentum, t2[lo:hi].reshape(-1))
        # m = momentum * m - lr * g, with g = inputs.T @ dz in these rows
        blas.add_outer_products(m_rows, inputs[:, lo:hi], dz, -lr, momentum, scratch=t)
        if nesterov:
            blas.axpy(m_rows.reshape(-1), w_rows.reshape(-1), 1 + momentum, t.reshape(-1))
        else:
            w_rows += m_rows  # w = w + m
