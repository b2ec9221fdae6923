"""Draw a digit with the mouse or a pen and watch the network's ten probabilities change.

The drawing goes through ``playground.data.images.to_mnist``, the same conversion as
``nn-playground predict --image``, so what the class sees here is what the command line does.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPen, QTabletEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from playground.data.images import fit_to_shape, to_mnist
from playground.gui.views.plot_style import plain_numbers

CANVAS = 280  # ten canvas pixels per MNIST pixel
STROKE = 22.0  # about two MNIST pixels wide, like the digits' pen strokes


class DigitCanvas(QWidget):
    """A square canvas: white ink on black (as MNIST stores its digits)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage(CANVAS, CANVAS, QImage.Format.Format_Grayscale8)
        self.image.fill(0)
        self._last: QPointF | None = None
        self.setFixedSize(CANVAS, CANVAS)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def clear(self) -> None:
        self.image.fill(0)
        self._last = None
        self.update()
        self.changed.emit()

    def is_blank(self) -> bool:
        return not self.to_array().any()

    def to_array(self) -> np.ndarray:
        """The drawing as 2-D uint8 (white ink on black)."""
        ptr = self.image.constBits()
        rows = np.frombuffer(ptr, np.uint8).reshape(CANVAS, self.image.bytesPerLine())
        return rows[:, :CANVAS].copy()

    def _stroke_to(self, point: QPointF, pressure: float = 1.0) -> None:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = STROKE * (0.6 + 0.6 * pressure) if pressure < 1.0 else STROKE
        pen = QPen(
            QColor(255, 255, 255),
            width,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
        painter.setPen(pen)
        if self._last is None:
            painter.drawPoint(point)
        else:
            painter.drawLine(self._last, point)
        painter.end()
        self._last = point
        self.update()
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = None
            self._stroke_to(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._last is not None:
            self._stroke_to(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._last = None

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._last = None
            self._stroke_to(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove and self._last is not None:
            self._stroke_to(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._last = None
        event.accept()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.drawImage(0, 0, self.image)
        painter.setPen(QPen(QColor("#808080"), 1, Qt.PenStyle.DotLine))
        # The 20x20 box MNIST fits its digits into, as a guide.
        painter.drawRect(40, 40, 200, 200)
        painter.end()


class DrawDigitView(QWidget):
    """Canvas, the 28x28 input the network gets, and its ten probabilities."""

    predicted = Signal(object)  # np.ndarray (10,) of probabilities, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = None
        self._session = None
        self._training = False
        self._last_live = 0.0
        self.class_names = tuple(str(i) for i in range(10))
        self.probabilities: np.ndarray | None = None

        self.canvas = DigitCanvas()
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.canvas.clear)
        self.caption = QLabel()
        self.caption.setWordWrap(True)

        self.preview = pg.GraphicsLayoutWidget()
        self.preview.setFixedSize(150, 150)
        box = self.preview.addViewBox(lockAspect=True, invertY=True, enableMouse=False)
        self.preview_image = pg.ImageItem(axisOrder="row-major")
        box.addItem(self.preview_image)
        self.preview_label = QLabel()

        self.answer = QLabel()
        self.answer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answer.setTextFormat(Qt.TextFormat.RichText)
        self.plot = pg.PlotWidget()
        plain_numbers(self.plot.getPlotItem())
        self.plot.setYRange(0, 1, padding=0.02)
        self.plot.setXRange(-0.6, 9.6, padding=0)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.bars = pg.BarGraphItem(
            x=np.arange(10), height=np.zeros(10), width=0.7, brush="#0072B2"
        )
        self.plot.addItem(self.bars)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        left = QVBoxLayout()
        left.addWidget(self.canvas)
        left.addWidget(self.clear_button)
        left.addWidget(self.caption)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addWidget(self.preview_label, 1)
        left.addLayout(row)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.answer)
        right.addWidget(self.plot, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

        # Predict at most every 40 ms while the pen moves (a single-shot timer re-armed).
        self._timer = QTimer(self, singleShot=True, interval=40)
        self._timer.timeout.connect(self.refresh)
        self.canvas.changed.connect(self._schedule)
        self.retranslate_ui()

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def mnist_input(self) -> np.ndarray:
        """The drawing as the network's input picture: MNIST's recipe, then the data set's
        own size (8×8 for scikit-learn's digits, 56×56 for a folder of such pictures, ...)."""
        return fit_to_shape(to_mnist(self.canvas.to_array()), self._input_shape())

    def _input_shape(self) -> tuple[int, int] | None:
        shape = getattr(self._session, "image_shape", None)
        return tuple(shape) if shape is not None and len(shape) == 2 else None

    def refresh(self) -> None:
        digit = self.mnist_input()
        self.preview_image.setImage(digit, levels=(0.0, 1.0))
        probs = self._predict(digit) if digit.any() else None
        if probs is None and digit.any() and self._training and self.probabilities is not None:
            return  # the worker holds the model this instant: keep the bars, retry later
        if probs is None:
            self.probabilities = None
            self.bars.setOpts(height=np.zeros(10))
            self._show_answer()
            self.predicted.emit(None)
            return
        self.probabilities = probs.astype(np.float64)
        best = int(np.argmax(probs))
        brushes = ["#D55E00" if i == best else "#0072B2" for i in range(len(probs))]
        self.bars.setOpts(x=np.arange(len(probs)), height=probs, brushes=brushes)
        self._show_answer()
        self.predicted.emit(self.probabilities)

    def _predict(self, digit: np.ndarray) -> np.ndarray | None:
        if self._model is None:
            return None
        x = digit.reshape(1, -1).astype(np.float32)
        if not self._training:
            return np.asarray(self._model.predict(x))[0]
        # While training, only between two mini-batches and without waiting for one.
        try_with = getattr(self._session, "try_with_model", None)
        if not callable(try_with):
            return None
        return try_with(lambda model: np.asarray(model.predict(x))[0].copy())

    def _show_answer(self) -> None:
        if self._model is None:
            text = self.tr("Train or open a network to read your digit.")
        elif self._training and not callable(getattr(self._session, "try_with_model", None)):
            text = self.tr("Pause training to try your digit.")
        elif self.probabilities is None:
            text = self.tr("Draw a digit in the black box.")
        else:
            best = int(np.argmax(self.probabilities))
            name = self.class_names[best] if best < len(self.class_names) else str(best)
            digit = f"<b style='font-size:xx-large'>{name}</b>"
            text = self.tr("The network reads: {digit} ({confidence})").format(
                digit=digit, confidence=f"{self.probabilities[best]:.0%}"
            )
        self.answer.setText(f"<div style='font-size:large'>{text}</div>")

    def retranslate_ui(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        self.caption.setText(
            self.tr(
                "Draw with the mouse or a pen. The dotted square is the 20×20 box MNIST "
                "scales each digit into."
            )
        )
        h, w = self._input_shape() or (28, 28)
        self.preview_label.setText(self.tr("What the network sees ({h}×{w})").format(h=h, w=w))
        self.plot.setLabel("left", self.tr("Probability"))
        self.plot.setLabel("bottom", self.tr("Digit"))
        self._show_answer()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- hosting contract ------------------------------------------------------------------
    def set_model(self, model) -> None:
        self._model = model
        self.refresh()

    def set_session(self, session) -> None:
        self._session = session
        self.retranslate_ui()  # the preview's caption names the input size
        dataset = getattr(session, "dataset", None)
        names = getattr(dataset, "class_names", None)
        if names:
            self.class_names = tuple(names)
            self.plot.getAxis("bottom").setTicks([list(enumerate(self.class_names))])
        self.set_model(getattr(session, "model", None) if session is not None else None)

    def set_training(self, running: bool) -> None:
        self._training = bool(running)
        self.refresh()

    def update_snapshot(self, snapshot) -> None:
        # While training, the bars follow the network as it learns (at most 5 times a second).
        now = time.monotonic()
        if self._training and now - self._last_live >= 0.2 and not self.canvas.is_blank():
            self._last_live = now
            self.refresh()
