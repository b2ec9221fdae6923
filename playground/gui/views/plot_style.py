"""Shared plot styling: colours, pens that presentation mode can thicken, fast-curve settings."""

from __future__ import annotations

import pyqtgraph as pg

BLUE = (31, 119, 180)
ORANGE = (255, 127, 14)
GREEN = (44, 160, 44)
RED = (214, 39, 40)
PURPLE = (148, 103, 189)
GREY = (127, 127, 127)
LAYER_COLOURS = [BLUE, ORANGE, GREEN, RED, PURPLE, (140, 86, 75), (227, 119, 194), GREY]
RIGHT = "#2ca02c"
WRONG = "#d62728"


def layer_colour(i: int) -> tuple[int, int, int]:
    return LAYER_COLOURS[i % len(LAYER_COLOURS)]


def fast_curve(
    plot: pg.PlotItem, colour, width: float = 2.0, smooth: bool = False, **kwargs
) -> pg.PlotDataItem:
    """A curve set up for live data: clip to the view and peak downsampling keep spikes.

    ``smooth`` turns antialiasing on: for curves of a few hundred points (evaluations).
    """
    curve = plot.plot(pen=pg.mkPen(colour, width=width), antialias=smooth, **kwargs)
    curve.setClipToView(True)
    curve.setDownsampling(auto=True, method="peak")
    curve.base_width = width
    return curve


def set_pen_width(items, factor: float) -> None:
    """Scale every curve's pen by ``factor`` of its base width (presentation mode)."""
    for item in items:
        pen = item.opts.get("pen")
        if pen is None:
            continue
        pen = pg.mkPen(pen)
        pen.setWidthF(getattr(item, "base_width", 1.0) * factor)
        item.setPen(pen)


def cache_axes(*plots: pg.PlotItem) -> None:
    """Keep each axis (and legend) as a pixmap until it changes: replaying axis text on every
    repaint costs more than drawing all the curves."""
    from PySide6.QtWidgets import QGraphicsItem

    mode = QGraphicsItem.CacheMode.DeviceCoordinateCache
    for plot in plots:
        for name in ("left", "bottom", "right", "top"):
            plot.getAxis(name).setCacheMode(mode)
        if plot.legend is not None:
            plot.legend.setCacheMode(mode)
