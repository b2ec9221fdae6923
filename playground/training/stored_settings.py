"""Values the window keeps between launches, checked before they reach a widget.

The settings file is text a person (or a crash) can change: ``run/slowMotion=999999999999``
overflows a spin box, a damaged ``config/json`` holds impossible settings. Each reader here
takes the raw stored value (a string from the file, or whatever the platform gives back) and
returns a usable one: out-of-range numbers are clamped, unusable values fall back to the
default, and either case leaves one line in the log. Nothing here raises.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from typing import Any

from playground.training.config import ConfigError, TrainingConfig

log = logging.getLogger(__name__)

SLOW_MOTION_MS = (0, 2000)  # the pause between mini-batches the window offers
MAX_TAB = 100
MAX_CONFIG_CHARS = 64 * 1024  # a stored configuration is a few hundred characters


def whole_number(key: str, raw: object, low: int, high: int, default: int) -> int:
    """``raw`` as an int in [low, high]: clamped if out of range, ``default`` if unusable."""
    value: int | None = None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and math.isfinite(raw):
        value = round(raw)
    elif isinstance(raw, (str, bytes)) and len(raw) <= 40:
        text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
        try:
            value = int(text.strip())
        except ValueError:
            try:
                number = float(text)
                value = round(number) if math.isfinite(number) else None
            except ValueError:
                value = None
    if value is None:
        if raw is not None:
            log.warning("setting %s: %s is not a whole number; using %d", key, _short(raw), default)
        return default
    clamped = min(max(value, low), high)
    if clamped != value:
        log.warning("setting %s: %d is outside %d..%d; using %d", key, value, low, high, clamped)
    return clamped


def slow_motion_ms(raw: object) -> int:
    low, high = SLOW_MOTION_MS
    return whole_number("run/slowMotion", raw, low, high, low)


def tab_index(raw: object) -> int:
    return whole_number("view/tab", raw, 0, MAX_TAB, 0)


def training_config(raw: object) -> TrainingConfig | None:
    """The stored settings of the panels; a field that is impossible takes its default (with a
    log line), and None means: keep the window's defaults."""
    if raw is None or raw == "":
        return None
    text = raw if isinstance(raw, str) else None
    if text is None or len(text) > MAX_CONFIG_CHARS:
        log.warning("setting config/json: not a short text; using the defaults")
        return None
    try:
        data = json.loads(text)
    except RecursionError:
        log.warning("setting config/json: JSON nested too deeply; using the defaults")
        return None
    except ValueError as exc:
        log.warning("setting config/json: not usable JSON (%s); using the defaults", exc)
        return None
    if not isinstance(data, dict):
        log.warning("setting config/json: not a JSON object; using the defaults")
        return None
    return _repaired(data)


def _repaired(data: dict[str, Any]) -> TrainingConfig:
    known = {f.name for f in dataclasses.fields(TrainingConfig)}
    values = {}
    for name, value in data.items():
        if name in known:
            values[name] = value
        else:
            log.warning("setting config/json: unknown field %s dropped", _short(name))
    while True:  # each round drops at least one field, or gives up
        try:
            config = TrainingConfig.from_dict(values)
            problems = config.validate()
        except (ConfigError, TypeError, ValueError, OverflowError) as exc:
            problems, config = [], None
            log.warning("setting config/json: %s; using the defaults", exc)
        if config is None:
            return TrainingConfig()
        if not problems:
            return config
        dropped = {p.field for p in problems} & set(values)
        if not dropped:  # a conflict between defaults and kept fields: start afresh
            log.warning("setting config/json: %s; using the defaults", problems[0])
            return TrainingConfig()
        for problem in problems:
            if problem.field in dropped:
                text = str(problem).rstrip(".")
                log.warning("setting config/json: %s; using the default", text)
        for name in dropped:
            values.pop(name)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
