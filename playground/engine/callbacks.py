"""Callbacks: code that ``fit`` calls at the start and end of training, epochs and batches.

Subclass ``Callback`` and override what you need; ``self.model`` is the model being trained.
Setting ``self.model.stop_training = True`` stops training after the current batch.
Batch logs hold that batch's ``loss`` (and ``accuracy``); epoch logs hold the epoch's means and
the validation results (``val_loss``, ``val_accuracy``).
"""

from __future__ import annotations

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
