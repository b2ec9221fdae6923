"""What a running session reports: small immutable records, handed to ``on_event``.

``TrainingSession.run`` calls ``on_event`` on the training thread; a Qt worker turns each one
into a signal. Progress comes at a bounded rate (about 20 per second at most).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from playground.training.config import TrainingConfig


@dataclass(frozen=True)
class StepResult:
    """The outcome of one mini-batch (``TrainingSession.step``)."""

    updates: int  # updates done so far, this one included
    epoch: int  # completed epochs
    batch_size: int  # examples in this mini-batch (the last one of an epoch may be smaller)
    loss: float  # mini-batch loss
    accuracy: float  # mini-batch accuracy
    epoch_ended: bool  # this batch completed an epoch


@dataclass(frozen=True)
class Started:
    """run() began (or continued) training."""

    config: TrainingConfig
    updates: int
    epoch: int


@dataclass(frozen=True)
class Progress:
    """Where training stands; sent at a bounded rate and whenever training pauses."""

    updates: int
    epoch: int
    epoch_progress: float  # 0..1 through the current epoch
    batch_loss: float
    samples_per_second: float
    elapsed: float  # seconds of training (pauses not counted)
    eta: float | None  # seconds until the configured epochs are done; None when unknown
    learning_rate: float


@dataclass(frozen=True)
class EpochEnded:
    """An epoch completed; losses are over the whole set (total loss L = sum of C^n)."""

    epoch: int
    updates: int
    train_loss: float  # mean of C^n over the training set
    total_loss: float  # L = sum of C^n over the training set
    train_accuracy: float
    val_loss: float | None
    val_accuracy: float | None
    test_loss: float
    test_accuracy: float


@dataclass(frozen=True)
class Paused:
    """run() is waiting: paused by the user, or after a Step / +1 epoch / divergence."""

    updates: int
    epoch: int
    reason: str  # "paused", "steps", "epoch", "diverged"


@dataclass(frozen=True)
class Resumed:
    updates: int
    epoch: int


@dataclass(frozen=True)
class Diverged:
    """A non-finite loss or gradient; training paused with the last finite weights."""

    message: str
    updates: int
    learning_rate: float


@dataclass(frozen=True)
class Finished:
    """run() returned; reason is "completed" (epochs done) or "stopped"."""

    reason: str
    updates: int
    epoch: int


@dataclass(frozen=True)
class SettingChanged:
    """A setting changed during a run; it applies from the next mini-batch on.

    ``name`` is a ``TrainingConfig`` field ("learning_rate", "optimizer", "batch_size", …);
    the run's record keeps these and the plots mark them on their time axis.
    """

    updates: int  # updates done when the change took effect
    name: str
    old: object
    new: object


@dataclass(frozen=True)
class Failed:
    """An unexpected exception ended run(); the traceback text is for a dialog and a log."""

    exception: BaseException
    traceback: str


Event = Union[  # noqa: UP007
    Started, Progress, EpochEnded, Paused, Resumed, Diverged, Finished, SettingChanged, Failed
]
