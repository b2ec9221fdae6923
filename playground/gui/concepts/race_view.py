"""The Race view: 2-4 networks differing in one setting, as small multiples on one time axis.

Each variant has its own small plot of the mini-batch loss against epochs (examples seen /
training set), the x axes linked so one moment is the same place in every plot; plots of the
same loss family share their y axis too. One control row (Start, Pause, Step, slow motion)
drives all of them through ``playground.training.race_driver.RaceDriver``, which runs on one
QThread and reports each tick as a signal.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.gui.palette import curve_pen
from playground.gui.views.plot_style import plain_numbers
from playground.training.config import TrainingConfig
from playground.training.race import SETTINGS, Race, Variation, parse_variation
from playground.training.race_driver import RaceDriver, RaceState
from playground.training.runs import loss_family

# Without a session: the lecture's network on 5,000 digits, quick enough to race four.
RACE_CONFIG = TrainingConfig(
    hidden=(100, 100), activation="sigmoid", optimizer="sgd", learning_rate=0.1, epochs=5,
    train_size=5000,
)  # fmt: skip
DEFAULT_VARY = "activation=sigmoid,relu"
DRAW_EVERY = 0.1  # seconds: ticks faster than this are drawn together


class _RaceThread(QThread):
    """Prepares the data, builds the race, then runs its driver; all off the GUI thread."""

    ready = Signal(object)  # RaceDriver
    ticked = Signal(object)  # list of (epochs, losses, accuracy, diverged) per variant
    failed = Signal(str)

    def __init__(self, base, variation, data, first: str, delay: float, parent=None) -> None:
        super().__init__(parent)
        self.base, self.variation, self.data, self.first, self.delay = (
            base, variation, data, first, delay,
        )  # fmt: skip
        self.driver: RaceDriver | None = None
        self.cancelled = threading.Event()

    def run(self) -> None:
        try:
            data = self.data if self.data is not None else _prepare(self.base)
            # An optimizer race: each at its own default rate (Adam at SGD's 0.1 would be unfair).
            fair = self.variation.setting == "optimizer"
            race = Race(self.base, self.variation, data, default_rates=fair)
        except Exception as exc:  # shown in the view; the app keeps running
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        driver = RaceDriver(race)
        driver.set_slow_motion(self.delay)
        self.driver = driver
        if self.cancelled.is_set():  # closed while the data were prepared
            return
        self.ready.emit(driver)
        getattr(driver, self.first)()
        driver.run(self._tick)

    def _tick(self, race: Race) -> None:
        curves = []
        for v in race.variants:  # a bounded copy: at most CURVE_POINTS per variant
            curve = v.curve()
            curves.append((curve.x("epochs"), curve.y, v.accuracy, v.diverged))
        self.ticked.emit(curves)


def _prepare(config: TrainingConfig):
    from playground.training.dataset_cache import shared_datasets
    from playground.training.preparation import prepare

    return prepare(shared_datasets().load(config.dataset), config)


class RaceView(QWidget):
    raceReady = Signal()
    tickDrawn = Signal()
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = RACE_CONFIG
        self.data = None  # PreparedData given by a caller (tests); else prepared from base
        self.driver: RaceDriver | None = None
        self._thread: _RaceThread | None = None
        self._curves: list = []  # the newest (epochs, losses, accuracy, diverged) per variant
        self._last_draw = 0.0
        self._titles: list[str] = []
        self._families: dict[str, list[int]] = {}  # loss family: indices of its plots

        self.setting_box = QComboBox()
        for key in SETTINGS:  # the text is set in retranslate_ui
            self.setting_box.addItem(key, key)
        self.values_edit = QLineEdit()
        self.values_edit.setMinimumWidth(200)
        self.start_button, self.pause_button = QPushButton(), QPushButton()
        self.step_button, self.new_button = QPushButton(), QPushButton()
        self.slow_label = QLabel()
        self.slow_box = QDoubleSpinBox()
        self.slow_box.setRange(0.0, 2.0)
        self.slow_box.setSingleStep(0.1)
        self.slow_box.setSuffix(" s")
        self.status, self.caption = QLabel(), QLabel()
        self.caption.setWordWrap(True)
        # Two rows: what races, then the one control; narrow enough beside the settings.
        choice, controls = QHBoxLayout(), QHBoxLayout()
        for widget in (self.setting_box, self.values_edit, self.new_button):
            choice.addWidget(widget)
        choice.addStretch(1)
        for widget in (
            self.start_button, self.pause_button, self.step_button, self.slow_label, self.slow_box,
        ):  # fmt: skip
            controls.addWidget(widget)
        controls.addWidget(self.status, 1)
        self.grid = QGridLayout()
        self.plots: list[pg.PlotWidget] = []
        layout = QVBoxLayout(self)
        layout.addLayout(choice)
        layout.addLayout(controls)
        layout.addWidget(self.caption)
        layout.addLayout(self.grid, 1)

        self.start_button.clicked.connect(self.start)
        self.step_button.clicked.connect(self.step)
        self.pause_button.clicked.connect(self.pause)
        self.new_button.clicked.connect(self.new_race)
        self.slow_box.valueChanged.connect(self._slow_motion)
        self.set_variation(parse_variation(DEFAULT_VARY))
        self.retranslate_ui()

    # -- setting up ----------------------------------------------------------------------------
    def set_variation(self, variation: Variation) -> None:
        self.setting_box.setCurrentIndex(max(0, self.setting_box.findData(variation.setting)))
        self.values_edit.setText(",".join(_text(v) for v in variation.values))

    def set_race(self, config: TrainingConfig, variation: Variation) -> None:
        """A race to run from these settings (a preset started as a race)."""
        self.shutdown()
        self.base, self.data = config, None
        self.set_variation(variation)
        self.new_race()
        self.retranslate_ui()

    def variation(self) -> Variation | None:
        try:
            setting = self.setting_box.currentData()
            return parse_variation(f"{setting}={self.values_edit.text()}")
        except ValueError as exc:
            self.status.setText(str(exc))
            return None

    def new_race(self) -> None:
        """Forget the race shown; the next Start or Step begins a fresh one."""
        self.shutdown()
        self.driver, self._curves = None, []
        self._build_plots([])
        self._update_buttons()

    def _build_plots(self, names: list[str]) -> None:
        for plot in self.plots:
            self.grid.removeWidget(plot)
            plot.deleteLater()
        self.plots, self._titles = [], list(names)
        columns = 2 if len(names) > 2 else max(1, len(names))
        for i, _ in enumerate(names):
            plot = pg.PlotWidget()
            plot.showGrid(x=True, y=True, alpha=0.3)
            plain_numbers(plot.getPlotItem())
            plot.setLabel("bottom", self.tr("epochs"))
            plot.setLabel("left", self.tr("mini-batch loss"))
            if self.plots:
                plot.setXLink(self.plots[0])
            self.grid.addWidget(plot, i // columns, i % columns)
            self.plots.append(plot)

    # -- the control ---------------------------------------------------------------------------
    def _command(self, name: str) -> None:
        if self.driver is not None:
            getattr(self.driver, name)()
            self._update_buttons()
            return
        if self._thread is not None:
            return  # a race is being prepared
        variation = self.variation()
        if variation is None:
            return
        thread = _RaceThread(self.base, variation, self.data, name, self.slow_box.value(), self)
        # Each signal names its thread: a stopped race's last ticks never reach a new one.
        thread.ready.connect(lambda d, t=thread: t is self._thread and self._ready(d))
        thread.ticked.connect(lambda n, t=thread: t is self._thread and self._ticked(n))
        thread.failed.connect(lambda m: self.status.setText(self.tr("Failed: {m}").format(m=m)))
        thread.finished.connect(lambda t=thread: self._thread_done(t))
        self._thread = thread
        self.status.setText(self.tr("Preparing the race…"))
        thread.start(QThread.Priority.LowPriority)

    def start(self) -> None:
        self._command("start")

    def step(self) -> None:
        self._command("step")

    def pause(self) -> None:
        if self.driver is not None:
            self.driver.pause()
            self._update_buttons()

    def _slow_motion(self, seconds: float) -> None:
        if self.driver is not None:
            self.driver.set_slow_motion(seconds)

    def _ready(self, driver: RaceDriver) -> None:
        self.driver = driver
        race = driver.race
        self._build_plots([v.name for v in race.variants])
        self._families = {}
        for i, (plot, v) in enumerate(zip(self.plots, race.variants, strict=True)):
            members = self._families.setdefault(loss_family(v.config), [])
            if members:
                plot.setYLink(self.plots[members[0]])  # one scale within one loss function
            members.append(i)
        if self.plots:  # the whole race from the start: every moment keeps its place
            self.plots[0].setXRange(0, race.total / race.n, padding=0.02)
        self._update_buttons()
        self.raceReady.emit()

    def _ticked(self, curves) -> None:
        self._curves = curves
        done = self.driver is None or self.driver.state is not RaceState.RUNNING
        now = time.monotonic()
        if done or now - self._last_draw >= DRAW_EVERY:
            self._last_draw = now
            self._draw()
        self._update_buttons()

    def _draw(self) -> None:
        for i, (plot, (x, y, acc, diverged)) in enumerate(
            zip(self.plots, self._curves, strict=True)
        ):
            plot.getPlotItem().clear()
            pen = curve_pen(i)
            dots = {"symbol": "o", "symbolBrush": pen.color(), "symbolPen": None}
            plot.plot(x, y, pen=pen, **(dots if len(y) < 3 else {}))  # one point is a dot
            state = (
                self.tr("diverged")
                if diverged
                else self.tr("accuracy {a}").format(a=f"{acc:.0%}" if np.isfinite(acc) else "–")
            )
            last = f"{y[-1]:.3f}" if len(y) else "–"
            title = self.tr("{name} — loss {loss}, {state}")
            plot.setTitle(title.format(name=self._titles[i], loss=last, state=state))
        for members in self._families.values():
            # A linked axis follows the first plot's range: make it span the whole family.
            ys = [self._curves[i][1] for i in members]
            finite = np.concatenate([y[np.isfinite(y)] for y in ys])
            if len(finite):
                self.plots[members[0]].setYRange(float(finite.min()), float(finite.max()))
        self.tickDrawn.emit()

    def _update_buttons(self) -> None:
        state = self.driver.state if self.driver is not None else RaceState.READY
        over = state in (RaceState.FINISHED, RaceState.STOPPED)
        self.start_button.setEnabled(state is not RaceState.RUNNING and not over)
        self.step_button.setEnabled(state is not RaceState.RUNNING and not over)
        self.pause_button.setEnabled(state is RaceState.RUNNING)
        names = {
            RaceState.READY: self.tr("Ready."),
            RaceState.RUNNING: self.tr("Racing…"),
            RaceState.PAUSED: self.tr("Paused."),
            RaceState.FINISHED: self.tr("Finished."),
            RaceState.STOPPED: self.tr("Stopped."),
        }
        if self.driver is not None or self._thread is None:
            self.status.setText(names[state])

    def _thread_done(self, thread: _RaceThread) -> None:
        thread.deleteLater()
        if thread is self._thread:
            self._thread = None
            self._update_buttons()
            self.finished.emit()

    def shutdown(self) -> None:
        """Stop the race and wait for its thread (before the window closes)."""
        thread = self._thread
        if thread is None:
            return
        thread.cancelled.set()
        if thread.driver is not None:
            thread.driver.stop()
        thread.wait()
        self._thread = None

    # -- text and hosting ------------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.start_button.setText(self.tr("Start"))
        self.pause_button.setText(self.tr("Pause"))
        self.step_button.setText(self.tr("Step"))
        self.new_button.setText(self.tr("New race"))
        self.slow_label.setText(self.tr("Slow motion:"))
        names = {
            "activation": self.tr("Activation"),
            "loss": self.tr("Loss"),
            "optimizer": self.tr("Optimizer"),
            "learning_rate": self.tr("Learning rate"),
            "batch_size": self.tr("Batch size"),
            "depth": self.tr("Hidden layers"),
        }
        for i in range(self.setting_box.count()):
            self.setting_box.setItemText(i, names[self.setting_box.itemData(i)])
        self.values_edit.setToolTip(self.tr("2 to 4 values, separated by commas"))
        c = self.base
        values = {
            "layers": "-".join(str(u) for u in c.hidden),
            "act": c.activation,
            "loss": {
                "cross-entropy": self.tr("cross-entropy"),
                "mean squared error": self.tr("mean squared error"),
            }.get(loss_family(c), loss_family(c)),
            "opt": c.optimizer,
            "lr": f"{c.learning_rate:g}",
            "b": c.batch_size,
            "n": f"{c.train_size or 60000:,}",
            "e": c.epochs,
        }
        text = self.tr(
            "Every network starts from the same initial weights and sees the same examples "
            "in the same order; one Start, Pause, Step and slow motion drive them all. "
            "Base settings: {layers} {act}, {loss}, {opt} lr {lr}, batch {b}, {n} examples, "
            "{e} epochs."
        )
        self.caption.setText(text.format(**values))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_session(self, session) -> None:
        """The window's settings become the race's base (a race under way keeps its own)."""
        if session is None or self.driver is not None or self._thread is not None:
            return
        self.base, self.data = session.config, None
        self.retranslate_ui()


def _text(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
