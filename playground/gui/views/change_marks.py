"""Marks on a plot's time axis where a setting changed mid-run: a dashed vertical line with a
short label such as "lr 0.1→0.01" (changes made at the same update share one line)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

from playground.gui import palette
from playground.training.events import SettingChanged
from playground.training.history import Series

# Labels at these heights in turn (fractions of the plot's height): neighbours do not overlap.
LABEL_HEIGHTS = (0.96, 0.82, 0.68)
translate = QCoreApplication.translate
SHORT_LOSSES = {"categorical_crossentropy": "CE", "mean_squared_error": "MSE"}


def _short_names() -> dict[str, str]:
    return {
        "learning_rate": translate("ChangeMarks", "lr"),
        "optimizer": translate("ChangeMarks", "optimizer"),
        "batch_size": translate("ChangeMarks", "batch"),
        "loss": translate("ChangeMarks", "loss"),
        "dropout": translate("ChangeMarks", "dropout"),
        "l2": translate("ChangeMarks", "L2"),
        "noise": translate("ChangeMarks", "noise"),
    }


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return SHORT_LOSSES.get(str(value), str(value))


def mark_text(change: SettingChanged) -> str:
    """ "lr 0.1→0.01", "optimizer sgd→adam", "batch 100→10", "momentum default→0.9"."""
    old, new = change.old, change.new
    if isinstance(old, Mapping) and isinstance(new, Mapping):  # the optimizer's own settings
        default = translate("ChangeMarks", "default")
        keys = [k for k in {**old, **new} if old.get(k) != new.get(k)]
        return ", ".join(
            f"{k} {_value(old.get(k, default))}→{_value(new.get(k, default))}" for k in keys
        )
    name = _short_names().get(change.name, change.name)
    return f"{name} {_value(old)}→{_value(new)}"


def mark_positions(
    changes: Sequence[SettingChanged], axis: str, clock: Series
) -> list[tuple[float, str]]:
    """(x on ``axis``, label) per update at which settings changed; ``clock`` is a per-update
    series that translates updates into epochs or seconds."""
    by_update: dict[int, list[str]] = {}
    for change in changes:
        by_update.setdefault(change.updates, []).append(mark_text(change))
    if not by_update:
        return []
    updates = np.array(sorted(by_update), dtype=np.float64)
    if axis == "updates":
        xs = updates
    elif len(clock):
        xs = np.interp(updates, clock.updates, clock.x(axis))
    else:
        return []
    return [(float(x), "; ".join(by_update[int(u)])) for x, u in zip(xs, updates, strict=True)]


def recorded_marks(events: Sequence[Mapping]) -> list[tuple[float, str]]:
    """The marks of a recorded run's mid-run changes (its log's events), on the updates axis."""
    changes = [
        SettingChanged(int(e["updates"]), str(e["name"]), e.get("old"), e.get("new"))
        for e in events
        if isinstance(e.get("updates"), int) and isinstance(e.get("name"), str)
    ]
    none = np.zeros(0)
    return mark_positions(changes, "updates", Series(none, none, none, none, none, none))


class ChangeMarks:
    """The marks of one plot; ``show`` redraws them only when they changed."""

    def __init__(self, plot: pg.PlotItem, *, labelled: bool = True) -> None:
        self.plot = plot
        self.labelled = labelled
        self.lines: list[pg.InfiniteLine] = []
        self._shown: list[tuple[float, str]] = []

    def show(self, marks: list[tuple[float, str]]) -> None:
        if marks == self._shown:
            return
        self.clear()
        self._shown = list(marks)
        pen = pg.mkPen(palette.GREY, width=1.5, style=Qt.PenStyle.DashLine)
        for i, (x, text) in enumerate(marks):
            options = {
                "position": LABEL_HEIGHTS[i % len(LABEL_HEIGHTS)],
                "color": "#333333",
                "fill": pg.mkBrush(255, 255, 255, 235),
                "anchors": [(0, 0.5), (0, 0.5)],
            }
            line = pg.InfiniteLine(
                pos=x,
                angle=90,
                movable=False,
                pen=pen,
                label=text if self.labelled else None,
                labelOpts=options,
            )
            line.setZValue(20)  # over the curves: the label stays readable
            self.plot.addItem(line, ignoreBounds=True)
            self.lines.append(line)

    def labels(self) -> list[str]:
        return [text for _, text in self._shown]

    def clear(self) -> None:
        for line in self.lines:
            self.plot.removeItem(line)
        self.lines = []
        self._shown = []
