"""A Qt-free training session: it owns a model, its data and settings, trains in mini-batch
steps, obeys run commands from any thread, and hands out snapshots for the views."""

from playground.training.config import ConfigError, ConfigProblem, TrainingConfig
from playground.training.control import RunControl
from playground.training.events import (
    Diverged,
    EpochEnded,
    Event,
    Failed,
    Finished,
    Paused,
    Progress,
    Resumed,
    Started,
    StepResult,
)
from playground.training.history import MetricHistory, PointHistory, Series
from playground.training.model_builder import build_model
from playground.training.runs import RunLibrary, RunRecord
from playground.training.session import TrainingSession
from playground.training.snapshot import DisplayPredictions, Histogram, Snapshot

__all__ = [
    "ConfigError",
    "ConfigProblem",
    "DisplayPredictions",
    "Diverged",
    "EpochEnded",
    "Event",
    "Failed",
    "Finished",
    "Histogram",
    "MetricHistory",
    "Paused",
    "PointHistory",
    "Progress",
    "Resumed",
    "RunControl",
    "RunLibrary",
    "RunRecord",
    "Series",
    "Snapshot",
    "Started",
    "StepResult",
    "TrainingConfig",
    "TrainingSession",
    "build_model",
]
