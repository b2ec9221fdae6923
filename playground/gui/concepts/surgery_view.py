"""Neuron surgery: change a weight or a bias by hand, switch a hidden unit off or prune the
weakest weights, and see the chosen digit's prediction and the test accuracy change at once.
Every change can be undone. The model is changed only while training is paused. The chosen
digit's ten probabilities are drawn as bars, with the bars before the last change outlined."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.gui.concepts.model_probe import ModelProbe
from playground.gui.palette import BLUE, GREY, rgb
from playground.gui.views.plot_style import LegendPlot
from playground.training import surgery


class SurgeryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probe = ModelProbe()
        self.undos: list[surgery.Undo] = []
        self.before: np.ndarray | None = None  # the probabilities before the last change
        self._build_controls()
        self._build_plot()
        self._lay_out()
        self._connect_controls()

    def _build_controls(self) -> None:
        self.digit_box, self.layer_box = QSpinBox(), QSpinBox()
        self.row_box, self.unit_box = QSpinBox(), QSpinBox()
        for box in (self.row_box, self.unit_box):
            box.setRange(0, 100_000)
        self.value = QDoubleSpinBox()
        self.value.setRange(-100.0, 100.0)
        self.value.setDecimals(3)
        self.fraction = QDoubleSpinBox()
        self.fraction.setRange(0.0, 1.0)
        self.fraction.setSingleStep(0.1)
        self.fraction.setValue(0.5)
        buttons = {
            "setWeight": self.tr("Set weight"),
            "setBias": self.tr("Set bias"),
            "switchOff": self.tr("Switch unit off"),
            "prune": self.tr("Prune weakest"),
            "undo": self.tr("Undo"),
        }
        self.buttons = {key: QPushButton(text) for key, text in buttons.items()}
        for key, button in self.buttons.items():
            button.setObjectName(f"surgery_{key}")
        self.result = QLabel(self.tr("Pause or finish training, then operate."))
        self.result.setWordWrap(True)
        self.result.setObjectName("surgeryResult")
        self.digit_image = QLabel()
        self.digit_image.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def _build_plot(self) -> None:
        """The digit's probabilities now, over those before the last change."""
        self.plot = LegendPlot()
        item = self.plot.getPlotItem()
        item.setYRange(0, 1, padding=0.02)
        item.setXRange(-0.6, 9.6, padding=0)
        item.setMouseEnabled(x=False, y=False)
        item.getAxis("bottom").setTicks([[(i, str(i)) for i in range(10)]])
        self.plot.setLabel("bottom", self.tr("digit"))
        self.plot.setLabel("left", self.tr("probability"))
        zeros = np.zeros(10)
        self.before_bars = pg.BarGraphItem(x=np.arange(10), height=zeros, width=0.8,
                                           brush=None, pen=pg.mkPen(GREY, width=2))  # fmt: skip
        self.bars = pg.BarGraphItem(x=np.arange(10), height=zeros, width=0.5,
                                    brush=pg.mkBrush(*rgb(BLUE)), pen=None)  # fmt: skip
        self.plot.addItem(self.before_bars)
        self.plot.addItem(self.bars)
        self.plot.legend.addItem(self.bars, self.tr("now"))
        self.plot.legend.addItem(self.before_bars, self.tr("before the last change"))

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Test digit"), self.digit_box)
        form.addRow(self.tr("Layer"), self.layer_box)
        form.addRow(self.tr("Input (row)"), self.row_box)
        form.addRow(self.tr("Unit"), self.unit_box)
        form.addRow(self.tr("New value"), self.value)
        form.addRow(self.tr("Share to prune"), self.fraction)
        grid = QGridLayout()  # two rows of buttons: they keep their text at any width
        for i, button in enumerate(self.buttons.values()):
            grid.addWidget(button, i // 3, i % 3)
        controls = QVBoxLayout()
        controls.addLayout(form)
        controls.addLayout(grid)
        controls.addWidget(self.result)
        controls.addWidget(self.digit_image)
        controls.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(controls, 2)
        layout.addWidget(self.plot, 3)

    def _connect_controls(self) -> None:
        # Bound methods, not lambdas: a lambda holding self would keep the view alive.
        self.buttons["setWeight"].clicked.connect(self._set_weight)
        self.buttons["setBias"].clicked.connect(self._set_bias)
        self.buttons["switchOff"].clicked.connect(self._switch_off)
        self.buttons["prune"].clicked.connect(self._prune)
        self.buttons["undo"].clicked.connect(self.undo)
        self.digit_box.valueChanged.connect(self._new_digit)

    def set_session(self, session) -> None:
        self.probe.set_session(session)
        self.digit_box.setRange(0, max(0, len(self.probe.images) - 1))
        self.set_model(self.probe.model)

    def set_digits(self, images, labels) -> None:
        self.probe.set_digits(images, labels)
        self.digit_box.setRange(0, max(0, len(images) - 1))

    def set_model(self, model) -> None:
        self.probe.model = model
        self.undos.clear()
        self.before = None
        self.layer_box.setRange(0, max(0, len(getattr(model, "layers", [])) - 1))
        self.refresh()

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)
        for button in self.buttons.values():
            button.setEnabled(not running)
        if not running:
            self.refresh()

    def _set_weight(self) -> None:
        layer, row, unit = self.layer_box.value(), self.row_box.value(), self.unit_box.value()
        self.operate(lambda m: surgery.set_weight(m, layer, row, unit, self.value.value()))

    def _set_bias(self) -> None:
        layer, unit, value = self.layer_box.value(), self.unit_box.value(), self.value.value()
        self.operate(lambda m: surgery.set_bias(m, layer, unit, value))

    def _switch_off(self) -> None:
        layer, unit = self.layer_box.value(), self.unit_box.value()
        self.operate(lambda m: surgery.switch_off(m, layer, unit))

    def _prune(self) -> None:
        layer, fraction = self.layer_box.value(), self.fraction.value()
        self.operate(lambda m: surgery.prune_weakest(m, fraction, layer))

    def operate(self, change) -> None:
        if self.probe.model is None or self.probe.training:
            return
        self.before = getattr(self, "probabilities", None)
        try:
            self.undos.append(change(self.probe.model))
        except ValueError as exc:
            self.result.setText(str(exc))
            return
        self.refresh()

    def undo(self) -> None:
        if self.undos and not self.probe.training:
            self.undos.pop().undo()
            self.before = None
            self.refresh()

    def _new_digit(self) -> None:
        self.before = None  # the outline compares one digit's answers only
        self.refresh()

    def refresh(self) -> None:
        model = self.probe.model
        if model is None or not len(self.probe.images) or self.probe.training:
            return
        index = self.digit_box.value()
        probabilities = model.predict(self.probe.digit(index))[0]
        x = self.probe.images.reshape(len(self.probe.images), -1)
        accuracy = float(np.mean(model.predict(x, 1000).argmax(axis=1) == self.probe.labels))
        guess = int(probabilities.argmax())
        self.result.setText(
            self.tr("Digit {i} (a {label}): the network says {guess} ({p:.1%}). Accuracy on "
                    "{n} test digits: {acc:.1%}.").format(
                i=index, label=self.probe.label(index), guess=guess,
                p=float(probabilities[guess]), n=len(x), acc=accuracy,
            )
        )  # fmt: skip
        self.probabilities = probabilities
        self.accuracy = accuracy
        self.bars.setOpts(height=probabilities)
        before = probabilities if self.before is None else self.before
        self.before_bars.setOpts(height=before)
        self._show_digit(index)

    def _show_digit(self, index: int) -> None:
        pixels = np.asarray(self.probe.images[index], np.float32)
        side = int(np.sqrt(pixels.size))
        image = (np.clip(pixels.reshape(side, side), 0, 1) * 255).astype(np.uint8)
        qimage = QImage(image.tobytes(), side, side, side, QImage.Format.Format_Grayscale8)
        size = 4 * self.fontMetrics().height()  # grows with presentation mode's font
        self.digit_image.setPixmap(QPixmap.fromImage(qimage.copy()).scaled(size, size))
