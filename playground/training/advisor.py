"""The advisor: rules in plain code that read a run's figures and settings, name a common
mistake, and offer its fix as a change of settings (applied with one click in the window).

Each rule looks at a ``RunFacts`` and returns an ``Advice`` or None. A fix is a mapping of
``TrainingConfig`` fields to new values; ``apply`` makes the new config and checks it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from playground.training.config import ConfigError, TrainingConfig

MAX_SANE_LEARNING_RATE = 1.0
MAX_SANE_BATCH = 2048
MAX_SANE_UNITS = 4096
DEAD_FRACTION = 0.5  # more ReLU units than this never firing is a problem
OVERFIT_GAP = 0.05  # training accuracy this far above the test accuracy


@dataclass(frozen=True)
class RunFacts:
    """What the advisor reads: per-epoch figures (oldest first) and the run's settings."""

    config: TrainingConfig
    loss: Sequence[float] = ()
    accuracy: Sequence[float] = ()
    test_loss: Sequence[float] = ()
    test_accuracy: Sequence[float] = ()
    diverged: bool = False
    dead_fraction: float = 0.0  # share of hidden ReLU units that never fire on test digits
    num_classes: int = 10


@dataclass(frozen=True)
class Advice:
    """One finding: a stable ``rule`` name, a sentence, and the settings that fix it."""

    rule: str
    message: str
    fix: Mapping[str, Any] = field(default_factory=dict)


def _exploding(f: RunFacts) -> Advice | None:
    if f.diverged or any(not math.isfinite(v) for v in f.loss):
        lr = f.config.learning_rate / 10
        return Advice(
            "exploding",
            f"The loss became infinite: try learning rate {lr:g}.",
            {"learning_rate": lr},
        )
    return None


def _lr_too_high(f: RunFacts) -> Advice | None:
    if len(f.loss) >= 2 and all(map(math.isfinite, f.loss)) and f.loss[-1] >= f.loss[0]:
        lr = f.config.learning_rate / 10
        return Advice(
            "lr_too_high",
            "The loss does not go down, it jumps around: the steps "
            f"are too big. Try learning rate {lr:g}.",
            {"learning_rate": lr},
        )
    return None


def _lr_too_low(f: RunFacts) -> Advice | None:
    if len(f.loss) < 3 or f.config.learning_rate > 1e-4 or not f.loss[0] > 0:
        return None
    if 0 <= (f.loss[0] - f.loss[-1]) / f.loss[0] < 0.05:
        lr = f.config.learning_rate * 10
        return Advice(
            "lr_too_low",
            f"The loss falls very slowly: the steps are tiny. Try learning rate {lr:g}.",
            {"learning_rate": lr},
        )
    return None


def _not_learning(f: RunFacts) -> Advice | None:
    chance = 1.5 / max(2, f.num_classes)
    if len(f.accuracy) < 2 or f.accuracy[-1] > chance:
        return None
    if f.config.initializer == "zeros":
        return Advice(
            "not_learning",
            "Accuracy stays at chance: with all weights starting at "
            "0 every unit learns the same thing. Use random initial weights.",
            {"initializer": "glorot_uniform"},
        )
    if f.config.activation in ("sigmoid", "tanh", "linear"):
        return Advice(
            "not_learning",
            "Accuracy stays at chance: the gradients fade through "
            f"{f.config.activation} layers. Try ReLU.",
            {"activation": "relu"},
        )
    return None


def _overfitting(f: RunFacts) -> Advice | None:
    if not f.accuracy or not f.test_accuracy:
        return None
    gap = f.accuracy[-1] - f.test_accuracy[-1]
    rising = len(f.test_loss) >= 3 and f.test_loss[-1] > min(f.test_loss)
    if gap <= OVERFIT_GAP or not rising:
        return None
    fix = {"dropout": 0.3} if f.config.dropout == 0 else {"l2": 1e-4}
    how = "dropout 0.3" if "dropout" in fix else "an L2 penalty of 0.0001"
    return Advice(
        "overfitting",
        f"Training accuracy is {100 * gap:.0f} points above the test "
        f"accuracy and the test loss rises again: it memorises. Try {how}.",
        fix,
    )


def _dead_relus(f: RunFacts) -> Advice | None:
    if f.config.activation == "relu" and f.dead_fraction > DEAD_FRACTION:
        return Advice(
            "dead_relu",
            f"{100 * f.dead_fraction:.0f}% of the ReLU units never fire "
            "and no longer learn. Leaky ReLU keeps a small slope below 0.",
            {"activation": "leaky_relu"},
        )
    return None


def _extreme(f: RunFacts) -> Advice | None:
    c = f.config
    if c.learning_rate >= MAX_SANE_LEARNING_RATE:
        return Advice(
            "extreme",
            f"Learning rate {c.learning_rate:g} is far above what works (0.001 to 0.1).",
            {"learning_rate": 0.01 if c.optimizer == "sgd" else 0.001},
        )
    if c.batch_size > MAX_SANE_BATCH:
        return Advice(
            "extreme",
            f"Batch size {c.batch_size} gives few updates per epoch.",
            {"batch_size": 100},
        )
    if any(units > MAX_SANE_UNITS for units in c.hidden):
        hidden = tuple(min(units, 512) for units in c.hidden)
        return Advice(
            "extreme",
            "Layers this wide train slowly and overfit; 512 units are plenty for digits.",
            {"hidden": hidden},
        )
    return None


RULES: tuple[Callable[[RunFacts], Advice | None], ...] = (
    _exploding, _extreme, _lr_too_high, _lr_too_low, _not_learning, _overfitting, _dead_relus,
)  # fmt: skip


def advise(facts: RunFacts) -> list[Advice]:
    """Every rule that fires, most urgent first (an exploding run first of all)."""
    found = [advice for rule in RULES if (advice := rule(facts)) is not None]
    if found and found[0].rule == "exploding":  # the other figures mean little then
        return found[:1]
    return found


def apply(config: TrainingConfig, advice: Advice) -> TrainingConfig:
    """The config with the advice's fix; ConfigError if the result could not train."""
    new = config.replace(**dict(advice.fix))
    problems = new.validate()
    if problems:
        raise ConfigError("the fix gives impossible settings", problems)
    return new


def dead_fraction(model, x: np.ndarray) -> float:
    """Share of hidden ReLU units that output 0 for every one of the digits ``x``."""
    traces = model.forward_pass(x)
    dead = total = 0
    for layer, trace in zip(model.layers[:-1], traces[:-1], strict=True):
        if layer.activation == "relu":
            dead += int(np.sum(~(trace.a > 0).any(axis=0)))
            total += trace.a.shape[1]
    return dead / total if total else 0.0
