"""Settings a session takes while it trains, applied between two mini-batches.

Update n is trained with the old value, update n + 1 with the new one. A switched optimizer
starts with fresh slots and step count, as a newly compiled Keras model would; a changed
hyperparameter of the same optimizer keeps its slots. Dropout, L2 and noise are changed in the
model itself: their layers and penalties are added, altered or removed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from playground.training.config import ConfigError, TrainingConfig
from playground.training.events import SettingChanged
from playground.training.vocabulary import canonical_loss

if TYPE_CHECKING:
    from playground.training.session import TrainingSession

# The TrainingConfig fields a running session takes (in the order they are applied).
LIVE_SETTINGS = (
    "learning_rate",
    "optimizer",
    "optimizer_params",
    "batch_size",
    "loss",
    "dropout",
    "l2",
    "noise",
)


def live_changes(old: TrainingConfig, new: TrainingConfig) -> dict[str, Any]:
    """The live settings in which ``new`` differs from ``old`` (name: new value)."""
    return {
        name: getattr(new, name)
        for name in LIVE_SETTINGS
        if getattr(new, name) != getattr(old, name)
    }


def checked(config: TrainingConfig, changes: Mapping[str, Any], n_available: int) -> dict:
    """``changes`` if they are live settings that ``config`` may take; ConfigError otherwise
    (the one check: the config's own validation of the changed settings)."""
    unknown = sorted(set(changes) - set(LIVE_SETTINGS))
    if unknown:
        raise ConfigError(f"These settings cannot change while training: {', '.join(unknown)}.")
    problems = config.replace(**changes).validate(n_available)
    if problems:
        raise ConfigError(" ".join(p.message for p in problems), problems)
    return dict(changes)


def apply(session: TrainingSession, changes: Mapping[str, Any]) -> list[SettingChanged]:
    """Apply checked ``changes`` to an idle session (its lock held); one event per setting
    whose value really changed, kept in ``session.setting_changes`` and left for the run loop
    to emit (``TrainingSession.take_unreported_changes``)."""
    config = session.config
    changed = {}
    for name in LIVE_SETTINGS:
        if name in changes and _comparable(getattr(config, name)) != _comparable(changes[name]):
            changed[name] = changes[name]
    events = [
        SettingChanged(session.updates, name, _comparable(getattr(config, name)), _comparable(new))
        for name, new in changed.items()
    ]
    # The whole new config first: a switched optimizer is built with its own new settings.
    session.config = config.replace(**{k: v for k, v in changed.items() if k != "learning_rate"})
    if "learning_rate" in changed:
        set_learning_rate(session, float(changed["learning_rate"]))
    done: set[Callable[[TrainingSession, Any], None]] = set()
    for name, new in changed.items():
        step = _APPLY.get(name)
        if step is not None and step not in done:
            step(session, new)
            done.add(step)
    if events:
        session.note_setting_changes(events)
    return events


def _comparable(value: Any) -> Any:
    return dict(value) if isinstance(value, Mapping) else value


def set_learning_rate(session: TrainingSession, lr: float) -> None:
    """The rate from the next update on, kept in the config; a schedule goes on from where it
    is, starting from the new rate (its shape over the run stays)."""
    from playground.training.model_builder import learning_rate

    session.learning_rate = lr
    session.config = session.config.replace(learning_rate=lr)
    session.model.optimizer.learning_rate = learning_rate(session.config, session.n_train)
    session.note_learning_rate(lr)
    session.mark_changed()


# -- one function per setting ----------------------------------------------------------------
def _optimizer(session: TrainingSession, _value: Any) -> None:
    """A new optimizer from the settings; the old one's slots carried over only when it is the
    same optimizer with the same slots (a hyperparameter changed)."""
    from playground.training.model_builder import make_optimizer

    model = session.model
    old = model.optimizer
    fresh = make_optimizer(session.config, session.n_train)
    if type(fresh) is type(old) and fresh.slot_names() == old.slot_names():
        parameters = [w for layer in model.layers for w in (layer.kernel, layer.bias)]
        fresh.set_state(*old.get_state(), parameters)
    model.compile(loss=model.loss, optimizer=fresh, metrics=model.metrics)


def _batch_size(session: TrainingSession, batch_size: int) -> None:
    """New batch buffers; the epoch goes on from where it is."""
    session.size_batch_buffers(batch_size)
    session.updates_per_epoch = math.ceil(session.n_train / min(int(batch_size), session.n_train))


def _loss(session: TrainingSession, loss: str) -> None:
    """Compile with the new loss (same optimizer); targets as that loss takes them."""
    model = session.model
    model.compile(loss=loss, optimizer=model.optimizer, metrics=model.metrics)
    from playground.data.preprocessing import one_hot

    labels = session.y_train_labels
    if canonical_loss(loss) == "sparse_categorical_crossentropy":
        session.y_train = labels.astype(np.int64)
    else:
        session.y_train = one_hot(labels, session.n_classes)
    _batch_size(session, session.config.batch_size)


def _dropout(session: TrainingSession, rate: float) -> None:
    from playground.engine import Dense, Dropout

    model = session.model
    stack = [layer for layer in model.stack if not isinstance(layer, Dropout)]
    if rate > 0:
        last = model.layers[-1]
        with_dropout: list = []
        for layer in stack:
            with_dropout.append(layer)
            if isinstance(layer, Dense) and layer is not last:
                with_dropout.append(Dropout(float(rate)))
        stack = with_dropout
    _restack(model, stack)


def _noise(session: TrainingSession, stddev: float) -> None:
    from playground.engine import Dense, GaussianNoise

    model = session.model
    stack = [layer for layer in model.stack if not isinstance(layer, GaussianNoise)]
    if stddev > 0:  # after the augmentation of images, before the first Dense layer
        first = next(i for i, layer in enumerate(stack) if isinstance(layer, Dense))
        stack.insert(first, GaussianNoise(float(stddev)))
    _restack(model, stack)


def _l2(session: TrainingSession, strength: float) -> None:
    from playground.engine import regularizers

    for layer in session.model.layers:
        layer.kernel_regularizer = regularizers.l2(float(strength)) if strength > 0 else None


def _restack(model: Any, stack: list) -> None:
    """The model's layer order with training layers added or removed; a new layer draws from
    its own stream of the model's seed, as ``Sequential.add`` gives it."""
    from playground.engine.stack import free_name

    kept: list = []
    for index, layer in enumerate(stack):
        if layer.name is None:
            layer.name = free_name(layer, kept)
            key = (2, index)
            layer.set_rng(np.random.default_rng(np.random.SeedSequence(model.seed, spawn_key=key)))
        kept.append(layer)
    model.stack[:] = kept
    model._reset_work_arrays()


_APPLY: dict[str, Callable[[TrainingSession, Any], None]] = {
    "optimizer": _optimizer,
    "optimizer_params": _optimizer,
    "batch_size": _batch_size,
    "loss": _loss,
    "dropout": _dropout,
    "l2": _l2,
    "noise": _noise,
}
