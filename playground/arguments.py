"""argparse value types shared by every command: one clear sentence for an impossible value.

Used by the headless commands and by the app's own (``screenshot``, ``app-bench``), so sizes
are refused here, at parse time, with the limit named, before anything is allocated; and a
path is checked before hours of work are spent on what will be written there.
"""

from __future__ import annotations

import argparse
import math
import os

from playground.regular_files import why_unwritable

MAX_PATH_BYTES = 4096  # Linux's PATH_MAX; a longer path cannot be opened anyway
MAX_WINDOW = (7680, 4320)  # 8K: the largest picture a screenshot takes (in memory, uncompressed)
MIN_WINDOW = (200, 150)


def _number(text: str, kind: type) -> int | float:
    try:
        return kind(text)
    except (ValueError, OverflowError):
        noun = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"expected {noun}, not {text!r}") from None


def positive_int(text: str) -> int:
    value = _number(text, int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def non_negative_int(text: str) -> int:
    value = _number(text, int)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def positive_float(text: str) -> float:
    value = _number(text, float)
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, not {text}")
    return value


def fraction(text: str) -> float:
    value = _number(text, float)
    if not (math.isfinite(value) and 0 <= value < 1):
        raise argparse.ArgumentTypeError(f"must be at least 0 and below 1, not {text}")
    return value


def _limits():
    """The engine's limits, imported on first use: ``--help`` stays instant."""
    from playground.engine import limits

    return limits


def elu_alpha(text: str) -> float:
    limit = _limits().MAX_ELU_ALPHA
    value = positive_float(text)
    if value > limit:
        raise argparse.ArgumentTypeError(
            f"must be at most {limit:g}, not {text} (larger values make the outputs overflow)"
        )
    return value


def maxout_pieces(text: str) -> int:
    limits = _limits()
    value = positive_int(text)
    try:
        limits.check_pieces(value)
    except limits.LimitError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def layer_sizes(text: str) -> tuple[int, ...]:
    """``"500,500"`` -> (500, 500); ``""`` or ``"none"`` -> no hidden layer."""
    text = text.strip()
    if text.lower() in ("", "none"):
        return ()
    limits = _limits()
    parts = text.split(",")
    try:
        limits.check_layer_count(len(parts) + 1)
    except limits.LimitError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    sizes = []
    for number, part in enumerate(parts, start=1):
        try:
            size = int(part.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected comma-separated layer sizes such as 500,500, not {text!r}"
            ) from None
        if size < 1:
            raise argparse.ArgumentTypeError(f"every layer needs at least 1 unit, not {size}")
        try:
            limits.check_width(f"hidden layer {number}", size)
        except limits.LimitError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        sizes.append(size)
    return tuple(sizes)


def seconds(text: str) -> float:
    value = positive_float(text)
    if value > 3600:
        raise argparse.ArgumentTypeError(f"must be at most 3600 seconds, not {text}")
    return value


def window_size(text: str) -> tuple[int, int]:
    """``"1400x900"`` -> (1400, 900), between MIN_WINDOW and MAX_WINDOW."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1400x900, not {text!r}") from None
    (min_w, min_h), (max_w, max_h) = MIN_WINDOW, MAX_WINDOW
    if not (min_w <= w <= max_w and min_h <= h <= max_h):
        raise argparse.ArgumentTypeError(
            f"size must be between {min_w}x{min_h} and {max_w}x{max_h}, not {text}"
        )
    return w, h


def user_path(text: str) -> str:
    """A path as typed, ``~`` and ``~user`` expanded; refused: an unknown user, a NUL, a path
    longer than the system allows."""
    if "\0" in text:
        raise argparse.ArgumentTypeError("a path cannot contain a NUL character")
    path = text
    if text.startswith("~"):
        path = os.path.expanduser(text)
        if path == text:
            user = text[1:].split(os.sep, 1)[0]
            who = f"no user named {user!r}" if user else "no home folder is known"
            raise argparse.ArgumentTypeError(
                f"{text}: {who} (write ./{text} for a name that starts with ~)"
            )
    encoded = os.fsencode(path)
    if len(encoded) >= MAX_PATH_BYTES:
        raise argparse.ArgumentTypeError(
            f"the path is {len(encoded):,} bytes long; the system allows {MAX_PATH_BYTES - 1:,}"
        )
    longest = max((len(part) for part in encoded.split(os.fsencode(os.sep))), default=0)
    if longest > 255:
        raise argparse.ArgumentTypeError(
            f"a name in the path is {longest} bytes long; the system allows 255"
        )
    return path


def output_file(text: str) -> str:
    """A path a file will be written to: checked now, not after the work that produces it."""
    path = user_path(text)
    problem = why_unwritable(path)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"cannot write {text}: {problem}")
    return path


AUGMENTATIONS = {"rotation": 180.0, "shift": 14.0, "noise": 1.0}  # each with its largest value


def augment_settings(text: str) -> dict[str, float]:
    """``"rotation=15,shift=2,noise=0.1"`` -> {"rotation": 15.0, "shift": 2.0, "noise": 0.1}."""
    settings: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.strip().partition("=")
        name = name.strip().lower()
        if not sep or name not in AUGMENTATIONS:
            raise argparse.ArgumentTypeError(
                f"expected NAME=VALUE pairs such as rotation=15,shift=2,noise=0.1 "
                f"(names: {', '.join(AUGMENTATIONS)}), not {part.strip()!r}"
            )
        number = _number(value.strip(), float)
        if not (math.isfinite(number) and 0 <= number <= AUGMENTATIONS[name]):
            raise argparse.ArgumentTypeError(
                f"{name} must be between 0 and {AUGMENTATIONS[name]:g}, not {value.strip()}"
            )
        settings[name] = number
    return settings


def non_negative_float(text: str) -> float:
    value = _number(text, float)
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"must be a finite number, 0 or more, not {text}")
    return value


def probability(text: str) -> float:
    value = _number(text, float)
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return value
