"""Colours shared by the concept views (readable on a projector and for colour-blind viewers)."""

from __future__ import annotations

import pyqtgraph as pg

POSITIVE = "#1f77b4"  # blue: positive weights
NEGATIVE = "#d62728"  # red: negative weights
# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
SERIES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#F0E442", "#56B4E9", "#E69F00", "#999999")


_pen_scale = [1.0]  # presentation mode thickens curves drawn from now on


def set_pen_scale(factor: float) -> None:
    _pen_scale[0] = float(factor)


def series_colour(index: int) -> str:
    return SERIES[index % len(SERIES)]


def curve_pen(index: int, width: float = 2.5, dashed: bool = False):
    from PySide6.QtCore import Qt

    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(series_colour(index), width=width * _pen_scale[0], style=style)
