"""Weights view: per-layer histograms, first-layer weights as 28x28 images, gradient norms."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.gui import palette
from playground.gui.views.change_marks import ChangeMarks, mark_positions
from playground.gui.views.follow import FollowSwitch
from playground.gui.views.loss_view import GROWTH_STEPS, nice_ceiling
from playground.gui.views.plot_style import (
    GREY,
    cache_axes,
    fast_curve,
    fill_legend,
    layer_colour,
    outside_legend,
    plain_numbers,
    set_pen_width,
    stepped_range,
    text_size,
)

MAX_TILES = 100


def tile_mosaic(images: np.ndarray, max_tiles: int = MAX_TILES) -> np.ndarray:
    """First-layer weights as images (n, h, w) -> one float32 image of per-neuron tiles.

    Each tile is scaled by its own largest |w| to [-1, 1] (what the neuron looks for, whatever
    its size); a gap of NaN separates tiles and shows as the background.
    """
    tiles = np.asarray(images, dtype=np.float32)[:max_tiles]
    units, h, w = tiles.shape
    cols = math.ceil(math.sqrt(units))
    rows = math.ceil(units / cols)
    out = np.full((rows * (h + 1) + 1, cols * (w + 1) + 1), np.nan, dtype=np.float32)
    scale = np.max(np.abs(tiles), axis=(1, 2), keepdims=True)
    tiles = tiles / np.where(scale > 0, scale, 1.0)
    for i in range(units):
        r, c = divmod(i, cols)
        y, x = 1 + r * (h + 1), 1 + c * (w + 1)
        out[y : y + h, x : x + w] = tiles[i]
    return out


def decade_ticks(low: int = -12, high: int = 6) -> list[list[tuple[float, str]]]:
    """Ticks for a log10 axis: labelled decades, unlabelled 2x and 5x in between."""
    major = [(float(k), f"{10.0**k:g}") for k in range(low, high + 1)]
    minor = [(k + math.log10(m), "") for k in range(low, high) for m in (2, 5)]
    return [major, minor]


MIN_UPDATES_SHOWN = 10  # the updates axis starts at 0 .. 10
HIST_HEIGHT = 120  # px per histogram: below it a histogram flattens to a line (then: scroll)


class WeightsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._build_plots()
        self.grad_curves: list[pg.PlotDataItem] = []
        self.hist_plots: list[pg.PlotItem] = []
        self.hist_w: list[pg.PlotCurveItem] = []
        self.hist_b: list[pg.PlotCurveItem] = []
        self._hist_x: list[tuple[float, float] | None] = []
        self._names: list[str] = []
        self._pen_factor = 1.0
        self._last_snapshot = None
        # What the plots show now: histograms and images change a few times a second while
        # the curves change every frame, so unchanged parts are not handed to pyqtgraph again.
        self._hist_source = None
        self._mosaic_source: tuple | None = None
        self._build_layout()
        self.drawn_updates = -1
        self.retranslate_ui()

    def _build_plots(self) -> None:
        # Histograms in a scroll area of their own: eleven layers stay readable on 720 lines.
        self.hist_graphics = pg.GraphicsLayoutWidget()
        self.hist_layout = self.hist_graphics.ci
        self.hist_scroll = QScrollArea()
        self.hist_scroll.setObjectName("histogramScroll")
        self.hist_scroll.setWidgetResizable(True)
        self.hist_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hist_scroll.setWidget(self.hist_graphics)
        self.graphics = pg.GraphicsLayoutWidget()
        self.image_plot = self.graphics.addPlot(row=0, col=0)
        self.grad_plot = self.graphics.addPlot(row=1, col=0)
        # Every layer listed under the plot (not over its curves), in as many rows as needed.
        self.grad_legend = outside_legend(self.graphics, 2, 0)
        # The gradient norms come first when room is short (11 layers, a projector's font).
        self.graphics.ci.layout.setRowStretchFactor(0, 3)
        self.graphics.ci.layout.setRowStretchFactor(1, 3)
        self.grad_plot.setMinimumHeight(200)

        self.image_plot.setAspectLocked(True)
        self.image_plot.invertY(True)
        self.image_plot.hideAxis("left")
        self.image_plot.hideAxis("bottom")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(palette.diverging_map())
        self.image_plot.addItem(self.image)

        self.grad_plot.setLogMode(y=True)
        self.grad_plot.showGrid(x=True, y=True, alpha=0.2)
        plain_numbers(self.grad_plot)
        # Log axes label every minor tick by default; the decades alone read better.
        self.grad_plot.getAxis("left").setTicks(decade_ticks())
        cache_axes(self.grad_plot)
        # The updates axis grows in round steps (as the loss view's does) instead of with every
        # update: regenerating its ticks and grid was most of a frame. A zoom or pan by mouse
        # holds until the follow switch is pressed (or the plot double-clicked).
        self.follow = FollowSwitch()
        self.follow.watch(self.graphics, self.grad_plot.vb)
        self.follow.followChanged.connect(self._on_follow)
        self._grad_x_bound = 0.0
        self._grad_y: tuple[float, float] | None = None  # log10 of the norm axis' ends
        self.grad_plot.disableAutoRange()
        self.marks = ChangeMarks(self.grad_plot)  # settings changed mid-run

    def _build_layout(self) -> None:
        self.tiles = QSpinBox()
        self.tiles.setRange(1, MAX_TILES)
        self.tiles.setValue(MAX_TILES)
        self.tiles.setObjectName("tilesShown")
        self._wanted_tiles = MAX_TILES
        self.tiles.valueChanged.connect(self._on_tiles)
        self.tiles_label = QLabel()
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.info = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.tiles_label)
        top.addWidget(self.tiles)
        top.addSpacing(12)
        top.addWidget(self.caption, 1)
        top.addWidget(self.info)
        top.addWidget(self.follow)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.hist_scroll)
        split.addWidget(self.graphics)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(split, 1)

    def retranslate_ui(self) -> None:
        self.tiles_label.setText(self.tr("Neurons shown:"))
        self.caption.setText(
            self.tr(
                "Histograms: weights as bars, biases as a grey line. Neuron images: {signs}."
            ).format(signs=palette.sign_caption())
        )
        self.image_plot.setTitle(self.tr("First layer: what each hidden neuron looks for"))
        self.grad_plot.setTitle(self.tr("Gradient norm per layer (log scale)"))
        self.grad_plot.setLabel("bottom", self.tr("updates"))
        self._show_tile_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _on_tiles(self, value: int) -> None:
        self._wanted_tiles = value

    def _show_tile_count(self) -> None:
        shown = self._mosaic_source
        if shown is None:
            self.info.clear()
            return
        n = min(len(shown[0]), shown[1])
        self.info.setText(self.tr("{n} of the first layer's neurons").format(n=n))

    def _on_follow(self, on: bool) -> None:
        if on:
            self._grad_x_bound = 0.0
            self._grad_y = None
            if self._last_snapshot is not None:
                self.update_snapshot(self._last_snapshot)

    # -- hosting contract -----------------------------------------------------------------
    def clear(self) -> None:
        # The plots stay (building them costs ~50 ms a layer; a Reset keeps the layers): only
        # their data go. A network of other layers rebuilds them on its first snapshot.
        for w, b in zip(self.hist_w, self.hist_b, strict=True):
            w.setData([], [], stepMode=None)
            b.setData([], [])
        for curve in self.grad_curves:
            curve.setData([], [])
        self.marks.clear()
        self._hist_source = None
        self.image.clear()
        self._mosaic_source = None
        self._grad_x_bound = 0.0
        self._grad_y = None
        self.follow.setChecked(True)
        self._last_snapshot = None
        self.info.clear()
        self.drawn_updates = -1

    def set_pen_width(self, factor: float) -> None:
        self._pen_factor = factor
        set_pen_width(self.grad_curves + self.hist_b, factor)

    def plot_items(self) -> list[pg.PlotItem]:
        return [*self.hist_plots, self.image_plot, self.grad_plot]

    def update_snapshot(self, snapshot) -> None:
        self._last_snapshot = snapshot
        names = list(snapshot.layer_names)
        if names != self._names:
            self._build_layers(names)
        # A snapshot carries the same histogram list until the session recomputes it.
        if snapshot.weight_histograms is not self._hist_source:
            self._hist_source = snapshot.weight_histograms
            self._draw_histograms(snapshot.weight_histograms, snapshot.bias_histograms)
        first = snapshot.first_layer_weights
        if first is not None and len(first):
            # The spin box offers what the layer has: never "100" while 64 are drawn.
            limit = min(len(first), MAX_TILES)
            if self.tiles.maximum() != limit:
                blocked = self.tiles.blockSignals(True)
                self.tiles.setMaximum(limit)
                self.tiles.setValue(min(self._wanted_tiles, limit))
                self.tiles.blockSignals(blocked)
            tiles = self.tiles.value()
            shown = self._mosaic_source
            if shown is None or shown[0] is not first or shown[1] != tiles:
                self._mosaic_source = (first, tiles)
                self.image.setImage(tile_mosaic(first, tiles), levels=(-1.0, 1.0), autoLevels=False)
                self._show_tile_count()
        x_max = 0.0
        y_lo, y_hi = math.inf, 0.0
        for curve, series in zip(self.grad_curves, snapshot.gradient_norms, strict=False):
            if not len(series):
                curve.setData([], [])
                continue
            y = np.asarray(series.y, dtype=np.float64)
            x = series.x("updates")
            ok = np.isfinite(y) & (y > 0)
            curve.setData(x[ok], y[ok])
            # One update is one point per layer: a dot, since a line needs two.
            curve.setSymbol("o" if ok.sum() == 1 else None)
            x_max = max(x_max, float(x[-1]))
            if ok.any():
                y_lo, y_hi = min(y_lo, float(y[ok].min())), max(y_hi, float(y[ok].max()))
        self._step_grad_range(x_max, y_lo, y_hi)
        self.marks.show(mark_positions(snapshot.setting_changes, "updates", snapshot.batch_loss))
        self.drawn_updates = int(snapshot.updates)

    # -- drawing --------------------------------------------------------------------------
    def _draw_histograms(self, weight_histograms, bias_histograms) -> None:
        for i, (wh, bh) in enumerate(zip(weight_histograms, bias_histograms, strict=False)):
            if i >= len(self.hist_plots):
                break
            counts = np.asarray(wh.counts, dtype=np.float64)
            edges = np.asarray(wh.edges, dtype=np.float64)
            bcounts = np.asarray(bh.counts, dtype=np.float64)
            bedges = np.asarray(bh.edges, dtype=np.float64)
            centers = 0.5 * (bedges[1:] + bedges[:-1])
            # Heights relative to the tallest bar on a fixed 0..1 scale (the count axis is
            # hidden, the picture is the same): a new histogram then changes no view range.
            # Biases are few: scaled to the weight histogram's height to share the plot.
            peak = counts.max() if counts.size else 0.0
            top = bcounts.max() if bcounts.size else 0.0
            self.hist_w[i].setData(edges, counts / peak if peak > 0 else counts, stepMode="center")
            self.hist_b[i].setData(centers, bcounts / top if top > 0 and peak > 0 else 0 * bcounts)
            # The weight axis moves only when the weights leave its range (drawing its ticks
            # costs more than the histogram).
            ends = [a[[0, -1]] for a in (edges, centers) if a.size]
            if ends:
                x_range = stepped_range(
                    self._hist_x[i], float(min(e[0] for e in ends)), float(max(e[1] for e in ends))
                )
                if x_range != self._hist_x[i]:
                    self._hist_x[i] = x_range
                    self.hist_plots[i].setXRange(*x_range, padding=0)
            self.hist_plots[i].setYRange(0.0, 1.0)

    def _step_grad_range(self, x_max: float, y_lo: float = math.inf, y_hi: float = 0.0) -> None:
        if not self.follow.following() or x_max <= 0:
            return
        # At the bound already: the next step, so the newest points never touch the edge.
        if x_max >= self._grad_x_bound or x_max < 0.2 * self._grad_x_bound:
            # Whole updates only: never ticks at 0.1 ... 1.4 after one step.
            bound = max(MIN_UPDATES_SHOWN, nice_ceiling(x_max * 1.05, GROWTH_STEPS))
            if bound != self._grad_x_bound:
                self._grad_x_bound = bound
                self.grad_plot.setXRange(0, bound, padding=0.01)
        # The log axis in half decades, moved only when a norm leaves it or the norms fill
        # little of it (following every frame's extremes redrew the axis and grid each frame).
        if 0 < y_lo <= y_hi < math.inf:
            lo, hi = math.log10(y_lo), math.log10(y_hi)
            now = self._grad_y
            if now is None or lo < now[0] or hi > now[1] or hi - lo < 0.4 * (now[1] - now[0]):
                wanted = (math.floor(2 * lo - 0.1) / 2, math.ceil(2 * hi + 0.1) / 2)
                if wanted != now:
                    self._grad_y = wanted
                    self.grad_plot.setYRange(*wanted, padding=0)

    # -- layout ---------------------------------------------------------------------------
    def _build_layers(self, names: list[str]) -> None:
        self.hist_layout.clear()
        for c in self.grad_curves:
            self.grad_plot.removeItem(c)
        self.grad_legend.clear()
        self.hist_plots, self.hist_w, self.hist_b, self.grad_curves = [], [], [], []
        self._hist_x = []
        self._hist_source = None
        for i in range(len(names)):
            self._add_histogram(i)
            self.grad_curves.append(self._gradient_curve(i))
        fill_legend(self.grad_legend, zip(self.grad_curves, names, strict=True))
        for i, (p, name) in enumerate(zip(self.hist_plots, names, strict=True)):
            p.setTitle(name, color=palette.layer_colour(i), size=text_size())
        self.hist_graphics.setMinimumHeight(HIST_HEIGHT * len(names))
        self._names = list(names)

    def _add_histogram(self, i: int) -> None:
        """Layer ``i``'s histogram plot: weights as filled bars, biases as a grey line."""
        colour = layer_colour(i)
        p = self.hist_layout.addPlot(row=i, col=0)
        p.setMinimumHeight(HIST_HEIGHT)
        p.hideAxis("left")
        p.setMouseEnabled(x=False, y=False)
        p.setMenuEnabled(False)
        p.disableAutoRange()
        # Unlabelled axes need no SI prefix: without it a range change skips relaying out
        # the (empty) axis label, on every new histogram.
        p.getAxis("left").enableAutoSIPrefix(False)
        p.getAxis("bottom").enableAutoSIPrefix(False)
        # Step mode comes with the first data (an empty step curve is refused).
        w = pg.PlotCurveItem(
            fillLevel=0,
            brush=pg.mkBrush(*colour, 150),
            pen=pg.mkPen(colour, width=1),
            skipFiniteCheck=True,
        )
        b = pg.PlotCurveItem(pen=pg.mkPen(GREY, width=1.5 * self._pen_factor), skipFiniteCheck=True)
        b.base_width = 1.5
        p.addItem(w)
        p.addItem(b)
        cache_axes(p)
        self.hist_plots.append(p)
        self.hist_w.append(w)
        self.hist_b.append(b)
        self._hist_x.append(None)

    def _gradient_curve(self, i: int) -> pg.PlotDataItem:
        """Layer ``i``'s gradient-norm curve: one point per update, thousands of them, stroked
        segment by segment."""
        colour = layer_colour(i)
        curve = fast_curve(
            self.grad_plot, colour, width=2.0, smooth=True, segments=True, skipFiniteCheck=True
        )
        curve.setSymbolBrush(colour)
        curve.setSymbolPen(None)
        curve.setSymbolSize(8)
        style = palette.line_style(i)
        if style != Qt.PenStyle.SolidLine:
            pen = pg.mkPen(curve.opts["pen"])
            pen.setStyle(style)
            curve.setPen(pen)
        return curve
