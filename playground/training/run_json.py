"""A run's curves and figures as JSON keeps them: numbers or null, small flat values.

Reading is strict and bounded (a damaged entry raises ValueError or is dropped with a note),
since a saved run list is data from disk.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from playground.training.history import Series

MAX_TEXT_CHARS = 200
MAX_CHANGES = 1000  # settings changes kept per run


def _to_list(a: np.ndarray) -> list[float | None]:
    return [None if not math.isfinite(v) else v for v in np.asarray(a, dtype=np.float64).tolist()]


def _from_list(values: Any) -> np.ndarray:
    """A JSON list of numbers and nulls (null = a missing figure) as float64; ValueError else."""
    if not isinstance(values, list):
        raise ValueError("a series holds lists of numbers")
    out = np.empty(len(values), dtype=np.float64)
    for i, v in enumerate(values):
        if v is None:
            out[i] = math.nan
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            try:
                out[i] = float(v)
            except OverflowError:  # an integer beyond any float
                raise ValueError(f"{str(v)[:20]}... is too large") from None
        else:
            raise ValueError(f"{v!r:.40} is not a number")
    return out


def series_to_dict(s: Series) -> dict[str, list]:
    data = {
        "updates": _to_list(s.updates),
        "epochs": _to_list(s.epochs),
        "seconds": _to_list(s.seconds),
        "y": _to_list(s.y),
    }
    # Point series have low == high == y; only buckets need the band.
    if not (
        np.array_equal(s.low, s.y, equal_nan=True) and np.array_equal(s.high, s.y, equal_nan=True)
    ):
        data["low"] = _to_list(s.low)
        data["high"] = _to_list(s.high)
    return data


def series_from_dict(data: Mapping[str, Any]) -> Series:
    if not isinstance(data, Mapping) or "y" not in data:
        raise ValueError('a series must be an object with its values in "y"')
    y = _from_list(data["y"])
    low = _from_list(data["low"]) if "low" in data else y
    high = _from_list(data["high"]) if "high" in data else y
    parts = [_from_list(data.get(k)) for k in ("updates", "epochs", "seconds")]
    if not all(len(p) == len(y) for p in (*parts, low, high)):
        raise ValueError("a run's series has arrays of different lengths")
    updates, epochs, seconds = parts
    return Series(updates, epochs, seconds, y, low, high)


def number_or_none(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{value!r:.40} is not a number")
    try:
        return float(value)
    except OverflowError:
        return math.inf  # then dropped as not finite


def finite_or_none(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def plain_value(value: Any) -> Any:
    """A changed setting's value as JSON keeps it: a number, text, or a small flat mapping."""
    if value is None or isinstance(value, bool | int | str):
        return value if not isinstance(value, str) else value[:MAX_TEXT_CHARS]
    if isinstance(value, float):
        return finite_or_none(value)
    if isinstance(value, Mapping):
        return {
            str(k)[:40]: plain_value(v)
            for k, v in list(value.items())[:20]
            if not isinstance(v, Mapping)
        }
    return str(value)[:MAX_TEXT_CHARS]


def changes_from_json(raw: Any, name: str, notes: list[str]) -> list[dict[str, Any]]:
    """The changes of a saved run; a damaged entry is dropped with a note."""
    if not isinstance(raw, list):
        notes.append(f"run {name!r}: its list of changes is damaged and was dropped")
        return []
    changes = []
    for entry in raw[:MAX_CHANGES]:
        ok = isinstance(entry, Mapping) and isinstance(entry.get("name"), str)
        if not ok or type(entry.get("updates")) is not int or entry["updates"] < 0:
            notes.append(f"run {name!r}: a damaged change was dropped")
            continue
        changes.append(
            {
                "updates": entry["updates"],
                "name": entry["name"][:40],
                "old": plain_value(entry.get("old")),
                "new": plain_value(entry.get("new")),
            }
        )
    return changes
