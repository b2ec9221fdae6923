"""Loss per example: each digit's Cⁿ, the total loss L = Σ Cⁿ summed costliest first, and the
mini-batch loss L′ = Σ over one batch beside it.

The losses are computed off the window's thread (a future whose result comes back as a
signal) on a copy of the session's network, so a large training set never freezes the window.
"""

from __future__ import annotations

import copy

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
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
from playground.gui.views.plot_style import plain_numbers
from playground.training.example_losses import ExampleLosses, example_losses

TILES = 12  # costliest digits shown as pictures


def loss_formula(result: ExampleLosses, n: int) -> str:
    """Cⁿ of example n written out with its numbers (HTML)."""
    out, label = result.outputs[n], int(result.labels[n])
    value = num(result.losses[n])
    if result.loss_name == "mean_squared_error":
        k = len(out)
        terms = " + ".join(f"({num(a)} − {int(i == label)})²" for i, a in enumerate(out[:3]))
        more = " + …" if k > 3 else ""
        return (
            f"C<sup>n</sup> = (1/{k}) Σ<sub>k</sub> (a<sub>k</sub> − y<sub>k</sub>)²"
            f" = (1/{k}) ({terms}{more}) = <b>{value}</b>"
        )
    p = out[label]
    return (
        f"C<sup>n</sup> = −Σ<sub>k</sub> y<sub>k</sub> ln p<sub>k</sub> = −ln p<sub>{label}</sub>"
        f" = −ln {num(p)} = <b>{value}</b>"
    )


def digit_pixmap(pixels: np.ndarray, size: int = 56) -> QPixmap:
    image = (np.clip(pixels.reshape(28, 28), 0, 1) * 255).astype(np.uint8)
    qimage = QImage(image.tobytes(), 28, 28, 28, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(qimage.copy()).scaled(size, size)


class DigitTile(QLabel):
    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = -1
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event) -> None:
        if self.index >= 0:
            self.clicked.emit(self.index)


class LossPerExampleView(QWidget):
    """Cⁿ of every digit, L = Σ Cⁿ costliest first, and one mini-batch's L′."""

    computed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probe = ModelProbe()
        self.sets: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.result: ExampleLosses | None = None
        self.batch = np.zeros(0, np.intp)
        self.selected = 0
        self._stale = False
        self._work = BackgroundWork("example-losses", self)
        self._work.finished.connect(self._receive)
        self._work.failed.connect(self._failed)
        self._rng = np.random.default_rng(0)

        self._build_controls()
        self._build_plots()
        self._lay_out(self._tile_grid())
        self._connect_controls()
        self.retranslate_ui()

    def _build_controls(self) -> None:
        self.set_label, self.set_box = QLabel(), QComboBox()
        self.batch_label, self.batch_box = QLabel(), QSpinBox()
        self.batch_box.setRange(1, 1000)
        self.batch_box.setValue(10)
        self.new_batch_button, self.refresh_button = QPushButton(), QPushButton()
        self.digit_label, self.digit_box = QLabel(), QSpinBox()
        self.summary, self.detail = QLabel(), QLabel()
        for label in (self.summary, self.detail):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)

    def _build_plots(self) -> None:
        """Cⁿ sorted (the mini-batch marked) above, their running sum Σ Cⁿ below."""
        self.sorted_plot = pg.PlotWidget()
        self.total_plot = pg.PlotWidget()
        plain_numbers(self.sorted_plot.getPlotItem(), self.total_plot.getPlotItem())
        self.sorted_curve = self.sorted_plot.plot(
            pen=curve_pen(0), fillLevel=0, brush=(0, 114, 178, 60)
        )
        self.batch_marks = pg.ScatterPlotItem(size=9, brush=series_colour(1), pen=None)
        self.sorted_plot.addItem(self.batch_marks)
        self.total_curve = self.total_plot.plot(pen=curve_pen(0))
        self.total_line = pg.InfiniteLine(angle=0, pen=curve_pen(2, dashed=True))
        self.total_plot.addItem(self.total_line)

    def _tile_grid(self) -> QGridLayout:
        """The costliest digits, four to a row, each with its caption below."""
        self.tiles = [DigitTile() for _ in range(TILES)]
        self.captions = [QLabel() for _ in range(TILES)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for k, (tile, caption) in enumerate(zip(self.tiles, self.captions, strict=True)):
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(tile, 2 * (k // 4), k % 4)
            grid.addWidget(caption, 2 * (k // 4) + 1, k % 4)
            tile.clicked.connect(self.select)
        self.tiles_title = QLabel()
        return grid

    def _lay_out(self, grid: QGridLayout) -> None:
        top = QHBoxLayout()
        for widget in (
            self.set_label,
            self.set_box,
            self.refresh_button,
            self.digit_label,
            self.digit_box,
        ):
            top.addWidget(widget)
        top.addStretch(1)
        batch_row = QHBoxLayout()
        for widget in (self.batch_label, self.batch_box, self.new_batch_button):
            batch_row.addWidget(widget)
        batch_row.addStretch(1)
        plots = QVBoxLayout()
        plots.addWidget(self.sorted_plot, 1)
        plots.addWidget(self.total_plot, 1)
        side = QVBoxLayout()
        side.addWidget(self.tiles_title)
        side.addLayout(grid)
        side.addWidget(self.detail)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addLayout(plots, 3)
        middle.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(batch_row)
        layout.addWidget(self.summary)
        layout.addLayout(middle, 1)

    def _connect_controls(self) -> None:
        self.set_box.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.new_batch_button.clicked.connect(self.new_batch)
        self.batch_box.valueChanged.connect(self.new_batch)
        self.digit_box.valueChanged.connect(self.select)

    # -- data ----------------------------------------------------------------------------------
    def set_data(self, x_train, labels_train, x_test, labels_test) -> None:
        """The examples to weigh: flattened, scaled inputs and integer labels."""
        self.sets = {
            "train": (as_rows(x_train), np.asarray(labels_train)),
            "test": (as_rows(x_test), np.asarray(labels_test)),
        }
        self.refresh()

    def current_set(self) -> tuple[np.ndarray, np.ndarray] | None:
        return self.sets.get(self.set_box.currentData() or "train")

    def refresh(self, *_args) -> None:
        """Compute every Cⁿ again for the current network, off the window's thread (while the
        tab is hidden, only once it is shown: a large set costs seconds of a core)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        data = self.current_set()
        model = self.probe.read(copy.deepcopy) if self.probe.model is not None else None
        if data is None or model is None or model.loss is None:
            self.result = None
            self._show()
            return
        self.summary.setText(self.tr("Computing the loss of every example…"))
        self._work.submit(example_losses, model, *data)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _failed(self, reason: str) -> None:
        self.result = None
        self.summary.setText(self.tr("Cannot compute the losses: {reason}").format(reason=reason))

    def _receive(self, value) -> None:
        self.result = value
        self.digit_box.blockSignals(True)
        self.digit_box.setRange(0, len(value.losses) - 1)
        self.digit_box.blockSignals(False)
        self.new_batch()
        self.computed.emit()

    def new_batch(self, *_args) -> None:
        if self.result is None:
            return
        size = min(self.batch_box.value(), len(self.result.losses))
        self.batch = np.sort(self._rng.choice(len(self.result.losses), size, replace=False))
        self._show()

    def select(self, index: int) -> None:
        self.selected = int(index)
        if self.digit_box.value() != index:
            self.digit_box.setValue(index)
        self._show_detail()

    # -- showing -------------------------------------------------------------------------------
    def _show(self) -> None:
        result = self.result
        if result is None:
            self.sorted_curve.setData([], [])
            self.total_curve.setData([], [])
            self.batch_marks.setData([], [])
            for tile, caption in zip(self.tiles, self.captions, strict=True):
                tile.index = -1
                tile.clear()
                caption.clear()
            self.summary.setText(
                self.tr("Build or open a network to see the loss of each example.")
            )
            self.detail.clear()
            return
        order = result.costliest()
        ranks = np.empty(len(order), np.intp)
        ranks[order] = np.arange(len(order))
        self.sorted_curve.setData(np.arange(1, len(order) + 1), result.losses[order])
        self.batch_marks.setData(ranks[self.batch] + 1, result.losses[self.batch])
        running = result.running_total()
        self.total_curve.setData(np.arange(1, len(running) + 1), running)
        self.total_line.setValue(result.total)
        share = result.share_of_costliest(max(1, len(order) // 10))
        self.summary.setText(
            self.tr(
                "L = Σ Cⁿ = {total} over {n} examples (mean {mean}); the costliest tenth makes "
                "up {share:.0%} of it. &nbsp; This mini-batch of {b}: L′ = Σ Cⁿ = {batch} "
                "(the update minimises L′ / {b} = {batch_mean})."
            ).format(
                total=num(result.total),
                n=len(order),
                mean=num(result.mean),
                share=share,
                b=len(self.batch),
                batch=num(result.batch_total(self.batch)),
                batch_mean=num(result.batch_total(self.batch) / max(1, len(self.batch))),
            )
        )
        x = self.current_set()[0]
        for tile, caption, n in zip(self.tiles, self.captions, order[:TILES], strict=False):
            tile.index = int(n)
            tile.setPixmap(digit_pixmap(x[n]))
            caption.setText(
                # two lines: side by side, one caption would run into the next
                self.tr("{t} → {p}\nCⁿ {c}").format(
                    t=int(result.labels[n]), p=int(result.predicted[n]), c=num(result.losses[n])
                )
            )
            tile.setToolTip(self.tr("true class → the network's answer"))
        self._show_detail()

    def _show_detail(self) -> None:
        result = self.result
        if result is None or not 0 <= self.selected < len(result.losses):
            self.detail.clear()
            return
        n = self.selected
        rank = int(np.sum(result.losses > result.losses[n])) + 1
        self.detail.setText(
            self.tr("Example {n}: true {t}, network says {p}; rank {r} of {N} by cost.").format(
                n=n,
                t=int(result.labels[n]),
                p=int(result.predicted[n]),
                r=rank,
                N=len(result.losses),
            )
            + "<br>"
            + loss_formula(result, n)
        )

    def retranslate_ui(self) -> None:
        self.set_label.setText(self.tr("Examples"))
        current = max(0, self.set_box.currentIndex())
        self.set_box.blockSignals(True)
        self.set_box.clear()
        self.set_box.addItem(self.tr("training set"), "train")
        self.set_box.addItem(self.tr("test set"), "test")
        self.set_box.setCurrentIndex(current)
        self.set_box.blockSignals(False)
        self.refresh_button.setText(self.tr("Compute again"))
        self.batch_label.setText(self.tr("Mini-batch size"))
        self.new_batch_button.setText(self.tr("Another mini-batch"))
        self.digit_label.setText(self.tr("Example"))
        self.tiles_title.setText(self.tr("The costliest examples (click one):"))
        self.sorted_plot.setTitle(
            self.tr("Cⁿ of every example, costliest first (dots: the mini-batch)")
        )
        self.sorted_plot.setLabel("left", "Cⁿ")
        self.sorted_plot.setLabel("bottom", self.tr("examples, by cost"))
        self.total_plot.setTitle(self.tr("Σ Cⁿ summed costliest first: it ends at L"))
        self.total_plot.setLabel("left", "Σ Cⁿ")
        self.total_plot.setLabel("bottom", self.tr("examples, by cost"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- hosting contract ----------------------------------------------------------------------
    def set_session(self, session) -> None:
        self.probe.session = session
        self.probe.model = getattr(session, "model", None)
        arrays = [
            getattr(session, name, None)
            for name in ("x_train", "y_train_labels", "x_test", "y_test_labels")
        ]
        if all(a is not None for a in arrays):
            self.set_data(*arrays)

    def set_model(self, model) -> None:
        self.probe.model = model
        self.refresh()

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)
        if not running:
            self.refresh()

    def update_snapshot(self, snapshot) -> None:
        """Every Cⁿ of a large set is too costly to redo per frame: paused or stopped only."""
