"""Learning-rate schedules, as ``keras.optimizers.schedules``: the rate as a function of the step.

Give one as ``learning_rate=`` to any optimizer; ``optimizer.learning_rate`` is then the
schedule's value at ``optimizer.iterations`` (the number of updates so far), so big steps come
first and small ones at the end.
"""

from __future__ import annotations

import math
from typing import Any

from .base import number


class LearningRateSchedule:
    """A function from the step (updates so far) to the learning rate."""

    def __call__(self, step: int) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def get_config(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def serialize(self) -> dict[str, Any]:
        return {"class_name": type(self).__name__, "config": self.get_config()}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def _steps(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return value


class ExponentialDecay(LearningRateSchedule):
    """lr(step) = initial_learning_rate * decay_rate ^ (step / decay_steps)
    (with ``staircase``, the exponent is rounded down: the rate drops every decay_steps)."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        self.initial_learning_rate = number("initial_learning_rate", initial_learning_rate)
        self.decay_steps = _steps("decay_steps", decay_steps)
        self.decay_rate = number("decay_rate", decay_rate)
        self.staircase = bool(staircase)
        self.name = name

    def __call__(self, step):
        p = step / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return self.initial_learning_rate * self.decay_rate**p

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class CosineDecay(LearningRateSchedule):
    """Half a cosine from the initial rate down to alpha times it over decay_steps, then flat:

    lr(step) = initial_learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)
    with s = min(step, decay_steps). With ``warmup_steps``, the rate first rises in a straight
    line from initial_learning_rate to ``warmup_target``, and the cosine starts from there.
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        self.initial_learning_rate = number("initial_learning_rate", initial_learning_rate)
        self.decay_steps = _steps("decay_steps", decay_steps)
        self.alpha = number("alpha", alpha, 0.0, 1.0)
        self.name = name
        self.warmup_target = (
            None if warmup_target is None else number("warmup_target", warmup_target)
        )
        if isinstance(warmup_steps, bool) or not isinstance(warmup_steps, int) or warmup_steps < 0:
            raise ValueError(f"warmup_steps must be an integer >= 0, got {warmup_steps!r}")
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        start = self.initial_learning_rate
        if self.warmup_target is not None:
            step = min(step, self.decay_steps + self.warmup_steps)
            if step < self.warmup_steps:
                fraction = step / self.warmup_steps
                return start + (self.warmup_target - start) * fraction
            step, start = step - self.warmup_steps, self.warmup_target
        step = min(step, self.decay_steps)
        cosine = 0.5 * (1 + math.cos(math.pi * step / self.decay_steps))
        return start * ((1 - self.alpha) * cosine + self.alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """values[0] up to boundaries[0] (inclusive), values[1] up to boundaries[1], ...,
    values[-1] after the last boundary."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        boundaries, values = list(boundaries), list(values)
        if len(values) != len(boundaries) + 1:
            raise ValueError("values must have one more entry than boundaries")
        for b in boundaries:
            if isinstance(b, bool) or not isinstance(b, int) or b < 0:
                raise ValueError(f"boundaries must be integers >= 0, got {b!r}")
        if boundaries != sorted(boundaries):
            raise ValueError("boundaries must be increasing")
        self.boundaries = boundaries
        self.values = [number("values", v) for v in values]
        self.name = name

    def __call__(self, step):
        for boundary, value in zip(self.boundaries, self.values, strict=False):
            if step <= boundary:
                return value
        return self.values[-1]

    def get_config(self):
        return {"boundaries": list(self.boundaries), "values": list(self.values), "name": self.name}


SCHEDULES: dict[str, type[LearningRateSchedule]] = {
    cls.__name__: cls for cls in (ExponentialDecay, CosineDecay, PiecewiseConstantDecay)
}


def deserialize(config: dict[str, Any]) -> LearningRateSchedule:
    """The schedule that ``LearningRateSchedule.serialize`` described."""
    cls = SCHEDULES.get(config.get("class_name"))  # type: ignore[arg-type]
    settings = config.get("config")
    if cls is None or not isinstance(settings, dict):
        raise ValueError(
            f"Unknown learning-rate schedule {config.get('class_name')!r}. "
            f"Choose one of: {', '.join(SCHEDULES)}."
        )
    try:
        return cls(**settings)
    except TypeError as exc:
        raise ValueError(f"bad settings for {cls.__name__}: {exc}") from None
