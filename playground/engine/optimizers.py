"""The seven optimizers of the lecture, with Keras 3's argument names, defaults and formulas.

Each ``update`` method follows the matching ``keras/src/optimizers/*.py`` line by line, written
with in-place NumPy operations (``out=``) on float32 arrays, so a step allocates nothing: every
parameter gets two scratch buffers (``t`` and ``t2``) the first time it is seen.

``apply_gradients`` takes ``(gradient, parameter)`` pairs and updates the parameters in place.
The optimizer remembers its per-parameter state (momentums, velocities, ...) by position, so
always pass the parameters in the same order.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterable
from typing import Any, ClassVar

import numpy as np

from . import threads

NAMES: tuple[str, ...] = ("sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamax", "nadam")


def _number(name: str, value: object, low: float = 0.0, high: float = math.inf) -> float:
    """Check a hyperparameter: a real number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ValueError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value!r}")
    return value


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


class Optimizer:
    """Common machinery: learning rate, step counter, state slots and scratch buffers."""

    name: ClassVar[str] = ""

    def __init__(self, learning_rate: float, epsilon: float | None = None) -> None:
        self.learning_rate = learning_rate
        if epsilon is not None:  # SGD has no epsilon
            self.epsilon = _number("epsilon", epsilon)
            if self.epsilon <= 0:
                raise ValueError(f"epsilon must be greater than 0, got {epsilon!r}")
        self.iterations = 0  # number of apply_gradients calls so far (Keras's iterations)
        self._slots: dict[str, list[np.ndarray]] = {}
        self._parameters: list[np.ndarray] = []  # the arrays the slots belong to, in order
        self._scratch: list[tuple[np.ndarray, np.ndarray]] = []
        self._block_cache = None

    # -- the learning rate can change between steps (the app has a slider for it) --
    @property
    def learning_rate(self) -> float:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        value = _number("learning_rate", value)
        if value <= 0:
            raise ValueError(f"learning_rate must be greater than 0, got {value!r}")
        self._learning_rate = value

    # -- state --
    def slot_names(self) -> tuple[str, ...]:
        """Names of the per-parameter state arrays this configuration keeps (Keras's names)."""
        return ()

    def slot_initial_value(self, slot: str) -> float:
        return 0.0

    @property
    def built(self) -> bool:
        return bool(self._scratch)

    def build(self, parameters: list[np.ndarray]) -> None:
        """Create the state and scratch arrays for these parameters (once)."""
        self._slots = {
            slot: [np.full_like(p, self.slot_initial_value(slot)) for p in parameters]
            for slot in self.slot_names()
        }
        self._parameters = list(parameters)
        self._scratch = [(np.empty_like(p), np.empty_like(p)) for p in parameters]
        self._block_cache = None

    def apply_gradients(self, pairs: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """One update step: every parameter moves against its gradient, in place."""
        pairs = list(pairs)
        if not self.built:
            self.build([p for _, p in pairs])
        elif len(pairs) != len(self._scratch):
            raise ValueError(
                f"this optimizer was built for {len(self._scratch)} parameters, "
                f"got {len(pairs)}; use a new optimizer for a different model"
            )
        self._begin_step()
        lr = self._learning_rate
        for index, (gradient, parameter) in enumerate(pairs):
            t, t2 = self._scratch[index]
            self.update(index, gradient, parameter, lr, t, t2)
        self.iterations += 1

    # -- the fast path of SGD and Adam: the same formulas, in blocks, on two threads --
    # A step reads and writes each parameter, its gradient and its state several times. Cut
    # into blocks of this many elements, a block stays in the cache between those passes, and
    # the blocks are shared out between two threads (NumPy releases the GIL inside its loops).
    BLOCK = 65_536

    def _blocks_of(self, pairs, slots: tuple[str, ...]):
        """([(g, p, *slot arrays, t, t2) per block], [block sizes]) as flat views, or None when
        these pairs cannot take the blocked path. Built once and reused while the same arrays
        come back (every step of a fit)."""
        if not self.built:
            if not all(g.flags.c_contiguous and p.flags.c_contiguous for g, p in pairs):
                return None
            self.build([p for _, p in pairs])
        elif len(pairs) != len(self._scratch):
            return None  # apply_gradients raises the usual error
        cached = self._block_cache
        if (
            cached is not None
            and len(cached[0]) == len(pairs)
            and all(g is cg and p is cp for (g, p), (cg, cp) in zip(pairs, cached[0], strict=True))
        ):
            return cached[1]
        if not all(g.flags.c_contiguous and p.flags.c_contiguous for g, p in pairs):
            return None
        blocks, sizes = [], []
        for index, (gradient, parameter) in enumerate(pairs):
            if gradient.shape != parameter.shape:
                return None
            arrays = [gradient, parameter, *(self._slots[s][index] for s in slots)]
            flat = [a.reshape(-1) for a in (*arrays, *self._scratch[index])]
            for lo in range(0, parameter.size, self.BLOCK):
                blocks.append(tuple(a[lo : lo + self.BLOCK] for a in flat))
                sizes.append(min(self.BLOCK, parameter.size - lo))
        self._block_cache = (list(pairs), (blocks, sizes))
        return blocks, sizes

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_block_cache"] = None  # views of the arrays of this process; rebuilt on use
        return state

    def _begin_step(self) -> None:
        """Hook for state shared by all parameters (Nadam's momentum schedule)."""

    def update(self, i: int, g: np.ndarray, p: np.ndarray, lr: float, t, t2) -> None:
        raise NotImplementedError  # pragma: no cover

    def slot(self, name: str, index: int) -> np.ndarray:
        return self._slots[name][index]

    def slots(self, param: np.ndarray) -> dict[str, np.ndarray]:
        """Copies of the state kept for this parameter array (Keras's names, e.g. Adam's
        ``momentum`` and ``velocity``); empty before the first update."""
        if not self.built:
            return {}
        for index, known in enumerate(self._parameters):
            if known is param:
                return {name: values[index].copy() for name, values in self._slots.items()}
        raise ValueError("this optimizer keeps no state for that array (not one of its parameters)")

    # -- saving --
    def get_config(self) -> dict[str, Any]:
        """JSON-able description: ``name`` plus the constructor arguments."""
        config: dict[str, Any] = {"name": self.name}
        for arg in inspect.signature(type(self).__init__).parameters:
            if arg != "self":
                config[arg] = getattr(self, arg)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Optimizer:
        config = dict(config)
        name = config.pop("name", cls.name)
        if cls is Optimizer:
            return get(name, **config)
        return cls(**config)

    def get_state(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """(JSON-able scalars, named arrays) to continue training exactly after a reload."""
        scalars = {"iterations": self.iterations, "built": self.built}
        arrays = {
            f"{slot}/{i}": array
            for slot, values in self._slots.items()
            for i, array in enumerate(values)
        }
        return scalars, arrays

    def set_state(
        self,
        scalars: dict[str, Any],
        arrays: dict[str, np.ndarray],
        parameters: list[np.ndarray],
    ) -> None:
        """Restore what ``get_state`` returned. ValueError if it does not fit ``parameters``."""
        iterations = scalars.get("iterations")
        if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 0:
            raise ValueError(f"optimizer iterations must be an integer >= 0, got {iterations!r}")
        expected = {
            f"{slot}/{i}": p.shape for slot in self.slot_names() for i, p in enumerate(parameters)
        }
        built = scalars.get("built")
        if built is not True and built is not False:
            raise ValueError("optimizer state lacks 'built'")
        if not built:
            expected = {}
        if set(arrays) != set(expected):
            missing = sorted(set(expected) - set(arrays))
            extra = sorted(set(arrays) - set(expected))
            raise ValueError(
                f"optimizer state arrays do not match: missing {missing}, extra {extra}"
            )
        for key, shape in expected.items():
            if arrays[key].shape != shape:
                raise ValueError(
                    f"optimizer state {key!r} has shape {arrays[key].shape}, expected {shape}"
                )
        self.iterations = iterations
        if built:
            self.build(parameters)
            for key in expected:
                slot, index = key.rsplit("/", 1)
                np.copyto(self._slots[slot][int(index)], arrays[key])
        else:
            self._slots, self._scratch = {}, []

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Gradient descent, optionally with (Nesterov) momentum."""

    name = "sgd"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        super().__init__(learning_rate)
        self.momentum = _number("momentum", momentum, 0.0, 1.0)
        self.nesterov = _flag("nesterov", nesterov)

    def slot_names(self):
        return ("momentum",) if self.momentum != 0 else ()

    def apply_gradients(self, pairs):
        pairs = list(pairs)
        blocks = self._blocks_of(pairs, self.slot_names())
        if blocks is None:
            super().apply_gradients(pairs)
            return
        lr, momentum, nesterov = self._learning_rate, self.momentum, self.nesterov

        # The same arithmetic per element as update(), block by block on two threads.
        def run(some_blocks):
            for block in some_blocks:
                if momentum == 0:
                    g, p, t, _ = block
                    np.multiply(g, lr, out=t)
                    p -= t
                    continue
                g, p, m, t, t2 = block
                np.multiply(g, lr, out=t)
                m *= momentum
                m -= t
                if nesterov:
                    np.multiply(m, momentum, out=t2)
                    t2 -= t
                    p += t2
                else:
                    p += m

        threads.run_halves(run, *blocks)
        self.iterations += 1

    def update(self, i, g, p, lr, t, t2):
        np.multiply(g, lr, out=t)  # t = learning_rate * g
        if self.momentum == 0:
            p -= t  # w = w - learning_rate * g
            return
        m = self._slots["momentum"][i]
        m *= self.momentum  # m = momentum * m - learning_rate * g
        m -= t
        if self.nesterov:
            np.multiply(m, self.momentum, out=t2)  # w = w + momentum * m - learning_rate * g
            t2 -= t
            p += t2
        else:
            p += m  # w = w + m

    def apply_factored_gradients(
        self,
        pairs: list[tuple[np.ndarray | None, np.ndarray]],
        factors: list[tuple[np.ndarray, np.ndarray]],
        rows: list[np.ndarray | None],
        gathered: dict[int, np.ndarray | None] | None = None,
    ) -> None:
        """One plain-SGD step of a dense network on a small batch, with each kernel gradient
        given as its factors: kernel ``j`` (``pairs[2 j]``; its gradient entry is not read)
        has the gradient ``inputs.T @ dz`` for ``factors[j] = (inputs, dz)``, in the kernel
        rows ``rows[j]`` (None: all rows; the others have a zero gradient and stay as they
        are). Biases (``pairs[2 j + 1]``) have whole gradients.

        The update ``w += (-learning_rate * inputs).T @ dz`` never writes the gradient out,
        and touches only the rows that change: about half the memory traffic of
        ``apply_gradients`` at batch size 1. The same step as ``w - learning_rate * g`` up to
        rounding. ``gathered[j]``, when given, already holds ``kernel[rows[j]]`` (the forward
        pass read it) and is updated in place instead of gathering those rows again.
        """
        if self.momentum != 0:
            raise ValueError("factored gradients need plain SGD (momentum 0)")
        if not self.built:
            self.build([p for _, p in pairs])
        lr = self._learning_rate
        for j, ((inputs, dz), which) in enumerate(zip(factors, rows, strict=True)):
            kernel = pairs[2 * j][1]
            t, t2 = self._scratch[2 * j]
            k = kernel.shape[0] if which is None else len(which)
            t = t.reshape(-1)[: k * kernel.shape[1]].reshape(k, kernel.shape[1])
            threads.outer_products(np.multiply(inputs, -lr, dtype=inputs.dtype), dz, out=t)
            if which is None:
                kernel += t
                continue
            ready = None if gathered is None else gathered.get(2 * j)
            if ready is not None and ready.shape == t.shape:
                t2 = ready
            else:
                t2 = t2.reshape(-1)[: t.size].reshape(t.shape)
                np.take(kernel, which, axis=0, out=t2, mode="clip")  # "raise" would buffer
            t2 += t
            kernel[which] = t2
        for index in range(1, len(pairs), 2):
            gradient, bias = pairs[index]
            t = self._scratch[index][0]
            self.update(index, gradient, bias, lr, t, self._scratch[index][1])
        self.iterations += 1


class RMSprop(Optimizer):
    """Divide the gradient by a running root-mean-square of recent gradients."""

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
        super().__init__(learning_rate, epsilon)
        self.rho = _number("rho", rho, 0.0, 1.0)
        self.momentum = _number("momentum", momentum, 0.0, 1.0)
        self.centered = _flag("centered", centered)

    def slot_names(self):
        names = ("velocity",)
        if self.momentum > 0:
            names += ("momentum",)
        if self.centered:
            names += ("average_gradient",)
        return names

    def update(self, i, g, p, lr, t, t2):
        rho = self.rho
        velocity = self._slots["velocity"][i]
        velocity *= rho  # v = rho * v + (1 - rho) * g^2
        np.square(g, out=t)
        t *= 1 - rho
        velocity += t
        if self.centered:
            average = self._slots["average_gradient"][i]
            average *= rho  # avg = rho * avg + (1 - rho) * g
            np.multiply(g, 1 - rho, out=t)
            average += t
            np.square(average, out=t)  # denominator = v - avg^2 + epsilon
            np.subtract(velocity, t, out=t)
            t += self.epsilon
        else:
            np.add(velocity, self.epsilon, out=t)  # denominator = v + epsilon
        np.sqrt(t, out=t)
        np.multiply(g, lr, out=t2)  # increment = learning_rate * g / sqrt(denominator)
        t2 /= t
        if self.momentum > 0:
            m = self._slots["momentum"][i]
            m *= self.momentum  # m = momentum * m + increment
            m += t2
            p -= m
        else:
            p -= t2


class Adagrad(Optimizer):
    """Per-parameter step sizes that shrink with the sum of all squared gradients so far."""

    name = "adagrad"

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.initial_accumulator_value = _number(
            "initial_accumulator_value", initial_accumulator_value
        )

    def slot_names(self):
        return ("accumulator",)

    def slot_initial_value(self, slot):
        return self.initial_accumulator_value

    def update(self, i, g, p, lr, t, t2):
        accumulator = self._slots["accumulator"][i]
        np.square(g, out=t)  # acc = acc + g^2
        accumulator += t
        np.add(accumulator, self.epsilon, out=t)  # w = w - lr * g / sqrt(acc + epsilon)
        np.sqrt(t, out=t)
        np.multiply(g, lr, out=t2)
        t2 /= t
        p -= t2


class Adadelta(Optimizer):
    """Step sizes from running averages of squared gradients and squared updates."""

    name = "adadelta"

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.rho = _number("rho", rho, 0.0, 1.0)

    def slot_names(self):
        return ("accumulated_grad", "accumulated_delta_var")

    def update(self, i, g, p, lr, t, t2):
        rho, eps = self.rho, self.epsilon
        acc_grad = self._slots["accumulated_grad"][i]
        acc_delta = self._slots["accumulated_delta_var"][i]
        acc_grad *= rho  # E[g^2] = rho * E[g^2] + (1 - rho) * g^2
        np.square(g, out=t)
        t *= 1 - rho
        acc_grad += t
        # t = -delta = sqrt(E[dx^2] + eps) * g / sqrt(E[g^2] + eps)
        np.add(acc_delta, eps, out=t)
        np.sqrt(t, out=t)
        t *= g
        np.add(acc_grad, eps, out=t2)
        np.sqrt(t2, out=t2)
        t /= t2
        acc_delta *= rho  # E[dx^2] = rho * E[dx^2] + (1 - rho) * delta^2
        np.square(t, out=t2)
        t2 *= 1 - rho
        acc_delta += t2
        t *= lr  # w = w + lr * delta
        p -= t


class Adam(Optimizer):
    """Momentum (first moment) and RMSprop (second moment) with bias correction."""

    name = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
        super().__init__(learning_rate, epsilon)
        self.beta_1 = _number("beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = _number("beta_2", beta_2, 0.0, 1.0)
        self.amsgrad = _flag("amsgrad", amsgrad)

    def slot_names(self):
        names = ("momentum", "velocity")
        return (*names, "velocity_hat") if self.amsgrad else names

    def apply_gradients(self, pairs):
        pairs = list(pairs)
        blocks = None if self.amsgrad else self._blocks_of(pairs, ("momentum", "velocity"))
        if blocks is None:
            super().apply_gradients(pairs)
            return
        step = self.iterations + 1
        alpha = self._learning_rate * math.sqrt(1 - self.beta_2**step) / (1 - self.beta_1**step)
        c1, c2, eps = 1 - self.beta_1, 1 - self.beta_2, self.epsilon

        # The same arithmetic per element as update(), block by block on two threads.
        def run(some_blocks):
            for g, p, m, v, t, t2 in some_blocks:
                np.subtract(g, m, out=t)  # m = m + (g - m) * (1 - beta_1)
                t *= c1
                m += t
                np.square(g, out=t)  # v = v + (g^2 - v) * (1 - beta_2)
                t -= v
                t *= c2
                v += t
                np.sqrt(v, out=t)  # w = w - alpha * m / (sqrt(v) + epsilon)
                t += eps
                np.multiply(m, alpha, out=t2)
                t2 /= t
                p -= t2

        threads.run_halves(run, *blocks)
        self.iterations += 1

    def update(self, i, g, p, lr, t, t2):
        step = self.iterations + 1
        # alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t): bias correction folded into the rate
        alpha = lr * math.sqrt(1 - self.beta_2**step) / (1 - self.beta_1**step)
        m = self._slots["momentum"][i]
        v = self._slots["velocity"][i]
        np.subtract(g, m, out=t)  # m = m + (g - m) * (1 - beta_1)
        t *= 1 - self.beta_1
        m += t
        np.square(g, out=t)  # v = v + (g^2 - v) * (1 - beta_2)
        t -= v
        t *= 1 - self.beta_2
        v += t
        if self.amsgrad:
            v_hat = self._slots["velocity_hat"][i]
            np.maximum(v_hat, v, out=v_hat)  # v_hat = max(v_hat, v)
            v = v_hat
        np.sqrt(v, out=t)  # w = w - alpha * m / (sqrt(v) + epsilon)
        t += self.epsilon
        np.multiply(m, alpha, out=t2)
        t2 /= t
        p -= t2


class Adamax(Optimizer):
    """Adam with the infinity norm: u = max(beta_2 * u, |g|)."""

    name = "adamax"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.beta_1 = _number("beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = _number("beta_2", beta_2, 0.0, 1.0)

    def slot_names(self):
        return ("momentum", "norm")

    def update(self, i, g, p, lr, t, t2):
        step = self.iterations + 1
        m = self._slots["momentum"][i]
        u = self._slots["norm"][i]
        np.subtract(g, m, out=t)  # m = m + (g - m) * (1 - beta_1)
        t *= 1 - self.beta_1
        m += t
        u *= self.beta_2  # u = max(beta_2 * u, |g|)
        np.abs(g, out=t)
        np.maximum(u, t, out=u)
        np.add(u, self.epsilon, out=t)  # w = w - lr * m / ((1 - beta_1^t) * (u + epsilon))
        t *= 1 - self.beta_1**step
        np.multiply(m, lr, out=t2)
        t2 /= t
        p -= t2


class Nadam(Optimizer):
    """Adam with Nesterov momentum and Keras 3's momentum schedule.

    The schedule is u_t = beta_1 * (1 - 0.5 * 0.96 ** t), exactly as in Keras 3's
    ``keras/src/optimizers/nadam.py`` (Keras 2 used 0.96 ** (0.004 * t)).
    """

    name = "nadam"
    DECAY = 0.96

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate, epsilon)
        self.beta_1 = _number("beta_1", beta_1, 0.0, 1.0)
        self.beta_2 = _number("beta_2", beta_2, 0.0, 1.0)
        self.u_product = 1.0  # product of u_1 ... u_t so far

    def slot_names(self):
        return ("momentum", "velocity")

    def _u(self, step: int) -> float:
        return self.beta_1 * (1.0 - 0.5 * self.DECAY**step)

    def _begin_step(self):
        self.u_product *= self._u(self.iterations + 1)

    def update(self, i, g, p, lr, t, t2):
        step = self.iterations + 1
        u_t, u_t_1 = self._u(step), self._u(step + 1)
        u_product_t = self.u_product
        u_product_t_1 = u_product_t * u_t_1
        m = self._slots["momentum"][i]
        v = self._slots["velocity"][i]
        np.subtract(g, m, out=t)  # m = m + (g - m) * (1 - beta_1)
        t *= 1 - self.beta_1
        m += t
        np.square(g, out=t)  # v = v + (g^2 - v) * (1 - beta_2)
        t -= v
        t *= 1 - self.beta_2
        v += t
        # m_hat = u_{t+1} m / (1 - prod u_1..u_{t+1}) + (1 - u_t) g / (1 - prod u_1..u_t)
        np.multiply(m, u_t_1 / (1 - u_product_t_1), out=t)
        np.multiply(g, (1 - u_t) / (1 - u_product_t), out=t2)
        t += t2
        np.divide(v, 1 - self.beta_2**step, out=t2)  # v_hat = v / (1 - beta_2^t)
        np.sqrt(t2, out=t2)  # w = w - lr * m_hat / (sqrt(v_hat) + epsilon)
        t2 += self.epsilon
        t *= lr
        t /= t2
        p -= t

    def get_state(self):
        scalars, arrays = super().get_state()
        scalars["u_product"] = self.u_product
        return scalars, arrays

    def set_state(self, scalars, arrays, parameters):
        u_product = scalars.get("u_product")
        if isinstance(u_product, bool) or not isinstance(u_product, (int, float)):
            raise ValueError(f"Nadam u_product must be a number, got {u_product!r}")
        if not (math.isfinite(u_product) and 0 <= u_product <= 1):
            raise ValueError(f"Nadam u_product must be in [0, 1], got {u_product!r}")
        super().set_state(scalars, arrays, parameters)
        self.u_product = float(u_product)


_CLASSES: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, RMSprop, Adagrad, Adadelta, Adam, Adamax, Nadam)
}


# Every optimizer by name; ``hyperparameters(name)`` gives its arguments and Keras defaults.
OPTIMIZERS: dict[str, type[Optimizer]] = dict(_CLASSES)


def hyperparameters(name: str) -> dict[str, Any]:
    """The optimizer's own arguments and their Keras defaults, e.g. for building a form."""
    cls = _class(name)
    return {
        arg: param.default
        for arg, param in inspect.signature(cls.__init__).parameters.items()
        if arg != "self"
    }


def _class(name: object) -> type[Optimizer]:
    if isinstance(name, str) and name.lower() in _CLASSES:
        return _CLASSES[name.lower()]
    raise ValueError(f"Unknown optimizer {name!r}. Choose one of: {', '.join(NAMES)}.")


def get(identifier: str | dict | Optimizer, **kwargs: Any) -> Optimizer:
    """An optimizer from a name (``get("adam", learning_rate=0.01)``), a config dict, or itself."""
    if isinstance(identifier, Optimizer):
        if kwargs:
            raise ValueError("keyword arguments are only allowed with an optimizer name")
        return identifier
    if isinstance(identifier, dict):
        config = dict(identifier)
        name = config.pop("name", None)
        return get(name, **config, **kwargs)  # type: ignore[arg-type]
    cls = _class(identifier)
    allowed = hyperparameters(cls.name)
    unknown = sorted(set(kwargs) - set(allowed))
    if unknown:
        raise ValueError(
            f"Unknown argument(s) {', '.join(unknown)} for optimizer {cls.name!r}. "
            f"It takes: {', '.join(allowed)}."
        )
    return cls(**kwargs)
