"""Callbacks: code that ``fit`` calls at the start and end of training, epochs and batches.

Subclass ``Callback`` and override what you need; ``self.model`` is the model being trained.
Setting ``self.model.stop_training = True`` stops training after the current batch.
Batch logs hold that batch's ``loss`` (and ``accuracy``); epoch logs hold the epoch's means and
the validation results (``val_loss``, ``val_accuracy``).
"""

from __future__ import annotations

import math
from typing import Any

Logs = dict[str, float]


class Callback:
    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict[str, Any] = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict[str, Any]) -> None:
        self.params = params

    def on_train_begin(self, logs: Logs | None = None) -> None: ...

    def on_train_end(self, logs: Logs | None = None) -> None: ...

    def on_epoch_begin(self, epoch: int, logs: Logs | None = None) -> None: ...

    def on_epoch_end(self, epoch: int, logs: Logs | None = None) -> None: ...

    def on_batch_begin(self, batch: int, logs: Logs | None = None) -> None: ...

    def on_batch_end(self, batch: int, logs: Logs | None = None) -> None: ...

    # Keras 3 calls these; by default they forward to the on_batch_* methods.
    def on_train_batch_begin(self, batch: int, logs: Logs | None = None) -> None:
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: Logs | None = None) -> None:
        self.on_batch_end(batch, logs)


class History(Callback):
    """Records the epoch logs: ``history.history["loss"]`` is the loss of every epoch."""

    def __init__(self) -> None:
        super().__init__()
        self.epoch: list[int] = []
        self.history: dict[str, list[float]] = {}

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


class LambdaCallback(Callback):
    """A callback from functions: ``LambdaCallback(on_epoch_end=lambda epoch, logs: ...)``."""

    def __init__(self, **functions: Any) -> None:
        super().__init__()
        allowed = {name for name in dir(Callback) if name.startswith("on_")}
        for name, function in functions.items():
            if name not in allowed:
                raise ValueError(f"Unknown callback hook {name!r}. Choose from: {sorted(allowed)}")
            setattr(self, name, function)


class CallbackList:
    """Calls every callback in order (internal to ``fit``)."""

    def __init__(self, callbacks: list[Callback], model: Any, params: dict[str, Any]) -> None:
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            callback.set_model(model)
            callback.set_params(params)

    def train_begin(self, logs: Logs) -> None:
        for callback in self.callbacks:
            callback.on_train_begin(logs)

    def train_end(self, logs: Logs) -> None:
        for callback in self.callbacks:
            callback.on_train_end(logs)

    def epoch_begin(self, epoch: int, logs: Logs) -> None:
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch, logs)

    def epoch_end(self, epoch: int, logs: Logs) -> None:
        for callback in self.callbacks:
            callback.on_epoch_end(epoch, logs)

    def batch_begin(self, batch: int, logs: Logs) -> None:
        for callback in self.callbacks:
            callback.on_train_batch_begin(batch, logs)

    def batch_end(self, batch: int, logs: Logs) -> None:
        for callback in self.callbacks:
            callback.on_train_batch_end(batch, logs)


def _better(mode: str, monitor: str, min_delta: float):
    """Keras's comparison: is ``current`` better than ``reference`` by more than min_delta?"""
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode == "auto":
        mode = "max" if "acc" in monitor else "min"
    if mode == "max":
        return (lambda current, reference: current - min_delta > reference), -math.inf
    return (lambda current, reference: current + min_delta < reference), math.inf


class EarlyStopping(Callback):
    """Stops training when ``monitor`` has not improved for ``patience`` epochs (as
    ``keras.callbacks.EarlyStopping``); ``restore_best_weights`` goes back to the best epoch."""

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__()
        self.monitor, self.verbose = monitor, verbose
        self.min_delta = abs(float(min_delta))
        self.patience, self.start_from_epoch = int(patience), int(start_from_epoch)
        self.baseline, self.restore_best_weights = baseline, bool(restore_best_weights)
        self._is_better, self._worst = _better(mode, monitor, self.min_delta)

    def on_train_begin(self, logs=None):
        self.wait, self.stopped_epoch, self.best_epoch = 0, 0, 0
        self.best, self.best_weights = self._worst, None

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights, self.best_epoch = self.model.get_weights(), epoch
        self.wait += 1
        if self._is_better(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_better(current, self.baseline):
                self.wait = 0  # only beating the baseline too restarts the patience
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:  # stopped or not
            self.model.set_weights(self.best_weights)


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by ``factor`` when ``monitor`` has not improved for
    ``patience`` epochs (as ``keras.callbacks.ReduceLROnPlateau``), never below ``min_lr``."""

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
    ):
        super().__init__()
        if not 0 < factor < 1:
            raise ValueError(f"factor must be between 0 and 1 (exclusive), got {factor!r}")
        self.monitor, self.factor, self.verbose = monitor, float(factor), verbose
        self.patience, self.cooldown = int(patience), int(cooldown)
        self.min_delta, self.min_lr = float(min_delta), float(min_lr)
        self._is_better, self._worst = _better(mode, monitor, self.min_delta)

    def on_train_begin(self, logs=None):
        self.best, self.wait, self.cooldown_counter = self._worst, 0, 0

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["learning_rate"] = self.model.optimizer.learning_rate
        current = logs.get(self.monitor)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_better(current, self.best):
            self.best, self.wait = current, 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                old = self.model.optimizer.learning_rate
                if old > self.min_lr:
                    new = max(old * self.factor, self.min_lr)
                    self.model.optimizer.learning_rate = new
                    if self.verbose:
                        print(
                            f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new}."
                        )
                    self.cooldown_counter, self.wait = self.cooldown, 0
