"""Loss view: the noisy mini-batch loss beside the total loss L, validation/test loss, accuracy."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from playground.gui import palette
from playground.gui.palette import rgb
from playground.gui.views.change_marks import ChangeMarks, mark_positions
from playground.gui.views.follow import FollowSwitch
from playground.gui.views.plot_style import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    cache_axes,
    fast_curve,
    fill_legend,
    outside_legend,
    plain_numbers,
    set_pen_width,
)

AXES = ("updates", "epochs", "seconds")
RATE_PANEL_HEIGHT = 110  # px: the learning-rate panel under the accuracy plot
PURPLE = rgb(palette.LAYERS[3])
MAX_DOTS = 150  # evaluation curves with more points are drawn as plain lines


class LossView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._build_controls()
        self._build_plots()
        self._build_curves()
        self._build_layout()
        self._snapshot = None
        cache_axes(self.loss_plot, self.acc_plot, self.rate_plot)
        self._use_val = False
        self._has_penalty = False
        self._axis = "updates"
        self.retranslate_ui()
        self.axis.currentIndexChanged.connect(self._redraw)
        self.log_y.toggled.connect(self._on_log)

    def _build_controls(self) -> None:
        self.axis = QComboBox()
        self.axis.setObjectName("lossAxis")
        for key in AXES:
            self.axis.addItem(key, key)
        self.log_y = QCheckBox()
        self.axis_caption = QLabel()
        self.follow = FollowSwitch()
        self.message = QLabel()
        self.message.setObjectName("lossMessage")
        self.message.setStyleSheet(f"color: {palette.NEGATIVE}; font-weight: bold;")
        self.message.setWordWrap(True)
        self.message.hide()

    def _build_plots(self) -> None:
        # Legends sit in rows of their own above each plot: they never cover the newest data.
        self.graphics = pg.GraphicsLayoutWidget()
        self.loss_legend = outside_legend(self.graphics, 0, 0)
        self.loss_plot = self.graphics.addPlot(row=1, col=0)
        self.acc_legend = outside_legend(self.graphics, 2, 0)
        self.acc_plot = self.graphics.addPlot(row=3, col=0)
        # The learning rate of each update, in a small panel shown once the rate varies (a
        # schedule, or a change mid-run).
        self.rate_plot = self.graphics.addPlot(row=4, col=0)
        self.rate_plot.setXLink(self.loss_plot)
        self.rate_plot.showGrid(x=True, y=True, alpha=0.2)
        self.rate_plot.setMouseEnabled(y=False)
        self._rate_shown = True
        self._rate_top = 0.0
        self._show_rate_panel(False)
        self.graphics.ci.layout.setRowStretchFactor(1, 3)
        self.graphics.ci.layout.setRowStretchFactor(3, 2)
        self.graphics.ci.layout.setRowStretchFactor(4, 0)
        self.acc_plot.setXLink(self.loss_plot)
        self.loss_plot.hideAxis("bottom")  # shared with the accuracy plot below
        self.loss_plot.showAxis("right")
        self.loss_plot.getAxis("right").setPen(pg.mkPen(ORANGE))
        self.loss_plot.getAxis("right").setTextPen(pg.mkPen(ORANGE))
        self.loss_plot.showAxis("right", False)
        self.acc_plot.setYRange(0, 1, padding=0.02)
        plain_numbers(self.loss_plot, self.acc_plot, self.rate_plot)
        # Ranges grow in round steps (nice_ceiling): axes are redrawn only when a step is passed,
        # not on every frame (drawing axis text is the costliest part of a frame).
        self.loss_plot.disableAutoRange()
        self.acc_plot.disableAutoRange()
        self._x_bound = 0.0
        self._y_bound = 0.0
        for p in (self.loss_plot, self.acc_plot):
            p.showGrid(x=True, y=True, alpha=0.2)
        self.loss_plot.getAxis("right").setGrid(False)  # L's axis: ticks only, no second grid
        self.follow.watch(self.graphics, self.loss_plot.vb, self.acc_plot.vb)
        self.follow.followChanged.connect(self._on_follow)
        self.marks = [
            ChangeMarks(self.loss_plot),
            ChangeMarks(self.acc_plot, labelled=False),
            ChangeMarks(self.rate_plot, labelled=False),
        ]

    def _build_curves(self) -> None:
        band = pg.mkColor(*BLUE, 70)
        self.batch_band = fast_curve(self.loss_plot, band, width=1.0)
        # One pixel wide: Qt's raster engine draws 1-px lines on a fast path; at 1.5 px this
        # curve alone took a fifth of each repaint (the band around it shows the spread).
        self.batch_loss = fast_curve(self.loss_plot, BLUE, width=1.0)
        marks = {"symbolSize": 6, "symbolPen": None}
        self.total_loss = fast_curve(
            self.loss_plot, ORANGE, smooth=True, width=2.5, symbol="o", symbolBrush=ORANGE, **marks
        )
        self.val_loss = fast_curve(
            self.loss_plot, GREEN, smooth=True, width=2.5, symbol="s", symbolBrush=GREEN, **marks
        )
        # The regularization penalty, part of the mini-batch loss (as in Keras), on its own.
        self.penalty = fast_curve(self.loss_plot, PURPLE, smooth=True, width=2.0)
        self.batch_acc = fast_curve(self.acc_plot, pg.mkColor(*BLUE, 140), width=1.0)
        self.train_acc = fast_curve(
            self.acc_plot, ORANGE, smooth=True, width=2.5, symbol="o", symbolBrush=ORANGE, **marks
        )
        self.val_acc = fast_curve(
            self.acc_plot, GREEN, smooth=True, width=2.5, symbol="s", symbolBrush=GREEN, **marks
        )
        self.rate = fast_curve(self.rate_plot, GREY, smooth=True, width=2.0)
        self.curves = [
            self.batch_band,
            self.batch_loss,
            self.total_loss,
            self.val_loss,
            self.penalty,
            self.batch_acc,
            self.train_acc,
            self.val_acc,
            self.rate,
        ]

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.axis_caption)
        top.addWidget(self.axis)
        top.addWidget(self.log_y)
        top.addStretch(1)
        top.addWidget(self.follow)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.message)
        lay.addWidget(self.graphics, 1)

    def retranslate_ui(self) -> None:
        names = {
            "updates": self.tr("updates"),
            "epochs": self.tr("epochs"),
            "seconds": self.tr("seconds"),
        }
        for i, key in enumerate(AXES):
            self.axis.setItemText(i, names[key])
        self.axis_caption.setText(self.tr("x axis:"))
        self.log_y.setText(self.tr("Log scale"))
        self.loss_plot.setLabel("left", self.tr("mean loss per example"))
        self.loss_plot.setLabel("right", self.tr("total loss L = Σ Cⁿ"))
        self.acc_plot.setLabel("left", self.tr("accuracy"))
        self.rate_plot.setLabel("left", self.tr("learning rate"))
        self._axis_label = None
        self._set_axis_label()
        self._rename_legend()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- hosting contract -----------------------------------------------------------------
    def update_snapshot(self, snapshot) -> None:
        self._snapshot = snapshot
        self._redraw()

    def clear(self) -> None:
        self._snapshot = None
        self._x_bound = self._y_bound = 0.0
        self.follow.setChecked(True)
        for c in self.curves:
            c.setData([], [])
            c._series_key = ()
        for marks in self.marks:
            marks.clear()
        self._show_rate_panel(False)
        self.show_message(None)

    def show_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def plot_items(self) -> list[pg.PlotItem]:
        return [self.loss_plot, self.acc_plot, self.rate_plot]

    def mark_labels(self) -> list[str]:
        """The labels of the settings changed mid-run, as marked on the time axis."""
        return self.marks[0].labels()

    def set_pen_width(self, factor: float) -> None:
        set_pen_width(self.curves, factor)

    def points_drawn(self) -> int:
        """How many mini-batch loss points the curve holds (tests and screenshots wait on it)."""
        x, _ = self.batch_loss.getData()
        return 0 if x is None else len(x)

    # -- drawing ----------------------------------------------------------------------------
    def _step_ranges(self, axis: str, batch) -> None:
        if not self.follow.following():  # the user's zoom holds
            return
        x_max = float(batch.x(axis)[-1]) if len(batch) else 1.0
        if x_max > self._x_bound or x_max < 0.2 * self._x_bound or self._axis != axis:
            bound = nice_ceiling(x_max * 1.05, GROWTH_STEPS)
            if axis == "updates":  # whole updates: 0 .. 10 at least, never 0.1 ... 1.4
                bound = max(bound, 10.0)
            if bound != self._x_bound or self._axis != axis:
                self._x_bound, self._axis = bound, axis
                self.loss_plot.setXRange(0, bound, padding=0.01)
        if self.log_y.isChecked():
            self.loss_plot.enableAutoRange(axis="y")
            return
        highs = [float(np.nanmax(batch.high)) if np.isfinite(batch.high).any() else 0.0]
        for c in (self.total_loss, self.val_loss):
            _, y = c.getData()
            if y is not None and len(y):
                highs.append(float(np.nanmax(y)))
        y_max = max(h for h in highs if math.isfinite(h)) if highs else 1.0
        if y_max > self._y_bound or y_max < 0.5 * self._y_bound:
            self._y_bound = nice_ceiling(y_max * 1.05)
            self.loss_plot.setYRange(0, self._y_bound, padding=0.01)

    def _on_log(self, on: bool) -> None:
        self.loss_plot.setLogMode(y=on)
        self._y_bound = 0.0
        if not on:
            self.loss_plot.disableAutoRange(axis="y")
        # A scaled axis cannot follow a log scale: L's own axis is shown on linear plots only.
        self.loss_plot.showAxis(
            "right", not on and self._snapshot is not None and len(self._snapshot.train_loss) > 0
        )
        self._redraw()

    def _rename_legend(self) -> None:
        which = self.tr("validation") if self._use_val else self.tr("test")
        entries = [
            (self.batch_loss, self.tr("mini-batch loss")),
            (self.total_loss, self.tr("total loss L (right axis)")),
            (self.val_loss, self.tr("{which} loss").format(which=which)),
        ]
        if self._has_penalty:
            entries.append((self.penalty, self.tr("penalty (in the mini-batch loss)")))
        fill_legend(self.loss_legend, entries)
        fill_legend(
            self.acc_legend,
            [
                (self.batch_acc, self.tr("mini-batch accuracy")),
                (self.train_acc, self.tr("training accuracy")),
                (self.val_acc, self.tr("{which} accuracy").format(which=which)),
            ],
        )

    def _on_follow(self, on: bool) -> None:
        if on:  # back to the stepped ranges, from the data as they are now
            self._x_bound = self._y_bound = 0.0
            self._redraw()

    def _set_axis_label(self) -> None:
        names = {
            "updates": self.tr("updates (mini-batches)"),
            "epochs": self.tr("epochs"),
            "seconds": self.tr("seconds of training"),
        }
        label = names[self.axis.currentData()]
        if label != getattr(self, "_axis_label", None):  # a new label redraws the whole axis
            self._axis_label = label
            self.acc_plot.setLabel("bottom", label)
            self.rate_plot.setLabel("bottom", label)

    def _show_rate_panel(self, on: bool) -> None:
        """The learning-rate panel under the accuracy plot, which then lends it the x axis."""
        if on == self._rate_shown:
            return
        self._rate_shown = on
        # Hidden, it takes no room: a hidden item keeps its place in a graphics layout.
        self.rate_plot.setMaximumHeight(RATE_PANEL_HEIGHT if on else 0)
        self.rate_plot.setVisible(on)
        self.acc_plot.showAxis("bottom", not on)

    def _redraw(self, *_args) -> None:
        self._set_axis_label()
        snap = self._snapshot
        if snap is None:
            return
        axis = self.axis.currentData()
        batch = snap.batch_loss
        if len(batch):
            self.batch_loss.setData(batch.x(axis), _finite(batch.y))
            ex, ey = batch.envelope(axis)
            self.batch_band.setData(ex, _finite(ey))
        else:
            self.batch_loss.setData([], [])
            self.batch_band.setData([], [])
        # L = sum of C^n is drawn as L / N on the left scale; the right axis reads it as L.
        _set(self.total_loss, snap.train_loss, axis)
        _dots(self.total_loss, len(snap.train_loss))
        right = self.loss_plot.getAxis("right")
        if snap.n_train and right.scale != snap.n_train:
            right.setScale(float(snap.n_train))
        has_total = len(snap.train_loss) > 0 and not self.log_y.isChecked()
        if right.isVisible() != has_total:
            self.loss_plot.showAxis("right", has_total)
        use_val = len(snap.val_loss) > 0
        _set(self.val_loss, snap.val_loss if use_val else snap.test_loss, axis)
        _set(self.batch_acc, snap.batch_accuracy, axis)
        _set(self.train_acc, snap.train_accuracy, axis)
        _dots(self.train_acc, len(snap.train_accuracy))
        _set(self.val_acc, snap.val_accuracy if use_val else snap.test_accuracy, axis)
        self._draw_penalty_and_rate(snap, axis)
        positions = mark_positions(snap.setting_changes, axis, batch)
        for marks in self.marks:
            marks.show(positions)
        self._step_ranges(axis, batch)
        if use_val != self._use_val:
            self._use_val = use_val
            self._rename_legend()

    def _draw_penalty_and_rate(self, snap, axis: str) -> None:
        penalty = snap.regularization_loss
        has_penalty = len(penalty) > 0 and bool(np.nanmax(penalty.y) > 0)
        _set(self.penalty, penalty if has_penalty else None, axis)
        if has_penalty != self._has_penalty:
            self._has_penalty = has_penalty
            self._rename_legend()
        rate = snap.learning_rate_history
        varies = len(rate) > 1 and bool(np.nanmax(rate.high) > np.nanmin(rate.low))
        self._show_rate_panel(varies)
        _set(self.rate, rate if varies else None, axis)
        top = nice_ceiling(float(np.nanmax(rate.high)) * 1.05) if varies else 0.0
        if varies and top != self._rate_top:  # the axis redrawn only when its range changes
            self._rate_top = top
            self.rate_plot.setYRange(0, top, padding=0)


NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)
# A time axis grows by at most half at a step: the curve keeps two thirds of the width or more,
# and the axes are redrawn seven times per tenfold growth instead of ten.
GROWTH_STEPS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0)


def nice_ceiling(value: float, steps: tuple[float, ...] = NICE_STEPS) -> float:
    """The next round number (1, 1.2, 1.5, 2, 2.5, ... x 10^k) at or above ``value``: plot
    bounds that change rarely."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in steps:
        if m * 10**exp >= value:
            return m * 10**exp
    return 10.0 ** (exp + 1)


def _finite(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=float)
    return np.where(np.isfinite(y), y, np.nan)


def _dots(curve: pg.PlotDataItem, points: int) -> None:
    """A dot on each evaluation, unless they are so many (L after every update) that the dots
    would merge into a thick band."""
    symbol = "o" if points <= MAX_DOTS else None
    if curve.opts["symbol"] != symbol:
        curve.setSymbol(symbol)


def _set(curve: pg.PlotDataItem, series, axis: str) -> None:
    """Evaluation curves change a few times per epoch: setData (which rebuilds the symbols)
    only when the series did."""
    if series is None or not len(series):
        key = None
    else:
        key = (axis, len(series), series.updates[-1], float(series.y[-1]), float(series.y[0]))
    if key == getattr(curve, "_series_key", ()):
        return
    curve._series_key = key
    if key is None:
        curve.setData([], [])
        return
    curve.setData(series.x(axis), _finite(series.y))
