"""The network as the lecture draws it: layers as columns of neurons joined by weighted links.

Links are coloured by the sign of their weight (the palette's pair), thicker for larger |w|;
neurons light up with their activation for the selected test digit. Large layers are sampled
(the same neurons every time, so you can watch them change while training).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from playground.gui.concepts.model_probe import ModelProbe, ProbedDigitView, layer_kernel
from playground.gui.palette import NEGATIVE, ORANGE, POSITIVE, sign_caption

DEFAULT_NEURONS = 12


@dataclass
class NetworkState:
    sizes: list[int]  # neurons per layer, input first
    indices: list[np.ndarray]  # the neurons drawn, per layer
    weights: list[np.ndarray]  # (drawn in layer l, drawn in layer l+1) per link column
    activations: list[np.ndarray]  # of the drawn neurons, per layer
    activation_names: list[str]  # of layers 1.. (input has none)
    digit: np.ndarray  # the input picture (28, 28 for MNIST) or the input row


def sample_indices(size: int, count: int, is_input: bool = False) -> np.ndarray:
    """A fixed, spread-out choice of ``count`` of ``size`` neurons."""
    if size <= count:
        return np.arange(size)
    if is_input and size == 784:
        # A grid over the central 20x20 box, where MNIST puts its ink.
        side = int(np.ceil(np.sqrt(count)))
        coords = np.linspace(6, 21, side).round().astype(int)
        grid = np.array([r * 28 + c for r in coords for c in coords])
        return np.sort(grid[np.linspace(0, len(grid) - 1, count).round().astype(int)])
    rng = np.random.default_rng(size)
    return np.sort(rng.choice(size, count, replace=False))


def network_state(model, x: np.ndarray, max_neurons: int = DEFAULT_NEURONS) -> NetworkState:
    traces = model.forward_trace(x)
    sizes = [x.shape[1], *(t.a.shape[1] for t in traces)]
    last = len(sizes) - 1
    indices = [
        sample_indices(n, max_neurons if i < last else 10**6, i == 0) for i, n in enumerate(sizes)
    ]
    weights = [
        layer_kernel(layer)[np.ix_(indices[i], indices[i + 1])].astype(np.float32)
        for i, layer in enumerate(model.layers)
    ]
    acts = [x[0, indices[0]]] + [t.a[0, indices[i + 1]] for i, t in enumerate(traces)]
    names = [str(layer.activation) for layer in model.layers]
    return NetworkState(
        sizes,
        indices,
        weights,
        [np.asarray(a, np.float32) for a in acts],
        names,
        np.asarray(x[0], np.float32),
    )


def link_colour(weight: float, strength: float) -> QColor:
    colour = QColor(POSITIVE if weight >= 0 else NEGATIVE)
    colour.setAlpha(int(40 + 215 * strength))
    return colour


def lit_colour(light: float) -> QColor:
    """A neuron's fill: dark grey when silent, the palette's orange when fully active (an
    orange that stays visible on white, unlike the yellow of a lamp)."""
    dark, lit = QColor("#262626"), QColor(ORANGE)
    mix = min(max(light, 0.0), 1.0)
    return QColor.fromRgbF(
        dark.redF() + (lit.redF() - dark.redF()) * mix,
        dark.greenF() + (lit.greenF() - dark.greenF()) * mix,
        dark.blueF() + (lit.blueF() - dark.blueF()) * mix,
    )


class NetworkCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state: NetworkState | None = None
        self.class_names: tuple[str, ...] = tuple(str(i) for i in range(10))
        self.headers: list[str] = []
        self.empty_text = ""
        self.setMinimumSize(500, 320)

    def set_state(self, state: NetworkState | None, headers: list[str]) -> None:
        self.state, self.headers = state, headers
        self.update()

    def header_height(self) -> float:
        """Three lines of the current font (title, size, activation): never clipped."""
        return 3 * QFontMetricsF(self.font()).lineSpacing() + 6

    def label_width(self) -> float:
        """Room right of the output column for "9  100%" in the current font."""
        return QFontMetricsF(self.font()).horizontalAdvance("MMMM  100%") + 24

    def positions(self) -> list[list[QPointF]]:
        s = self.state
        w, h = self.width(), self.height()
        top, bottom = self.header_height() + 10.0, 20.0
        cols = len(s.sizes)
        label = self.label_width()
        xs = [130 + (w - 140 - label) * i / max(1, cols - 1) for i in range(cols)]
        out = []
        for x, idx in zip(xs, s.indices, strict=True):
            n = len(idx)
            step = (h - top - bottom) / max(n, 1)
            out.append([QPointF(x, top + step * (k + 0.5)) for k in range(n)])
        return out

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fg = self.palette().windowText().color()
        s = self.state
        if s is None:
            p.setPen(fg)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            p.end()
            return
        pos = self.positions()
        # Links: a per-column scale, so every layer's pattern is visible.
        for col, w in enumerate(s.weights):
            scale = float(np.abs(w).max()) or 1.0
            order = np.argsort(np.abs(w), axis=None)  # strongest drawn last, on top
            for flat in order:
                i, j = np.unravel_index(flat, w.shape)
                strength = abs(float(w[i, j])) / scale
                p.setPen(QPen(link_colour(float(w[i, j]), strength), 0.4 + 3.6 * strength))
                p.drawLine(pos[col][i], pos[col + 1][j])
        radius = max(4.0, min(14.0, (self.height() - 90) / (2.4 * max(map(len, pos)))))
        probs = s.activations[-1]
        best = int(np.argmax(probs)) if len(probs) else -1
        for col, (points, acts) in enumerate(zip(pos, s.activations, strict=True)):
            peak = float(np.abs(acts).max()) or 1.0
            for k, (point, a) in enumerate(zip(points, acts, strict=True)):
                light = min(1.0, abs(float(a)) / peak)
                fill = lit_colour(light)
                p.setBrush(fill)
                p.setPen(QPen(fg, 1.2))
                p.drawEllipse(point, radius, radius)
                if col == len(pos) - 1:
                    name = self.class_names[k] if k < len(self.class_names) else str(k)
                    font = p.font()
                    font.setBold(k == best)
                    p.setFont(font)
                    p.setPen(fg)
                    p.drawText(
                        QRectF(point.x() + radius + 4, point.y() - 30, self.label_width(), 60),
                        Qt.AlignmentFlag.AlignVCenter,
                        f"{name}  {float(a):.0%}",
                    )
                    font.setBold(False)
                    p.setFont(font)
        p.setPen(fg)
        for col, text in enumerate(self.headers):
            x = pos[col][0].x() if pos[col] else 0
            p.drawText(
                QRectF(x - 120, 6, 240, self.header_height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                text,
            )
        side = math.isqrt(s.sizes[0])
        if side * side == s.sizes[0] and side > 1:  # a square picture: 28x28, 8x8, 40x40, ...
            image = (np.clip(s.digit.reshape(side, side), 0, 1) * 255).astype(np.uint8)
            qimage = QImage(image.tobytes(), side, side, side, QImage.Format.Format_Grayscale8)
            p.drawImage(QRectF(8, self.height() / 2 - 42, 84, 84), qimage)
        p.end()


class NetworkView(ProbedDigitView, QWidget):
    """Digit picker, neurons-per-layer control and the diagram."""

    refreshed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probe = ModelProbe()
        self.state: NetworkState | None = None
        self.digit_box = QSpinBox()
        self.digit_box.setRange(0, 0)
        self.neurons_box = QSpinBox()
        self.neurons_box.setRange(3, 40)
        self.neurons_box.setValue(DEFAULT_NEURONS)
        self.digit_label, self.neurons_label, self.info = QLabel(), QLabel(), QLabel()
        self.info.setWordWrap(True)
        self.canvas = NetworkCanvas()
        row = QHBoxLayout()
        for widget in (self.digit_label, self.digit_box, self.neurons_label, self.neurons_box):
            row.addWidget(widget)
        row.addWidget(self.info, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        self.digit_box.valueChanged.connect(self.refresh)
        self.neurons_box.valueChanged.connect(self.refresh)
        self.retranslate_ui()

    def refresh(self, *_args) -> None:
        if not len(self.probe.images):
            self._show(None)
            return
        index = min(self.digit_box.value(), len(self.probe.images) - 1)
        x = self.probe.digit(index)
        count = self.neurons_box.value()
        state = self.probe.read(lambda model: network_state(model, x, count))
        if state is None and self.probe.model is not None:
            return  # the worker holds the model this instant; the next snapshot retries
        self._show(state)

    def _show(self, state: NetworkState | None) -> None:
        self.state = state
        headers = []
        if state is not None:
            last = len(state.sizes) - 1
            for i, (size, idx) in enumerate(zip(state.sizes, state.indices, strict=True)):
                if i == 0:
                    title = self.tr("Input")
                elif i == last:
                    title = self.tr("Output")
                else:
                    title = self.tr("Hidden {n}").format(n=i)
                name = state.activation_names[i - 1] if i else ""
                shown = self.tr("{shown} of {size} shown").format(shown=len(idx), size=size)
                detail = shown if len(idx) < size else str(size)
                headers.append(f"{title}\n{detail}" + (f"\n{name}" if name else ""))
            index = self.digit_box.value()
            best = int(np.argmax(state.activations[-1]))
            names = self.probe.class_names
            self.info.setText(
                self.tr("True digit: {t}   Network says: {p}   Links: {signs}").format(
                    t=self.probe.label(index),
                    p=names[best] if best < len(names) else best,
                    signs=sign_caption(),
                )
            )
        self.canvas.class_names = self.probe.class_names
        self.canvas.set_state(state, headers)
        self.refreshed.emit()

    def retranslate_ui(self) -> None:
        self.digit_label.setText(self.tr("Test digit"))
        self.neurons_label.setText(self.tr("Neurons per layer"))
        self.canvas.empty_text = self.tr("Build or open a network to see it here.")
        self._show(self.state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # The hosting contract (set_session, set_model, ...) comes from ProbedDigitView.
