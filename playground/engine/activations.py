"""Activation functions: f and f' as on the slide.

Each activation gives ``forward(z)`` = f(z), ``derivative(z)`` = f'(z) and
``backward(z, a, grad_a)`` = dC/dz (the chain rule through the activation), plain NumPy
returning new arrays. They are what the textbook training step runs and what the concept views
plot; the fast path computes the same in place (``playground.engine.fast.activations``).

Maxout and softmax are not elementwise. Maxout's ``z`` holds ``pieces`` blocks of ``units``
columns side by side, ``[piece 0 | piece 1 | ...]``, so a maxout layer is literally the
elementwise maximum of ``pieces`` ordinary linear layers.
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS: tuple[str, ...] = (
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "maxout",
    "softmax",
)


def _float(z) -> np.ndarray:
    """z as a float array (float32 stays float32, integers become float32)."""
    return np.asarray(z, dtype=np.result_type(z, np.float32))


class Activation:
    """Base class: f, f' and the chain rule; subclasses fill in the formulas."""

    name = ""
    elementwise = True

    def forward(self, z: np.ndarray) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def derivative(self, z: np.ndarray) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def backward(self, z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        """The chain rule through the activation: dC/dz = dC/da * f'(z), as a new array."""
        return grad_a * self.derivative(z)

    def output_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return shape

    def __repr__(self) -> str:
        return f"<activation {self.name}>"


class Linear(Activation):
    """f(z) = z, f'(z) = 1 (no activation)."""

    name = "linear"

    def forward(self, z):
        return _float(z).copy()

    def derivative(self, z):
        return np.ones_like(_float(z))


class Sigmoid(Activation):
    """f(z) = 1 / (1 + e^-z), f'(z) = f(z) (1 - f(z))."""

    name = "sigmoid"

    def forward(self, z):
        # The same value written as (1 + tanh(z/2)) / 2, which never overflows.
        return (1 + np.tanh(_float(z) * 0.5)) * 0.5

    def derivative(self, z):
        s = self.forward(z)
        return s * (1 - s)


class Tanh(Activation):
    """f(z) = tanh(z), f'(z) = 1 - tanh(z)^2."""

    name = "tanh"

    def forward(self, z):
        return np.tanh(_float(z))

    def derivative(self, z):
        t = self.forward(z)
        return 1 - t * t


class ReLU(Activation):
    """f(z) = max(z, 0), f'(z) = 1 for z > 0, else 0."""

    name = "relu"

    def forward(self, z):
        return np.maximum(_float(z), 0)

    def derivative(self, z):
        z = _float(z)
        return (z > 0).astype(z.dtype)


class LeakyReLU(Activation):
    """f(z) = z for z > 0, negative_slope * z otherwise; f'(z) = 1 for z > 0, else
    negative_slope (a small slope keeps a unit that is off still learning)."""

    name = "leaky_relu"

    def __init__(self, negative_slope: float = 0.2) -> None:
        self.negative_slope = float(negative_slope)

    def forward(self, z):
        z = _float(z)
        return np.where(z > 0, z, self.negative_slope * z).astype(z.dtype)

    def derivative(self, z):
        z = _float(z)
        return np.where(z > 0, 1, self.negative_slope).astype(z.dtype)


class ELU(Activation):
    """f(z) = z for z > 0, alpha (e^z - 1) otherwise; f'(z) = 1 for z > 0, alpha e^z otherwise."""

    name = "elu"

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = float(alpha)

    def forward(self, z):
        z = _float(z)
        return np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0))).astype(z.dtype)

    def derivative(self, z):
        z = _float(z)
        return np.where(z > 0, 1, self.alpha * np.exp(np.minimum(z, 0))).astype(z.dtype)


class Softmax(Activation):
    """f(z)_i = e^z_i / sum_j e^z_j, row by row (each row sums to 1);
    df_i/dz_j = f_i (delta_ij - f_j)."""

    name = "softmax"
    elementwise = False

    def forward(self, z):
        # Subtracting the row maximum keeps e^z from overflowing; the result is unchanged.
        z = _float(z)
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def derivative(self, z):
        """The diagonal of the Jacobian, s_i (1 - s_i) (what an elementwise plot can show)."""
        s = self.forward(z)
        return s * (1 - s)

    def backward(self, z, a, grad_a):
        """dC/dz_i = s_i (dC/da_i - sum_j dC/da_j s_j): the Jacobian times the gradient."""
        return a * (grad_a - (grad_a * a).sum(axis=-1, keepdims=True))


class Maxout(Activation):
    """f(z) = max(z_piece_1, ..., z_piece_k) per unit (Goodfellow et al., 2013);
    f' = 1 for the winning piece, 0 for the others."""

    name = "maxout"
    elementwise = False

    def __init__(self, pieces: int = 2) -> None:
        self.pieces = int(pieces)

    def output_shape(self, shape):
        if shape[-1] % self.pieces:
            raise ValueError(
                f"maxout with {self.pieces} pieces needs a last axis divisible by "
                f"{self.pieces}, got {shape[-1]}"
            )
        return (*shape[:-1], shape[-1] // self.pieces)

    def _blocks(self, z: np.ndarray) -> list[np.ndarray]:
        units = z.shape[-1] // self.pieces
        return [z[..., p * units : (p + 1) * units] for p in range(self.pieces)]

    def forward(self, z):
        z = _float(z)
        self.output_shape(z.shape)  # a width that the pieces divide
        return np.max(np.stack(self._blocks(z)), axis=0)

    def winner(self, z: np.ndarray) -> np.ndarray:
        """Index of the winning piece per unit (the first one on ties)."""
        z = np.asarray(z)
        units = z.shape[-1] // self.pieces
        return z.reshape(*z.shape[:-1], self.pieces, units).argmax(axis=-2)

    def derivative(self, z):
        """1 where a piece is its unit's maximum, else 0 (same shape as z)."""
        z = _float(z)
        win = self.winner(z)
        return np.concatenate([(win == p).astype(z.dtype) for p in range(self.pieces)], axis=-1)

    def backward(self, z, a, grad_a):
        """Each unit's gradient goes to its winning piece only."""
        return np.concatenate([grad_a] * self.pieces, axis=-1) * self.derivative(z)


_CLASSES = {
    "linear": Linear,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "maxout": Maxout,
    "softmax": Softmax,
}


def check_name(name: object) -> str:
    """Return the activation name (None means linear), or raise ValueError naming the choices."""
    if name is None:
        return "linear"
    if isinstance(name, str) and name.lower() in _CLASSES:
        return name.lower()
    raise ValueError(f"Unknown activation {name!r}. Choose one of: {', '.join(ACTIVATIONS)}.")


def get(
    name: str | None, *, alpha: float = 1.0, pieces: int = 2, negative_slope: float = 0.2
) -> Activation:
    """The activation called ``name``; ``alpha`` is ELU's, ``pieces`` maxout's and
    ``negative_slope`` leaky ReLU's (Keras's default 0.2)."""
    name = check_name(name)
    if name == "leaky_relu":
        return LeakyReLU(negative_slope)
    if name == "elu":
        return ELU(alpha)
    if name == "maxout":
        return Maxout(pieces)
    return _CLASSES[name]()
