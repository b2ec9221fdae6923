"""The settings of one training run, and the checks that refuse impossible ones."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playground.training import vocabulary

BUILTIN_DATASETS = ("mnist", "digits", "sklearn-digits")
# Upper bounds of the settings a file may hold (the window's spin boxes stop at the same).
MAX_EPOCHS = 100_000
MAX_SEED = 2**31 - 1
MAX_EXAMPLES = 10_000_000  # batch, training- and test-set sizes
MNIST_INPUTS = 784  # the parameter count is checked for MNIST-sized inputs until data is known
# "constant": the learning rate as set; "cosine": CosineDecay over the whole run;
# "exponential": ExponentialDecay by EXPONENTIAL_DECAY_PER_EPOCH every epoch.
SCHEDULES = ("constant", "cosine", "exponential")
EXPONENTIAL_DECAY_PER_EPOCH = 0.8
MAX_ROTATION_DEGREES = 180.0


class ConfigError(ValueError):
    """A configuration that cannot be read (wrong JSON shape, unknown field) or cannot train
    (``problems`` then lists every impossible setting)."""

    def __init__(self, message: str, problems: list[ConfigProblem] | tuple = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class ConfigProblem:
    """One impossible setting: the field's name and a short sentence for a tooltip."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _optimizer_hyperparameters(name: str) -> dict[str, Any] | None:
    try:
        return vocabulary.optimizer_hyperparameters(name)
    except ValueError:  # an unknown name is reported separately
        return None


def _system_dataset_folders() -> dict[str, Path]:
    """Short names the data loader knows for data sets installed by system packages."""
    from playground.data.datasets import SYSTEM_FOLDERS

    return {name: Path(folder) for name, folder in SYSTEM_FOLDERS.items()}


def _exists(path: str) -> bool:
    """Path.exists, and False for a name no file can have (longer than the system allows)."""
    try:
        return Path(path).exists()
    except OSError:
        return False


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite(value: float) -> bool:
    """math.isfinite, and False for an integer too large for a float (10**400 from JSON)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


@dataclass(frozen=True)
class TrainingConfig:
    """Everything that decides what is trained and how (hashable, JSON round trip)."""

    hidden: tuple[int, ...] = (500, 500)
    activation: str = "relu"
    elu_alpha: float = 1.0
    maxout_pieces: int = 2
    initializer: str = "glorot_uniform"
    loss: str = "categorical_crossentropy"
    optimizer: str = "adam"
    optimizer_params: Mapping[str, Any] = field(default_factory=dict)
    learning_rate: float = 1e-3
    batch_size: int = 100
    epochs: int = 20
    seed: int = 0
    dataset: str = "mnist"
    train_size: int | None = None
    validation_split: float = 0.0
    test_size: int | None = None  # None: the whole test set
    # Regularization and augmentation (0 = off): Dropout rate after every hidden layer, L2
    # strength on every kernel, random turns up to +-rotation degrees, shifts up to +-shift
    # pixels and Gaussian noise of this standard deviation on the training batches.
    dropout: float = 0.0
    l2: float = 0.0
    schedule: str = "constant"
    rotation: float = 0.0
    shift: float = 0.0
    noise: float = 0.0

    def __post_init__(self) -> None:
        # Lists from JSON or a GUI list widget become tuples so the config stays hashable.
        if isinstance(self.hidden, (list, tuple)):
            object.__setattr__(self, "hidden", tuple(self.hidden))
        if isinstance(self.optimizer_params, Mapping):
            object.__setattr__(self, "optimizer_params", dict(self.optimizer_params))

    def __hash__(self) -> int:
        return hash(self.to_json())

    # -- derived figures ---------------------------------------------------------------------
    def n_examples(self, n_train_available: int) -> int:
        """Examples used before the validation split (the subset, or the whole training set)."""
        if self.train_size is None:
            return n_train_available
        return min(self.train_size, n_train_available)

    def n_validation(self, n_train_available: int) -> int:
        return round(self.n_examples(n_train_available) * float(self.validation_split))

    def n_train(self, n_train_available: int) -> int:
        """Examples one epoch goes through."""
        return self.n_examples(n_train_available) - self.n_validation(n_train_available)

    def updates_per_epoch(self, n_train_available: int) -> int:
        """Mini-batches (= parameter updates) in one epoch; the last batch may be smaller."""
        n = self.n_train(n_train_available)
        return max(1, math.ceil(n / max(1, self.batch_size)))

    def replace(self, **changes: Any) -> TrainingConfig:
        return dataclasses.replace(self, **changes)

    # -- checks ------------------------------------------------------------------------------
    def validate(self, n_train_available: int | None = None) -> list[ConfigProblem]:
        """Every impossible setting, each with a short message; [] when the config can train.

        ``n_train_available`` is the data set's training-set size; without it the checks that
        depend on it (batch size and training-set size against the data) are skipped.
        """
        problems: list[ConfigProblem] = []

        def bad(name: str, message: str) -> None:
            problems.append(ConfigProblem(name, message))

        if not isinstance(self.hidden, tuple):
            bad("hidden", "Hidden layers must be a list of layer sizes.")
        else:
            for i, units in enumerate(self.hidden, start=1):
                if not _is_int(units):
                    bad("hidden", f"Hidden layer {i} needs a whole number of units, not {units!r}.")
                elif units < 1:
                    bad("hidden", f"Hidden layer {i} has {units} units; it needs at least 1.")
        if self.activation not in vocabulary.ACTIVATIONS:
            bad("activation", f"Unknown activation {self.activation!r}.")
        if not _is_number(self.elu_alpha) or not _finite(self.elu_alpha):
            bad("elu_alpha", "ELU alpha must be a finite number.")
        elif self.elu_alpha < 0:
            bad("elu_alpha", "ELU alpha must not be negative.")
        if not _is_int(self.maxout_pieces) or self.maxout_pieces < 2:
            bad("maxout_pieces", "Maxout needs at least 2 pieces.")
        if self.initializer not in vocabulary.INITIALIZERS:
            bad("initializer", f"Unknown initializer {self.initializer!r}.")
        if self.loss not in vocabulary.LOSSES:
            bad("loss", f"Unknown loss {self.loss!r}.")
        optimizer_ok = (
            isinstance(self.optimizer, str) and self.optimizer.lower() in vocabulary.OPTIMIZERS
        )
        if not optimizer_ok:
            bad("optimizer", f"Unknown optimizer {self.optimizer!r}.")
        self._check_optimizer_params(bad, optimizer_ok)
        if not _is_number(self.learning_rate) or not _finite(self.learning_rate):
            bad("learning_rate", "Learning rate must be a finite number.")
        elif self.learning_rate <= 0:
            bad("learning_rate", "Learning rate must be greater than 0.")
        if not _is_int(self.epochs) or self.epochs < 1:
            bad("epochs", "Epochs must be at least 1.")
        if not _is_int(self.seed) or self.seed < 0:
            bad("seed", "Seed must be a whole number, 0 or more.")
        self._check_regularization(bad)
        self._check_data(bad, n_train_available)
        if not problems:
            self._check_sizes(bad)
        return problems

    def _check_sizes(self, bad) -> None:
        """Values far beyond any lecture: refused before they reach an allocation or a widget."""
        from playground.engine import limits

        pieces = self.maxout_pieces if self.activation == "maxout" else 1
        try:
            limits.check_hidden(MNIST_INPUTS, self.hidden, 10, pieces)
        except limits.LimitError as exc:
            bad("hidden", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
        if self.elu_alpha > limits.MAX_ELU_ALPHA:
            bad("elu_alpha", f"ELU alpha must be at most {limits.MAX_ELU_ALPHA:g}.")
        if self.epochs > MAX_EPOCHS:
            bad("epochs", f"Epochs must be at most {MAX_EPOCHS:,}.")
        if self.seed > MAX_SEED:
            bad("seed", f"Seed must be at most {MAX_SEED:,}.")
        for name in ("batch_size", "train_size", "test_size"):
            value = getattr(self, name)
            if value is not None and value > MAX_EXAMPLES:
                noun = name.replace("_", " ").capitalize()
                bad(name, f"{noun} must be at most {MAX_EXAMPLES:,}.")

    def _check_regularization(self, bad) -> None:
        limits = {
            "dropout": (1.0, "Dropout rate must be at least 0 and below 1."),
            "l2": (math.inf, "L2 strength must be a finite number, 0 or more."),
            "rotation": (MAX_ROTATION_DEGREES, "Rotation must be between 0 and 180 degrees."),
            "shift": (14.0, "Shift must be between 0 and 14 pixels."),
            "noise": (math.inf, "Noise must be a finite number, 0 or more."),
        }
        for name, (high, message) in limits.items():
            value = getattr(self, name)
            ok = _is_number(value) and math.isfinite(value) and value >= 0
            if not ok or value > high or (name == "dropout" and value >= high):
                bad(name, message)
        if self.schedule not in SCHEDULES:
            bad("schedule", f"Unknown schedule {self.schedule!r}; choose {', '.join(SCHEDULES)}.")

    def _check_optimizer_params(self, bad, optimizer_ok: bool) -> None:
        if not isinstance(self.optimizer_params, dict):
            bad("optimizer_params", "Optimizer settings must be a mapping of name to value.")
            return
        known = _optimizer_hyperparameters(self.optimizer.lower()) if optimizer_ok else None
        for name, value in self.optimizer_params.items():
            if name == "learning_rate":
                bad("optimizer_params", "Set the learning rate in its own field.")
            elif known is not None and name not in known:
                bad("optimizer_params", f"{self.optimizer} has no setting {name!r}.")
            elif isinstance(value, bool):
                continue
            elif not _is_number(value) or not _finite(value):
                bad("optimizer_params", f"{name} must be a finite number.")
            elif value < 0:
                bad("optimizer_params", f"{name} must not be negative.")

    def _check_data(self, bad, n_available: int | None) -> None:
        if not isinstance(self.dataset, str) or not self.dataset:
            bad("dataset", "Choose a data set.")
        elif self.dataset.lower() not in BUILTIN_DATASETS and not _exists(self.dataset):
            installed = _system_dataset_folders().get(self.dataset.strip().lower())
            if installed is None:
                bad("dataset", f"No data set named {self.dataset!r} and no such file or folder.")
            elif not installed.is_dir():
                bad("dataset", f"{self.dataset} is not installed (no folder {installed}).")
        split_ok = _is_number(self.validation_split) and _finite(self.validation_split)
        if not split_ok or not 0 <= self.validation_split < 1:
            bad("validation_split", "Validation split must be at least 0 and below 1.")
            split_ok = False
        if self.train_size is not None:
            if not _is_int(self.train_size) or self.train_size < 1:
                bad("train_size", "Training-set size must be at least 1.")
                return
            if n_available is not None and self.train_size > n_available:
                bad("train_size", f"Training-set size is larger than the {n_available:,} examples.")
        if self.test_size is not None and (not _is_int(self.test_size) or self.test_size < 1):
            bad("test_size", "Test-set size must be at least 1.")
        if not _is_int(self.batch_size) or self.batch_size < 1:
            bad("batch_size", "Batch size must be at least 1.")
            return
        if n_available is None or not split_ok:
            return
        n_train = self.n_train(n_available)
        if n_train < 1:
            bad("validation_split", "The validation split leaves no training examples.")
        elif self.batch_size > n_train:
            bad(
                "batch_size",
                f"Batch size {self.batch_size:,} is larger than the {n_train:,} training examples.",
            )

    # -- JSON --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["hidden"] = list(self.hidden)
        data["optimizer_params"] = dict(self.optimizer_params)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrainingConfig:
        """Build from a dict; missing fields keep their defaults, unknown ones are refused."""
        if not isinstance(data, Mapping):
            raise ConfigError("A training configuration must be a JSON object.")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"Unknown setting(s): {', '.join(unknown)}.")
        values = dict(data)
        if "hidden" in values and not isinstance(values["hidden"], (list, tuple)):
            raise ConfigError("hidden must be a list of layer sizes.")
        if "optimizer_params" in values and not isinstance(values["optimizer_params"], Mapping):
            raise ConfigError("optimizer_params must be an object.")
        return cls(**values)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> TrainingConfig:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"Not valid JSON: {exc}") from exc
        return cls.from_dict(data)
