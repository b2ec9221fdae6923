"""The grid of test digits the Predictions view shows: each with its predicted digit and
confidence, framed in green when right and orange when wrong; a click selects one."""

from __future__ import annotations

import numpy as np
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
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.gui.views.plot_style import RIGHT, WRONG

GRID_COLS = 8
GRID_ROWS = 6
CELLS = GRID_COLS * GRID_ROWS  # digits shown
COLUMN_CHOICES = (8, 7, 6, 5, 4)
MARGIN = 3  # px between a cell's edge and its frame
MIN_DIGIT_TO_LABEL = 2.0  # a digit at least twice as high as its label


def gray_image(img: np.ndarray) -> QImage:
    a = np.asarray(img)
    if a.dtype != np.uint8:
        a = (np.clip(a, 0, 1) * 255).astype(np.uint8)
    a = np.ascontiguousarray(255 - a)
    h, w = a.shape
    return QImage(a.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def cached_paint(widget: QWidget, painter: QPainter) -> bool:
    """Whether a paint event may show a cached picture: on screen and in grab() (raster), not
    when the widget is rendered into an SVG file, whose text must stay text."""
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Raster


def new_pixmap(widget: QWidget) -> QPixmap:
    ratio = widget.devicePixelRatioF()
    pixmap = QPixmap(widget.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.white)
    return pixmap


def pixmap_fits(pixmap: QPixmap | None, widget: QWidget) -> bool:
    return (
        pixmap is not None
        and pixmap.deviceIndependentSize().toSize() == widget.size()
        and pixmap.devicePixelRatio() == widget.devicePixelRatioF()
    )


class DigitGrid(QWidget):
    """Paints a grid of digits; each cell: the image, the predicted digit and its confidence.

    Eight columns, or fewer when a label such as "8 100%" would not fit a cell's width at the
    body font, and six rows, or fewer when a digit would be drawn less than twice as high as
    its label: on a projector, labels are never cut and digits stay legible (fewer are shown).

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

    def columns(self) -> int:
        """As many columns as keep the widest label inside its cell (8 at most)."""
        need = QFontMetricsF(self._label_font(self._body_px())).horizontalAdvance(
            self._widest_label()
        )
        for columns in COLUMN_CHOICES:
            if self.width() / columns - 2 * MARGIN >= need:
                return columns
        return COLUMN_CHOICES[-1]

    def rows(self) -> int:
        label = self._label_height(self._body_px())
        row = 2 * MARGIN + label * (1 + MIN_DIGIT_TO_LABEL)
        return max(1, min(GRID_ROWS, int(self.height() // row)))

    def _grid_shape(self) -> tuple[int, int]:
        return self.columns(), self.rows()

    def capacity(self) -> int:
        """How many digits fit now (all 48 unless the font is large for the grid's size)."""
        columns, rows = self._grid_shape()
        return columns * rows

    @staticmethod
    def _label_height(body: float, cell_height: float = 0.0) -> float:
        return max(12.0, cell_height * 0.22, body * 1.25)

    def _widest_label(self) -> str:
        return max((f"{name} 100%" for name in self.class_names), key=len)

    def _body_px(self) -> float:
        return float(QFontInfo(self.font()).pixelSize())

    def _label_font(self, pixels: float) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(int(pixels))
        return font

    def label_fits(self) -> bool:
        """Whether the widest label fits inside a cell at the font it is painted in."""
        font, rects = self._layout()
        width = QFontMetricsF(font).horizontalAdvance(self._widest_label())
        return width <= rects[0][2].width() + 0.5

    def _cell_rect(self, i: int) -> QRectF:
        columns, rows = self._grid_shape()
        w = self.width() / columns
        h = self.height() / rows
        r, c = divmod(i, columns)
        return QRectF(c * w, r * h, w, h)

    def _label(self, i: int) -> str:
        label = self.class_names[int(self._pred[i])] if len(self._pred) > i else "?"
        return f"{label} {self._conf[i] * 100:.0f}%"

    def _looks(self) -> list[tuple]:
        """Per cell what is drawn: label text, right or wrong, selected."""
        n = min(len(self._images), self.capacity())
        return [(self._label(i), bool(self._right[i]), i == self.selected) for i in range(n)]

    def _layout(self) -> tuple[QFont, list[tuple[QRectF, QRectF, QRectF]]]:
        """The label font and per cell (cell, image, label) rectangles for the current size."""
        key = (self.width(), self.height(), self.font().key(), self.class_names)
        if self._geometry is None or self._geometry[0] != key:
            rects = []
            # Never smaller than the text around the grid (a projector's enlarged font too).
            body = self._body_px()
            for i in range(self.capacity()):
                whole = self._cell_rect(i)
                cell = whole.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
                text_h = self._label_height(body, cell.height())
                side = min(cell.width(), cell.height() - text_h)
                target = QRectF(cell.x() + (cell.width() - side) / 2, cell.y(), side, side)
                label = QRectF(cell.x(), cell.bottom() - text_h, cell.width(), text_h)
                rects.append((whole, target, label))
            # The label "8  100%" must fit the cell's width as well as its height.
            font = self._label_font(max(body, min(text_h * 0.8, cell.width() / 4.6)))
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
        if not pixmap_fits(self._pixmap, self):
            self._pixmap = new_pixmap(self)
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
        if cached_paint(self, p):
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
            self._pixmap = None  # the labels' size, and maybe the columns, change: start afresh
            self.update()
        super().changeEvent(event)

    def mousePressEvent(self, event) -> None:
        pos = event.position()
        columns, rows = self._grid_shape()
        w = self.width() / columns
        h = self.height() / rows
        i = int(pos.y() // h) * columns + int(pos.x() // w)
        if 0 <= i < min(len(self._images), self.capacity()) and pos.x() < w * columns:
            self.selected = i
            self.update()
            self.digitClicked.emit(i)
