"""A race: 2-4 networks that differ in one setting, trained side by side from one start.

Every variant starts from the same initial weights wherever its layer shapes match the first
variant's, and sees the training examples in the same order (one seeded permutation per epoch,
cut into each variant's own batch size). The race moves in ticks on one shared axis, examples
seen: a tick trains every variant up to the same count, so a slow network and a fast one stay
comparable at any moment, whatever their batch sizes. Qt-free; the window and the ``race``
command drive it.
"""

from __future__ import annotations

import dataclasses
import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from playground.training import vocabulary
from playground.training.config import TrainingConfig
from playground.training.history import MetricHistory, Series
from playground.training.model_builder import build_model
from playground.training.preparation import PreparedData

MIN_VARIANTS, MAX_VARIANTS = 2, 4
CURVE_POINTS = 2048  # per variant: a race of a million updates keeps a fixed memory
RECENT = 50  # mini-batches the running accuracy is averaged over
# The settings a race may vary, and how a value written on the command line is read.
SETTINGS: dict[str, Callable[[str], object]] = {
    "activation": str,
    "loss": str,
    "optimizer": str,
    "learning_rate": float,
    "batch_size": int,
    "depth": int,  # hidden layers, each as wide as the first hidden layer of the base settings
}
ALIASES = {"learning-rate": "learning_rate", "lr": "learning_rate", "batch-size": "batch_size"}
_CHOICES = {
    "activation": vocabulary.HIDDEN_ACTIVATIONS,
    "loss": vocabulary.LOSSES,
    "optimizer": vocabulary.OPTIMIZERS,
}


@dataclass(frozen=True)
class Variation:
    """Which setting the race varies and its 2-4 values, already checked."""

    setting: str
    values: tuple

    def label(self, value: object) -> str:
        """A variant's name: the value of the setting that differs (``relu``, ``lr 0.1``)."""
        prefix = {"learning_rate": "lr ", "batch_size": "batch ", "depth": "depth "}
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        return prefix.get(self.setting, "") + shown


def parse_variation(text: str) -> Variation:
    """``"activation=sigmoid,relu"`` as a Variation; ValueError with one sentence otherwise."""
    name, sep, raw = text.partition("=")
    setting = ALIASES.get(name.strip(), name.strip())
    if not sep or setting not in SETTINGS:
        raise ValueError(f"write SETTING=A,B with SETTING one of {', '.join(SETTINGS)}")
    words = [w.strip() for w in raw.split(",") if w.strip()]
    try:
        values = tuple(SETTINGS[setting](w) for w in words)
    except ValueError:
        kind = "a number" if SETTINGS[setting] is float else "a whole number"
        raise ValueError(f"every value of {setting} must be {kind}") from None
    return make_variation(setting, values)


def make_variation(setting: str, values: Sequence) -> Variation:
    """A checked Variation (ValueError naming the first problem)."""
    values = tuple(values)
    if len(set(values)) != len(values):
        raise ValueError(f"{setting}: each value may appear once")
    if not MIN_VARIANTS <= len(values) <= MAX_VARIANTS:
        raise ValueError(f"a race takes {MIN_VARIANTS} to {MAX_VARIANTS} values, not {len(values)}")
    choices = _CHOICES.get(setting)
    for v in values:
        if choices is not None and v not in choices:
            raise ValueError(f"unknown {setting} {v!r}; choose from {', '.join(choices)}")
        if choices is None and not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
            raise ValueError(f"{setting} must be greater than 0, not {v!r}")
    return Variation(setting, values)


def variant_configs(
    base: TrainingConfig, variation: Variation, default_rates: bool = False
) -> list[tuple[str, TrainingConfig]]:
    """Each variant's name and settings: ``base`` with the one setting changed.
    ``default_rates``: an optimizer variant takes its optimizer's own default learning rate."""
    from playground.engine import optimizers

    out = []
    for value in variation.values:
        if variation.setting == "depth":
            width = base.hidden[0] if base.hidden else 100
            config = base.replace(hidden=(width,) * int(value))
        else:
            config = base.replace(**{variation.setting: value})
        if variation.setting == "optimizer" and default_rates:
            config = config.replace(learning_rate=float(optimizers.get(value).learning_rate))
        out.append((variation.label(value), config))
    return out


def epoch_order(n: int, seed: int, epoch: int) -> np.ndarray:
    """The order of the training examples in one epoch: the same for every variant."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7, epoch))).permutation(n)


def share_initial_weights(models: Sequence) -> None:
    """Copy the first model's weights into every other one, layer by layer, where the shapes
    match (a deeper network keeps its own for the layers it alone has)."""
    first = models[0].get_weights()
    for model in models[1:]:
        own = model.get_weights()
        shared = [a if a.shape == b.shape else b for a, b in zip(first, own, strict=False)]
        model.set_weights(shared + own[len(shared) :])


def _targets(data: PreparedData, config: TrainingConfig, labels: np.ndarray) -> np.ndarray:
    """What this variant's loss compares with: class indices or one-hot rows."""
    sparse = vocabulary.canonical_loss(config.loss) == "sparse_categorical_crossentropy"
    return dataclasses.replace(data, sparse=sparse).targets(labels)


@dataclass
class Variant:
    """One network in the race and what it has done so far."""

    name: str
    config: TrainingConfig
    model: Any  # a compiled engine Sequential
    targets: np.ndarray
    seen: int = 0  # examples trained on, over all epochs
    updates: int = 0
    diverged: bool = False
    loss: MetricHistory = field(default_factory=lambda: MetricHistory(CURVE_POINTS))
    recent_accuracy: deque = field(default_factory=lambda: deque(maxlen=RECENT))

    def curve(self) -> Series:
        """The mini-batch loss so far (bucket means once there are very many updates)."""
        return self.loss.series()

    @property
    def accuracy(self) -> float:
        """Mean accuracy of the last RECENT mini-batches (NaN before the first)."""
        recent = self.recent_accuracy
        return float(sum(recent) / len(recent)) if recent else math.nan


@dataclass(frozen=True)
class VariantResult:
    name: str
    loss_name: str
    updates: int
    epochs: float
    test_loss: float
    test_accuracy: float
    diverged: bool


class Race:
    """Variants trained in lockstep on one set of prepared data (no threads of its own)."""

    def __init__(
        self,
        base: TrainingConfig,
        variation: Variation,
        data: PreparedData,
        default_rates: bool = False,
    ) -> None:
        self.base = base
        self.variation = variation
        self.data = data
        self.n = len(data.x_train)
        self.variants: list[Variant] = []
        for name, config in variant_configs(base, variation, default_rates):
            if config.batch_size > self.n:
                raise ValueError(f"{name}: batch size {config.batch_size} > {self.n} examples")
            model = build_model(config, data.input_dim, data.n_classes, self.n)
            targets = _targets(data, config, data.y_train_labels)
            self.variants.append(Variant(name, config, model, targets))
        share_initial_weights([v.model for v in self.variants])
        self._orders: dict[int, np.ndarray] = {}
        self.on_batch: Callable[[Variant, np.ndarray], None] | None = None  # sees each batch

    @property
    def total(self) -> int:
        """Examples every variant trains on over the whole race."""
        return self.n * self.base.epochs

    @property
    def seen(self) -> int:
        """Examples every running variant has trained on (a diverged one stops where it was)."""
        running = [v.seen for v in self.variants if not v.diverged]
        return min(running) if running else max(v.seen for v in self.variants)

    @property
    def finished(self) -> bool:
        return all(v.diverged or v.seen >= self.total for v in self.variants)

    def tick_size(self) -> int:
        """Examples one Step adds: the largest batch, so every variant makes an update."""
        return max(v.config.batch_size for v in self.variants)

    def _order(self, epoch: int) -> np.ndarray:
        if epoch not in self._orders:
            self._orders = {epoch: epoch_order(self.n, self.base.seed, epoch)}
        return self._orders[epoch]

    def advance(self, examples: int | None = None) -> None:
        """Train every variant until it has seen ``examples`` more (one tick by default)."""
        target = min(self.total, self.seen + (examples or self.tick_size()))
        for variant in self.variants:
            self._train_until(variant, target)

    def _train_until(self, variant: Variant, target: int) -> None:
        from playground.engine import NonFiniteError

        bs = variant.config.batch_size
        while not variant.diverged and variant.seen < target:
            epoch, offset = divmod(variant.seen, self.n)
            idx = self._order(epoch)[offset : offset + bs]  # the epoch's last batch may be short
            if self.on_batch is not None:
                self.on_batch(variant, idx)
            try:
                logs = variant.model.train_on_batch(
                    self.data.x_train[idx], variant.targets[idx], return_dict=True
                )
            except NonFiniteError:
                variant.diverged = True
                break
            variant.seen += len(idx)
            variant.updates += 1
            variant.loss.append(float(logs["loss"]), variant.updates, variant.seen / self.n)
            variant.recent_accuracy.append(float(logs["accuracy"]))

    def run(self, on_tick: Callable[[Race], None] | None = None) -> None:
        while not self.finished:
            self.advance()
            if on_tick is not None:
                on_tick(self)

    def results(self) -> list[VariantResult]:
        """Each variant's test loss and accuracy (NaN for one that diverged)."""
        out = []
        for v in self.variants:
            loss = accuracy = math.nan
            if not v.diverged:
                y = _targets(self.data, v.config, self.data.y_test_labels)
                loss, accuracy = v.model.evaluate(self.data.x_test, y, batch_size=1000)
            loss_name = vocabulary.canonical_loss(v.config.loss)
            epochs = v.seen / self.n
            out.append(
                VariantResult(v.name, loss_name, v.updates, epochs, loss, accuracy, v.diverged)
            )
        return out
