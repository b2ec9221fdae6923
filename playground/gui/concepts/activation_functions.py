"""The lecture's activation functions: f and its derivative f', each with its formula; and the
output layer's softmax with a temperature (``softmax_temperature``)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledDoubleSlider

from playground.engine import textbook
from playground.gui.concepts import activation_math
from playground.gui.concepts.activation_math import Piece
from playground.gui.concepts.softmax_temperature import SoftmaxTemperature
from playground.gui.palette import curve_pen
from playground.gui.textbook_view import beside_formula
from playground.gui.views.plot_style import plain_numbers

FUNCTIONS = ("sigmoid", "tanh", "relu", "elu", "maxout")
ENTRIES = (*FUNCTIONS, "softmax")  # the output layer's softmax last, with its temperature
X_RANGE = (-5.0, 5.0)

# Formulas as rich text (the lecture's slides, in Unicode so they scale with the font).
FORMULAS = {
    "sigmoid": (
        "σ(z) = 1 / (1 + e<sup>−z</sup>)",
        "σ′(z) = σ(z) · (1 − σ(z))",
    ),
    "tanh": (
        "tanh(z) = (e<sup>z</sup> − e<sup>−z</sup>) / (e<sup>z</sup> + e<sup>−z</sup>)",
        "tanh′(z) = 1 − tanh<sup>2</sup>(z)",
    ),
    "relu": ("ReLU(z) = max(0, z)", "ReLU′(z) = 1 if z &gt; 0, else 0"),
    "elu": (
        "ELU(z) = z if z ≥ 0, α(e<sup>z</sup> − 1) if z &lt; 0",
        "ELU′(z) = 1 if z &gt; 0, α e<sup>z</sup> if z ≤ 0",
    ),
    "maxout": (
        "maxout(x) = max(w<sub>1</sub>x + b<sub>1</sub>, w<sub>2</sub>x + b<sub>2</sub>)",
        "maxout′(x) = the slope w<sub>i</sub> of the larger piece",
    ),
}


def _slider(minimum: float, maximum: float, value: float) -> QLabeledDoubleSlider:
    slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
    slider.setRange(minimum, maximum)
    slider.setSingleStep(0.05)
    slider.setDecimals(2)
    slider.setValue(value)
    return slider


class ActivationFunctionsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.x = np.linspace(*X_RANGE, 401)
        self.function_list = QListWidget()
        self.function_list.addItems(["sigmoid", "tanh", "ReLU", "ELU", "maxout", "softmax"])
        self.function_list.setMaximumWidth(180)

        self.alpha_slider = _slider(0.0, 3.0, 1.0)
        self.piece_sliders = {
            "w1": _slider(-3.0, 3.0, 1.0),
            "b1": _slider(-3.0, 3.0, 0.0),
            "w2": _slider(-3.0, 3.0, -0.5),
            "b2": _slider(-3.0, 3.0, -1.0),
        }
        self.elu_box = QGroupBox()
        elu_form = QFormLayout(self.elu_box)
        elu_form.addRow("α", self.alpha_slider)
        self.maxout_box = QGroupBox()
        maxout_form = QFormLayout(self.maxout_box)
        for name, slider in self.piece_sliders.items():
            maxout_form.addRow(name, slider)

        self.formula = QLabel()
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setWordWrap(True)

        self.plot = pg.PlotWidget()
        plain_numbers(self.plot.getPlotItem())
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.addLegend(offset=(10, 10))
        self.plot.setXRange(*X_RANGE, padding=0)
        self.plot.addItem(pg.InfiniteLine(angle=0, pen=pg.mkPen("#888888")))
        self.plot.addItem(pg.InfiniteLine(angle=90, pen=pg.mkPen("#888888")))
        self.piece_curves = [
            self.plot.plot(pen=curve_pen(2, width=2.5, dashed=True)),
            self.plot.plot(pen=curve_pen(3, width=2.5, dashed=True)),
        ]
        self.f_curve = self.plot.plot(pen=curve_pen(0, width=3), name="f")
        self.df_curve = self.plot.plot(pen=curve_pen(1, width=2.5, dashed=True), name="f′")

        side = QVBoxLayout()
        side.addWidget(self.function_list)
        side.addWidget(self.elu_box)
        side.addWidget(self.maxout_box)
        side.addStretch(1)
        self.softmax = SoftmaxTemperature()  # the output layer: shown instead of f and f'
        main = QVBoxLayout()
        main.addWidget(beside_formula(self.formula, lambda: textbook.activation(self.function())))
        main.addWidget(self.plot, 1)
        main.addWidget(self.softmax, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(side)
        layout.addLayout(main, 1)

        self.function_list.currentRowChanged.connect(self._redraw)
        self.alpha_slider.valueChanged.connect(self._redraw)
        for slider in self.piece_sliders.values():
            slider.valueChanged.connect(self._redraw)
        self.function_list.setCurrentRow(0)
        self.retranslate_ui()

    def function(self) -> str:
        return ENTRIES[max(0, self.function_list.currentRow())]

    def set_function(self, name: str) -> None:
        self.function_list.setCurrentRow(ENTRIES.index(name))

    def pieces(self) -> list[Piece]:
        s = self.piece_sliders
        return [Piece(s["w1"].value(), s["b1"].value()), Piece(s["w2"].value(), s["b2"].value())]

    def _redraw(self, *_args) -> None:
        name = self.function()
        self.elu_box.setVisible(name == "elu")
        self.maxout_box.setVisible(name == "maxout")
        for widget in (self.formula, self.plot):
            widget.setVisible(name != "softmax")
        self.softmax.setVisible(name == "softmax")
        if name == "softmax":
            return
        if name == "maxout":
            pieces = self.pieces()
            f, df = activation_math.maxout(self.x, pieces)
            for curve, piece in zip(self.piece_curves, pieces, strict=False):
                curve.setData(self.x, piece.w * self.x + piece.b)
        else:
            alpha = self.alpha_slider.value()
            f = activation_math.forward(name, self.x, alpha=alpha)
            df = activation_math.derivative(name, self.x, alpha=alpha)
            for curve in self.piece_curves:
                curve.setData([], [])
        self.f_curve.setData(self.x, f)
        self.df_curve.setData(self.x, df)
        low = min(-1.2, float(np.min(f)), float(np.min(df)))
        high = max(1.2, float(np.max(df)), min(float(np.max(f)), 5.0))
        self.plot.setYRange(low, high, padding=0.05)
        formula, derivative = FORMULAS[name]
        if name == "elu":
            formula += f" &nbsp; (α = {self.alpha_slider.value():.2f})"
        if name == "maxout":
            derivative = self.tr("maxout′(x) = the slope w<sub>i</sub> of the larger piece")
        self.formula.setText(
            f"<div style='font-size:x-large'><b>f:</b> {formula}<br><b>f′:</b> {derivative}</div>"
        )

    def retranslate_ui(self) -> None:
        self.elu_box.setTitle(self.tr("ELU parameter"))
        self.maxout_box.setTitle(self.tr("Maxout: two linear pieces"))
        self.plot.setLabel("bottom", "z")
        self.plot.setTitle(self.tr("Solid: f(z)   Dashed: f′(z)"))
        self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
