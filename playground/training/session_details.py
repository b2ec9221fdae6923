"""The session's snapshots (``TrainingSession.snapshot``): what the views draw, with the
costly details (weight histograms, first-layer images, predictions for the display digits)
refreshed only as often as a visible view needs them and the training thread can spare."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from playground.training.history import Series
from playground.training.snapshot import DisplayPredictions, Histogram, Snapshot

if TYPE_CHECKING:
    from playground.training.session import TrainingSession


HISTOGRAM_BINS = 40
HISTOGRAM_SAMPLE = 16384  # weights per layer a histogram is computed from (a fixed sample)
EVAL_BATCH = 1000
# While training runs, the costly parts of a snapshot are refreshed at most this often (seconds),
# and only while a view asks for them; paused or idle sessions always get fresh ones.
WEIGHTS_INTERVAL = 0.2  # histograms and first-layer images (~5 per second)
DISPLAY_INTERVAL = 0.5  # predictions for the display digits (~2 per second)
# ... and never more often than every DETAIL_COST_RATIO times their last cost, so on a slow or
# busy machine they take at most ~5 % of the training thread.
DETAIL_COST_RATIO = 20.0


def display_indices(labels: np.ndarray, n_classes: int, size: int) -> np.ndarray:
    """A fixed display set: the first test digits of each class in turn, so the grid shows
    every class and stays the same across updates, resets and runs."""
    per_class = [np.flatnonzero(labels == c) for c in range(n_classes)]
    order: list[int] = []
    for i in range(max((len(p) for p in per_class), default=0)):
        order.extend(int(p[i]) for p in per_class if i < len(p))
        if len(order) >= size:
            break
    return np.array(order[:size], dtype=np.intp)


def weight_samples(model, seed: int, max_neuron_images: int) -> tuple[list, np.ndarray, list]:
    """The weights view's fixed choices for a model: each layer's histogram sample (None: all
    its weights), the first-layer units drawn as images, and the layers' names."""
    rng = np.random.default_rng(seed)
    hist_samples = []
    for layer in model.layers:
        size = layer.kernel.size
        sample = None
        if size > HISTOGRAM_SAMPLE:
            sample = np.sort(rng.choice(size, HISTOGRAM_SAMPLE, replace=False))
        hist_samples.append(sample)
    width = model.layers[0].kernel.shape[1]
    k = min(max_neuron_images, width)
    neurons = np.sort(rng.choice(width, k, replace=False)) if k < width else np.arange(k)
    neurons.setflags(write=False)
    names = [
        f"Dense {i + 1} ({layer.units}, {layer.activation})" for i, layer in enumerate(model.layers)
    ]
    return hist_samples, neurons, names


def build_snapshot(session: TrainingSession, fresh: bool = True) -> Snapshot:
    if session._cached is not None and session._cached[0] == session._version:
        cached = session._cached[1]
        if not fresh or (
            cached.details_updates == session.updates and cached.display_updates == session.updates
        ):
            return cached
    refresh_details(session, fresh)
    assert session._details is not None and session._display is not None  # refreshed just now
    weight_h, bias_h, first = session._details
    display = session._display
    snap = Snapshot(
        updates=session.updates,
        epoch=session.epoch,
        epochs=session.config.epochs,
        epoch_progress=session.epoch_progress,
        updates_per_epoch=session.updates_per_epoch,
        batch_size=min(session.config.batch_size, session.n_train),
        learning_rate=session.learning_rate,
        samples_seen=session.samples_seen,
        elapsed=session.elapsed,
        samples_per_second=session.samples_per_second,
        eta=session.eta,
        n_train=session.n_train,
        n_validation=session.n_validation,
        n_test=session.n_test,
        class_names=session.class_names,
        batch_loss=session.history.series(),
        batch_accuracy=session.batch_accuracy.series(),
        total_loss=session.total_loss.series(),
        train_loss=session.train_loss.series(),
        train_accuracy=session.train_accuracy.series(),
        val_loss=session.val_loss.series(),
        val_accuracy=session.val_accuracy.series(),
        test_loss=session.test_loss.series(),
        test_accuracy=session.test_accuracy.series(),
        learning_rate_changes=list(session._lr_changes),
        layer_names=list(session._layer_names),
        weight_histograms=weight_h,
        bias_histograms=bias_h,
        first_layer_weights=first,
        first_layer_neurons=session._neurons,
        gradient_norms=[h.series() for h in session.gradient_history],
        display=display,
        details_updates=session._details_updates,
        display_updates=session._display_updates,
        confusion=None if session._confusion is None else session._confusion.copy(),
        confusion_updates=session._confusion_updates,
        learning_rate_history=session.learning_rate_history.series(),
        regularization_loss=session.penalty_history.series(),
        setting_changes=tuple(session.setting_changes),
    )
    session._cached = (session._version, snap)
    return snap


def refresh_details(session: TrainingSession, fresh: bool) -> None:
    now = time.perf_counter()
    if session._details is None or session._due(
        session._details_version, session._details_due, session._want_weights, fresh, now
    ):
        weight_h, bias_h = [], []
        for layer, sample in zip(session.model.layers, session._hist_samples, strict=True):
            weight_h.append(histogram(layer.kernel, sample))
            bias_h.append(histogram(layer.bias, None))
        kernel = session.model.layers[0].kernel
        first = np.ascontiguousarray(kernel[:, session._neurons].T)
        if int(np.prod(session.image_shape)) == first.shape[1]:
            first = first.reshape((len(session._neurons), *session.image_shape))
        session._details = (weight_h, bias_h, first)
        session._details_version = session._version
        session._details_updates = session.updates
        cost = time.perf_counter() - now
        session._details_due = now + max(WEIGHTS_INTERVAL, DETAIL_COST_RATIO * cost)
    now = time.perf_counter()
    if session._display is None or session._due(
        session._display_version, session._display_due, session._want_display, fresh, now
    ):
        session._display = display_predictions(session)
        session._display_version = session._version
        session._display_updates = session.updates
        cost = time.perf_counter() - now
        session._display_due = now + max(DISPLAY_INTERVAL, DETAIL_COST_RATIO * cost)


def display_predictions(session: TrainingSession) -> DisplayPredictions:
    probs = np.asarray(
        session.model.predict(session._display_x, batch_size=EVAL_BATCH), dtype=np.float32
    )
    pred = np.argmax(probs, axis=1)
    result = DisplayPredictions(
        indices=session._display_idx,
        images=session.display_images,
        true=session._display_true,
        pred=pred,
        confidence=probs[np.arange(len(pred)), pred],
        probabilities=probs,
    )
    return result


def histogram(values: np.ndarray, sample: np.ndarray | None) -> Histogram:
    """HISTOGRAM_BINS equal bins from the smallest to the largest (finite) value."""
    flat = values.reshape(-1)
    data = flat if sample is None else flat[sample]
    finite = np.isfinite(data)
    if not finite.all():
        data = data[finite]
    if data.size == 0:
        edges = np.linspace(-1.0, 1.0, HISTOGRAM_BINS + 1)
        return Histogram(np.zeros(HISTOGRAM_BINS), edges, flat.size, sample is not None)
    lo, hi = float(data.min()), float(data.max())
    if hi - lo < 1e-6:
        lo, hi = lo - 0.5, hi + 0.5
    # np.histogram's bookkeeping costs more than the counting for these sizes; bincount is it.
    scaled = (data.astype(np.float64) - lo) * (HISTOGRAM_BINS / (hi - lo))
    idx = np.minimum(scaled.astype(np.intp), HISTOGRAM_BINS - 1)
    counts = np.bincount(idx, minlength=HISTOGRAM_BINS)
    edges = np.linspace(lo, hi, HISTOGRAM_BINS + 1)
    if sample is None:
        return Histogram(counts, edges, flat.size)
    return Histogram(counts * (flat.size / sample.size), edges, flat.size, sampled=True)


def history_series(session: TrainingSession) -> dict[str, Series]:
    """The run's curves by name (for run records and CSV export)."""
    with session._lock:
        return {
            "batch_loss": session.history.series(),
            "batch_accuracy": session.batch_accuracy.series(),
            "total_loss": session.total_loss.series(),
            "train_loss": session.train_loss.series(),
            "train_accuracy": session.train_accuracy.series(),
            "val_loss": session.val_loss.series(),
            "val_accuracy": session.val_accuracy.series(),
            "test_loss": session.test_loss.series(),
            "test_accuracy": session.test_accuracy.series(),
        }
