"""The session's evaluations: the loss and accuracy over a whole set, the figures at an
epoch's end and the confusion matrix, in chunks so that Stop is obeyed within moments."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from playground.engine.byte_inputs import Rows
from playground.training.events import EpochEnded
from playground.training.example_losses import losses_of_probabilities
from playground.training.session_details import EVAL_BATCH

if TYPE_CHECKING:
    from playground.training.session import TrainingSession

SMALL_SET = 5000  # training sets up to this size get total-loss points within epochs too
# L after every update for sets up to 2,000 examples in up to 200 batches (preset 7): one
# evaluation then costs about 30 updates (python -m playground.benchmarks.total_loss).
EVERY_UPDATE_SET, EVERY_UPDATE_BATCHES = 2000, 200
EVAL_CHUNK = 5000  # examples evaluated between two checks for Stop (about 0.1 s at 784-500-500)


class StopDuringEvaluationError(Exception):
    """Stop was pressed during an epoch-end evaluation; the rest of it is skipped."""


def predict(session: TrainingSession, x: Rows) -> np.ndarray:
    """Predictions for a whole set, in chunks so that Stop is noticed within ~0.1 s."""
    out = np.empty((len(x), session.n_classes), dtype=np.float32)
    for lo in range(0, len(x), EVAL_CHUNK):
        if session._stop_requested():
            raise StopDuringEvaluationError
        out[lo : lo + EVAL_CHUNK] = session.model.predict(x[lo : lo + EVAL_CHUNK], EVAL_BATCH)
    return out


def evaluate(
    session: TrainingSession, x: Rows, labels: np.ndarray
) -> tuple[np.ndarray, float, float]:
    """(probabilities, mean loss, accuracy) over a whole set."""
    probs = predict(session, x)
    losses = losses_of_probabilities(session.config.loss, probs, labels)
    accuracy = float(np.mean(np.argmax(probs, axis=1) == labels)) if len(labels) else math.nan
    return probs, float(np.mean(losses)), accuracy


def total_loss_due(session: TrainingSession, pos_before: int) -> bool:
    """Whether L is evaluated after the update that moved the epoch from ``pos_before``."""
    if session._total_loss_every is not None:
        return session.updates % session._total_loss_every == 0
    per_epoch = session._total_loss_per_epoch
    n = session.n_train
    if per_epoch is None:
        small = n <= EVERY_UPDATE_SET and session.updates_per_epoch <= EVERY_UPDATE_BATCHES
        per_epoch = n if small else 4
    if n > SMALL_SET or per_epoch <= 1:
        return False
    # Due when this batch crossed one of the evenly spaced points of the epoch.
    return pos_before * per_epoch // n != session._pos * per_epoch // n


def evaluate_total_loss(session: TrainingSession) -> tuple[float, float]:
    _, mean, acc = evaluate(session, session.x_train, session.y_train_labels)
    ep, u, s = session.epoch + session._pos / session.n_train, session.updates, session.elapsed
    session.total_loss.append(mean * session.n_train, u, ep, s)
    session.train_loss.append(mean, u, ep, s)
    session.train_accuracy.append(acc, u, ep, s)
    return mean, acc


def evaluate_epoch_end(session: TrainingSession) -> None:
    session.last_epoch_end = None
    mean, acc = evaluate_total_loss(session)
    u, ep, s = session.updates, float(session.epoch), session.elapsed
    val_loss = val_acc = None
    if session.x_val is not None and session.y_val_labels is not None:
        _, val_loss, val_acc = evaluate(session, session.x_val, session.y_val_labels)
        session.val_loss.append(val_loss, u, ep, s)
        session.val_accuracy.append(val_acc, u, ep, s)
    probs, test_loss, test_acc = evaluate(session, session.x_test, session.y_test_labels)
    session.test_loss.append(test_loss, u, ep, s)
    session.test_accuracy.append(test_acc, u, ep, s)
    set_confusion(session, probs)
    session.last_epoch_end = EpochEnded(
        session.epoch, u, mean, mean * session.n_train, acc, val_loss, val_acc, test_loss, test_acc
    )


def set_confusion(session: TrainingSession, probs: np.ndarray) -> None:
    pred = np.argmax(probs, axis=1)
    k = session.n_classes
    cm = np.bincount(session.y_test_labels * k + pred, minlength=k * k).reshape(k, k)
    session._confusion = cm.astype(np.int64)
    session._confusion_updates = session.updates
    session._confusion_wanted = False
