"""Pinned digits: a few test digits (or the drawn one) and their ten probabilities over the
whole recorded run, with a line where each was learned (green) or forgotten (red)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from playground.gui.palette import RIGHT, WRONG, curve_pen
from playground.gui.views.change_marks import ChangeMarks, recorded_marks
from playground.training.model_builder import build_model
from playground.training.recording.family import lineage
from playground.training.recording.pinned import PinnedHistory, pinned_history
from playground.training.recording.replay import recorded_config
from playground.training.recording.run_file import RecordedRun

MAX_PINS = 6
DRAWN = -1  # the label of a drawn digit: it has no true class


translate = QCoreApplication.translate


class PinnedDigitsView(QWidget):
    """Pins, and one plot per pin of its probabilities at each recorded moment."""

    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[tuple[float, str]] = []  # the run's mid-run changes
        self.window_ = window
        self.session: Any = None
        self.pins: list[tuple[np.ndarray, int, str]] = []  # (input row, label, caption)
        self.history: PinnedHistory | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("PinnedDigits", "Test digit #")))
        self.index_box = QSpinBox()
        self.index_box.setObjectName("pinIndex")
        row.addWidget(self.index_box)
        for text, slot, name in (
            (translate("PinnedDigits", "Pin"), self._pin_chosen, "pinButton"),
            (translate("PinnedDigits", "Pin the drawn digit"), self.pin_drawn_digit, "pinDrawn"),
            (translate("PinnedDigits", "Clear"), self.clear, "pinClear"),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)  # a bound method: no cycle keeps the view alive
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel(
            translate(
                "PinnedDigits", "Pin a few digits to follow their probabilities over the run."
            )
        )
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.plots = pg.GraphicsLayoutWidget()
        layout.addWidget(self.plots, 1)

    # -- what it is fed ----------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        n_test = 0 if session is None else int(getattr(session, "n_test", 0))
        self.index_box.setRange(0, max(n_test - 1, 0))

    def set_training(self, running: bool) -> None:
        if not running and self.pins:
            self.refresh()  # the run's record grew

    # -- pins --------------------------------------------------------------------------------
    def _pin_chosen(self) -> None:
        self.pin_test_digit()

    def pin_test_digit(self, index: int | None = None) -> None:
        session = self.session
        if session is None:
            return
        i = self.index_box.value() if index is None else int(index)
        label = int(session.y_test_labels[i])
        self._pin(
            np.asarray(session.x_test[i], np.float32),
            label,
            translate("PinnedDigits", "test #{i}").format(i=i),
        )

    def pin_drawn_digit(self) -> None:
        draw = None if self.window_ is None else self.window_.views.host.view("draw")
        digit = None if draw is None else draw.mnist_input()
        if digit is None or not digit.any():
            self.message.setText(
                translate("PinnedDigits", "Draw a digit first (Draw a digit tab).")
            )
            return
        self._pin(digit.reshape(-1).astype(np.float32), DRAWN, translate("PinnedDigits", "drawn"))

    def _pin(self, x: np.ndarray, label: int, caption: str) -> None:
        self.pins = [*self.pins, (x, label, caption)][-MAX_PINS:]
        self.refresh()

    def clear(self) -> None:
        self.pins = []
        self.history = None
        self.plots.clear()

    # -- drawing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        run = self._run()
        if run is None or not self.pins:
            self.plots.clear()
            if run is None:
                self.message.setText(
                    translate("PinnedDigits", "No recorded run yet: train, then pin digits.")
                )
            return
        x = np.stack([p[0] for p in self.pins])
        labels = np.array([p[1] for p in self.pins])
        config = recorded_config(run)
        if x.shape[1] != self.session.x_test.shape[1]:
            self.message.setText(
                translate("PinnedDigits", "The pinned digits do not fit this run's data.")
            )
            return
        model = build_model(config, x.shape[1], len(self.session.class_names))
        bar = self.window_.replay_bar
        self.history = pinned_history(lineage(bar.runs, run), model, x, labels)
        self.marks = recorded_marks(run.events)  # settings changed mid-run
        self.message.setText(
            translate("PinnedDigits", "{name}: {n} recorded moments").format(
                name=run.name, n=len(self.history.updates)
            )
        )
        self._draw()

    def _run(self) -> RecordedRun | None:
        bar = None if self.window_ is None else getattr(self.window_, "replay_bar", None)
        if bar is None or self.session is None:
            return None
        if not bar.runs:
            bar.reload()
        return bar.current_run() or (bar.runs[0] if bar.runs else None)

    def _draw(self) -> None:
        history = self.history
        self.plots.clear()
        if history is None:
            return
        for pin, (x, label, caption) in enumerate(self.pins):
            image = pg.ImageItem(x.reshape(self.session.image_shape), axisOrder="row-major")
            box = self.plots.addViewBox(row=pin, col=0, lockAspect=True, invertY=True)
            box.addItem(image)
            box.setMaximumWidth(90)
            title = caption if label == DRAWN else f"{caption} · {label}"
            plot = self.plots.addPlot(row=pin, col=1, title=title)
            plot.setYRange(0, 1)
            plot.setLabel("bottom", translate("PinnedDigits", "updates"))
            if pin == 0:
                plot.addLegend(offset=(-10, 5), colCount=5)
            names = self.session.class_names
            for c in range(history.probabilities.shape[2]):
                pen = curve_pen(c, width=4.0 if c == label else 1.5)
                plot.plot(history.updates, history.probabilities[:, pin, c], pen=pen, name=names[c])
            ChangeMarks(plot, labelled=pin == 0).show(self.marks)
            for updates, learned in history.turns(pin):
                style = Qt.PenStyle.SolidLine if learned else Qt.PenStyle.DashLine
                pen = pg.mkPen(RIGHT if learned else WRONG, width=2, style=style)
                plot.addLine(x=updates, pen=pen)
