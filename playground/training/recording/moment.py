"""A moment of a run: everything needed to continue training from it exactly, or to draw it.

``capture`` turns a session into JSON-able scalars and named NumPy arrays; ``restore`` puts
them back into a session built from the same settings and data. The weights, the optimizer's
slots and step count, the position in the epoch's shuffled order, every random generator's
state (batch order, dropout, noise) and the curves' buckets are all in it, so a session restored
from a moment takes the same next mini-batch, bit for bit, as the one it was captured from.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from playground.training.checkpoint import Checkpoint
from playground.training.events import EpochEnded
from playground.training.history import MetricHistory, PointHistory

if TYPE_CHECKING:
    from playground.training.session import TrainingSession

# The session's own counters, copied as they are.
_SCALARS = (
    "updates",
    "epoch",
    "samples_seen",
    "elapsed",
    "_pos",
    "learning_rate",
    "_rate_samples",
    "_rate_seconds",
    "_last_batch_loss",
    "_confusion_updates",
)


class MomentError(ValueError):
    """A moment that does not fit the session it is restored into."""


@dataclass(frozen=True)
class Moment:
    """One recorded moment: ``meta`` (JSON-able) and ``arrays`` (float/int NumPy arrays)."""

    updates: int
    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]


def capture(session: TrainingSession) -> Moment:
    """The session's state now (call between two mini-batches, e.g. under its lock)."""
    model = session.model
    arrays: dict[str, np.ndarray] = {}
    for i, w in enumerate(model.get_weights()):
        arrays[f"weights/{i}"] = w
    opt_scalars, opt_arrays = model.optimizer.get_state()
    for name, a in opt_arrays.items():
        arrays[f"optimizer/{name}"] = np.array(a, copy=True)
    if session._perm is not None:
        arrays["perm"] = session._perm.copy()
    if session._confusion is not None:
        arrays["confusion"] = session._confusion.copy()
    history_meta = {}
    for key, hist in _histories(session).items():
        history_meta[key] = _history_state(hist, key, arrays)
    meta = {name: _plain(getattr(session, name)) for name in _SCALARS}
    meta.update(
        config=session.config.to_dict(),
        optimizer=_plain(opt_scalars),
        rng=session._rng.bit_generator.state,
        layer_rngs=_layer_rng_states(model),
        lr_changes=[list(change) for change in session._lr_changes],
        histories=history_meta,
        last_epoch_end=None
        if session.last_epoch_end is None
        else dataclasses.asdict(session.last_epoch_end),
    )
    return Moment(session.updates, meta, arrays)


def restore(session: TrainingSession, moment: Moment, *, branch: bool = False) -> None:
    """Put ``moment`` into ``session`` (same layer shapes and data; not while it runs).

    ``branch``: the session was built with other settings to continue with (learning rate,
    optimizer, loss, batch size) and keeps them; a new optimizer starts with new slots, as
    Keras's does when one is switched.
    """
    from playground.training.config import TrainingConfig
    from playground.training.model_builder import learning_rate

    meta, arrays = moment.meta, moment.arrays
    model = session.model
    recorded = TrainingConfig.from_dict(meta["config"])
    config = session.config if branch else recorded
    weights = [arrays[f"weights/{i}"] for i in range(len(model.get_weights()))]
    try:
        model.set_weights(weights)
        if config.optimizer == recorded.optimizer:
            parameters = [w for layer in model.layers for w in (layer.kernel, layer.bias)]
            prefix = "optimizer/"
            opt = {k[len(prefix) :]: v for k, v in arrays.items() if k.startswith(prefix)}
            model.optimizer.set_state(dict(meta["optimizer"]), opt, parameters)
    except (KeyError, ValueError, TypeError) as exc:
        raise MomentError(f"the recorded weights do not fit this network: {exc}") from exc
    for name in _SCALARS:
        setattr(session, name, meta[name])
    session.config = config
    session._lr_changes = [(int(u), float(lr)) for u, lr in meta["lr_changes"]]
    if branch and config.learning_rate != recorded.learning_rate:
        session.learning_rate = recorded.learning_rate
        session._set_learning_rate(float(config.learning_rate))
    # The rate or the schedule it drives: a schedule goes on from the optimizer's step count.
    base = session.config.replace(learning_rate=session.learning_rate)
    model.optimizer.learning_rate = learning_rate(base, session.n_train)
    session.updates_per_epoch = math.ceil(session.n_train / min(config.batch_size, session.n_train))
    session._perm = arrays["perm"].copy() if "perm" in arrays else None
    session._confusion = arrays["confusion"].copy() if "confusion" in arrays else None
    session._rng.bit_generator.state = meta["rng"]
    for layer, state in zip(_rng_layers(model), meta["layer_rngs"], strict=False):
        if state is not None:
            layer.rng.bit_generator.state = state
    histories = _histories(session)
    for key, state in meta["histories"].items():
        if key in histories:  # a curve this version no longer keeps is left out
            _restore_history(histories[key], key, state, arrays)
    end = meta["last_epoch_end"]
    session.last_epoch_end = None if end is None else EpochEnded(**end)
    session.checkpoint = Checkpoint(
        [w.copy() for w in weights], session.updates, session.checkpoint.taken_at
    )
    session._version += 1
    session._cached = None
    session._details_version = session._display_version = -1


def _history_state(hist: MetricHistory | PointHistory, key: str, arrays: dict) -> dict:
    """A curve's buckets: its arrays under ``key/…``, its counters returned (JSON-able)."""
    scalars = {}
    for name, value in vars(hist).items():
        if isinstance(value, np.ndarray):
            arrays[f"{key}/{name}"] = value.copy()
        else:
            scalars[name] = _plain(value)
    return scalars


def _restore_history(hist, key: str, scalars: dict, arrays: dict) -> None:
    for name, value in vars(hist).items():
        if isinstance(value, np.ndarray):
            stored = arrays[f"{key}/{name}"]
            if stored.shape != value.shape:
                raise MomentError(f"the recorded curve {key} has another size")
            value[...] = stored
    for name, value in scalars.items():
        setattr(hist, name, value)


def _histories(session: TrainingSession) -> dict[str, MetricHistory | PointHistory]:
    """Every curve the session keeps, by attribute name ("name/i" for a list of them), so a
    curve added to the session is captured without a change here."""
    found: dict[str, MetricHistory | PointHistory] = {}
    for name, value in sorted(vars(session).items()):
        if isinstance(value, (MetricHistory, PointHistory)):
            found[name] = value
        elif isinstance(value, list) and value and isinstance(value[0], MetricHistory):
            found.update({f"{name}/{i}": h for i, h in enumerate(value)})
    return found


def _rng_layers(model) -> list:
    return [layer for layer in model.stack if hasattr(layer, "set_rng")]


def _layer_rng_states(model) -> list:
    return [
        None if layer._rng is None else layer._rng.bit_generator.state
        for layer in _rng_layers(model)
    ]


def _plain(value: Any) -> Any:
    """NumPy scalars as Python numbers, for JSON."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
