"""The lecture's Speed slide, measured live: batch sizes 1, 10, 100, 1000 and the whole set.

The measurement (``playground.training.speed_lab.measure``: a warm-up, then three timings of at
least 10,000 examples, the median shown with the spread, a learning rate per batch size that
keeps batch size 1 stable) runs on a QThread; each batch size's result arrives as a signal and
fills one table row, one bar in each bar chart and one curve in each loss plot.
"""

from __future__ import annotations

import math
import threading

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from playground.gui.concepts.speed_bars import SpeedBars
from playground.gui.palette import curve_pen
from playground.gui.views.plot_style import LegendPlot, plain_numbers
from playground.training.config import TrainingConfig
from playground.training.speed_lab import (
    DEFAULT_BATCH_SIZES,
    LAB_CONFIG,
    MIN_SAMPLES,
    REPEATS,
    SpeedResult,
    measure,
    stable_rate,
)

DEFAULT_SAMPLES = MIN_SAMPLES
DEFAULT_CONFIG = LAB_CONFIG  # without a session: the lecture's network on 10,000 digits


class _Measurement(QThread):
    result = Signal(object)  # SpeedResult
    failed = Signal(str)

    def __init__(self, config, batch_sizes, max_samples, data, parent: QObject | None = None):
        super().__init__(parent)
        self.config, self.batch_sizes = config, batch_sizes
        self.max_samples, self.data = max_samples, data
        self.stop_event = threading.Event()

    def run(self) -> None:
        try:
            measure(
                self.config,
                self.batch_sizes,
                self.max_samples,
                on_result=self.result.emit,
                should_stop=self.stop_event,
                data=self.data,
                repeats=REPEATS,
                warm_up=True,
                scale_rates=True,
            )
        except Exception as exc:  # shown in the view; the app keeps running
            self.failed.emit(f"{type(exc).__name__}: {exc}")


class SpeedLabView(QWidget):
    resultAdded = Signal(object)
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config: TrainingConfig = DEFAULT_CONFIG
        self.data: tuple[np.ndarray, np.ndarray] | None = None
        self.batch_sizes = DEFAULT_BATCH_SIZES
        self.results: list[SpeedResult] = []
        self._thread: _Measurement | None = None
        self._training = False

        self._build_controls()
        self._build_plots()
        self._lay_out()
        self._connect_controls()
        self.retranslate_ui()

    def _build_controls(self) -> None:
        """The buttons, the sample count, the plan, the results table and bars."""
        self.run_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.full_epoch = QCheckBox()
        self.samples_box = QSpinBox()
        self.samples_box.setRange(MIN_SAMPLES, 1_000_000)
        self.samples_box.setSingleStep(5000)
        self.samples_box.setValue(DEFAULT_SAMPLES)
        self.samples_label = QLabel()
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.rates = QLabel()  # the learning rate of each batch size, said on screen
        self.rates.setWordWrap(True)
        self.status = QLabel()
        self.bars = SpeedBars()

        self.table = QTableWidget(0, 7)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def _build_plots(self) -> None:
        # Legends above the plots: the curves of every batch size stay uncovered.
        self.by_updates = LegendPlot()
        self.by_seconds = LegendPlot()
        # "0.5 s", never "500 (x0.001)"
        plain_numbers(self.by_updates.getPlotItem(), self.by_seconds.getPlotItem())
        for plot in (self.by_updates, self.by_seconds):
            plot.showGrid(x=True, y=True, alpha=0.3)
        self.by_updates.setLogMode(x=True, y=False)
        self.by_seconds.setLogMode(x=True, y=False)

    def _lay_out(self) -> None:
        controls = QHBoxLayout()
        for widget in (
            self.run_button,
            self.cancel_button,
            self.full_epoch,
            self.samples_label,
            self.samples_box,
        ):
            controls.addWidget(widget)
        controls.addWidget(self.status, 1)
        curves = QWidget()
        grid = QGridLayout(curves)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.by_updates, 0, 0)
        grid.addWidget(self.by_seconds, 0, 1)
        plots = QSplitter(Qt.Orientation.Vertical)
        plots.addWidget(self.table)
        plots.addWidget(self.bars)
        plots.addWidget(curves)
        plots.setSizes([150, 190, 300])  # the loss plots carry their legends: the most room
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.plan)
        layout.addWidget(self.rates)
        layout.addWidget(plots, 1)

    def _connect_controls(self) -> None:
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.full_epoch.toggled.connect(self._update_plan)
        self.samples_box.valueChanged.connect(self._update_plan)

    # -- running -----------------------------------------------------------------------------
    def max_samples(self) -> int | None:
        return None if self.full_epoch.isChecked() else self.samples_box.value()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self) -> None:
        if self.is_running():
            return
        self.results = []
        self.table.setRowCount(0)
        self.bars.clear_results()
        for plot in (self.by_updates, self.by_seconds):
            plot.clear()
            plot.legend.clear()
        thread = _Measurement(self.config, self.batch_sizes, self.max_samples(), self.data, self)
        thread.result.connect(self._add_result)
        thread.failed.connect(self._failed)
        thread.finished.connect(self._done)
        self._thread = thread
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("Measuring…"))
        thread.start(QThread.Priority.LowPriority)

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.stop_event.set()

    def shutdown(self) -> None:
        """Stop the measurement and wait for its thread (before the window closes)."""
        if self._thread is not None:
            self._thread.stop_event.set()
            self._thread.wait()

    def _add_result(self, r: SpeedResult) -> None:
        self.results.append(r)
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = (
            self.tr("whole set ({n})").format(n=f"{r.batch_size:,}")
            if r.whole_set
            else (f"{r.batch_size:,}")
        )
        seconds = f"{r.seconds_per_epoch:.2f}" if math.isfinite(r.seconds_per_epoch) else "–"
        low, high = r.spread
        if len(r.repeat_seconds) > 1 and math.isfinite(low) and math.isfinite(high):
            seconds = self.tr("{s} ({low}–{high})").format(
                s=seconds, low=f"{low:.2f}", high=f"{high:.2f}"
            )
        if not r.epoch_measured:
            seconds = self.tr("{s} (scaled)").format(s=seconds)
        cells = [
            label,
            f"{r.updates_per_epoch:,}",
            seconds,
            f"{r.samples_per_second:,.0f}" if math.isfinite(r.samples_per_second) else "–",
            f"{r.updates:,}",
            f"{r.learning_rate:.3g}",
            self.tr("diverged") if r.diverged else f"{r.final_loss:.4f}",
        ]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, col, item)
        pen = curve_pen(row)
        # A batch size with very few updates (the whole set: one) is a point, not a line.
        marks = (
            {"symbol": "o", "symbolBrush": pen.color(), "symbolSize": 9} if r.updates < 5 else {}
        )
        self.by_updates.plot(r.loss_updates, r.loss, pen=pen, name=label, **marks)
        seconds = np.maximum(r.loss_seconds, 1e-4)
        self.by_seconds.plot(seconds, r.loss, pen=pen, name=label, **marks)
        self.bars.add(r)
        self.resultAdded.emit(r)

    def _failed(self, message: str) -> None:
        self.status.setText(self.tr("Failed: {m}").format(m=message))

    def _done(self) -> None:
        stopped = self._thread is not None and self._thread.stop_event.is_set()
        if self._thread is not None:
            self._thread.deleteLater()
        self._thread = None
        self.run_button.setEnabled(not self._training)
        self.cancel_button.setEnabled(False)
        if not self.status.text().startswith(self.tr("Failed")):
            self.status.setText(self.tr("Cancelled.") if stopped else self.tr("Done."))
        self.finished.emit()

    def _update_plan(self, *_args) -> None:
        self.samples_box.setEnabled(not self.full_epoch.isChecked())
        n, samples = self._n_train(), self.max_samples()
        if samples is None or samples >= n:
            text = self.tr(
                "Each batch size trains one full epoch ({n} examples) from the same start."
            ).format(n=f"{n:,}")
        else:
            text = self.tr(
                "Each batch size trains {k} examples (at least one mini-batch; the whole set is"
                " one update of {n}) from the same start; seconds per epoch are scaled up from"
                " that to {n} examples."
            ).format(k=f"{samples:,}", n=f"{n:,}")
        text += " " + self.tr(
            "Each batch size is warmed up, then timed {k} times; the table and the bars show"
            " the median and the spread."
        ).format(k=REPEATS)
        if self._training:
            text += " " + self.tr("Pause training first: both would share the processor.")
        self._update_rates()
        self.plan.setText(self.tr("Network: {net}. ").format(net=self._describe()) + text)

    def _update_rates(self) -> None:
        n, lr = self._n_train(), self.config.learning_rate
        sizes = [n if b == "all" or b is None else min(int(b), n) for b in self.batch_sizes]
        pairs = ", ".join(f"{b:,}: {stable_rate(lr, b):.3g}" for b in dict.fromkeys(sizes))
        self.rates.setText(
            self.tr(
                "Learning rate per batch size ({pairs}): {lr} scaled by √(batch/100) below 100,"
                " so batch size 1 stays stable."
            ).format(pairs=pairs, lr=f"{lr:g}")
        )

    def _n_train(self) -> int:
        if self.data is not None:
            return len(self.data[0])
        return self.config.n_train(60000)

    def _describe(self) -> str:
        c = self.config
        layers = "-".join(str(u) for u in c.hidden)
        return f"{layers} {c.activation}, {c.optimizer} {c.learning_rate:g}"

    def retranslate_ui(self) -> None:
        self.run_button.setText(self.tr("Run speed test"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.full_epoch.setText(self.tr("One full epoch"))
        self.samples_label.setText(self.tr("or examples per batch size:"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Batch size"),
                self.tr("Updates per epoch"),
                self.tr("Seconds per epoch"),
                self.tr("Samples per second"),
                self.tr("Updates measured"),
                self.tr("Learning rate"),
                self.tr("Last loss"),
            ]
        )
        self.by_updates.setTitle(self.tr("Loss against updates"))
        self.by_updates.setLabel("bottom", self.tr("updates (log scale)"))
        self.by_seconds.setTitle(self.tr("Loss against seconds"))
        self.by_seconds.setLabel("bottom", self.tr("seconds (log scale)"))
        for plot in (self.by_updates, self.by_seconds):
            plot.setLabel("left", self.tr("mini-batch loss"))
        self.bars.set_titles(
            self.tr("Seconds per epoch (median, spread of the repeats)"),
            self.tr("Updates per epoch (log scale)"),
            self.tr("batch size"),
        )
        self._update_plan()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- hosting contract ------------------------------------------------------------------
    def set_session(self, session) -> None:
        if session is None:
            return
        self.config = session.config
        x, y = getattr(session, "x_train", None), getattr(session, "y_train", None)
        self.data = (x, y) if x is not None and y is not None else None
        self._update_plan()

    def set_data(self, config: TrainingConfig, x: np.ndarray, y: np.ndarray) -> None:
        self.config, self.data = config, (x, y)
        self._update_plan()

    def set_training(self, running: bool) -> None:
        self._training = bool(running)
        self.run_button.setEnabled(not running and not self.is_running())
        self._update_plan()
