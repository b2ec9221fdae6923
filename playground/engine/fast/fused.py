"""Each optimizer's update in one pass over its arrays, compiled by Numba (the ``fast`` extra).

NumPy runs a formula such as Adam's one operation at a time: nine to twelve passes over the
parameter, its gradient and its state, each pass reading and writing whole arrays. Written as
a loop over the elements and compiled, the same formula reads each array once and writes it
once. For the 647,010 parameters of 784-500-500-10 Adam's update took 0.36 ms instead of the
blocked NumPy kernel's 1.31 ms (one thread, median of 200, same process).

Each kernel below is its optimizer's textbook ``update_step`` (``playground/engine/optimizers``)
element by element, with the same float32 operations in the same order: no fast-math, no fused
multiply-add, so the result is bit for bit the textbook's. Scalars are rounded to float32 as
NumPy rounds a Python number it combines with a float32 array.

Without Numba (or with ``enabled`` set to False, as tests do), ``step_for`` returns None and the
blocked NumPy kernels of ``updates`` run instead. Numba is imported at the first compiled step,
so a process that never trains (the window's) never loads it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from . import blas

enabled = True  # tests switch the compiled kernels off to check the NumPy ones
_COMPILING = threading.Lock()
_this_thread = threading.local()  # .numpy_only: see without_compiling

# A step of one block: (gradient, parameter, {slot name: state}), flat float32 arrays.
Step = Callable[[np.ndarray, np.ndarray, dict[str, np.ndarray]], None]


@functools.cache
def installed() -> bool:
    return importlib.util.find_spec("numba") is not None


def numba() -> Any:
    """Numba, imported on first use (0.25 s and 68 MB: only a process that trains pays), or
    None without the ``fast`` extra."""
    if not installed():
        return None
    import numba as module

    return module


class compiled:  # noqa: N801 - used as a decorator
    """A kernel compiled by Numba at its first call. The disk cache (beside this file, or the
    user's cache folder) spares later processes the compile (0.1-0.4 s a kernel); a frozen
    app has no source files to key a cache by."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.dispatcher: Any = None

    def __call__(self, *args: Any) -> Any:
        dispatcher = self.dispatcher
        if dispatcher is None:
            dispatcher = self._dispatcher()
        return dispatcher(*args)

    def _dispatcher(self) -> Any:
        with _COMPILING:  # one dispatcher, whichever thread calls first
            if self.dispatcher is None:
                jit = numba().njit(
                    nogil=True,
                    cache=not getattr(sys, "frozen", False),
                    error_model="numpy",
                    boundscheck=False,
                )
                self.dispatcher = jit(self.function)
        return self.dispatcher


@compiled
def _sgd(g, w, lr):
    for i in range(g.size):
        w[i] = w[i] - lr * g[i]  # w = w - lr * g


@compiled
def _sgd_momentum(g, w, m, lr, momentum, nesterov):
    for i in range(g.size):
        step = lr * g[i]
        mi = momentum * m[i] - step  # m = momentum * m - lr * g
        m[i] = mi
        if nesterov:
            w[i] = w[i] + (momentum * mi - step)  # w = w + momentum * m - lr * g
        else:
            w[i] = w[i] + mi  # w = w + m


@compiled
def _adam(g, w, m, v, alpha, c1, c2, eps):
    for i in range(g.size):
        mi = m[i] + (g[i] - m[i]) * c1  # m = m + (g - m) * (1 - beta_1)
        vi = v[i] + (g[i] * g[i] - v[i]) * c2  # v = v + (g^2 - v) * (1 - beta_2)
        m[i], v[i] = mi, vi
        w[i] = w[i] - mi * alpha / (np.sqrt(vi) + eps)  # w = w - alpha m / (sqrt(v) + eps)


@compiled
def _nadam(g, w, m, v, c1, c2, a, b, c, d, e, lr, eps):
    for i in range(g.size):
        mi = m[i] + (g[i] - m[i]) * c1  # m = m + (g - m) * (1 - beta_1)
        vi = v[i] + (g[i] * g[i] - v[i]) * c2  # v = v + (g^2 - v) * (1 - beta_2)
        m[i], v[i] = mi, vi
        m_hat = a * mi / b + c * g[i] / d  # u' m / (1 - u...u') + (1 - u) g / (1 - u...u)
        v_hat = vi / e  # v / (1 - beta_2^t)
        w[i] = w[i] - lr * m_hat / (np.sqrt(v_hat) + eps)


@compiled
def _adamax(g, w, m, u, c1, beta_2, lr, correction, eps):
    for i in range(g.size):
        mi = m[i] + (g[i] - m[i]) * c1  # m = m + (g - m) * (1 - beta_1)
        decayed, size = beta_2 * u[i], abs(g[i])
        ui = decayed if decayed >= size or decayed != decayed else size  # NaN as np.maximum
        m[i], u[i] = mi, ui  # u = max(beta_2 * u, |g|)
        w[i] = w[i] - lr * mi / (correction * (ui + eps))  # w = w - lr m / ((1 - b1^t)(u + e))


@compiled
def _adagrad(g, w, accumulator, lr, eps):
    for i in range(g.size):
        a = accumulator[i] + g[i] * g[i]  # accumulator = accumulator + g^2
        accumulator[i] = a
        w[i] = w[i] - lr * g[i] / np.sqrt(a + eps)  # w = w - lr g / sqrt(accumulator + eps)


@compiled
def _adadelta(g, w, grad_average, delta_average, rho, c, lr, eps):
    for i in range(g.size):
        ga = rho * grad_average[i] + c * (g[i] * g[i])  # E[g^2] = rho E[g^2] + (1 - rho) g^2
        delta = -np.sqrt(delta_average[i] + eps) / np.sqrt(ga + eps) * g[i]
        grad_average[i] = ga
        delta_average[i] = rho * delta_average[i] + c * (delta * delta)
        w[i] = w[i] + lr * delta  # w = w + lr * delta


@compiled
def _rmsprop(g, w, v, m, avg, rho, c, lr, eps, momentum, centered, with_momentum):
    for i in range(g.size):
        vi = rho * v[i] + c * (g[i] * g[i])  # v = rho v + (1 - rho) g^2
        v[i] = vi
        if centered:
            ai = rho * avg[i] + c * g[i]  # avg = rho avg + (1 - rho) g
            avg[i] = ai
            denominator = vi - ai * ai + eps
        else:
            denominator = vi + eps
        increment = lr * g[i] / np.sqrt(denominator)
        if with_momentum:
            mi = momentum * m[i] + increment  # m = momentum m + increment; w = w - m
            m[i] = mi
            w[i] = w[i] - mi
        else:
            w[i] = w[i] - increment


def _f(value: float) -> np.float32:
    return np.float32(value)


def _sgd_step(o: Any, lr: float) -> Step:
    rate = _f(lr)
    if o.momentum == 0:
        return lambda g, w, s: _sgd(g, w, rate)
    momentum, nesterov = _f(o.momentum), bool(o.nesterov)
    return lambda g, w, s: _sgd_momentum(g, w, s["momentum"], rate, momentum, nesterov)


def _adam_step(o: Any, lr: float) -> Step:
    alpha, c1, c2, eps = _f(o.step_size(lr)), _f(1 - o.beta_1), _f(1 - o.beta_2), _f(o.epsilon)
    return lambda g, w, s: _adam(g, w, s["momentum"], s["velocity"], alpha, c1, c2, eps)


def _nadam_step(o: Any, lr: float) -> Step:
    t = o.iterations + 1
    u_t, u_next = o._u(t), o._u(t + 1)
    args = [1 - o.beta_1, 1 - o.beta_2, u_next, 1 - o.u_product * u_next, 1 - u_t]
    args += [1 - o.u_product, 1 - o.beta_2**t, lr, o.epsilon]
    c1, c2, a, b, c, d, e, rate, eps = map(_f, args)
    return lambda g, w, s: _nadam(
        g, w, s["momentum"], s["velocity"], c1, c2, a, b, c, d, e, rate, eps
    )


def _adamax_step(o: Any, lr: float) -> Step:
    t = o.iterations + 1
    c1, beta_2, rate = _f(1 - o.beta_1), _f(o.beta_2), _f(lr)
    correction, eps = _f(1 - o.beta_1**t), _f(o.epsilon)
    return lambda g, w, s: _adamax(
        g, w, s["momentum"], s["norm"], c1, beta_2, rate, correction, eps
    )


def _adagrad_step(o: Any, lr: float) -> Step:
    rate, eps = _f(lr), _f(o.epsilon)
    return lambda g, w, s: _adagrad(g, w, s["accumulator"], rate, eps)


def _adadelta_step(o: Any, lr: float) -> Step:
    rho, c, rate, eps = _f(o.rho), _f(1 - o.rho), _f(lr), _f(o.epsilon)
    return lambda g, w, s: _adadelta(
        g, w, s["accumulated_grad"], s["accumulated_delta_var"], rho, c, rate, eps
    )


def _rmsprop_step(o: Any, lr: float) -> Step:
    rho, c, rate, eps, momentum = _f(o.rho), _f(1 - o.rho), _f(lr), _f(o.epsilon), _f(o.momentum)
    centered, with_momentum = bool(o.centered), bool(o.momentum > 0)

    def step(g: np.ndarray, w: np.ndarray, s: dict[str, np.ndarray]) -> None:
        m = s.get("momentum", g)  # read only when present
        avg = s.get("average_gradient", g)
        _rmsprop(g, w, s["velocity"], m, avg, rho, c, rate, eps, momentum, centered, with_momentum)

    return step


# The optimizer's ``fused_update`` name -> its step for this step's scalars.
STEPS: dict[str, Callable[[Any, float], Step]] = {
    "sgd": _sgd_step,
    "adam": _adam_step,
    "nadam": _nadam_step,
    "adamax": _adamax_step,
    "adagrad": _adagrad_step,
    "adadelta": _adadelta_step,
    "rmsprop": _rmsprop_step,
}


def in_play() -> bool:
    """Whether this process trains on the compiled kernels (Numba installed, not switched off).
    Where it does, the NumPy kernels that still run (float64 arrays) keep the textbook's order
    too, so that every step of a process rounds as the textbook does."""
    return enabled and installed()


def available() -> bool:
    """Whether the compiled kernels run. Before the first compile, SciPy's BLAS is set up as
    ``blas`` wants it (one thread): Numba's compiler imports ``scipy.linalg``, which would
    load SciPy's OpenBLAS with as many threads as cores, beside a window spinning on the core
    the window needs (``playground.training.blas_threads``)."""
    if not in_play() or getattr(_this_thread, "numpy_only", False):
        return False
    blas.scipy_available()
    return True


@contextlib.contextmanager
def without_compiling() -> Iterator[None]:
    """Within the block this thread's steps take the NumPy kernels, which give the same numbers
    where the compiled ones are in play (``in_play``). For a single step, such as the one the
    window traces for its Backpropagation view: loading the compiler there froze the window
    for 1.1 s at the first Start and cost its process about 125 MB."""
    before = getattr(_this_thread, "numpy_only", False)
    _this_thread.numpy_only = True
    try:
        yield
    finally:
        _this_thread.numpy_only = before


def step_for(optimizer: Any, dtype: np.dtype | None) -> Step | None:
    """The compiled step of ``optimizer``'s current step (after its ``begin_step``), or None
    when Numba is missing, the arrays are not float32, or no kernel has this update."""
    make = STEPS.get(optimizer.fused_update or "")
    if not available() or dtype != np.float32 or make is None:
        return None
    return make(optimizer, optimizer.learning_rate)
