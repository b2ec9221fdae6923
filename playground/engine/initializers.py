"""Weight initializers with Keras's names and formulas.

``fan_in`` and ``fan_out`` are the kernel's rows and columns. The normal variants draw from a
normal distribution truncated at two standard deviations, with the standard deviation scaled up
(by 1 / 0.8796...) so the truncated draw keeps the intended variance, as Keras does.
"""

from __future__ import annotations

import numpy as np

INITIALIZERS: tuple[str, ...] = (
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
    "zeros",
    "random_normal",
)

# Standard deviation of a unit normal truncated to [-2, 2].
_TRUNCATED_STD = 0.87962566103423978


def check_name(name: object) -> str:
    if isinstance(name, str) and name.lower() in INITIALIZERS:
        return name.lower()
    raise ValueError(f"Unknown initializer {name!r}. Choose one of: {', '.join(INITIALIZERS)}.")


def _truncated_normal(rng: np.random.Generator, shape: tuple[int, ...], std: float) -> np.ndarray:
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2.0
    while outside.any():  # redraw the few values beyond two standard deviations
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2.0
    return values * std


def initialize(name: str, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """A float32 array of ``shape`` filled by the initializer ``name``."""
    name = check_name(name)
    fan_in = shape[0] if len(shape) == 2 else 1
    fan_out = shape[-1]
    if name == "zeros":
        values = np.zeros(shape)
    elif name == "random_normal":
        values = rng.normal(0.0, 0.05, shape)
    elif name == "glorot_uniform":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        values = rng.uniform(-limit, limit, shape)
    elif name == "he_uniform":
        limit = np.sqrt(6.0 / fan_in)
        values = rng.uniform(-limit, limit, shape)
    elif name == "glorot_normal":
        values = _truncated_normal(rng, shape, np.sqrt(2.0 / (fan_in + fan_out)) / _TRUNCATED_STD)
    else:  # he_normal
        values = _truncated_normal(rng, shape, np.sqrt(2.0 / fan_in) / _TRUNCATED_STD)
    return np.ascontiguousarray(values, dtype=np.float32)
