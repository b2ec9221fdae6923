"""The Speed slide's two bar charts: seconds per epoch (median, with the spread of the
repeats as an error bar) and updates per epoch (log scale: 1 to 60,000 on one chart)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from playground.gui.palette import GREY, series_colour
from playground.gui.views.plot_style import plain_numbers
from playground.training.speed_lab import SpeedResult

BAR_WIDTH = 0.6


class SpeedBars(pg.GraphicsLayoutWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.seconds = self.addPlot(row=0, col=0)
        self.updates = self.addPlot(row=0, col=1)
        plain_numbers(self.seconds, self.updates)  # "0.5 s", never "500 (x0.001)"
        for plot in (self.seconds, self.updates):
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.showGrid(y=True, alpha=0.3)
        self.results: list[SpeedResult] = []

    def set_titles(self, seconds: str, updates: str, batch: str) -> None:
        self.seconds.setTitle(seconds)
        self.updates.setTitle(updates)
        for plot in (self.seconds, self.updates):
            plot.setLabel("bottom", batch)

    def clear_results(self) -> None:
        self.results = []
        self._draw()

    def add(self, result: SpeedResult) -> None:
        self.results.append(result)
        self._draw()

    def _draw(self) -> None:
        for plot in (self.seconds, self.updates):
            plot.clear()
        if not self.results:
            return
        x = np.arange(len(self.results), dtype=float)
        brushes = [pg.mkBrush(series_colour(i)) for i in range(len(self.results))]
        ticks = [[(i, r.label) for i, r in enumerate(self.results)]]
        seconds = np.array([r.seconds_per_epoch for r in self.results], dtype=float)
        seconds = np.where(np.isfinite(seconds), seconds, 0.0)
        self.seconds.addItem(pg.BarGraphItem(x=x, height=seconds, width=BAR_WIDTH, brushes=brushes))
        low = np.array([r.spread[0] for r in self.results], dtype=float)
        high = np.array([r.spread[1] for r in self.results], dtype=float)
        ok = np.isfinite(low) & np.isfinite(high)
        if ok.any():
            self.seconds.addItem(
                pg.ErrorBarItem(
                    x=x[ok],
                    y=seconds[ok],
                    top=high[ok] - seconds[ok],
                    bottom=seconds[ok] - low[ok],
                    beam=BAR_WIDTH / 3,
                    pen=pg.mkPen(GREY, width=2),
                )
            )
        # Log bars drawn by hand: a bar graph in pyqtgraph's log mode has no bottom at 0.
        counts = [max(1, r.updates_per_epoch) for r in self.results]
        heights = np.log10(np.array(counts, dtype=float))
        self.updates.addItem(
            pg.BarGraphItem(x=x, height=np.maximum(heights, 0.05), width=BAR_WIDTH, brushes=brushes)
        )
        top = max(1, math.ceil(float(heights.max())))
        self.updates.getAxis("left").setTicks([[(p, f"{10**p:,}") for p in range(top + 1)]])
        self.updates.setYRange(0, top, padding=0.05)
        tallest = max(float(high[ok].max()) if ok.any() else 0.0, float(seconds.max()), 1e-3)
        self.seconds.setYRange(0, tallest)
        for plot in (self.seconds, self.updates):
            plot.getAxis("bottom").setTicks(ticks)
            plot.setXRange(-0.6, len(self.results) - 0.4, padding=0)
