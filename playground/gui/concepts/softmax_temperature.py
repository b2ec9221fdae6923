"""The output layer's maths with a temperature: p_i = e^(z_i/T) / Σ_j e^(z_j/T).

Ten scores z (what a network gives a handwritten 7) turned into probabilities; a slider sets T
and the bars follow, beside the plain softmax (T = 1) the network computes. The sentence under
the formula says what the current T does to these scores.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget
from superqt import QLabeledDoubleSlider

from playground.gui.concepts import activation_math
from playground.gui.palette import BLUE, GREY, rgb
from playground.gui.views.plot_style import LegendPlot

# Output scores z of a network shown a 7 that looks a little like a 1 and a 9.
LOGITS = np.array([0.2, 2.1, 0.6, 0.9, -0.8, -0.3, -1.5, 3.4, 0.4, 1.8])
T_RANGE = (0.1, 5.0)

FORMULA = (
    "p<sub>i</sub> = e<sup>z<sub>i</sub> / T</sup> / Σ<sub>j</sub> e<sup>z<sub>j</sub> / T</sup>"
)


class SoftmaxTemperature(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.logits = LOGITS.copy()
        self.slider = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("softmaxTemperature")
        self.slider.setRange(*T_RANGE)
        self.slider.setSingleStep(0.05)
        self.slider.setDecimals(2)
        self.slider.setValue(1.0)
        self.t_label = QLabel("T")
        self.formula = QLabel()
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.plot = LegendPlot()
        item = self.plot.getPlotItem()
        item.setYRange(0, 1, padding=0.02)
        item.setXRange(-0.6, 9.6, padding=0)
        item.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        item.setMouseEnabled(x=False, y=False)
        x = np.arange(10)
        plain = activation_math.softmax(self.logits)
        self.plain_bars = pg.BarGraphItem(
            x=x, height=plain, width=0.8, brush=None, pen=pg.mkPen(GREY, width=2)
        )
        self.bars = pg.BarGraphItem(
            x=x, height=plain, width=0.5, brush=pg.mkBrush(*rgb(BLUE)), pen=None
        )
        self.plot.addItem(self.plain_bars)
        self.plot.addItem(self.bars)

        form = QFormLayout()
        form.addRow(self.t_label, self.slider)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.formula)
        layout.addLayout(form)
        layout.addWidget(self.meaning)
        layout.addWidget(self.plot, 1)
        self.slider.valueChanged.connect(self._redraw)
        self.retranslate_ui()

    @property
    def temperature(self) -> float:
        return float(self.slider.value())

    def probabilities(self) -> np.ndarray:
        return activation_math.softmax(self.logits, self.temperature)

    def _redraw(self, *_args) -> None:
        p, plain = self.probabilities(), activation_math.softmax(self.logits)
        self.bars.setOpts(height=p)
        t, top = self.temperature, int(np.argmax(p))
        scores = ", ".join(f"{v:g}" for v in self.logits)
        self.formula.setText(
            f"<div style='font-size:x-large'>{FORMULA} &nbsp; (T = {t:.2f})</div>"
            f"<div>z = ({scores})</div>"
        )
        self.meaning.setText(self.explain(t, p[top], plain[top], top))

    def explain(self, t: float, p_top: float, plain_top: float, top: int) -> str:
        """What T does to these scores now, in a sentence."""
        facts = {"t": t, "top": top, "p": 100 * p_top, "plain": 100 * plain_top}
        if abs(t - 1.0) < 1e-9:
            text = self.tr(
                "T = 1: the plain softmax the output layer computes; digit {top} gets {p:.0f}%."
            )
        elif t < 1:
            text = self.tr(
                "T = {t:.2f} < 1: dividing by T stretches the differences between the scores, "
                "so the answer gets surer: digit {top} gets {p:.0f}% (plain softmax: "
                "{plain:.0f}%). As T goes to 0 the largest score takes everything."
            )
        else:
            text = self.tr(
                "T = {t:.2f} > 1: dividing by T shrinks the differences, so the probabilities "
                "even out: digit {top} gets {p:.0f}% (plain softmax: {plain:.0f}%). As T grows "
                "every digit approaches 10%."
            )
        return text.format(**facts)

    def retranslate_ui(self) -> None:
        self.t_label.setText(self.tr("Temperature T"))
        self.plot.setLabel("bottom", self.tr("digit"))
        self.plot.setLabel("left", self.tr("probability"))
        self.plot.legend.clear()
        self.plot.legend.addItem(self.bars, self.tr("softmax(z / T)"))
        self.plot.legend.addItem(self.plain_bars, self.tr("plain softmax (T = 1)"))
        self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
