"""Shared plot styling: colours, pens that presentation mode can thicken, fast-curve settings,
and plot ranges that change in steps (an axis is redrawn only when its range changes)."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from playground.gui import palette
from playground.gui.palette import rgb

BLUE, ORANGE, GREEN, GREY = (
    rgb(c) for c in (palette.BLUE, palette.ORANGE, palette.GREEN, palette.GREY)
)
RIGHT, WRONG = palette.RIGHT, palette.WRONG


def layer_colour(i: int) -> tuple[int, int, int]:
    return rgb(palette.layer_colour(i))


def plain_numbers(*plots: pg.PlotItem) -> None:
    """Axes read as plain numbers: pyqtgraph would show a loss of 0.09 as "90 (x0.001)"."""
    for plot in plots:
        for name in ("left", "bottom", "right", "top"):
            plot.getAxis(name).enableAutoSIPrefix(False)


def plain_numbers_in(widget: QWidget) -> None:
    """Every axis of the plots ``widget`` holds now reads as plain numbers: the window applies
    it to each view it hosts, so a view that forgets ``plain_numbers`` still reads right."""
    for view in widget.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                item.enableAutoSIPrefix(False)


def fast_curve(
    plot: pg.PlotItem,
    colour,
    width: float = 2.0,
    smooth: bool = False,
    segments: bool = False,
    **kwargs,
) -> pg.PlotDataItem:
    """A curve set up for live data: clip to the view and peak downsampling keep spikes.

    ``smooth`` turns antialiasing on: for curves of a few hundred points (evaluations).
    ``segments`` strokes each line segment on its own: Qt strokes a noisy antialiased line
    wider than 1 px as one outline whose cost grows with its crossings (150 ms for 3000
    points), segment by segment it is 10-30x faster and looks the same in an opaque colour.
    """
    curve = plot.plot(pen=pg.mkPen(colour, width=width), antialias=smooth, **kwargs)
    curve.setClipToView(True)
    curve.setDownsampling(auto=True, method="peak")
    if segments:
        curve.curve.setSegmentedLineMode("on")
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


def nice_step(value: float) -> float:
    """The round number (1, 2, 2.5 or 5 x 10^k) at or above ``value``."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in (1.0, 2.0, 2.5, 5.0):
        if m * 10**exp >= value * (1 - 1e-9):
            return m * 10**exp
    return 10.0 ** (exp + 1)


def stepped_range(
    current: tuple[float, float] | None,
    lo: float,
    hi: float,
    pad: float = 0.02,
    step: float = 0.05,
    min_fill: float = 0.75,
) -> tuple[float, float]:
    """A range for data spanning [lo, hi] that changes only now and then.

    The range keeps at least ``pad`` of the data's span free on each side and its ends sit on
    multiples of a round step (about ``step`` of the span), so the data can move a little
    before the range (and its axis, whose ticks cost more to draw than the data) changes. It
    is kept while the data stay inside and fill at least ``min_fill`` of it.
    """
    span = hi - lo
    if not (math.isfinite(lo) and math.isfinite(hi)) or span <= 0:
        return current if current is not None else (lo - 0.5, hi + 0.5)
    low, high = lo - pad * span, hi + pad * span
    if current is not None:
        a, b = current
        if a <= low and b >= high and span >= min_fill * (b - a):
            return current
    unit = nice_step(step * span)
    return math.floor(low / unit) * unit, math.ceil(high / unit) * unit


class _LegendColumns(QObject):
    """Lays a legend out in as many columns as its view's width holds (resize and refill)."""

    def __init__(self, graphics: pg.GraphicsView, legend: pg.LegendItem) -> None:
        super().__init__(graphics)
        self.graphics, self.legend = graphics, legend
        graphics.installEventFilter(self)

    def fit(self) -> None:
        items = self.legend.items
        if not items:
            return
        # The text's own width: a label's geometry lags behind a new font or text.
        widest = max(40 + label.item.boundingRect().width() for _sample, label in items)
        columns = max(1, min(len(items), int((self.graphics.width() - 60) // max(widest, 1))))
        if columns != self.legend.columnCount:
            self.legend.setColumnCount(columns)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


def outside_legend(graphics: pg.GraphicsLayoutWidget, row: int, col: int) -> pg.LegendItem:
    """A legend in its own cell of ``graphics``' layout (above or below its plot): it never
    covers data, and it lists every entry in as many columns as the width holds."""
    legend = pg.LegendItem(
        offset=None, colCount=1, verSpacing=-4, horSpacing=12, labelTextSize=text_size()
    )
    graphics.ci.addItem(legend, row=row, col=col)
    legend.setMinimumWidth(40)  # its columns follow the width, never the other way round
    legend.columns = _LegendColumns(graphics, legend)
    return legend


def fill_legend(legend: pg.LegendItem, entries) -> None:
    """Replace the legend's entries by ``(curve, name)`` pairs (names change with the
    language)."""
    legend.clear()
    legend.setLabelTextSize(text_size())  # the size of the text around it, also when presenting
    for curve, name in entries:
        legend.addItem(curve, name)
    legend.columns.fit()
    legend.updateSize()


TITLE_SCALE = 1.15  # plot titles a little larger than the body text


def text_size(font: QFont | None = None, scale: float = 1.0) -> str:
    """The body font's size (the app's, unless given) as a CSS size for pyqtgraph labels."""
    font = font or QApplication.font()
    points = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    return f"{points * scale:.1f}pt"


def scale_plot_text(view: pg.GraphicsView, font: QFont) -> None:
    """Every text of ``view``'s plots at the size of ``font`` (titles a little larger).

    pyqtgraph's own sizes are fixed (9 pt legends, 11 pt titles, small ticks): when the
    window's text grows for a projector they would become the smallest text on screen.
    """
    body, title = text_size(font), text_size(font, TITLE_SCALE)
    for item in view.scene().items():
        if isinstance(item, pg.AxisItem):
            item.setStyle(tickFont=QFont(font))
            item.label.setFont(font)
            item._updateLabel()  # relays out the axis for the new label height
        elif isinstance(item, pg.LegendItem):
            item.setLabelTextSize(body)
            for _sample, label in item.items:
                label.setText(label.text)
            item.updateSize()
            columns = getattr(item, "columns", None)
            if columns is not None:
                columns.fit()
        elif isinstance(item, pg.LabelItem):
            parent = item.parentItem()
            is_title = isinstance(parent, pg.PlotItem) and parent.titleLabel is item
            if isinstance(parent, pg.LegendItem):
                continue  # done with its legend
            item.setText(item.text, size=title if is_title else body)
        elif isinstance(item, pg.TextItem):
            item.setFont(font)


class LegendPlot(pg.GraphicsLayoutWidget):
    """A plot (``plot_item``) with its legend in a row of its own above it: a curve added
    with a name is listed there, never drawn over, and every entry stays visible."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.legend = outside_legend(self, 0, 0)
        self.plot_item = self.addPlot(row=1, col=0)
        self.plot_item.legend = self.legend  # PlotItem.plot(name=...) adds entries here
        plain_numbers(self.plot_item)
        # The layout widget binds these names to its layout on each instance: here they are
        # the plot's (a clear() must not empty the layout of its legend and plot).
        self.clear = self.plot_item.clear
        self.addItem = self.plot_item.addItem
        self.removeItem = self.plot_item.removeItem

    def getPlotItem(self) -> pg.PlotItem:
        return self.plot_item

    def __getattr__(self, name: str):
        # Everything else (plot, clear, setLabel, setTitle, ...) is the plot's, as with
        # pyqtgraph's PlotWidget.
        if name in ("plot_item", "legend"):
            raise AttributeError(name)
        return getattr(self.plot_item, name)
