"""Gradient descent on a loss surface: L over two weights (or two random directions), the
path the updates take across it, the arrow −η∇L at the current point, and beside it L and the
mini-batch loss L′ after every update ("we do not really minimise total loss").

The surface is computed off the window's thread (a future whose result comes back as a
signal) on a copy of the session's network and a sample of its training examples.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.engine.byte_inputs import as_rows
from playground.gui.background import BackgroundWork
from playground.gui.concepts.backprop_text import num
from playground.gui.concepts.colors import curve_pen, series_colour
from playground.gui.concepts.model_probe import ModelProbe
from playground.gui.views.plot_style import LegendPlot, plain_numbers
from playground.training.example_losses import targets_for
from playground.training.loss_surface import (
    LossGrid,
    PlaneDescent,
    PlaneLoss,
    loss_grid,
    random_plane,
    weight_plane,
)

# Examples the surface is computed on and grid points a side: every point of a random plane
# runs the whole network, one of a plane of two weights only the layers from theirs up.
SAMPLE = {"weights": 300, "random": 64}
STEPS = {"weights": 21, "random": 13}
MAX_TRACK = 2000  # points of the run's own path kept in the plane
COLOURS = pg.colormap.get("CET-L17")  # light (low loss) to dark (high)


def steepest_pair(plane_loss: PlaneLoss, layer: int) -> tuple[tuple[int, int, int], ...]:
    """The two kernel weights of ``layer`` with the largest |∂L/∂w| over the examples."""
    model = plane_loss.model
    grads = model.backward_pass(model.forward_pass(plane_loss.x), plane_loss.y)
    flat = np.argsort(-np.abs(grads[layer].kernel), axis=None)[:2]
    rows, columns = np.unravel_index(flat, grads[layer].kernel.shape)
    return tuple((layer, int(r), int(c)) for r, c in zip(rows, columns, strict=True))


@dataclass(frozen=True)
class _Surface:
    grid: LossGrid
    weights: tuple  # the two (layer, row, column) of a plane of weights; () for random
    descent: PlaneDescent
    arrow: tuple[float, float]


def _surface(model, layer, x, y, span, steps, batch_size, learning_rate, should_stop, keep=()):
    """Everything a new plane needs, computed on the worker's thread: the plane (the two
    steepest weights of ``layer``, or ``keep``, the pair the run's path follows; random
    directions when ``layer`` is None), its grid, and a descent starting at its centre with
    the first arrow −η∇L."""
    if layer is None:
        plane = random_plane(model, seed=0)
        weights: tuple = ()
    else:
        if keep:
            weights = keep
        else:
            probe = PlaneLoss(model, weight_plane(model, (layer, 0, 0), (layer, 0, 1)), x, y)
            weights = steepest_pair(probe, layer)
        plane = weight_plane(model, *weights)
    grid = loss_grid(PlaneLoss(model, plane, x, y), span, steps, should_stop)
    if grid is None:
        return None
    descent = PlaneDescent(PlaneLoss(model, plane, x, y), batch_size, learning_rate, seed=0)
    with np.errstate(over="ignore", invalid="ignore"):
        arrow = descent.arrow()
    return _Surface(grid, weights, descent, arrow)


class LossSurfaceView(QWidget):
    """The surface, the descent path and arrow, and L / L′ per update."""

    surfaceReady = Signal()
    stepped = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probe = ModelProbe()
        self.examples: tuple[np.ndarray, np.ndarray] | None = None  # inputs, labels
        self.plane_loss: PlaneLoss | None = None
        self.descent: PlaneDescent | None = None
        self.grid: LossGrid | None = None
        self.weights: tuple = ()
        # The training run's own path in the plane's two weights: their values each time the
        # run's weights arrived (bounded; halved when full).
        self.run_track: list[tuple[float, float]] = []
        self.arrow = (0.0, 0.0)
        self._stale = False
        self._work = BackgroundWork("loss-surface", self)
        self._work.finished.connect(self._receive)
        self._work.failed.connect(self._clear)

        self._make_controls()
        self._make_plots()
        self._lay_out()
        self.draw_button.clicked.connect(self.refresh)
        # bound methods, not lambdas: a lambda holding self keeps a closed view alive
        self.step_button.clicked.connect(self.one_update)
        self.ten_button.clicked.connect(self.ten_updates)
        self.mode_box.currentIndexChanged.connect(self.refresh)
        self.layer_box.currentIndexChanged.connect(self.refresh)
        self.retranslate_ui()

    def _make_controls(self) -> None:
        self.mode_label, self.mode_box = QLabel(), QComboBox()
        self.layer_label, self.layer_box = QLabel(), QComboBox()
        self.span_label, self.span_box = QLabel(), QDoubleSpinBox()
        self.span_box.setRange(0.01, 20.0)
        self.span_box.setValue(2.0)
        self.span_box.setSingleStep(0.5)
        self.lr_label, self.lr_box = QLabel(), QDoubleSpinBox()
        self.lr_box.setDecimals(4)
        self.lr_box.setRange(0.0001, 10.0)
        self.lr_box.setValue(0.5)
        self.batch_label, self.batch_box = QLabel(), QSpinBox()
        self.batch_box.setRange(1, 1000)
        self.batch_box.setValue(10)
        self.draw_button, self.step_button = QPushButton(), QPushButton()
        self.ten_button = QPushButton()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)

    def _make_plots(self) -> None:
        self.surface_plot = pg.PlotWidget()
        self.surface_plot.setMouseEnabled(False, False)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.surface_plot.addItem(self.image)
        self.bar = pg.ColorBarItem(colorMap=COLOURS, interactive=False, width=14)
        self.bar.setImageItem(self.image, insert_in=self.surface_plot.getPlotItem())
        self.contours: list[pg.IsocurveItem] = []
        self.path = self.surface_plot.plot(
            pen=curve_pen(1), symbol="o", symbolSize=6, symbolBrush=series_colour(1)
        )
        self.run_path = self.surface_plot.plot(
            pen=curve_pen(3, dashed=True), symbol="s", symbolSize=5, symbolBrush=series_colour(3)
        )
        self.arrow_line = self.surface_plot.plot(pen=pg.mkPen("#000000", width=2.5))
        self.arrow_head = pg.ArrowItem(brush="#000000", pen=None, headLen=14)
        self.surface_plot.addItem(self.arrow_head)
        # The legend in a row of its own (over the plot it hid the newest points and was cut
        # at the edge on a projector); the long title as a label that wraps.
        self.history_plot = LegendPlot()
        self.history_title = QLabel()
        self.history_title.setWordWrap(True)
        self.history_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        plain_numbers(self.surface_plot.getPlotItem(), self.history_plot.getPlotItem())
        self.batch_curve = self.history_plot.plot(pen=curve_pen(1), name="L′ / B")
        self.total_curve = self.history_plot.plot(pen=curve_pen(0, width=3.5), name="L / N")

    def _lay_out(self) -> None:
        # two rows, so the tab fits beside the settings on a 1280-pixel screen
        plane_row, step_row = QHBoxLayout(), QHBoxLayout()
        for row, widgets in (
            (
                plane_row,
                (self.mode_label, self.mode_box, self.layer_label, self.layer_box),
            ),
            (
                step_row,
                (self.span_label, self.span_box, self.draw_button, self.lr_label, self.lr_box),
            ),
        ):
            for widget in widgets:
                row.addWidget(widget)
        for widget in (self.batch_label, self.batch_box, self.step_button, self.ten_button):
            step_row.addWidget(widget)
        plane_row.addStretch(1)
        step_row.addStretch(1)
        plots = QHBoxLayout()
        plots.addWidget(self.surface_plot, 3)
        history = QVBoxLayout()
        history.addWidget(self.history_title)
        history.addWidget(self.history_plot, 1)
        plots.addLayout(history, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(plane_row)
        layout.addLayout(step_row)
        layout.addWidget(self.info)
        layout.addLayout(plots, 1)

    # -- data and the plane ----------------------------------------------------------------------
    def set_examples(self, x: np.ndarray, labels: np.ndarray) -> None:
        """Training examples (flattened, scaled) and their integer labels."""
        self.examples = (as_rows(x), np.asarray(labels).astype(np.intp))
        self.refresh()

    @property
    def mode(self) -> str:
        return self.mode_box.currentData() or "weights"

    def refresh(self, *_args) -> None:
        """A new plane through the network's current weights, and its surface (computed off
        the window's thread; while the tab is hidden, only once it is shown)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        model = self.probe.read(copy.deepcopy) if self.probe.model is not None else None
        if model is None or model.loss is None or self.examples is None:
            self._clear(self.tr("Build or open a network to see its loss surface."))
            return
        self._fill_layers(len(model.layers))
        self.layer_box.setEnabled(self.mode == "weights")
        x, labels = self.examples
        n = min(SAMPLE[self.mode], len(x))
        y = targets_for(model.loss, labels[:n], model.output_dim)
        layer = max(0, self.layer_box.currentIndex()) if self.mode == "weights" else None
        settings = (self.span_box.value(), STEPS[self.mode], self.batch_box.value())
        settings += (self.lr_box.value(),)  # read here: widgets belong to this thread
        same_layer = bool(self.weights) and self.weights[0][0] == layer
        keep = self.weights if self.run_track and same_layer else ()
        self.info.setText(self.tr("Computing the loss surface…"))
        stop = self._work.stopping()
        self._work.submit(_surface, model, layer, x[:n], y, *settings, stop, keep)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _receive(self, value) -> None:
        if value is None:  # stopped: a newer plane is on its way
            return
        if value.weights != self.weights:  # another pair: its track starts here
            self.run_track = []
        self.grid, self.weights = value.grid, value.weights
        self.plane_loss, self.descent = value.descent.plane_loss, value.descent
        if self.weights:
            here = self._pair_values(self.plane_loss.plane.origin)
            if self.run_track:
                self._track(here)
            else:
                self.run_track = [here]
        self._show_surface()
        self._show_run_path()
        self._show_path(value.arrow)
        self.surfaceReady.emit()

    def one_update(self, *_args) -> None:
        self.take_steps(1)

    def ten_updates(self, *_args) -> None:
        self.take_steps(10)

    def take_steps(self, count: int) -> None:
        """``count`` mini-batch updates within the plane; the path and the curves follow."""
        if self.descent is None:
            return
        if self.descent.learning_rate != self.lr_box.value() or (
            self.descent.batch_size != min(self.batch_box.value(), len(self.descent.x))
        ):
            self.descent.learning_rate = self.lr_box.value()
            self.descent.batch_size = min(self.batch_box.value(), len(self.descent.x))
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(count):
                self.descent.step()
        self._show_path()
        self.stepped.emit(len(self.descent.points))

    # -- drawing -------------------------------------------------------------------------------
    def _clear(self, message: str) -> None:
        self.grid, self.descent, self.plane_loss = None, None, None
        self.image.clear()
        for item in self.contours:
            self.surface_plot.removeItem(item)
        self.contours = []
        self.run_track = []
        for curve in (
            self.path,
            self.run_path,
            self.arrow_line,
            self.batch_curve,
            self.total_curve,
        ):
            curve.setData([], [])
        self.info.setText(message)

    def _show_surface(self) -> None:
        grid = self.grid
        values = np.where(np.isfinite(grid.values), grid.values, np.nan)
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        high = high if high > low else low + 1.0
        self.image.setImage(values, levels=(low, high))
        step = grid.alphas[1] - grid.alphas[0]
        self.image.setRect(
            QRectF(
                grid.alphas[0] - step / 2,
                grid.betas[0] - step / 2,
                step * len(grid.alphas),
                step * len(grid.betas),
            )
        )
        self.bar.setLevels((low, high))
        for item in self.contours:
            self.surface_plot.removeItem(item)
        self.contours = []
        if finite.size:
            for level in np.quantile(finite, np.linspace(0.05, 0.95, 9)):
                curve = pg.IsocurveItem(
                    np.nan_to_num(values, nan=high),
                    float(level),
                    pen=pg.mkPen("#555555"),
                    axisOrder="row-major",
                )
                curve.setParentItem(self.image)
                curve.setPos(0.5, 0.5)  # isocurve points sit on pixel centres
                self.contours.append(curve)
        self._show_info()

    def _show_path(self, arrow: tuple[float, float] | None = None) -> None:
        descent = self.descent
        if descent is None:
            return
        points = descent.points
        alphas = [0.0] + [p.alpha for p in points]
        betas = [0.0] + [p.beta for p in points]
        self.path.setData(alphas, betas)
        if arrow is None:
            with np.errstate(over="ignore", invalid="ignore"):
                arrow = descent.arrow()
        da, db = arrow
        self.arrow_line.setData(
            [descent.alpha, descent.alpha + da], [descent.beta, descent.beta + db]
        )
        angle = float(np.degrees(np.arctan2(db, da))) if da or db else 0.0
        self.arrow_head.setPos(descent.alpha + da, descent.beta + db)
        self.arrow_head.setStyle(angle=180 - angle)
        updates = [p.update for p in points]
        self.batch_curve.setData(updates, [p.batch_loss for p in points])
        self.total_curve.setData(updates, [p.total_loss for p in points])
        self.arrow = (da, db)
        self._show_info()

    def _pair_values(self, weights) -> tuple[float, float]:
        """The plane's two weights in ``weights`` (as ``get_weights()``)."""
        (l1, r1, c1), (l2, r2, c2) = self.weights
        return float(weights[2 * l1][r1, c1]), float(weights[2 * l2][r2, c2])

    def _show_run_path(self) -> None:
        """The run's track drawn in the plane: α, β are each weight's value then minus now."""
        if not self.weights or self.plane_loss is None or not self.run_track:
            self.run_path.setData([], [])
            return
        o1, o2 = self._pair_values(self.plane_loss.plane.origin)
        track = np.asarray(self.run_track)
        self.run_path.setData(track[:, 0] - o1, track[:, 1] - o2)

    def _show_info(self) -> None:
        if self.plane_loss is None:
            return
        descent = self.descent
        if self.mode == "weights":
            names = ", ".join(f"W<sup>{layer + 1}</sup>[{r}, {c}]" for layer, r, c in self.weights)
            what = self.tr(
                "L as a function of two weights, {names} (the steepest of their layer; all "
                "others held): α and β are how far each moved."
            ).format(names=names)
            if len(self.run_track) > 1:
                what += " " + self.tr(
                    "Dashed: the path these two weights took in the training run (the other "
                    "weights moved too, so the surface under it moved)."
                )
        else:
            what = self.tr(
                "L over two random directions in weight space (each scaled to its neurons' "
                "weights): w = w₀ + α d₁ + β d₂."
            )
        where = ""
        if descent is not None:
            da, db = self.arrow
            where = self.tr(
                " &nbsp; After {u} updates: L / N = {total}. Arrow: −η∇L = ({da}, {db})."
            ).format(
                u=len(descent.points),
                total=num(descent.points[-1].total_loss) if descent.points else "–",
                da=num(da),
                db=num(db),
            )
        self.info.setText(what + where)

    # -- language and hosting ------------------------------------------------------------------
    def _fill_layers(self, count: int) -> None:
        if self.layer_box.count() == count:
            return
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        for i in range(count):
            self.layer_box.addItem(self.tr("Layer {n}").format(n=i + 1))
        self.layer_box.setCurrentIndex(count - 1)
        self.layer_box.blockSignals(False)

    def retranslate_ui(self) -> None:
        self.mode_label.setText(self.tr("Directions"))
        current = max(0, self.mode_box.currentIndex())
        self.mode_box.blockSignals(True)
        self.mode_box.clear()
        self.mode_box.addItem(self.tr("two weights"), "weights")
        self.mode_box.addItem(self.tr("two random directions"), "random")
        self.mode_box.setCurrentIndex(current)
        self.mode_box.blockSignals(False)
        self.layer_label.setText(self.tr("Layer"))
        self.span_label.setText(self.tr("Span ±"))
        self.lr_label.setText("η")
        self.batch_label.setText(self.tr("Batch"))
        self.draw_button.setText(self.tr("Draw again here"))
        self.step_button.setText(self.tr("One update"))
        self.ten_button.setText(self.tr("10 updates"))
        self.surface_plot.setTitle(
            self.tr("Loss L / N over the plane, and the path of the updates")
        )
        self.surface_plot.setLabel("left", "β")
        self.surface_plot.setLabel("bottom", "α")
        self.history_title.setText(
            self.tr("Each update minimises its mini-batch's L′, not the total L")
        )
        self.history_plot.setLabel("bottom", self.tr("update"))
        self.history_plot.setLabel("left", self.tr("loss per example"))
        self._show_info()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_session(self, session) -> None:
        self.run_track = []  # another run
        self.probe.session = session
        self.probe.model = getattr(session, "model", None)
        config = getattr(session, "config", None)
        if config is not None:
            self.lr_box.setValue(float(config.learning_rate))
            self.batch_box.setValue(int(config.batch_size))
        x, labels = getattr(session, "x_train", None), getattr(session, "y_train_labels", None)
        if x is not None and labels is not None:
            self.set_examples(x, labels)

    def set_model(self, model) -> None:
        self.probe.model = model
        self.refresh()

    def _track(self, point: tuple[float, float]) -> None:
        """The run's two weights now, added to its track (bounded: halved when full)."""
        if not self.run_track or point == self.run_track[-1]:
            return
        self.run_track.append(point)
        if len(self.run_track) > MAX_TRACK:
            track = self.run_track  # every other point, the newest kept
            self.run_track = [*track[:-1:2], track[-1]]

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)
        if not running:
            self.refresh()

    def update_snapshot(self, snapshot) -> None:
        """A new surface per frame would cost too much: it is drawn when training pauses; the
        run's path in the plane's two weights grows with every frame."""
        model = self.probe.model
        if not self.weights or model is None:
            return
        try:
            (l1, r1, c1), (l2, r2, c2) = self.weights
            point = float(model.layers[l1].kernel[r1, c1]), float(model.layers[l2].kernel[r2, c2])
        except (IndexError, AttributeError):  # another network: its own track comes with it
            self.run_track = []
            return
        first_move = len(self.run_track) == 1
        self._track(point)
        self._show_run_path()
        if first_move and len(self.run_track) == 2:
            self._show_info()  # now says what the dashed track is
