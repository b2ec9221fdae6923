"""The main window: it assembles the parts and reflects the Qt-free run controller.

Parts: the settings dock (panels, validation), the run actions, the File menu, the live
views (tabs, frames drawn), frame pacing, the data-set choice and the stored settings. The
run state, the session and the run commands live in ``RunController``; the window only shows
them and turns the runner's events into dialogs and messages.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from playground.gui import crash_log, dialogs, window_settings
from playground.gui.data_choice import DataChoice
from playground.gui.file_actions import FileActions
from playground.gui.frame_pacing import DRAW_BUDGET, PROCESS_DRAW_BUDGET, FramePacer
from playground.gui.live_views import LiveViews
from playground.gui.process_runner import ProcessRunner
from playground.gui.replay_bar import ReplayBar, runs_folder
from playground.gui.run_actions import RunActions
from playground.gui.settings_dock import SettingsDock
from playground.gui.status import TrainingStatus
from playground.gui.view_host import Feeds
from playground.gui.worker import TrainingRunner
from playground.training import TrainingConfig, TrainingSession
from playground.training.controller import RunController, SessionError
from playground.training.dataset_cache import DatasetCache, shared_datasets
from playground.training.events import Diverged, Event, Failed, Finished, Paused
from playground.training.run_state import RunState

translate = QCoreApplication.translate  # module-level texts keep the "MainWindow" context


class MainWindow(QMainWindow):
    """The app's window. ``trainer``: "process" trains in a trainer process (the app), "thread"
    on a thread of this process (drawing then shares the interpreter lock with training)."""

    sessionChanged = Signal(object)
    trainingStateChanged = Signal(str)
    runFinished = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        restore_settings: bool = True,
        host_extras: bool = True,
        datasets: DatasetCache | None = None,
        trainer: str = "process",
    ):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("nn-playground"))
        self.last_message: str | None = None
        self.remember_settings = restore_settings  # tools and tests leave the user's alone
        self.presentation = None  # PresentationMode, once the extras are hosted
        self._closing, self._problems = False, []  # settings that keep Start from training

        self.runner = ProcessRunner(self) if trainer == "process" else TrainingRunner(self)
        self.controller = RunController(
            self.runner,
            on_state=self._reflect_state,
            on_session=self._reflect_session,
            on_launch=self._on_launch,
        )
        self.settings = SettingsDock(self)
        self.files = FileActions(self)
        self.run_actions = RunActions(self, self, lambda: self.state is RunState.RUNNING)
        self.status = TrainingStatus(self.statusBar())
        self.views = LiveViews(self, self.status, lambda: self.session, self.runner.is_running)
        for part in (self.settings.dock, self.run_actions.toolbar):  # shown and hidden there
            self.views.menu.addAction(part.toggleViewAction())
        self.views.menu.addSeparator()
        self.setCentralWidget(self.views.tabs)
        self.frames = FramePacer(
            lambda: self.views.refresh(force=False),
            lambda: self.runner.is_running() and not self._closing,
            self,
            budget=PROCESS_DRAW_BUDGET if trainer == "process" else DRAW_BUDGET,
        )
        self.data = DataChoice(
            self.settings.data_panel,
            datasets or shared_datasets(),
            lambda message: setattr(self, "last_message", message),
            self,
        )
        self._connect_parts()
        # Every run is recorded (tools and tests that leave the user's settings alone choose).
        self.runner.record_to = str(runs_folder()) if restore_settings else None
        self.replay_bar = ReplayBar(self)

        # The plots and lecture views are built right after the first paint: it comes sooner.
        self._extras_pending = host_extras
        self._first_paint = _FirstPaint(self)
        if restore_settings:
            window_settings.restore(self)
        else:
            self.resize(*window_settings.DEFAULT_SIZE)
        self._reflect_state(RunState.IDLE)
        self._validate()

    def _connect_parts(self) -> None:
        """The parts' widgets by their old names, and what the window reflects: the runner's
        news, the settings, the live settings."""
        self.data_panel, self.settings_dock = self.settings.data_panel, self.settings.dock
        self.run_toolbar, self.slow_motion = self.run_actions.toolbar, self.run_actions.slow_motion
        self.views_menu, self.tabs = self.views.menu, self.views.tabs
        self.model_panel = self.settings.model_panel
        self.training_panel = self.settings.training_panel
        self.export_menu, self.action_save = self.files.export_menu, self.files.save
        self.actions_by_name = self.run_actions.by_name
        self.action_start, self.action_pause = self.run_actions.start, self.run_actions.pause
        self.action_stop, self.action_reset = self.run_actions.stop, self.run_actions.reset
        self.runner.eventReceived.connect(self._on_event)
        self.runner.failed.connect(self._report_failure)
        self.runner.stopped.connect(self._on_run_ended)
        if isinstance(self.runner, ProcessRunner):  # news from the trainer between runs
            self.runner.snapshotArrived.connect(lambda: self.views.refresh(force=True))
        self.data.changed.connect(self._validate)
        self.data.predict_with(lambda: self.session)
        self.data.changed.connect(
            lambda data: self.model_panel.set_data_shape(data.input_dim, data.num_classes)
        )
        for panel in self.settings.panels:
            panel.changed.connect(self._validate)
        self.training_panel.learningRateChanged.connect(self.controller.set_learning_rate)
        self.training_panel.changed.connect(self._send_live_settings)
        self.slow_motion.valueChanged.connect(lambda ms: self.controller.set_delay(ms / 1000.0))

    # ================================================================== what it reflects
    @property
    def session(self) -> TrainingSession | None:
        return self.controller.session

    @property
    def state(self) -> RunState:
        return self.controller.state

    # ================================================================== views
    def ensure_views(self) -> None:
        """Build the plot views (and import pyqtgraph) now if not done yet."""
        self.loss_view, self.weights_view, self.predictions_view = self.views.ensure_built()

    def ensure_extras(self) -> None:
        """Host the lecture features now if they are still waiting for the first paint."""
        if not self._extras_pending or self._closing:
            return
        from playground.gui.extras import host_extras

        self.ensure_views()
        self._extras_pending = False
        host_extras(self)
        if 3 <= self.views.saved_tab < self.tabs.count():
            self.tabs.setCurrentIndex(self.views.saved_tab)

    def add_view(
        self, widget: QWidget, title: str, *, key: str | None = None, feeds: Feeds | None = None
    ) -> int:
        """Append a tab, fed what ``feeds`` declares (nothing by default)."""
        feeds = feeds or Feeds()
        self.ensure_views()
        index = self.views.host.add(key or f"view{self.tabs.count()}", title, widget, feeds)
        if self.session is not None and feeds.session is not None:
            feeds.session(widget, self.session)
        return index

    def show_view(self, key: str) -> None:
        self.ensure_views()
        self.views.show(key)

    # ================================================================== settings
    def current_config(self) -> TrainingConfig:
        return self.settings.config()

    def apply_config(self, cfg: TrainingConfig) -> None:
        if self.runner.is_running():
            self.stop()
        self.settings.apply(cfg)
        self._validate()

    def problems(self) -> list[tuple[str, str]]:
        """Every impossible setting as (field, message); empty when Start may train."""
        dataset = self.data.dataset
        return self.settings.problems(None if dataset is None else len(dataset.y_train))

    def _validate(self, *_args: object) -> None:
        self._problems = self.problems()
        self.settings.show_problems(self._problems)
        self._update_actions()

    def _send_live_settings(self) -> None:
        """Settings that a session takes while it lives go to it at once (the next batch)."""
        if self.session is None or self._problems:
            return
        try:
            self.controller.set_settings(self.current_config())
        except ValueError as exc:  # ConfigError: the panels' checks let something through
            self.statusBar().showMessage(str(exc), 8000)

    # ================================================================== run commands
    def start(self) -> None:
        self._command(self.controller.start)

    def step(self) -> None:
        """Train exactly one more mini-batch, then pause."""
        self._command(self.controller.step)

    def add_epoch(self) -> None:
        """Train to the end of the current epoch (a whole one at a boundary), then pause."""
        self._command(self.controller.add_epoch)

    def pause(self) -> None:
        self.controller.pause()

    def stop(self) -> bool:
        """End the run (waits for the mini-batch in progress); Start continues the weights."""
        ended = self.controller.stop()
        self.views.refresh(force=True)
        return ended

    def reset(self) -> None:
        """New random weights and an empty history (the settings stay); the run so far is
        kept in Run comparison first."""
        if self.session is not None and getattr(self.session, "updates", 0):
            self.runFinished.emit(self.session)
        self.last_message = None
        self.views.ensure_built()[0].show_message(None)
        self.controller.reset(self.current_config())
        self.views.refresh(force=True)

    def _command(self, command) -> None:
        """Start, Step or +1 epoch: continue a live run, or check the settings, load the data
        and begin one."""
        if not self.controller.running or self.controller.control is None:
            self._validate()
            if self._problems:
                self.statusBar().showMessage(self._problems[0][1], 8000)
                return
            if not self.data.ensure():
                return
        try:
            command(self.current_config(), self.data.dataset)
        except SessionError as exc:
            self.last_message = str(exc)
            dialogs.show_error(self, "error", str(exc))

    # ================================================================== reflecting the run
    def _reflect_state(self, state: RunState) -> None:
        self.settings.set_running(self.runner.is_running() and state.trains)
        self.status.set_state(_state_names().get(state, str(state)))
        self._update_actions()
        self.trainingStateChanged.emit(str(state))

    def _update_actions(self) -> None:
        busy, alive = self.controller.busy, self.runner.is_running()
        self.run_actions.update(busy=busy, alive=alive, problems=self._problems)
        self.files.update(has_session=self.session is not None, busy=busy)

    def _reflect_session(self, session: TrainingSession | None) -> None:
        if session is not None and self.views.plots is not None:
            self.views.plots[0].show_message(None)
        self.views.session_changed(session)
        self.sessionChanged.emit(session)

    def _on_launch(self) -> None:
        self.views.host.set_training(True)
        self.frames.start()

    def _on_event(self, event: Event) -> None:
        self.controller.handle(event)
        if isinstance(event, Diverged):
            self.last_message = event.message
            self.views.ensure_built()[0].show_message(event.message)
            self.statusBar().showMessage(event.message, 20000)
        elif isinstance(event, Failed):
            exc = event.exception
            self._report_failure(f"{type(exc).__name__}: {exc}", event.traceback)
        elif isinstance(event, Finished):
            self.runFinished.emit(self.session)
        if isinstance(event, (Paused, Diverged)):
            self.views.refresh(force=True)

    def _report_failure(self, message: str, text: str) -> None:
        path = crash_log.write_error("training thread", text)
        self.last_message = message
        self.controller.failed()
        dialogs.show_error(self, "error", message, details=text, log_file=path)

    def _on_run_ended(self) -> None:
        self.controller.run_ended()
        self.views.host.set_training(False)
        self._update_actions()
        self.views.refresh(force=True)

    # ================================================================== lifetime
    def shutdown(self) -> None:
        """Stop training (within about a second) and drop the session; safe to call twice."""
        self._closing = True
        self.frames.stop()
        self.data.wait(10)
        if not self.controller.shutdown():
            print("nn-playground: the training thread did not stop", file=sys.stderr)

    def closeEvent(self, event) -> None:
        if self.remember_settings:
            window_settings.save(self)
        self.shutdown()
        super().closeEvent(event)


class _FirstPaint(QObject):
    """After the window's first paint: the plots, the lecture views, then the data set."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.pending = window, False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.pending = True
            QTimer.singleShot(500, self.done)  # in case no paint comes (minimised)
        elif event.type() == QEvent.Type.Paint and self.pending:
            self.pending = False
            QTimer.singleShot(0, self.done)  # runs once this paint is done
        return False

    def done(self) -> None:
        window = self.window
        if window._closing:
            return
        window.ensure_views()
        window.ensure_extras()
        window.data.load_initial()


def _state_names() -> dict[RunState, str]:
    return {
        RunState.IDLE: translate("MainWindow", "Ready"),
        RunState.RUNNING: translate("MainWindow", "Training"),
        RunState.PAUSED: translate("MainWindow", "Paused"),
        RunState.STEPPING: translate("MainWindow", "Stepping"),
        RunState.STOPPED: translate("MainWindow", "Stopped"),
        RunState.FINISHED: translate("MainWindow", "Finished"),
        RunState.DIVERGED: translate("MainWindow", "Diverged"),
        RunState.ERROR: translate("MainWindow", "Error"),
        RunState.EVALUATING: translate("MainWindow", "Evaluating a model"),
    }
