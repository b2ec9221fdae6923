"""Predictions view: test digits with the predicted digit and confidence, probabilities of the
clicked digit, and the confusion matrix on the test set."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.gui.views.plot_style import BLUE, RIGHT, WRONG

GRID_COLS = 8
GRID_ROWS = 6


def gray_image(img: np.ndarray) -> QImage:
    a = np.asarray(img)
    if a.dtype != np.uint8:
        a = (np.clip(a, 0, 1) * 255).astype(np.uint8)
    a = np.ascontiguousarray(255 - a)
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


class DigitGrid(QWidget):
    """Paints a grid of digits; each cell: the image, the predicted digit and its confidence."""

    digitClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(QSize(300, 240))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._images: list[QImage] = []
        self._indices = np.zeros(0, dtype=int)
        self._pred = np.zeros(0, dtype=int)
        self._conf = np.zeros(0)
        self._right = np.zeros(0, dtype=bool)
        self.selected: int | None = None
        self.class_names = tuple(str(i) for i in range(10))

    def set_cells(self, images, indices, predicted, confidence, right) -> None:
        self._images = [gray_image(im) for im in images]
        self._indices = np.asarray(indices)
        self._pred = np.asarray(predicted)
        self._conf = np.asarray(confidence)
        self._right = np.asarray(right, dtype=bool)
        self.update()

    def cell_count(self) -> int:
        return len(self._images)

    def _cell_rect(self, i: int) -> QRectF:
        w = self.width() / GRID_COLS
        h = self.height() / GRID_ROWS
        r, c = divmod(i, GRID_COLS)
        return QRectF(c * w, r * h, w, h)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        font = QFont(self.font())
        for i, img in enumerate(self._images[: GRID_COLS * GRID_ROWS]):
            cell = self._cell_rect(i).adjusted(3, 3, -3, -3)
            colour = QColor(RIGHT if self._right[i] else WRONG)
            text_h = max(12.0, cell.height() * 0.22)
            side = min(cell.width(), cell.height() - text_h)
            target = QRectF(cell.x() + (cell.width() - side) / 2, cell.y(), side, side)
            p.drawImage(target, img)
            pen = QPen(colour, 3 if i == self.selected else 2)
            p.setPen(pen)
            p.drawRect(target)
            # The label "8  100%" must fit the cell's width as well as its height.
            font.setPixelSize(max(7, int(min(text_h * 0.8, cell.width() / 4.6))))
            font.setBold(True)
            p.setFont(font)
            label = self.class_names[int(self._pred[i])] if len(self._pred) > i else "?"
            p.drawText(
                QRectF(cell.x(), cell.bottom() - text_h, cell.width(), text_h),
                Qt.AlignmentFlag.AlignCenter,
                f"{label}  {self._conf[i] * 100:.0f}%",
            )
        p.end()

    def mousePressEvent(self, event) -> None:
        pos = event.position()
        w = self.width() / GRID_COLS
        h = self.height() / GRID_ROWS
        i = int(pos.y() // h) * GRID_COLS + int(pos.x() // w)
        if 0 <= i < len(self._images):
            self.selected = i
            self.update()
            self.digitClicked.emit(i)


class ConfusionMatrix(QWidget):
    """A 10x10 table of counts painted as a heat map (rows: true digit, columns: predicted)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(QSize(260, 260))
        self.matrix = np.zeros((10, 10), dtype=np.int64)
        self.class_names = tuple(str(i) for i in range(10))
        self.true_label = self.tr("true")
        self.pred_label = self.tr("predicted")

    def set_matrix(self, matrix: np.ndarray) -> None:
        self.matrix = np.asarray(matrix, dtype=np.int64)
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        n = self.matrix.shape[0]
        margin = 34
        side = min(self.width(), self.height()) - margin - 4
        cell = side / max(n, 1)
        total = self.matrix.sum(axis=1, keepdims=True)
        frac = self.matrix / np.where(total > 0, total, 1)
        font = QFont(self.font())
        font.setPixelSize(max(8, int(cell * 0.32)))
        p.setFont(font)
        for r in range(n):
            for c in range(n):
                rect = QRectF(margin + c * cell, margin + r * cell, cell, cell)
                f = float(frac[r, c])
                base = QColor(44, 160, 44) if r == c else QColor(214, 39, 40)
                alpha = int(255 * min(1.0, f * (1.0 if r == c else 4.0)))
                base.setAlpha(alpha)
                p.fillRect(rect, base)
                p.setPen(QColor(220, 220, 220))
                p.drawRect(rect)
                if self.matrix[r, c]:
                    p.setPen(Qt.GlobalColor.black)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(int(self.matrix[r, c])))
        p.setPen(Qt.GlobalColor.black)
        for i in range(n):
            name = self.class_names[i] if i < len(self.class_names) else str(i)
            p.drawText(
                QRectF(margin + i * cell, margin - 16, cell, 14),
                Qt.AlignmentFlag.AlignCenter,
                name[:4],
            )
            p.drawText(
                QRectF(2, margin + i * cell, margin - 4, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name[:4],
            )
        p.drawText(QRectF(margin, 0, side, 16), Qt.AlignmentFlag.AlignCenter, self.pred_label)
        p.save()
        p.translate(10, margin + side / 2)
        p.rotate(-90)
        p.drawText(QRectF(-side / 2, -10, side, 14), Qt.AlignmentFlag.AlignCenter, self.true_label)
        p.restore()
        p.end()


class PredictionsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mistakes_only = QCheckBox(self.tr("Mistakes only"))
        self.mistakes_only.setObjectName("mistakesOnly")
        self.summary = QLabel()
        self.grid = DigitGrid()
        self.matrix = ConfusionMatrix()
        self.probs_plot = pg.PlotWidget()
        self.probs_plot.setYRange(0, 1, padding=0.02)
        self.probs_plot.setXRange(-0.6, 9.6, padding=0)
        self.probs_plot.getPlotItem().setMouseEnabled(x=False, y=False)
        self.probs_plot.getPlotItem().getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.probs_plot.setTitle(self.tr("Click a digit to see its ten probabilities"))
        self.bars = pg.BarGraphItem(
            x=np.arange(10), height=np.zeros(10), width=0.7, brush=pg.mkBrush(*BLUE)
        )
        self.probs_plot.addItem(self.bars)
        self.probs_plot.setMinimumHeight(160)

        top = QHBoxLayout()
        top.addWidget(self.mistakes_only)
        top.addStretch(1)
        top.addWidget(self.summary)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel(self.tr("Confusion matrix (test set)")))
        rl.addWidget(self.matrix, 3)
        rl.addWidget(self.probs_plot, 2)
        split = QSplitter()
        split.addWidget(self.grid)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(split, 1)

        self._snapshot = None
        self._shown = np.zeros(0, dtype=int)
        self.mistakes_only.toggled.connect(self._redraw)
        self.grid.digitClicked.connect(self._on_click)

    def clear(self) -> None:
        self._snapshot = None
        self.grid.set_cells([], [], [], [], [])
        self.matrix.set_matrix(np.zeros((10, 10)))
        self.bars.setOpts(height=np.zeros(10))
        self.summary.setText("")

    def set_pen_width(self, factor: float) -> None:
        pass

    def plot_items(self):
        return [self.probs_plot.getPlotItem()]

    def update_snapshot(self, snapshot) -> None:
        self._snapshot = snapshot
        self._redraw()

    def _redraw(self, *_args) -> None:
        snap = self._snapshot
        if snap is None or snap.display is None:
            return
        names = tuple(snap.class_names or self.grid.class_names)
        self.grid.class_names = names
        self.matrix.class_names = names
        d = snap.display
        right = d.correct
        idx = np.arange(len(d.true))
        if self.mistakes_only.isChecked():
            idx = idx[~right]
        idx = idx[: GRID_COLS * GRID_ROWS]
        self._shown = idx
        self.grid.set_cells(
            d.images[idx], d.indices[idx], d.pred[idx], d.confidence[idx], right[idx]
        )
        if self.grid.selected is not None:
            if self.grid.selected < len(idx):
                self._show_probs(self.grid.selected)
            else:
                self.grid.selected = None
        if snap.confusion is not None:
            self.matrix.set_matrix(snap.confusion)
            total = int(np.sum(snap.confusion))
            correct = int(np.trace(snap.confusion))
            if total:
                self.summary.setText(
                    self.tr("Test set: {c} of {n} right ({p:.1f}%)").format(
                        c=f"{correct:,}", n=f"{total:,}", p=100.0 * correct / total
                    )
                )

    def _on_click(self, cell: int) -> None:
        self._show_probs(cell)

    def select_cell(self, cell: int) -> None:
        """Select a digit of the grid as a click would (its probabilities are shown)."""
        if 0 <= cell < self.grid.cell_count():
            self.grid.selected = cell
            self.grid.update()
            self._show_probs(cell)

    def first_mistake(self) -> int | None:
        """The grid position of the first wrongly predicted digit shown, if any."""
        snap = self._snapshot
        if snap is None or snap.display is None:
            return None
        for cell, i in enumerate(self._shown):
            if not snap.display.correct[i]:
                return cell
        return None

    def _show_probs(self, cell: int) -> None:
        snap = self._snapshot
        if snap is None or snap.display is None or cell >= len(self._shown):
            return
        i = int(self._shown[cell])
        probs = np.asarray(snap.display.probabilities[i], dtype=float)
        label = int(snap.display.true[i])
        brushes = [pg.mkBrush(RIGHT if k == label else BLUE) for k in range(len(probs))]
        self.bars.setOpts(x=np.arange(len(probs)), height=probs, brushes=brushes)
        self.probs_plot.setTitle(
            self.tr("True digit {t}: predicted {p} with {c:.1f}%").format(
                t=self.grid.class_names[label],
                p=self.grid.class_names[int(probs.argmax())],
                c=100 * probs.max(),
            )
        )
        self.shown_probabilities = probs
