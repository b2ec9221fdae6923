"""One neuron, as the lecture's first slide draws it: Y = f(x1 w1 + x2 w2 + x3 w3 + b)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from playground.engine import textbook
from playground.gui.concepts import activation_math
from playground.gui.palette import HIGHLIGHT, NEGATIVE, POSITIVE, curve_pen, sign_caption
from playground.gui.textbook_view import beside_formula
from playground.gui.views.plot_style import plain_numbers

ACTIVATIONS = ("sigmoid", "tanh", "relu", "elu", "linear")
DEFAULT_INPUTS = (1.0, 0.5, -0.5)
DEFAULT_WEIGHTS = (0.8, -0.4, 1.2)
DEFAULT_BIAS = 0.2


def _slider(minimum: float, maximum: float, value: float) -> QLabeledDoubleSlider:
    slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
    slider.setRange(minimum, maximum)
    slider.setSingleStep(0.05)
    slider.setDecimals(2)
    slider.setValue(value)
    slider.setMinimumWidth(160)
    return slider


class NeuronDiagram(QWidget):
    """Three inputs, their weighted links into one neuron, and the output Y."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs = list(DEFAULT_INPUTS)
        self.weights = list(DEFAULT_WEIGHTS)
        self.bias = DEFAULT_BIAS
        self.output = 0.0
        self.activation = "sigmoid"
        self.setMinimumSize(260, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_state(self, inputs, weights, bias, activation, output) -> None:
        self.inputs, self.weights, self.bias = list(inputs), list(weights), bias
        self.activation, self.output = activation, output
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        r = max(14.0, min(w, h) / 12)
        fg = self.palette().windowText().color()
        font = QFont(self.font())
        p.setFont(font)
        neuron = QPointF(w * 0.58, h / 2)
        for i, (x, weight) in enumerate(zip(self.inputs, self.weights, strict=False)):
            node = QPointF(w * 0.14, h * (i + 1) / 4)
            colour = QColor(POSITIVE if weight >= 0 else NEGATIVE)
            p.setPen(QPen(colour, 1 + 3 * min(abs(weight), 3)))
            p.drawLine(node, neuron)
            mid = (node + neuron) / 2
            p.setPen(colour)
            p.drawText(
                QRectF(mid.x() - 60, mid.y() - 26, 120, 22),
                Qt.AlignmentFlag.AlignCenter,
                f"w{i + 1} = {weight:+.2f}",
            )
            p.setPen(QPen(fg, 2))
            p.setBrush(self.palette().base())
            p.drawEllipse(node, r, r)
            p.drawText(
                QRectF(node.x() - r, node.y() - r, 2 * r, 2 * r),
                Qt.AlignmentFlag.AlignCenter,
                f"x{i + 1}",
            )
            p.drawText(
                QRectF(0, node.y() + r, node.x() * 2, 22), Qt.AlignmentFlag.AlignCenter, f"{x:+.2f}"
            )
        out = QPointF(w * 0.9, h / 2)
        p.setPen(QPen(fg, 3))
        p.drawLine(neuron, out)
        # The body grows with its text: a large (presentation) font never clips "Σ, sigmoid".
        text = f"Σ, {self.activation}"
        body = max(r * 1.6, QFontMetricsF(font).horizontalAdvance(text) / 2 + 8)
        p.setBrush(QColor("#e6eef7"))
        p.drawEllipse(neuron, body, body)
        p.setPen(QColor("#202020"))
        p.drawText(
            QRectF(neuron.x() - body, neuron.y() - body, 2 * body, 2 * body),
            Qt.AlignmentFlag.AlignCenter,
            text,
        )
        p.setPen(fg)
        p.drawText(
            QRectF(neuron.x() - 80, neuron.y() + body + 2, 160, QFontMetricsF(font).height() + 2),
            Qt.AlignmentFlag.AlignCenter,
            f"b = {self.bias:+.2f}",
        )
        p.drawText(
            QRectF(out.x() - 50, out.y() - 30, 100, 24),
            Qt.AlignmentFlag.AlignCenter,
            f"Y = {self.output:.3f}",
        )
        p.end()


class NeuronView(QWidget):
    """Sliders for three inputs, three weights and the bias; the output follows the formula."""

    outputChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x_sliders = [_slider(-2.0, 2.0, v) for v in DEFAULT_INPUTS]
        self.w_sliders = [_slider(-3.0, 3.0, v) for v in DEFAULT_WEIGHTS]
        self.b_slider = _slider(-3.0, 3.0, DEFAULT_BIAS)
        self.activation_box = QComboBox()
        self.activation_box.addItems(ACTIVATIONS)

        self.controls = QGroupBox()
        grid = QGridLayout(self.controls)
        self._labels: list[QLabel] = []
        rows = [
            *zip(("x1", "x2", "x3"), self.x_sliders, strict=False),
            *zip(("w1", "w2", "w3"), self.w_sliders, strict=False),
        ]
        rows.append(("b", self.b_slider))
        for row, (name, slider) in enumerate(rows):
            label = QLabel(name)
            grid.addWidget(label, row, 0)
            grid.addWidget(slider, row, 1)
        self.activation_label = QLabel()
        grid.addWidget(self.activation_label, len(rows), 0)
        grid.addWidget(self.activation_box, len(rows), 1)
        grid.setRowStretch(len(rows) + 1, 1)

        self.diagram = NeuronDiagram()
        self.formula = QLabel()
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.plot = pg.PlotWidget()
        plain_numbers(self.plot.getPlotItem())
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.setXRange(-6, 6)
        self.curve = self.plot.plot(pen=curve_pen(0))
        self.marker = pg.ScatterPlotItem(size=14, brush=pg.mkBrush(HIGHLIGHT), pen=pg.mkPen("w"))
        self.plot.addItem(self.marker)
        self.z_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(HIGHLIGHT, style=Qt.PenStyle.DashLine))
        self.plot.addItem(self.z_line)

        right = QVBoxLayout()
        right.addWidget(self.diagram, 3)
        self.sign_note = QLabel()
        self.sign_note.setWordWrap(True)
        right.addWidget(self.sign_note)
        right.addWidget(
            beside_formula(self.formula, lambda: textbook.activation(self.activation()))
        )
        right.addWidget(self.plot, 3)
        layout = QHBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addLayout(right, 1)

        for slider in [*self.x_sliders, *self.w_sliders, self.b_slider]:
            slider.valueChanged.connect(self._recompute)
        self.activation_box.currentTextChanged.connect(self._recompute)
        self.retranslate_ui()

    # -- values ---------------------------------------------------------------------------
    def inputs(self) -> list[float]:
        return [s.value() for s in self.x_sliders]

    def weights(self) -> list[float]:
        return [s.value() for s in self.w_sliders]

    def bias(self) -> float:
        return self.b_slider.value()

    def activation(self) -> str:
        return self.activation_box.currentText()

    def z(self) -> float:
        return float(np.dot(self.inputs(), self.weights()) + self.bias())

    def output(self) -> float:
        return float(activation_math.forward(self.activation(), np.array([self.z()]))[0])

    # -- drawing --------------------------------------------------------------------------
    def _recompute(self, *_args) -> None:
        name, z, y = self.activation(), self.z(), self.output()
        xs, ws, b = self.inputs(), self.weights(), self.bias()
        grid = np.linspace(-6, 6, 241)
        self.curve.setData(grid, activation_math.forward(name, grid))
        self.marker.setData([z], [y])
        self.z_line.setValue(z)
        terms = " + ".join(f"({x:+.2f})·({w:+.2f})" for x, w in zip(xs, ws, strict=False))
        self.formula.setText(
            "<div style='font-size:large'>"
            f"<b>Y = f(x<sub>1</sub>w<sub>1</sub> + x<sub>2</sub>w<sub>2</sub>"
            f" + x<sub>3</sub>w<sub>3</sub> + b)</b><br>"
            f"z = {terms} + ({b:+.2f}) = <b>{z:.3f}</b><br>"
            f"Y = {name}({z:.3f}) = <b>{y:.4f}</b></div>"
        )
        self.plot.setTitle(f"f = {name}")
        self.diagram.set_state(xs, ws, b, name, y)
        self.outputChanged.emit(y)

    def retranslate_ui(self) -> None:
        self.controls.setTitle(self.tr("Inputs, weights and bias"))
        self.activation_label.setText(self.tr("Activation"))
        self.sign_note.setText(
            self.tr("Weights: {signs}; thicker for a larger |w|.").format(signs=sign_caption())
        )
        self.plot.setLabel("bottom", self.tr("z (weighted sum)"))
        self.plot.setLabel("left", self.tr("Y = f(z)"))
        self._recompute()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
