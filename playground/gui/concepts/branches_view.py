"""Branches: a recorded run and every run branched from it, their mini-batch loss drawn
together on one time axis, each branch point marked."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from playground.gui.palette import HIGHLIGHT, curve_pen
from playground.gui.views.change_marks import ChangeMarks, recorded_marks
from playground.gui.views.plot_style import fill_legend, outside_legend
from playground.training.recording.family import curve, family

translate = QCoreApplication.translate
CURVE_POINTS = 300  # mean loss over buckets: trends a room can read, not every batch's noise


class BranchesView(QWidget):
    def __init__(self, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        layout = QVBoxLayout(self)
        self.message = QLabel(
            translate("Branches", "Branch from a replayed moment to see the branches here.")
        )
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        # The legend in a row of its own under the plot: the runs' names never cover curves.
        self.graphics = pg.GraphicsLayoutWidget()
        self.plot = self.graphics.addPlot(row=0, col=0)
        self.plot.setLabel("bottom", translate("Branches", "updates (mini-batches)"))
        self.plot.setLabel("left", translate("Branches", "mini-batch loss"))
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.legend = outside_legend(self.graphics, row=1, col=0)
        layout.addWidget(self.graphics, 1)
        self.drawn: list[str] = []  # the runs drawn, oldest first

    def set_training(self, running: bool) -> None:
        if not running:
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        bar = None if self.window_ is None else getattr(self.window_, "replay_bar", None)
        if bar is None:
            return
        bar.reload()
        run = bar.current_run() or (bar.runs[0] if bar.runs else None)
        self.plot.clear()
        self.legend.clear()
        self.drawn = []
        if run is None:
            return
        ChangeMarks(self.plot).show(recorded_marks(run.events))
        members = family(bar.runs, run)
        entries = []
        for i, branch in enumerate(members):
            x, y = curve(branch.run, points=CURVE_POINTS)
            name = branch.run.name
            if branch.at is not None:
                name = translate("Branches", "{name} (from update {at:,})").format(
                    name=name, at=branch.at
                )
            entries.append((self.plot.plot(x, y, pen=curve_pen(i, width=2.0)), name))
            self.drawn.append(branch.run.folder.name)
            if branch.at is not None:
                pen = pg.mkPen(HIGHLIGHT, width=2, style=Qt.PenStyle.DashLine)
                self.plot.addItem(
                    pg.InfiniteLine(
                        branch.at,
                        pen=pen,
                        label=translate("Branches", "branch at {at:,}").format(at=branch.at),
                        labelOpts={"position": 0.05, "color": HIGHLIGHT},
                    )
                )
        fill_legend(self.legend, entries)
        self.message.setText(
            translate("Branches", "{n} runs share this history.").format(n=len(members))
            if len(members) > 1
            else translate(
                "Branches",
                "One run, no branch yet: replay a moment, change a setting, Branch from here.",
            )
        )
