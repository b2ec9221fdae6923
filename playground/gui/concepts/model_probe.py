"""Reading a model for the concept views without racing the training thread.

While training runs, the worker owns the model; the views read it only through the session's
``try_with_model`` (a call under the session's lock that never waits). When training is paused
or there is no session, the model is read directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

MAX_DIGITS = 200  # test digits offered to pick from


class ModelProbe:
    def __init__(self, interval: float = 0.2) -> None:
        self.session = None
        self.model = None
        self.training = False
        self.interval = interval  # seconds between live refreshes (<= 5 per second)
        self._last = 0.0
        self.images = np.zeros((0, 28, 28), np.float32)
        self.labels = np.zeros(0, np.int64)
        self.class_names: tuple[str, ...] = tuple(str(i) for i in range(10))

    def set_session(self, session) -> None:
        self.session = session
        dataset = getattr(session, "dataset", None)
        if dataset is not None:
            n = min(MAX_DIGITS, len(dataset.x_test))
            images = np.asarray(dataset.x_test[:n], dtype=np.float32) / 255.0
            self.set_digits(images, np.asarray(dataset.y_test[:n]), dataset.class_names)
        self.model = getattr(session, "model", None)

    def set_digits(self, images: np.ndarray, labels: np.ndarray, class_names=None) -> None:
        self.images = np.asarray(images, dtype=np.float32)
        self.labels = np.asarray(labels).astype(np.int64)
        if class_names:
            self.class_names = tuple(class_names)

    def digit(self, index: int) -> np.ndarray:
        """Test digit ``index`` as a (1, 784) float32 input row."""
        return self.images[index].reshape(1, -1).astype(np.float32)

    def label(self, index: int) -> str:
        value = int(self.labels[index])
        return self.class_names[value] if value < len(self.class_names) else str(value)

    def live_due(self) -> bool:
        """Whether a live refresh is due (throttled to ``interval``)."""
        now = time.monotonic()
        if now - self._last < self.interval:
            return False
        self._last = now
        return True

    def read(self, fn: Callable[[Any], Any]) -> Any:
        """fn(model), or None when there is no model or the worker holds it right now."""
        if self.model is None:
            return None
        if not self.training:
            return fn(self.model)
        try_with = getattr(self.session, "try_with_model", None)
        return try_with(fn) if callable(try_with) else None


class ProbedDigitView:
    """The hosting contract of a view that shows one selected test digit going through the
    model (network diagram, matrices). The view provides ``probe`` (a ModelProbe),
    ``digit_box`` (the digit's QSpinBox) and ``refresh()``; it may extend ``set_model``."""

    probe: ModelProbe

    def set_session(self, session) -> None:
        self.probe.set_session(session)
        self.digit_box.setRange(0, max(0, len(self.probe.images) - 1))
        self.set_model(self.probe.model)

    def set_model(self, model) -> None:
        self.probe.model = model
        self.refresh()

    def set_digits(self, images: np.ndarray, labels: np.ndarray, class_names=None) -> None:
        self.probe.set_digits(images, labels, class_names)
        self.digit_box.setRange(0, max(0, len(images) - 1))
        self.refresh()

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)
        if not running:
            self.refresh()

    def update_snapshot(self, snapshot) -> None:
        if self.probe.live_due():
            self.refresh()


def layer_kernel(layer) -> np.ndarray:
    """(inputs, units) weights; for maxout, each unit's piece with the largest |w| per input."""
    kernel = np.asarray(layer.kernel)
    pieces = int(getattr(layer, "pieces", 1) or 1)
    if pieces <= 1:
        return kernel
    stacked = kernel.reshape(kernel.shape[0], pieces, -1)
    pick = np.abs(stacked).argmax(axis=1)
    return np.take_along_axis(stacked, pick[:, None, :], axis=1)[:, 0, :]


def layer_bias(layer) -> np.ndarray:
    bias = np.asarray(layer.bias)
    pieces = int(getattr(layer, "pieces", 1) or 1)
    return bias if pieces <= 1 else bias.reshape(pieces, -1).max(axis=0)
