"""Predictions view: test digits with the predicted digit and confidence, probabilities of the
clicked digit, and the confusion matrix on the test set."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.gui.views.digit_grid import (
    CELLS,
    DigitGrid,
    cached_paint,
    new_pixmap,
    pixmap_fits,
)
from playground.gui.views.example_loss_label import ExampleLossLabel
from playground.gui.views.plot_style import BLUE, RIGHT, WRONG, plain_numbers

__all__ = ["ConfusionMatrix", "DigitGrid", "PredictionsView"]


class ConfusionMatrix(QWidget):
    """A 10x10 table of counts painted as a heat map (rows: true digit, columns: predicted).

    Kept as a picture until the counts, names or size change: while training, the counts
    change once an epoch, the grid beside them twice a second.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.matrix = np.zeros((10, 10), dtype=np.int64)
        self.class_names = tuple(str(i) for i in range(10))
        self.true_label = self.tr("true")
        self.pred_label = self.tr("predicted")
        self._pixmap: QPixmap | None = None
        self._drawn: tuple | None = None
        self.pictures_drawn = 0  # times the picture was drawn (tests count them)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the picture covers it all

    def minimumSizeHint(self) -> QSize:
        """Room for a three-digit count in every cell at the widget's font (which presentation
        mode enlarges; four digits are drawn narrower), and for the captions."""
        metrics = QFontMetricsF(self.font())
        cell = metrics.horizontalAdvance("888") + 6
        side = int(self.matrix.shape[0] * cell + 2 * metrics.height() + 8)
        return QSize(side, side)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def set_matrix(self, matrix: np.ndarray) -> None:
        matrix = np.asarray(matrix, dtype=np.int64)
        same = matrix.shape == self.matrix.shape and np.array_equal(matrix, self.matrix)
        self.matrix = matrix
        if not same or self._key() != self._drawn:
            self.update()

    def _key(self) -> tuple:
        names = tuple(self.class_names)
        return (self.matrix.tobytes(), self.matrix.shape, names, self.true_label, self.pred_label)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        if cached_paint(self, p):
            key = self._key()
            if not pixmap_fits(self._pixmap, self) or key != self._drawn:
                self._pixmap = self._pixmap if pixmap_fits(self._pixmap, self) else new_pixmap(self)
                self._pixmap.fill(Qt.GlobalColor.white)
                painter = QPainter(self._pixmap)
                self._draw(painter)
                painter.end()
                self._drawn = key
                self.pictures_drawn += 1
            p.drawPixmap(0, 0, self._pixmap)
        else:
            p.fillRect(self.rect(), Qt.GlobalColor.white)
            self._draw(p)
        p.end()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:  # the captions are painted
            self.true_label, self.pred_label = self.tr("true"), self.tr("predicted")
            self.update()
        if event.type() == QEvent.Type.FontChange:
            self._drawn = None
            self.update()
        super().changeEvent(event)

    def _draw(self, p: QPainter) -> None:
        n = self.matrix.shape[0]
        # Captions and numbers at least as large as the text around (presentation mode too).
        line = QFontMetricsF(self.font()).height()
        margin = 2 * line + 4
        side = min(self.width(), self.height()) - margin - 4
        cell = side / max(n, 1)
        total = self.matrix.sum(axis=1, keepdims=True)
        frac = self.matrix / np.where(total > 0, total, 1)
        font = QFont(self.font())
        font.setPixelSize(max(QFontInfo(self.font()).pixelSize(), int(cell * 0.32)))
        self.painted_font = font
        narrow = QFont(font)  # as tall, narrower: a four-digit count in a three-digit cell
        narrow.setStretch(QFont.Stretch.Condensed)
        wide = QFontMetricsF(font)
        p.setFont(font)
        for r in range(n):
            for c in range(n):
                rect = QRectF(margin + c * cell, margin + r * cell, cell, cell)
                f = float(frac[r, c])
                base = QColor(RIGHT if r == c else WRONG)
                alpha = int(255 * min(1.0, f * (1.0 if r == c else 4.0)))
                base.setAlpha(alpha)
                p.fillRect(rect, base)
                p.setPen(QColor(220, 220, 220))
                p.drawRect(rect)
                if self.matrix[r, c]:
                    text = str(int(self.matrix[r, c]))
                    p.setFont(narrow if wide.horizontalAdvance(text) > cell - 2 else font)
                    p.setPen(Qt.GlobalColor.black)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        p.setFont(font)
        p.setPen(Qt.GlobalColor.black)
        for i in range(n):
            name = self.class_names[i] if i < len(self.class_names) else str(i)
            p.drawText(
                QRectF(margin + i * cell, margin - line - 2, cell, line),
                Qt.AlignmentFlag.AlignCenter,
                name[:4],
            )
            p.drawText(
                QRectF(2, margin + i * cell, margin - 4, cell),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name[:4],
            )
        p.drawText(QRectF(margin, 0, side, line), Qt.AlignmentFlag.AlignCenter, self.pred_label)
        p.save()
        p.translate(line / 2 + 2, margin + side / 2)
        p.rotate(-90)
        p.drawText(
            QRectF(-side / 2, -line / 2, side, line), Qt.AlignmentFlag.AlignCenter, self.true_label
        )
        p.restore()


class PredictionsView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mistakes_only = QCheckBox(self.tr("Mistakes only"))
        self.mistakes_only.setObjectName("mistakesOnly")
        self.summary = QLabel()
        self.grid = DigitGrid()
        self.matrix = ConfusionMatrix()
        self.probs_plot = pg.PlotWidget()
        plain_numbers(self.probs_plot.getPlotItem())
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
        self.example_loss = ExampleLossLabel()  # the clicked digit's Cⁿ

        top = QHBoxLayout()
        top.addWidget(self.mistakes_only)
        top.addStretch(1)
        top.addWidget(self.summary)
        # The matrix gets a column of its own, as high as the view: its counts (up to four
        # digits) stay readable in an enlarged font; the probabilities go under the digits.
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.grid, 3)
        ll.addWidget(self.probs_plot, 1)
        ll.addWidget(self.example_loss)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel(self.tr("Confusion matrix (test set)")))
        rl.addWidget(self.matrix, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])  # shares of the width, not pixels: scaled to the view
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(split, 1)

        self._snapshot = None
        self._shown = np.zeros(0, dtype=int)
        self._probs_shown: tuple | None = None  # what the probability bars show
        self.mistakes_only.toggled.connect(self._redraw)
        self.grid.digitClicked.connect(self._on_click)

    def clear(self) -> None:
        self._snapshot = None
        self.grid.set_cells([], [], [], [], [])
        self.matrix.set_matrix(np.zeros((10, 10)))
        self.bars.setOpts(height=np.zeros(10))
        self._probs_shown = None
        self.example_loss.clear_example()
        self.summary.setText("")

    def set_pen_width(self, factor: float) -> None:
        pass

    def set_session(self, session) -> None:
        """The session's loss names the formula of a clicked digit's Cⁿ."""
        config = getattr(session, "config", None)
        self.example_loss.set_loss(getattr(config, "loss", None))
        self._probs_shown = None

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
        idx = idx[:CELLS]
        self._shown = idx
        self.grid.set_cells(
            d.images[idx], d.indices[idx], d.pred[idx], d.confidence[idx], right[idx]
        )
        if self.grid.selected is not None:
            if self.grid.selected < len(idx):
                self._show_probs(self.grid.selected)
            else:
                self.grid.selected = None
                self.grid.update()
        if snap.confusion is not None:
            self.matrix.set_matrix(snap.confusion)
            total = int(np.sum(snap.confusion))
            correct = int(np.trace(snap.confusion))
            if total:
                text = self.tr("Test set: {c} of {n} right ({p:.1f}%)").format(
                    c=f"{correct:,}", n=f"{total:,}", p=100.0 * correct / total
                )
                if text != self.summary.text():
                    self.summary.setText(text)

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
        self.shown_probabilities = probs
        # The same digit's probabilities come back with every frame until the next refresh:
        # the bars and title are rebuilt only when they change.
        key = (probs.tobytes(), label, tuple(self.grid.class_names))
        if key == self._probs_shown:
            return
        self._probs_shown = key
        brushes = [pg.mkBrush(RIGHT if k == label else BLUE) for k in range(len(probs))]
        self.bars.setOpts(x=np.arange(len(probs)), height=probs, brushes=brushes)
        tests = snap.test_loss
        self.example_loss.show_example(
            probs, label, tests.last if len(tests) else None, snap.n_test
        )
        self.probs_plot.setTitle(
            self.tr("True digit {t}: predicted {p} with {c:.1f}%").format(
                t=self.grid.class_names[label],
                p=self.grid.class_names[int(probs.argmax())],
                c=100 * probs.max(),
            )
        )
