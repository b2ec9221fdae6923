"""What the views draw: a plain record of small NumPy copies, safe to hand to another thread.

Nothing in a Snapshot is shared with the engine; the arrays that never change during a session
(display images, labels, class names) are shared read-only between snapshots. Treat a snapshot
as read-only: the session may hand the same one to several views.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from playground.training.events import SettingChanged
from playground.training.history import Series


@dataclass
class Histogram:
    """Counts per bin and the bin edges (len(edges) == len(counts) + 1).

    For large layers the counts are estimated from a fixed sample of the weights (scaled to the
    layer's size, so they are floats); ``sampled`` says so.
    """

    counts: np.ndarray
    edges: np.ndarray
    n_values: int
    sampled: bool = False


@dataclass
class DisplayPredictions:
    """The network's answers on a fixed set of test digits."""

    indices: np.ndarray  # positions in the test set
    images: np.ndarray  # float32 (n, h, w) in [0, 1]; shared, read-only
    true: np.ndarray  # int (n,)
    pred: np.ndarray  # int (n,)
    confidence: np.ndarray  # float32 (n,): the probability of the predicted class
    probabilities: np.ndarray  # float32 (n, n_classes)

    @property
    def correct(self) -> np.ndarray:
        return self.pred == self.true


@dataclass
class Snapshot:
    """Everything the loss, weights and predictions views show, at one moment of training."""

    updates: int
    epoch: int  # completed epochs
    epochs: int  # configured epochs
    epoch_progress: float  # 0..1 through the current epoch
    updates_per_epoch: int
    batch_size: int
    learning_rate: float
    samples_seen: int
    elapsed: float  # seconds of training, pauses not counted
    samples_per_second: float
    eta: float | None  # seconds until the configured epochs are done
    n_train: int
    n_validation: int
    n_test: int
    class_names: tuple[str, ...]

    # History: x in updates / epochs / seconds through Series.x(axis).
    batch_loss: Series
    batch_accuracy: Series
    total_loss: Series  # L = sum of C^n over the training set
    train_loss: Series  # the same divided by n (mean C^n)
    train_accuracy: Series
    val_loss: Series  # empty without a validation split
    val_accuracy: Series
    test_loss: Series
    test_accuracy: Series
    learning_rate_changes: list[tuple[int, float]]  # (update, new rate)

    # Weights and gradients. While training runs, the histograms and first-layer images are
    # refreshed about five times a second and the display predictions about twice (the curves
    # every time), each only while a view asks for it (``TrainingSession.set_detail_demand``);
    # ``details_updates`` / ``display_updates`` say which update they show.
    layer_names: list[str]
    weight_histograms: list[Histogram]
    bias_histograms: list[Histogram]
    first_layer_weights: np.ndarray  # float32 (n_neurons, h, w)
    first_layer_neurons: np.ndarray  # which first-layer units those images are
    gradient_norms: list[Series]  # one per layer; L2 norm of (dkernel, dbias) per update

    # Predictions.
    display: DisplayPredictions
    details_updates: int  # the update the histograms and first-layer images are from
    confusion: np.ndarray | None  # int64 (n_classes, n_classes): rows true, columns predicted
    confusion_updates: int | None  # the update count it was computed at
    display_updates: int = 0  # the update the display predictions are from
    # The rate each update used (a schedule's curve), the regularization penalty of each update
    # (included in the mini-batch loss, as in Keras) and the settings changed mid-run.
    learning_rate_history: Series = field(default_factory=Series.empty)
    regularization_loss: Series = field(default_factory=Series.empty)
    setting_changes: tuple[SettingChanged, ...] = ()

    @property
    def test_accuracy_last(self) -> float | None:
        return None if not len(self.test_accuracy) else self.test_accuracy.last
