"""Predictions view: test digits with the predicted digit and confidence, probabilities of the
clicked digit, and the confusion matrix on the test set."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QPaintEngine,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.gui.views.example_loss_label import ExampleLossLabel
from playground.gui.views.plot_style import BLUE, RIGHT, WRONG, plain_numbers

GRID_COLS = 8
GRID_ROWS = 6


def gray_image(img: np.ndarray) -> QImage:
    a = np.asarray(img)
    if a.dtype != np.uint8:
        a = (np.clip(a, 0, 1) * 255).astype(np.uint8)
    a = np.ascontiguousarray(255 - a)
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def _cached_paint(widget: QWidget, painter: QPainter) -> bool:
    """Whether a paint event may show a cached picture: on screen and in grab() (raster), not
    when the widget is rendered into an SVG file, whose text must stay text."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Raster


def _new_pixmap(widget: QWidget) -> QPixmap:
    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap(widget.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.white)
    return pixmap


def _fits(pixmap: QPixmap | None, widget: QWidget) -> bool:
    return (
        pixmap is not None
        and pixmap.deviceIndependentSize().toSize() == widget.size()
        and pixmap.devicePixelRatio() == widget.devicePixelRatioF()
    )


class DigitGrid(QWidget):
    """Paints a grid of digits; each cell: the image, the predicted digit and its confidence.

    The grid is kept as a picture in which only cells whose image, label, colour or selection
    changed are drawn again: while training, most cells look the same from one refresh to the
    next, and a repaint only copies the picture.
    """

    digitClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(QSize(300, 240))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._source = np.zeros((0, 0, 0))
        self._images: list[QImage] = []
        self._indices = np.zeros(0, dtype=int)
        self._pred = np.zeros(0, dtype=int)
        self._conf = np.zeros(0)
        self._right = np.zeros(0, dtype=bool)
        self.selected: int | None = None
        self.class_names = tuple(str(i) for i in range(10))
        self._pixmap: QPixmap | None = None
        self._drawn: list[tuple | None] = []  # what each cell of the picture shows
        self._geometry: tuple | None = None
        self._pens = {
            (right, selected): QPen(QColor(RIGHT if right else WRONG), 3 if selected else 2)
            for right in (False, True)
            for selected in (False, True)
        }
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # the picture covers it all
        self.cells_drawn = 0  # cells drawn into the picture so far (tests count them)

    def set_cells(self, images, indices, predicted, confidence, right) -> None:
        images = np.asarray(images)
        if images.shape != self._source.shape or not np.array_equal(images, self._source):
            self._source = images
            self._images = [gray_image(im) for im in images]
            self._drawn = [None] * len(self._drawn)  # every cell shows another digit
        self._indices = np.asarray(indices)
        self._pred = np.asarray(predicted)
        self._conf = np.asarray(confidence)
        self._right = np.asarray(right, dtype=bool)
        if self._looks() != self._drawn or self._pixmap is None:
            self.update()

    def cell_count(self) -> int:
        return len(self._images)

    def _cell_rect(self, i: int) -> QRectF:
        w = self.width() / GRID_COLS
        h = self.height() / GRID_ROWS
        r, c = divmod(i, GRID_COLS)
        return QRectF(c * w, r * h, w, h)

    def _label(self, i: int) -> str:
        label = self.class_names[int(self._pred[i])] if len(self._pred) > i else "?"
        return f"{label} {self._conf[i] * 100:.0f}%"

    def _looks(self) -> list[tuple]:
        """Per cell what is drawn: label text, right or wrong, selected."""
        n = min(len(self._images), GRID_COLS * GRID_ROWS)
        return [(self._label(i), bool(self._right[i]), i == self.selected) for i in range(n)]

    def _layout(self) -> tuple[QFont, list[tuple[QRectF, QRectF, QRectF]]]:
        """The label font and per cell (cell, image, label) rectangles for the current size."""
        key = (self.width(), self.height(), self.font().key())
        if self._geometry is None or self._geometry[0] != key:
            rects = []
            # Never smaller than the text around the grid (a projector's enlarged font too).
            body = float(QFontInfo(self.font()).pixelSize())
            for i in range(GRID_COLS * GRID_ROWS):
                whole = self._cell_rect(i)
                cell = whole.adjusted(3, 3, -3, -3)
                text_h = max(12.0, cell.height() * 0.22, body * 1.25)
                side = min(cell.width(), cell.height() - text_h)
                target = QRectF(cell.x() + (cell.width() - side) / 2, cell.y(), side, side)
                label = QRectF(cell.x(), cell.bottom() - text_h, cell.width(), text_h)
                rects.append((whole, target, label))
            # The label "8  100%" must fit the cell's width as well as its height.
            font = QFont(self.font())
            font.setBold(True)
            font.setPixelSize(max(int(body), int(min(text_h * 0.8, cell.width() / 4.6))))
            self._geometry = (key, font, rects)
            self.painted_font = font
        return self._geometry[1], self._geometry[2]

    def _draw_cell(self, p: QPainter, i: int, look: tuple, target: QRectF, label: QRectF) -> None:
        text, right, selected = look
        p.drawImage(target, self._images[i])
        p.setPen(self._pens[right, selected])
        p.drawRect(target)
        p.drawText(label, Qt.AlignmentFlag.AlignCenter, text)

    def _update_pixmap(self) -> None:
        if not _fits(self._pixmap, self):
            self._pixmap = _new_pixmap(self)
            self._drawn = []
        looks = self._looks()
        if looks == self._drawn:
            return
        font, rects = self._layout()
        p = QPainter(self._pixmap)
        p.setFont(font)
        for i in range(max(len(looks), len(self._drawn))):
            look = looks[i] if i < len(looks) else None
            old = self._drawn[i] if i < len(self._drawn) else None
            if look == old and old is not None:
                continue
            # A cell's drawing stays inside its rectangle (a 3 px margin around the frame, the
            # label clipped to its box), so a cell is redrawn alone.
            whole, target, label = rects[i]
            p.fillRect(whole, Qt.GlobalColor.white)
            if look is not None:
                self._draw_cell(p, i, look, target, label)
                self.cells_drawn += 1
        p.end()
        self._drawn = looks

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        if _cached_paint(self, p):
            self._update_pixmap()
            p.drawPixmap(0, 0, self._pixmap)
        else:
            p.fillRect(self.rect(), Qt.GlobalColor.white)
            font, rects = self._layout()
            p.setFont(font)
            for i, look in enumerate(self._looks()):
                self._draw_cell(p, i, look, rects[i][1], rects[i][2])
        p.end()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._drawn = [None] * len(self._drawn)
            self.update()
        super().changeEvent(event)

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
        if _cached_paint(self, p):
            key = self._key()
            if not _fits(self._pixmap, self) or key != self._drawn:
                self._pixmap = self._pixmap if _fits(self._pixmap, self) else _new_pixmap(self)
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
