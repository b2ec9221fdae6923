"""The window's copy of a session that a trainer process trains.

It prepares the same data and builds the same model as the trainer (the one pipeline, the
same seed), then follows the trainer: each streamed snapshot replaces the last, and the
weights that came with it are copied into the local model, so views that probe the model
compute from the newest weights without asking the trainer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import queue
import secrets
from collections.abc import Callable
from typing import Any

import numpy as np

from playground.engine.byte_inputs import Rows
from playground.training.config import TrainingConfig
from playground.training.events import SettingChanged
from playground.training.history import Series
from playground.training.runs import SERIES_NAMES
from playground.training.session import TrainingSession
from playground.training.snapshot import Snapshot

SAVE_SECONDS = 60.0


class MirrorSession:
    """What the window reads of a session trained elsewhere; commands go to ``send``."""

    def __init__(self, local: TrainingSession, send: Callable[..., bool]) -> None:
        self.local = local
        self._send = send
        self._snapshot = local.snapshot()
        self._demand: tuple[bool, bool, bool, bool] | None = None
        self.replies: queue.Queue[str | None] = queue.Queue()  # answers to save requests
        self.alive = True  # False once the trainer has ended
        self.heard_from_trainer = False  # its first snapshot came: its session is built

    # -- what it mirrors ---------------------------------------------------------------------
    @property
    def config(self) -> TrainingConfig:
        return self.local.config

    @property
    def dataset(self) -> Any:
        return self.local.dataset

    @property
    def model(self) -> Any:
        return self.local.model

    @property
    def x_train(self) -> Rows:
        return self.local.x_train

    @property
    def x_test(self) -> np.ndarray:
        return self.local.x_test

    @property
    def y_train_labels(self) -> np.ndarray:
        return self.local.y_train_labels

    @property
    def y_test_labels(self) -> np.ndarray:
        return self.local.y_test_labels

    @property
    def image_shape(self) -> tuple[int, ...]:
        return self.local.image_shape

    @property
    def y_train(self) -> np.ndarray:
        return self.local.y_train

    @property
    def class_names(self) -> tuple[str, ...]:
        return self.local.class_names

    @property
    def n_train(self) -> int:
        return self.local.n_train

    @property
    def n_validation(self) -> int:
        return self.local.n_validation

    @property
    def n_test(self) -> int:
        return self.local.n_test

    @property
    def samples_seen(self) -> int:
        return self._snapshot.samples_seen

    @property
    def updates(self) -> int:
        return self._snapshot.updates

    @property
    def epoch(self) -> int:
        return self._snapshot.epoch

    @property
    def learning_rate(self) -> float:
        return self._snapshot.learning_rate

    @property
    def elapsed(self) -> float:
        return self._snapshot.elapsed

    @property
    def samples_per_second(self) -> float:
        return self._snapshot.samples_per_second

    def snapshot(self) -> Snapshot:
        return self._snapshot

    def history_series(self) -> dict[str, Series]:
        """The run's curves by name, as the newest snapshot has them (for run records)."""
        snap = self._snapshot
        return {name: getattr(snap, name) for name in SERIES_NAMES}

    def take(
        self, snapshot: Snapshot, weights: list[np.ndarray] | None, optimizer_state=None
    ) -> None:
        """A snapshot streamed by the trainer (on the window's thread)."""
        if snapshot.display is not None:  # the trainer leaves out the images: they are ours
            display = dataclasses.replace(snapshot.display, images=self.local.display_images)
            snapshot = dataclasses.replace(snapshot, display=display)
        self._snapshot = snapshot
        self.heard_from_trainer = True
        if weights is not None:
            model = self.local.model
            model.set_weights(weights)
            if optimizer_state is not None:
                parameters = [w for layer in model.layers for w in (layer.kernel, layer.bias)]
                with contextlib.suppress(ValueError, TypeError):  # a state that does not fit
                    model.optimizer.set_state(*optimizer_state, parameters)

    # -- commands ----------------------------------------------------------------------------
    @property
    def demand(self) -> tuple[bool, bool, bool, bool] | None:
        """What the trainer was last told the visible view needs: weight histograms, display
        predictions, gradient norms, the model's weights (None: not told yet)."""
        return self._demand

    def set_detail_demand(
        self,
        weights: bool = True,
        predictions: bool = True,
        gradients: bool = True,
        model: bool = True,
    ) -> None:
        """What the visible view needs: the trainer computes and streams only that (see
        ``TrainingSession.set_detail_demand``); told only when it changes."""
        demand = (bool(weights), bool(predictions), bool(gradients), bool(model))
        if self._demand != demand:
            self._demand = demand
            self._send("details", *demand)

    def request_confusion(self) -> None:
        self._send("confusion")

    def set_learning_rate(self, learning_rate: float) -> None:
        self.local.set_learning_rate(learning_rate)
        self._send("set_learning_rate", learning_rate)

    def change_settings(self, changes: dict[str, Any]) -> list:
        """Live settings between runs: the local copy checks and takes them, then the trainer."""
        events = self.local.change_settings(changes)
        self._send("change_settings", dict(changes))
        return events

    def follow_change(self, event: SettingChanged) -> None:
        """The trainer applied a change: the local copy (its model, loss, batch size) follows."""
        with contextlib.suppress(ValueError):  # one the local copy cannot take keeps its own
            self.local.change_settings({event.name: event.new})

    def reset(self, seed: int | None = None) -> None:
        """New random weights in both copies (the same seed), history cleared."""
        if seed is None:
            seed = secrets.randbelow(2**31)
        self.local.reset(seed)
        self._snapshot = self.local.snapshot()
        self._send("reset", seed)

    def save_model(self, path: Any) -> None:
        """Saved by the trainer (with its optimizer's state); OSError when it could not."""
        if not self._send("save", str(path)):
            raise OSError("the trainer has ended; start training again to save")
        try:
            error = self.replies.get(timeout=SAVE_SECONDS)
        except queue.Empty:
            raise OSError("the trainer did not answer in time") from None
        if error is not None:
            raise OSError(error)

    # -- the local copy ----------------------------------------------------------------------
    def try_with_model(self, fn: Callable[[Any], Any]) -> Any:
        return fn(self.local.model)

    def with_model(self, fn: Callable[[Any], Any]) -> Any:
        return fn(self.local.model)

    def evaluate_test(self) -> tuple[float, float]:
        return self.local.evaluate_test()
