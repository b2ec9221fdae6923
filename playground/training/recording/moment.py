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

from playground.training import live_settings
from playground.training.checkpoint import Checkpoint
from playground.training.events import EpochEnded
from playground.training.history import MetricHistory, PointHistory
from playground.training.run_position import COUNTERS, RunPosition

if TYPE_CHECKING:
    from playground.training.session import TrainingSession


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
    position = session.position()
    if position.order is not None:
        arrays["perm"] = position.order
    if position.confusion is not None:
        arrays["confusion"] = position.confusion
    history_meta = {}
    for key, hist in _histories(session).items():
        history_meta[key] = _history_state(hist, key, arrays)
    meta = {name: _plain(value) for name, value in position.counters.items()}
    meta.update(
        config=session.config.to_dict(),
        optimizer=_plain(opt_scalars),
        rng=position.rng_state,
        layer_rngs=_layer_rng_states(model),
        lr_changes=[list(change) for change in position.lr_changes],
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
    session.restore_position(
        RunPosition(
            {name: meta[name] for name in COUNTERS},
            arrays.get("perm"),
            meta["rng"],
            tuple((int(u), float(lr)) for u, lr in meta["lr_changes"]),
            arrays.get("confusion"),
        )
    )
    session.config = config
    if branch and config.learning_rate != recorded.learning_rate:
        session.learning_rate = recorded.learning_rate
        live_settings.set_learning_rate(session, float(config.learning_rate))
    # The rate or the schedule it drives: a schedule goes on from the optimizer's step count.
    base = session.config.replace(learning_rate=session.learning_rate)
    model.optimizer.learning_rate = learning_rate(base, session.n_train)
    session.updates_per_epoch = math.ceil(session.n_train / min(config.batch_size, session.n_train))
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
    session.forget_snapshots()


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
