"""The robustness lab: accuracy on test digits damaged on purpose, as curves, with an optional
confidence threshold under which the network answers "not sure".

The measurement (``playground.training.robustness``) runs on a copy of the model off the
window's thread (``BackgroundWork``), which reports back through a signal.
"""

from __future__ import annotations

import copy
from concurrent.futures import Future

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.gui.background import BackgroundWork
from playground.gui.concepts.model_probe import ModelProbe
from playground.gui.palette import curve_pen
from playground.gui.views.plot_style import LegendPlot
from playground.training import robustness

N_DIGITS = 1000  # enough for a steady percentage, quick enough for a click


class RobustnessView(QWidget):
    measured = Signal(object)  # {kind: [RobustnessPoint, ...]}, or why there is none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probe = ModelProbe()
        self.x = np.zeros((0, 784), np.float32)
        self.labels = np.zeros(0, np.int64)
        self._work = BackgroundWork("robustness", self)
        self.result: dict[str, list[robustness.RobustnessPoint]] = {}

        self.kind = QComboBox()
        self.kind.setObjectName("robustnessDamage")
        names = {
            "noise": self.tr("Noise"),
            "rotation": self.tr("Rotation"),
            "shift": self.tr("Shift"),
            "erase": self.tr("Erased patch"),
        }
        for kind in robustness.DAMAGES:
            self.kind.addItem(names[kind], kind)
        self.threshold = QDoubleSpinBox()
        self.threshold.setObjectName("robustnessThreshold")
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setToolTip(
            self.tr("Below this top probability the network answers 'not sure'.")
        )
        self.measure_button = QPushButton(self.tr("Measure"))
        self.measure_button.setObjectName("robustnessMeasure")
        self.status = QLabel(self.tr("Train or load a network, then press Measure."))
        self.status.setWordWrap(True)
        self.plot = LegendPlot()  # the legend in a row above: it never covers a curve
        self.plot.getPlotItem().setYRange(0, 100)
        self.plot.setLabel("left", self.tr("accuracy (%)"))
        self.plot.showGrid(x=True, y=True, alpha=0.3)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Damage")))
        row.addWidget(self.kind)
        row.addWidget(QLabel(self.tr("Confidence threshold")))
        row.addWidget(self.threshold)
        row.addWidget(self.measure_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)

        self.measure_button.clicked.connect(self.measure)
        self.kind.currentIndexChanged.connect(self.redraw)
        self._work.finished.connect(self._on_measured)
        self._work.failed.connect(self._on_failed)

    # -- hosting contract --
    def set_session(self, session) -> None:
        self.probe.set_session(session)
        dataset = getattr(session, "dataset", None)
        if dataset is not None:
            n = min(N_DIGITS, len(dataset.x_test))
            self.set_digits(np.asarray(dataset.x_test[:n], np.float32) / 255.0,
                            np.asarray(dataset.y_test[:n]))  # fmt: skip

    def set_digits(self, images: np.ndarray, labels: np.ndarray) -> None:
        self.x = np.asarray(images, np.float32).reshape(len(images), -1)
        self.labels = np.asarray(labels).astype(np.int64)

    def set_model(self, model) -> None:
        self.probe.model = model

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)

    def shutdown(self) -> None:
        self._work.shutdown()

    # -- measuring --
    def measure(self) -> Future | None:
        model = self.probe.read(copy.deepcopy)  # the worker gets its own copy
        if model is None or not len(self.x):
            self.status.setText(self.tr("No network to measure yet (or it is busy training)."))
            return None
        self.measure_button.setEnabled(False)
        self.status.setText(self.tr("Measuring on {n} test digits...").format(n=len(self.x)))
        x, labels, threshold = self.x, self.labels, float(self.threshold.value())

        def work():
            return {
                kind: robustness.curve(model, x, labels, kind, threshold=threshold)
                for kind in robustness.DAMAGES
            }

        return self._work.submit(work)

    def _on_failed(self, message: str) -> None:
        # a diverged model, a changed shape: say so, keep the window
        self.measure_button.setEnabled(True)
        self.status.setText(self.tr("The measurement failed: {e}").format(e=message))
        self.measured.emit(message)

    def _on_measured(self, result: dict) -> None:
        self.measure_button.setEnabled(True)
        self.result = result
        clean = self.result[robustness.DAMAGES[0]][0]
        self.status.setText(
            self.tr("Undamaged: {acc:.1f}% right.").format(acc=100 * clean.accuracy)
        )
        self.redraw()
        self.measured.emit(result)

    def redraw(self) -> None:
        self.plot.clear()
        points = self.result.get(self.kind.currentData())
        if not points:
            return
        levels = [p.level for p in points]
        unit = robustness.UNITS[self.kind.currentData()]
        self.plot.setLabel("bottom", f"{self.kind.currentText()} ({unit})")
        accuracy = pg.mkBrush(curve_pen(0).color())
        self.plot.plot(levels, [100 * p.accuracy for p in points], pen=curve_pen(0, width=3),
                       symbol="o", symbolBrush=accuracy, symbolPen=None,
                       name=self.tr("accuracy"))  # fmt: skip
        if self.threshold.value() > 0:
            answered = pg.mkBrush(curve_pen(1).color())
            self.plot.plot(levels, [100 * p.answered for p in points],
                           pen=curve_pen(1, width=2.5, dashed=True), symbol="t",
                           symbolBrush=answered, symbolPen=None,
                           name=self.tr("answered (sure)"))  # fmt: skip
        self.plot.legend.columns.fit()  # as many columns as the width holds
