"""The advisor: rules in plain code that read a run's figures and settings, name a common
mistake, and offer its fix as a change of settings (applied with one click in the window).

Each rule looks at a ``RunFacts`` and returns an ``Advice`` or None. A fix is a mapping of
``TrainingConfig`` fields to new values; ``apply`` makes the new config and checks it. A
message is one of ``TEMPLATES`` filled with the run's figures, so the window can show it in
another language (it translates the template, then fills it in).
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


# Every sentence the advisor says, in English; {names} are filled in from the run.
TEMPLATES = {
    "exploding": "The loss became infinite: try learning rate {lr:g}.",
    "lr_too_high": "The loss does not go down, it jumps around: the steps are too big. "
    "Try learning rate {lr:g}.",
    "lr_too_low": "The loss falls very slowly: the steps are tiny. Try learning rate {lr:g}.",
    "zeros": "Accuracy stays at chance: with all weights starting at 0 every unit learns the "
    "same thing. Use random initial weights.",
    "fading": "Accuracy stays at chance: the gradients fade through {activation} layers. Try ReLU.",
    "overfitting_dropout": "Training accuracy is {gap:.0f} points above the test accuracy and "
    "the test loss rises again: it memorises. Try dropout 0.3.",
    "overfitting_l2": "Training accuracy is {gap:.0f} points above the test accuracy and the "
    "test loss rises again: it memorises. Try an L2 penalty of 0.0001.",
    "dead_relu": "{percent:.0f}% of the ReLU units never fire and no longer learn. Leaky ReLU "
    "keeps a small slope below 0.",
    "extreme_lr": "Learning rate {lr:g} is far above what works (0.001 to 0.1).",
    "extreme_batch": "Batch size {batch} gives few updates per epoch.",
    "extreme_units": "Layers this wide train slowly and overfit; 512 units are plenty for digits.",
}


@dataclass(frozen=True)
class Advice:
    """One finding: a stable ``rule`` name, a sentence, and the settings that fix it; the
    sentence is ``TEMPLATES[template]`` filled with ``values``."""

    rule: str
    message: str
    fix: Mapping[str, Any] = field(default_factory=dict)
    template: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)


def _advice(rule: str, template: str, fix: Mapping[str, Any], **values: Any) -> Advice:
    return Advice(rule, TEMPLATES[template].format(**values), fix, template, values)


def _exploding(f: RunFacts) -> Advice | None:
    if f.diverged or any(not math.isfinite(v) for v in f.loss):
        lr = f.config.learning_rate / 10
        return _advice("exploding", "exploding", {"learning_rate": lr}, lr=lr)
    return None


def _lr_too_high(f: RunFacts) -> Advice | None:
    if len(f.loss) >= 2 and all(map(math.isfinite, f.loss)) and f.loss[-1] >= f.loss[0]:
        lr = f.config.learning_rate / 10
        return _advice("lr_too_high", "lr_too_high", {"learning_rate": lr}, lr=lr)
    return None


def _lr_too_low(f: RunFacts) -> Advice | None:
    if len(f.loss) < 3 or f.config.learning_rate > 1e-4 or not f.loss[0] > 0:
        return None
    if 0 <= (f.loss[0] - f.loss[-1]) / f.loss[0] < 0.05:
        lr = f.config.learning_rate * 10
        return _advice("lr_too_low", "lr_too_low", {"learning_rate": lr}, lr=lr)
    return None


def _not_learning(f: RunFacts) -> Advice | None:
    chance = 1.5 / max(2, f.num_classes)
    if len(f.accuracy) < 2 or f.accuracy[-1] > chance:
        return None
    if f.config.initializer == "zeros":
        return _advice("not_learning", "zeros", {"initializer": "glorot_uniform"})
    if f.config.activation in ("sigmoid", "tanh", "linear"):
        return _advice(
            "not_learning", "fading", {"activation": "relu"}, activation=f.config.activation
        )
    return None


def _overfitting(f: RunFacts) -> Advice | None:
    if not f.accuracy or not f.test_accuracy:
        return None
    gap = f.accuracy[-1] - f.test_accuracy[-1]
    rising = len(f.test_loss) >= 3 and f.test_loss[-1] > min(f.test_loss)
    if gap <= OVERFIT_GAP or not rising:
        return None
    if f.config.dropout == 0:
        return _advice("overfitting", "overfitting_dropout", {"dropout": 0.3}, gap=100 * gap)
    return _advice("overfitting", "overfitting_l2", {"l2": 1e-4}, gap=100 * gap)


def _dead_relus(f: RunFacts) -> Advice | None:
    if f.config.activation == "relu" and f.dead_fraction > DEAD_FRACTION:
        return _advice(
            "dead_relu", "dead_relu", {"activation": "leaky_relu"}, percent=100 * f.dead_fraction
        )
    return None


def _extreme(f: RunFacts) -> Advice | None:
    c = f.config
    if c.learning_rate >= MAX_SANE_LEARNING_RATE:
        fix = {"learning_rate": 0.01 if c.optimizer == "sgd" else 0.001}
        return _advice("extreme", "extreme_lr", fix, lr=c.learning_rate)
    if c.batch_size > MAX_SANE_BATCH:
        return _advice("extreme", "extreme_batch", {"batch_size": 100}, batch=c.batch_size)
    if any(units > MAX_SANE_UNITS for units in c.hidden):
        hidden = tuple(min(units, 512) for units in c.hidden)
        return _advice("extreme", "extreme_units", {"hidden": hidden})
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
