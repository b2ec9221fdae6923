"""A Qt-free training session: one model, its data and settings, trained one mini-batch at a time.

The GUI runs ``TrainingSession.run`` on a worker thread and steers it with a ``RunControl``;
views pull ``snapshot()`` (plain copies) at their own pace. The command line calls ``step()`` or
``run()`` directly. The session lock is held while a mini-batch or a snapshot is computed, so
the model is never read half-updated.
"""

from __future__ import annotations

import contextlib
import math
import secrets
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from playground.training import live_settings as _live
from playground.training import session_details as _details
from playground.training import session_evaluation as _evaluation
from playground.training import session_loop as _loop
from playground.training.checkpoint import Checkpoint
from playground.training.config import ConfigError, TrainingConfig
from playground.training.control import RunControl
from playground.training.events import (
    EpochEnded,
    Event,
    Failed,
    SettingChanged,
    StepResult,
)
from playground.training.history import MetricHistory, PointHistory, Series
from playground.training.model_builder import adopt_model, build_model
from playground.training.model_mailbox import ModelMailbox
from playground.training.preparation import prepare
from playground.training.run_position import COUNTERS, RunPosition
from playground.training.snapshot import DisplayPredictions, Snapshot


class TrainingSession:
    """One model + data + config; ``step()`` trains one mini-batch, ``run()`` loops on a thread."""

    alive = True  # trained in this process, it never ends by itself (see MirrorSession)
    recording = None  # a recording.SessionRecording that keeps every run, when one is set

    def __init__(
        self,
        config: TrainingConfig,
        dataset=None,
        *,
        model=None,
        display_size: int = 60,
        max_neuron_images: int = 64,
        total_loss_per_epoch: int | None = None,
        total_loss_every: int | None = None,
    ) -> None:
        """Prepare the data and the model.

        ``dataset``: a ``playground.data.Dataset``; by default the one ``config.dataset`` names.
        ``model``: an already built model (e.g. opened from a file) to train instead of a new one.
        ``total_loss_per_epoch``: for training sets up to 5,000 examples, how many times per
        epoch the total loss L is evaluated (evenly spaced; 1 = at epoch ends only; larger sets
        only at epoch ends: one costs about a third of an epoch). None: 4, or every update for
        the smallest sets (``session_evaluation.total_loss_due``).
        ``total_loss_every``: evaluate L every that many updates instead, whatever the size.
        """
        if dataset is None:
            from playground.data.datasets import load_dataset

            dataset = load_dataset(config.dataset)
        problems = config.validate(len(dataset.y_train))
        if problems:
            raise ConfigError(" ".join(p.message for p in problems), problems)
        self.config = config
        self.dataset = dataset
        self.class_names = tuple(dataset.class_names)
        self.n_classes = len(self.class_names)
        self._lock = threading.Lock()
        self._mailbox = ModelMailbox()  # views' model reads while training (try_with_model)
        self._run_lock = threading.Lock()
        self._want_weights = self._want_display = True  # see set_detail_demand
        self._run_thread: threading.Thread | None = None
        self._stop_requested: Callable[[], bool] = lambda: False
        self._total_loss_per_epoch = total_loss_per_epoch
        self._total_loss_every = total_loss_every
        self._prepare_data(display_size)
        if model is None:
            model = build_model(config, self.input_dim, self.n_classes, self.n_train)
        else:
            model = adopt_model(model, config, self.input_dim, self.n_classes, self.n_train)
        self.model = model
        self._max_neuron_images = max_neuron_images
        self._reset_state()

    # -- data --------------------------------------------------------------------------------
    def _prepare_data(self, display_size: int) -> None:
        data = prepare(self.dataset, self.config)
        self.image_shape = data.image_shape
        self.x_train = data.x_train
        self.y_train_labels = data.y_train_labels
        self.y_train = data.targets(data.y_train_labels)
        self.x_val = data.x_val
        self.y_val_labels = data.y_val_labels
        self.x_test = data.x_test
        self.y_test_labels = data.y_test_labels
        self.input_dim = data.input_dim
        self.n_train = len(self.x_train)
        self.n_validation = 0 if self.x_val is None else len(self.x_val)
        self.n_test = len(self.x_test)

        self._display_idx = _details.display_indices(
            self.y_test_labels, self.n_classes, display_size
        )
        self._display_x = np.ascontiguousarray(self.x_test[self._display_idx])
        images = self._display_x.reshape((len(self._display_idx), *self.image_shape)).copy()
        images.setflags(write=False)
        self.display_images = images  # the display set's pictures (read-only)
        self._display_true = self.y_test_labels[self._display_idx].copy()
        self._display_true.setflags(write=False)

        self.size_batch_buffers(self.config.batch_size)

    # -- state -------------------------------------------------------------------------------
    def _reset_state(self) -> None:
        cfg = self.config
        self.updates = 0
        self.epoch = 0
        self.samples_seen = 0
        self.elapsed = 0.0
        self._pos = 0
        self._perm: np.ndarray | None = None
        self._rng = np.random.default_rng(cfg.seed)
        self.updates_per_epoch = math.ceil(self.n_train / min(cfg.batch_size, self.n_train))
        self.learning_rate = float(cfg.learning_rate)
        self._lr_changes: list[tuple[int, float]] = [(0, self.learning_rate)]
        self._rate_samples = 0.0
        self._rate_seconds = 0.0
        self._last_batch_loss = math.nan
        self._version = 0

        self.history = MetricHistory()
        self.batch_accuracy = MetricHistory()
        self.learning_rate_history = MetricHistory()  # the rate each update used (schedules)
        self.penalty_history = MetricHistory()  # the regularization penalty of each update
        self.setting_changes: list[SettingChanged] = []  # every change of this run
        self._unreported: list[SettingChanged] = []  # changes the run loop has yet to emit
        n_layers = len(self.model.layers)
        self.gradient_history = [MetricHistory() for _ in range(n_layers)]
        self.total_loss = PointHistory()
        self.train_loss = PointHistory()
        self.train_accuracy = PointHistory()
        self.val_loss = PointHistory()
        self.val_accuracy = PointHistory()
        self.test_loss = PointHistory()
        self.test_accuracy = PointHistory()
        self._confusion: np.ndarray | None = None
        self._confusion_updates: int | None = None
        self._confusion_wanted = False
        self._snapshot_wanted = False
        self.last_epoch_end: EpochEnded | None = None

        # Fixed choices for the weights view, made once per model.
        self._hist_samples, self._neurons, self._layer_names = _details.weight_samples(
            self.model, cfg.seed, self._max_neuron_images
        )
        self.checkpoint = Checkpoint.of(self.model, 0)
        self._cached: tuple[int, Snapshot] | None = None
        # (weight histograms, bias histograms, first-layer images) and the display predictions,
        # each with the version/update it shows, when it was made and how long that took.
        self._details: tuple | None = None
        self._details_version = -1
        self._details_updates = 0
        self._details_due = -math.inf
        self._display: DisplayPredictions | None = None
        self._display_version = -1
        self._display_updates = 0
        self._display_due = -math.inf
        self._idle_in_run = False
        self._latest = _details.build_snapshot(self, fresh=True)

    def reset(self, seed: int | None = None) -> None:
        """New random weights (a new seed unless one is given); history cleared, data kept."""
        if self.running:
            raise RuntimeError("stop training before resetting the session")
        if seed is None:
            seed = secrets.randbelow(2**31)
        with self._lock:
            self.config = self.config.replace(seed=int(seed))
            self.model = build_model(self.config, self.input_dim, self.n_classes, self.n_train)
            self._reset_state()

    @property
    def running(self) -> bool:
        """True while run() is active on some thread."""
        return self._run_thread is not None

    @property
    def epoch_progress(self) -> float:
        return self._pos / self.n_train

    def set_learning_rate(self, learning_rate: float) -> None:
        """Use this learning rate from the next mini-batch on (see ``change_settings``)."""
        self.change_settings({"learning_rate": float(learning_rate)})

    def change_settings(self, changes: dict[str, Any]) -> list[SettingChanged]:
        """Live settings from the next mini-batch on (ConfigError, nothing changed, when they
        cannot train); while running, ``RunControl.set_settings`` hands them to the loop."""
        with self._lock:
            return _live.apply(self, _live.checked(self.config, changes, len(self.dataset.y_train)))

    # -- what live settings and a run's record change --------------------------------------
    def size_batch_buffers(self, batch_size: int) -> None:
        """Buffers for mini-batches of ``batch_size`` (at most the training set)."""
        bs = min(int(batch_size), self.n_train)
        self._xbuf = np.empty((bs, self.input_dim), dtype=np.float32)
        self._ybuf = np.empty((bs, *self.y_train.shape[1:]), dtype=self.y_train.dtype)

    def mark_changed(self) -> None:
        """The model or the settings changed between two mini-batches: a new snapshot is due."""
        self._version += 1

    def note_setting_changes(self, events: list[SettingChanged]) -> None:
        """Keep live-setting changes in the run's list and for the run loop to report."""
        self.mark_changed()
        self.setting_changes.extend(events)
        self._unreported.extend(events)

    def take_unreported_changes(self) -> list[SettingChanged]:
        """The changes made since the last call, for the run loop to emit."""
        events, self._unreported = self._unreported, []
        return events

    def note_learning_rate(self, lr: float) -> None:
        """Updates from the next one on use ``lr`` (one entry per update: the last one stays)."""
        changes = self._lr_changes
        if changes and changes[-1][0] == self.updates:
            changes[-1] = (self.updates, lr)
        else:
            changes.append((self.updates, lr))

    def position(self) -> RunPosition:
        """Where the run stands besides weights and curves (copies), for its record."""
        return RunPosition(
            {name: getattr(self, name) for name in COUNTERS},
            None if self._perm is None else self._perm.copy(),
            self._rng.bit_generator.state,
            tuple(self._lr_changes),
            None if self._confusion is None else self._confusion.copy(),
        )

    def restore_position(self, position: RunPosition) -> None:
        for name in COUNTERS:
            setattr(self, name, position.counters[name])
        self._perm = None if position.order is None else position.order.copy()
        self._rng.bit_generator.state = position.rng_state
        self._lr_changes = [(int(u), float(lr)) for u, lr in position.lr_changes]
        self._confusion = None if position.confusion is None else position.confusion.copy()

    def forget_snapshots(self) -> None:
        """After weights were put back from a record: every part of a snapshot is made anew."""
        self.mark_changed()
        self._cached = None
        self._details_version = self._display_version = -1

    @contextlib.contextmanager
    def between_batches(self) -> Iterator[None]:
        """Hold the session still: no mini-batch runs inside this block."""
        with self._lock:
            yield

    # -- training ----------------------------------------------------------------------------
    def step(self) -> StepResult:
        """Train exactly one mini-batch (the next of this epoch's permutation).

        Raises the engine's NonFiniteError when the loss or a gradient is not finite; the
        weights then hold their last finite values and the same batch comes next.
        """
        with self._lock:
            return self._step()

    def _step(self) -> StepResult:
        t0 = time.perf_counter()
        pos_before = self._pos
        m = self._fill_batch()
        rate = float(self.model.optimizer.learning_rate)  # a schedule's value for this update
        try:
            logs = self.model.train_on_batch(self._xbuf[:m], self._ybuf[:m], return_dict=True)
        except Exception:
            self.elapsed += time.perf_counter() - t0
            raise
        loss = float(logs["loss"])
        accuracy = float(logs.get("accuracy", math.nan))
        norms = np.asarray(self.model.gradient_norms(), dtype=np.float64)
        t_train = time.perf_counter() - t0
        epoch_ended = self._count_update(m, loss, t_train)
        self._record_update(loss, accuracy, rate, norms)
        self._evaluate_when_due(epoch_ended, pos_before)
        now = time.perf_counter()
        if self.checkpoint.due(now):
            self.checkpoint = Checkpoint.of(self.model, self.updates, now)
        self.elapsed += now - t0 - t_train
        return StepResult(self.updates, self.epoch, m, loss, accuracy, epoch_ended)

    def _fill_batch(self) -> int:
        """The next examples of this epoch's permutation into the batch buffers; their count."""
        if self._perm is None:
            self._perm = self._rng.permutation(self.n_train)
        m = min(len(self._xbuf), self.n_train - self._pos)
        idx = self._perm[self._pos : self._pos + m]
        np.take(self.x_train, idx, axis=0, out=self._xbuf[:m])
        np.take(self.y_train, idx, axis=0, out=self._ybuf[:m])
        return m

    def _count_update(self, m: int, loss: float, t_train: float) -> bool:
        """The counters after one update of ``m`` examples; True when it ended the epoch."""
        self.updates += 1
        self._pos += m
        self.samples_seen += m
        self._last_batch_loss = loss
        self._rate_samples += m
        self._rate_seconds += t_train
        if self._rate_seconds > 2.0:  # forget slowly: samples/s follows changes within seconds
            self._rate_samples *= 0.5
            self._rate_seconds *= 0.5
        epoch_ended = self._pos >= self.n_train
        if epoch_ended:
            self.epoch += 1
            self._pos = 0
            self._perm = None
        self.elapsed += t_train
        return epoch_ended

    def _record_update(self, loss: float, accuracy: float, rate: float, norms: np.ndarray) -> None:
        """One point on every per-update curve."""
        ep = self.epoch + self._pos / self.n_train
        u, s = self.updates, self.elapsed
        self.history.append(loss, u, ep, s)
        self.batch_accuracy.append(accuracy, u, ep, s)
        self.learning_rate_history.append(rate, u, ep, s)
        penalty = self.model.last_regularization_loss if self.model.regularized else 0.0
        self.penalty_history.append(float(penalty), u, ep, s)
        for hist, value in zip(self.gradient_history, norms, strict=False):
            hist.append(value, u, ep, s)
        self._version += 1

    def _evaluate_when_due(self, epoch_ended: bool, pos_before: int) -> None:
        """The epoch-end figures, the total loss L and the confusion matrix when they are due."""
        try:
            if epoch_ended:
                _evaluation.evaluate_epoch_end(self)
            elif _evaluation.total_loss_due(self, pos_before):
                _evaluation.evaluate_total_loss(self)
            if self._confusion_wanted:
                self._update_confusion()
        except _evaluation.StopDuringEvaluationError:
            pass  # Stop during a long evaluation: the figures of this one are lost

    def _update_confusion(self) -> None:
        _evaluation.set_confusion(self, _evaluation.predict(self, self.x_test))

    def request_confusion(self) -> None:
        """Compute the test-set confusion matrix now if the session is idle, else right after
        the mini-batch in progress (it is also computed at every epoch end)."""
        if self._lock.acquire(blocking=False):
            try:
                self._update_confusion()
                self._version += 1
            finally:
                self._lock.release()
        else:
            self._confusion_wanted = True

    def try_with_model(self, fn: Callable[[Any], Any]) -> Any:
        """fn(model) for a view that reads the model (network diagram, matrices, drawing).

        Never waits for a mini-batch: when the session is idle this calls fn now; while a
        mini-batch runs on the training thread it returns the result of the same call site's
        previous request (or None) and leaves fn for the training thread to run between two
        mini-batches, so a view polling a few times a second stays live while training.
        """
        if self._lock.acquire(blocking=False):
            try:
                return fn(self.model)
            finally:
                self._lock.release()
        return self._mailbox.ask(fn)

    def answer_model_requests(self) -> None:
        """Run the views' pending model reads (the training thread, between mini-batches)."""
        self._mailbox.answer(self.with_model)

    def with_model(self, fn: Callable[[Any], Any]) -> Any:
        """fn(model) between two mini-batches (waits for the one in progress): for saving or
        exporting, where a half-updated model must never be read."""
        with self._lock:
            return fn(self.model)

    def save_model(self, path) -> None:
        """Save the model (between two mini-batches, so never half-updated)."""
        with self._lock:
            self.model.save(path)

    def evaluate_test(self) -> tuple[float, float]:
        """(loss, accuracy) on the test set now, like the lecture's ``model.evaluate``."""
        with self._lock:
            _, loss, acc = _evaluation.evaluate(self, self.x_test, self.y_test_labels)
            return loss, acc

    # -- the loop for a worker thread --------------------------------------------------------
    def run(
        self,
        control: RunControl,
        on_event: Callable[[Event], None] | None = None,
        *,
        progress_interval: float = 0.05,
        snapshot_interval: float = 1 / 30,
    ) -> None:
        """Train until the configured epochs are done or ``control.stop()``; obeys ``control``
        before every mini-batch. Never raises: a failure is reported as a Failed event."""
        emit = on_event or (lambda event: None)
        if not self._run_lock.acquire(blocking=False):
            raise RuntimeError("this session is already running")
        self._run_thread = threading.current_thread()
        self._stop_requested = lambda: control.stopped
        try:
            _loop.run_loop(self, control, emit, progress_interval, snapshot_interval)
        except Exception as exc:  # anything unexpected must reach the user, never vanish
            with contextlib.suppress(Exception):
                emit(Failed(exc, traceback.format_exc()))
        finally:
            self._stop_requested = lambda: False
            self._idle_in_run = False
            self._run_thread = None
            self._run_lock.release()

    @property
    def samples_per_second(self) -> float:
        return self._rate_samples / self._rate_seconds if self._rate_seconds > 0 else math.nan

    @property
    def eta(self) -> float | None:
        """Seconds of training left until the configured epochs are done (None if unknown)."""
        remaining = (self.config.epochs - self.epoch) * self.n_train - self._pos
        if remaining <= 0:
            return 0.0
        if self.samples_seen == 0 or self.elapsed <= 0:
            return None
        # Whole-run average, so epoch-end evaluations are part of the estimate.
        return remaining * self.elapsed / self.samples_seen

    # -- snapshots ---------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The views' picture of the session. Never waits for a mini-batch: while one runs on
        another thread this returns the newest published snapshot, and the training thread
        publishes a fresh one right after the batch."""
        if self._lock.acquire(blocking=False):
            try:
                fresh = not self.running or self._idle_in_run
                self._latest = _details.build_snapshot(self, fresh=fresh)
                return self._latest
            finally:
                self._lock.release()
        self._snapshot_wanted = True
        return self._latest

    def _publish_if_wanted(self, force: bool = False) -> None:
        if self._snapshot_wanted or force:
            with self._lock:
                self._latest = _details.build_snapshot(self, fresh=force)
            self._snapshot_wanted = False

    def set_detail_demand(
        self,
        weights: bool = True,
        predictions: bool = True,
        gradients: bool = True,
        model: bool = True,
    ) -> None:
        """Which costly snapshot parts the views show right now (any thread). While training
        runs, weight histograms/images and display predictions that nobody shows are not
        recomputed; idle or paused snapshots always carry fresh ones. ``gradients`` and
        ``model`` matter only to a trainer process (``MirrorSession``), which streams them
        only when asked: in-process, the views read them where they are."""
        self._want_weights = bool(weights)
        self._want_display = bool(predictions)

    def _due(self, version: int, due: float, wanted: bool, fresh: bool, now: float) -> bool:
        if version == self._version:
            return False
        return fresh or (wanted and now >= due)

    def history_series(self) -> dict[str, Series]:
        """The run's curves by name (for run records and CSV export)."""
        return _details.history_series(self)
