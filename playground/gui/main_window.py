"""The main window: settings panels, run controls, live views, status bar and menus."""

from __future__ import annotations

import contextlib
import math
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QScrollArea,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from playground.export.foreign import SUFFIXES as FOREIGN_SUFFIXES
from playground.gui import crash_log, dialogs
from playground.gui.panels.data_panel import DataPanel
from playground.gui.panels.model_panel import ModelPanel
from playground.gui.panels.training_panel import TrainingPanel
from playground.gui.sections import CollapsibleSection, LabeledSlider
from playground.gui.status import TrainingStatus
from playground.gui.worker import TrainingRunner
from playground.training import stored_settings

_DATASETS: dict[str, object] = {}
FRAME_MS = 33  # at most ~30 redraws per second, whatever the batch size
MAX_FRAME_MS = 1000  # views that cost much (weights: ~50 ms a frame) still redraw every second
# Share of one core the live views may use while training runs. The event loop holds the GIL
# while it draws, and the training threads wait for it between NumPy calls: each 1 % drawing
# took about 1.5 % from training on a two-core machine, so 7 % keeps an epoch within ~10 %.
DRAW_BUDGET = 0.07
SETTINGS_KEYS = ("window/geometry", "window/state", "config/json", "view/tab", "run/slowMotion")


class MainWindow(QMainWindow):
    sessionChanged = Signal(object)
    snapshotReady = Signal(object)
    trainingStateChanged = Signal(str)
    runFinished = Signal(object)
    snapshotDrawn = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        restore_settings: bool = True,
        host_extras: bool = True,
    ):
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("nn-playground"))
        self.session = None
        self.control = None
        self.state = "idle"
        self.last_message: str | None = None
        self._datasets = _DATASETS  # shared by windows: data sets are read-only
        self._dataset = None
        self._last_drawn = -1
        self._hosted: dict[str, QWidget] = {}
        self._closing = False
        self.remember_settings = restore_settings  # tools and tests leave the user's alone
        self.update_all_views = False

        self.runner = TrainingRunner(self)
        self.runner.eventReceived.connect(self._on_event)
        self.runner.failed.connect(self._on_failed)
        self.runner.stopped.connect(self._on_thread_stopped)

        self._build_views()
        self._build_panels()
        self._build_actions()
        self._build_menus()
        self.status = TrainingStatus(self.statusBar())

        self._background_load = None  # (source, thread, outcome) while a data set is read
        self._load_poll = QTimer(self)
        self._load_poll.setInterval(30)
        self._load_poll.timeout.connect(self._finish_background_load)
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._on_frame)
        self._frame_clock: tuple[float, float] | None = None

        # The lecture views are built right after the first paint: the window appears sooner.
        self._extras_pending = host_extras
        if restore_settings:
            self._restore_settings()
        else:
            self.resize(1400, 900)
        self._set_state("idle")
        self._validate()

    # ================================================================== building
    def _build_views(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("viewTabs")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._views: tuple | None = None
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def ensure_views(self) -> None:
        """Build the plot views (and import pyqtgraph) on first need: after the first paint,
        or at once when anything asks for a view."""
        if self._views is not None:
            return
        from PySide6.QtCore import QSettings

        from playground.gui.app import configure_pyqtgraph

        white = QSettings().value("view/whiteBackground", True, type=bool)
        configure_pyqtgraph(white_background=bool(white))
        from playground.gui.views.loss_view import LossView
        from playground.gui.views.predictions_view import PredictionsView
        from playground.gui.views.weights_view import WeightsView

        self._views = (LossView(), WeightsView(), PredictionsView())
        titles = (self.tr("Loss"), self.tr("Weights"), self.tr("Predictions"))
        for i, (key, view, title) in enumerate(
            zip(("loss", "weights", "predictions"), self._views, titles, strict=True)
        ):
            self._hosted[key] = view
            self.tabs.insertTab(i, view, title)
            act = QAction(title, self)
            act.triggered.connect(lambda _=False, k=key: self.show_view(k))
            self.views_menu.addAction(act)
        saved = getattr(self, "_saved_tab", 0)
        if saved < self.tabs.count():
            self.tabs.setCurrentIndex(saved)
        if self.session is not None:
            self._refresh_now()

    @property
    def loss_view(self):
        self.ensure_views()
        return self._views[0]

    @property
    def weights_view(self):
        self.ensure_views()
        return self._views[1]

    @property
    def predictions_view(self):
        self.ensure_views()
        return self._views[2]

    def _build_panels(self) -> None:
        self.model_panel = ModelPanel()
        self.training_panel = TrainingPanel()
        self.data_panel = DataPanel()
        self.problems_label = QLabel()
        self.problems_label.setObjectName("settingsProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #d62728;")
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(2, 2, 2, 2)
        self.collapsibles = []
        for title, panel in (
            (self.tr("Model"), self.model_panel),
            (self.tr("Training"), self.training_panel),
            (self.tr("Data"), self.data_panel),
        ):
            c = CollapsibleSection(title)
            c.addWidget(panel)
            lay.addWidget(c)
            self.collapsibles.append(c)
        lay.addWidget(self.problems_label)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(box)
        scroll.setMinimumWidth(360)
        self.settings_dock = QDockWidget(self.tr("Settings"), self)
        self.settings_dock.setObjectName("settingsDock")
        self.settings_dock.setWidget(scroll)
        self.settings_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.settings_dock)

        for panel in (self.model_panel, self.training_panel, self.data_panel):
            panel.changed.connect(self._validate)
        self.data_panel.changed.connect(self._on_data_changed)
        self.data_panel.sourceChanged.connect(self._on_source_changed)
        self.training_panel.learningRateChanged.connect(self._on_learning_rate)

    def _build_actions(self) -> None:
        tb = QToolBar(self.tr("Run"))
        tb.setObjectName("runToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.run_toolbar = tb
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        style = self.style()
        sp = style.StandardPixmap

        def action(name, text, slot, icon=None, shortcut=None, tip=None):
            a = QAction(text, self)
            a.setObjectName(name)
            if icon is not None:
                a.setIcon(style.standardIcon(icon))
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.setToolTip(tip or text)
            a.triggered.connect(slot)
            return a

        self.action_start = action(
            "actionStart",
            self.tr("Start"),
            self.start,
            sp.SP_MediaPlay,
            tip=self.tr("Start or continue training (Space)"),
        )
        self.action_pause = action(
            "actionPause",
            self.tr("Pause"),
            self.pause,
            sp.SP_MediaPause,
            tip=self.tr("Pause training (Space)"),
        )
        self.action_step = action(
            "actionStep",
            self.tr("Step"),
            self.step,
            sp.SP_MediaSeekForward,
            "S",
            self.tr("Train exactly one mini-batch (S)"),
        )
        self.action_epoch = action(
            "actionEpoch",
            self.tr("+1 epoch"),
            self.add_epoch,
            sp.SP_MediaSkipForward,
            "E",
            self.tr("Train to the end of this epoch, then pause (E)"),
        )
        self.action_stop = action(
            "actionStop",
            self.tr("Stop"),
            self.stop,
            sp.SP_MediaStop,
            "Ctrl+.",
            self.tr("End this run; Start continues from the same weights (Ctrl+.)"),
        )
        self.action_reset = action(
            "actionReset",
            self.tr("Reset"),
            self.reset,
            sp.SP_BrowserReload,
            "R",
            self.tr("New random weights and an empty history (R)"),
        )
        self.action_toggle = action(
            "actionStartPause", self.tr("Start/Pause"), self.toggle_run, shortcut="Space"
        )
        self.action_toggle.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(self.action_toggle)
        for a in (
            self.action_start,
            self.action_pause,
            self.action_step,
            self.action_epoch,
            self.action_stop,
            self.action_reset,
        ):
            tb.addAction(a)
        tb.addSeparator()
        self.slow_label = QLabel(self.tr(" Slow motion (ms per mini-batch) "))
        tb.addWidget(self.slow_label)
        self.slow_motion = LabeledSlider()
        self.slow_motion.setObjectName("slowMotion")
        self.slow_motion.setRange(0, 2000)
        self.slow_motion.setSingleStep(50)
        self.slow_motion.setPageStep(250)
        self.slow_motion.setMaximumWidth(260)
        self.slow_motion.setToolTip(
            self.tr("Wait this long after every mini-batch (0: full speed)")
        )
        self.slow_motion.valueChanged.connect(self._on_slow_motion)
        tb.addWidget(self.slow_motion)
        self.actions_by_name = {
            a.objectName(): a
            for a in (
                self.action_start,
                self.action_pause,
                self.action_step,
                self.action_epoch,
                self.action_stop,
                self.action_reset,
                self.action_toggle,
            )
        }

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = mb.addMenu(self.tr("&File"))
        self.action_open_continue = self.file_menu.addAction(
            self.tr("Open model to continue training…"), lambda: self.open_model_dialog("continue")
        )
        self.action_open_continue.setShortcut(QKeySequence.StandardKey.Open)
        self.action_open_evaluate = self.file_menu.addAction(
            self.tr("Open model to evaluate…"), lambda: self.open_model_dialog("evaluate")
        )
        self.action_save = self.file_menu.addAction(self.tr("Save model…"), self.save_model_dialog)
        self.action_save.setShortcut(QKeySequence.StandardKey.Save)
        self.file_menu.addSeparator()
        self.action_export = self.file_menu.addAction(
            self.tr("Export current plot (PNG or SVG)…"), self.export_plot_dialog
        )
        self.export_menu = self.file_menu.addMenu(self.tr("Export network"))
        self.action_export_keras = self.export_menu.addAction(
            self.tr("Keras script…"), self.export_keras_dialog
        )
        self.action_export_onnx = self.export_menu.addAction(
            self.tr("ONNX…"), self.export_onnx_dialog
        )
        self.action_export_torch = self.export_menu.addAction(
            self.tr("PyTorch script…"), self.export_torch_dialog
        )
        self.file_menu.addSeparator()
        quit_action = self.file_menu.addAction(self.tr("Quit"), self.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        self.run_menu = mb.addMenu(self.tr("&Run"))
        for a in (
            self.action_start,
            self.action_pause,
            self.action_step,
            self.action_epoch,
            self.action_stop,
            self.action_reset,
        ):
            self.run_menu.addAction(a)

        self.views_menu = mb.addMenu(self.tr("&View"))
        self.views_menu.addAction(self.settings_dock.toggleViewAction())
        self.views_menu.addAction(self.run_toolbar.toggleViewAction())
        self.views_menu.addSeparator()

    def _host_extras(self) -> None:
        """Lecture features (presets, concept views, presentation mode, languages), if present."""
        try:
            from playground.gui.concepts import create_concept_views
        except ImportError:
            create_concept_views = None
        if create_concept_views is not None:
            for key, title, widget in create_concept_views(self):
                self.add_view(widget, title, key=key)
        try:
            from playground.gui.concepts.presets_menu import build_presets_menu
        except ImportError:
            build_presets_menu = None
        if build_presets_menu is not None:
            self.menuBar().addMenu(build_presets_menu(self))
        try:
            from playground.gui.presentation import PresentationMode
        except ImportError:
            PresentationMode = None
        if PresentationMode is not None:
            self.presentation = PresentationMode(self)
            act = self.views_menu.addAction(self.tr("Presentation mode"))
            act.setObjectName("actionPresentation")
            act.setCheckable(True)
            act.setShortcut(QKeySequence("F5"))
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # its own F5 handles keys
            act.toggled.connect(self.presentation.set_enabled)
            self.action_presentation = act
        try:
            from playground.gui.i18n import LANGUAGES, set_language
        except ImportError:
            LANGUAGES = None
        if LANGUAGES:
            menu = self.menuBar().addMenu(self.tr("&Language"))
            for code, name in dict(LANGUAGES).items() if isinstance(LANGUAGES, dict) else LANGUAGES:
                menu.addAction(
                    name, lambda c=code: set_language(QApplication.instance(), c, window=self)
                )
            self.language_menu = menu

    # ================================================================== hosting
    def add_view(self, widget: QWidget, title: str, *, key: str | None = None) -> int:
        """Append a tab; the widget gets set_session/set_model/update_snapshot/set_training."""
        self.ensure_views()
        key = key or f"view{self.tabs.count()}"
        self._hosted[key] = widget
        index = self.tabs.addTab(widget, title)
        act = QAction(title, self)
        act.triggered.connect(lambda: self.show_view(key))
        if hasattr(self, "views_menu"):
            self.views_menu.addAction(act)
        if self.session is not None:
            _call(widget, "set_session", self.session)
            _call(widget, "set_model", self.session.model)
        return index

    def show_view(self, key: str) -> None:
        self.ensure_views()
        widget = self._hosted.get(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def view(self, key: str) -> QWidget | None:
        return self._hosted.get(key)

    def set_plot_pen_width(self, factor: float) -> None:
        for v in (self.loss_view, self.weights_view, self.predictions_view):
            v.set_pen_width(factor)

    # ================================================================== settings
    def current_config(self):
        from playground.training import TrainingConfig

        values = {}
        for panel in (self.model_panel, self.training_panel, self.data_panel):
            values.update(panel.values())
        return TrainingConfig(**values)

    def apply_config(self, cfg) -> None:
        values = cfg.to_dict() if hasattr(cfg, "to_dict") else dict(cfg)
        if self.runner.is_running():
            self.stop()
        self.data_panel.set_values(values)
        self.model_panel.set_values(values)
        self.training_panel.set_values(values)
        self._validate()

    def problems(self) -> list[tuple[str, str]]:
        """Every impossible setting as (field, message); empty when Start may train."""
        found = []
        for panel in (self.model_panel, self.training_panel, self.data_panel):
            found.extend(panel.problems())
        seen = {f for f, _ in found}
        try:
            cfg = self.current_config()
            n_available = self._dataset_size()
            for p in cfg.validate(n_available):
                if p.field not in seen:
                    found.append((p.field, p.message))
                    seen.add(p.field)
        except Exception as exc:  # a config that cannot even be built is a problem too
            found.append(("config", str(exc)))
        return found

    def _dataset_size(self) -> int | None:
        if self._dataset is not None:
            return len(self._dataset.y_train)
        return None

    def _validate(self, *_args) -> None:
        problems = self.problems()
        self._problems = problems
        self.problems_label.setText("\n".join(m for _, m in problems))
        self.problems_label.setVisible(bool(problems))
        self._update_actions()

    def _on_data_changed(self) -> None:
        self.training_panel.set_training_size(self.data_panel.effective_train_size())

    # ================================================================== data
    def ensure_dataset(self) -> bool:
        """Load the chosen data set if it is not loaded yet; False (and a dialog) on failure."""
        source = self.data_panel.dataset_source()
        if self._dataset is not None and self._datasets.get(source) is self._dataset:
            return True
        self._finish_background_load(wait=True)
        return self._load_dataset(source)

    def _start_background_load(self, source: str) -> None:
        """Read a data set on a worker thread (the first one, right after the window shows):
        the window stays responsive, and a poll timer takes the result on this thread."""
        from playground.data import DatasetError
        from playground.data.datasets import load_dataset

        outcome: dict[str, object] = {}

        def read() -> None:
            try:
                outcome["dataset"] = load_dataset(source)
            except (DatasetError, OSError) as exc:
                outcome["error"] = exc

        thread = threading.Thread(target=read, name="nn-playground data", daemon=True)
        self._background_load = (source, thread, outcome)
        thread.start()
        self._load_poll.start()

    def _finish_background_load(self, wait: bool = False) -> None:
        """Take a background load's data set into the cache once it has ended (waiting for it
        with ``wait``); a failure is reported when the set is chosen (``_load_dataset``)."""
        if self._background_load is None:
            self._load_poll.stop()
            return
        source, thread, outcome = self._background_load
        if wait:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                thread.join()
            finally:
                QApplication.restoreOverrideCursor()
        if thread.is_alive():
            return
        self._background_load = None
        self._load_poll.stop()
        if "dataset" in outcome:
            self._datasets.setdefault(source, outcome["dataset"])
        chosen = self.data_panel.dataset_source() == source
        if not wait and not self._closing and self._dataset is None and chosen:
            self._load_dataset(source)  # from the cache, or the error dialog

    def _on_source_changed(self, source: str) -> None:
        if source:
            self._load_dataset(source)

    def _load_dataset(self, source: str) -> bool:
        from playground.data import DatasetError
        from playground.data.loading import LoadCancelledError
        from playground.gui.data_loading import load_with_progress

        if source in self._datasets:
            dataset = self._datasets[source]
        else:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                dataset = load_with_progress(self, source)
            except LoadCancelledError:  # the user's own choice: no error dialog
                self.data_panel.set_source_problem(self.tr("Loading was cancelled."))
                return False
            except (DatasetError, OSError) as exc:
                message = str(exc)
                self.data_panel.set_source_problem(message)
                self.last_message = message
                dialogs.show_error(self, "dataset", message)
                return False
            finally:
                QApplication.restoreOverrideCursor()
            for key in [k for k in self._datasets if k != "mnist"]:
                del self._datasets[key]  # keep MNIST and the newest folder only
            self._datasets[source] = dataset
        self._dataset = dataset
        self.data_panel.set_dataset(dataset)
        self.model_panel.set_data_shape(dataset.input_dim, dataset.num_classes)
        self._validate()
        return True

    # ================================================================== run control
    def toggle_run(self) -> None:
        if self.state == "running":
            self.pause()
        else:
            self.start()

    def start(self) -> None:
        if self.state == "running":
            return
        if self.runner.is_running() and self.control is not None:
            self.control.resume()
            self._set_state("running")
            return
        if not self._prepare_session():
            return
        self._launch(paused=False)

    def pause(self) -> None:
        if self.control is not None and self.runner.is_running():
            self.control.pause()
            self._set_state("paused")

    def step(self) -> None:
        """Train exactly one more mini-batch, then pause."""
        if self.runner.is_running() and self.control is not None:
            self.control.request_steps(1)
            self._set_state("stepping")
            return
        if not self._prepare_session():
            return
        self._launch(paused=True)
        self.control.request_steps(1)
        self._set_state("stepping")

    def add_epoch(self) -> None:
        """Train to the end of the current epoch (a whole one at a boundary), then pause."""
        if self.runner.is_running() and self.control is not None:
            self.control.request_epoch()
            self._set_state("stepping")
            return
        if not self._prepare_session():
            return
        self._launch(paused=True)
        self.control.request_epoch()
        self._set_state("stepping")

    def stop(self) -> bool:
        """End the run (waits for the mini-batch in progress); Start continues the weights."""
        ended = self.runner.stop(1000)
        if not ended:
            ended = self.runner.wait_stopped()
        self.control = None
        if self.state not in ("diverged", "error"):
            self._set_state("stopped" if self.session is not None else "idle")
        self._refresh_now()
        return ended

    def reset(self) -> None:
        """New random weights and an empty history (the settings stay)."""
        self.stop()
        self.last_message = None
        self.loss_view.show_message(None)
        if self.session is not None and self._session_matches():
            self.session.reset()
            self._session_changed()
        else:
            self._drop_session()
        self._set_state("idle")
        self._refresh_now()

    def _session_matches(self) -> bool:
        if self.session is None:
            return False
        live = ("learning_rate", "seed")
        a = self.session.config.replace(**{k: None for k in live})
        b = self.current_config().replace(**{k: None for k in live})
        return a == b

    def _prepare_session(self) -> bool:
        self._validate()
        if self._problems:
            self.statusBar().showMessage(self._problems[0][1], 8000)
            return False
        if not self.ensure_dataset():
            return False
        cfg = self.current_config()
        finished = self.session is not None and self.session.epoch >= self.session.config.epochs
        if (
            self.session is None
            or finished
            or not self._session_matches()
            or self._session_seed != cfg.seed  # Reset's new random seed is kept otherwise
            or self.state == "evaluating"
        ):
            return self._new_session(cfg)
        if self.session.learning_rate != cfg.learning_rate:
            self.session.set_learning_rate(cfg.learning_rate)
        return True

    def _new_session(self, cfg, model=None) -> bool:
        from playground.training import TrainingSession

        try:
            session = TrainingSession(cfg, dataset=self._dataset, model=model)
        except Exception as exc:
            problems = getattr(exc, "problems", None)
            message = " ".join(p.message for p in problems) if problems else str(exc)
            self.last_message = message
            dialogs.show_error(self, "error", message)
            return False
        self.session = session
        self._session_seed = cfg.seed
        self.last_message = None
        self.loss_view.show_message(None)
        self._last_drawn = -1
        self._session_changed()
        return True

    def _drop_session(self) -> None:
        self.session = None
        self._session_changed()

    def _session_changed(self) -> None:
        self._last_drawn = -1
        for v in (self.loss_view, self.weights_view, self.predictions_view):
            v.clear()
        self.status.clear()
        for w in self._hosted.values():
            _call(w, "set_session", self.session)
            _call(w, "set_model", None if self.session is None else self.session.model)
        self.sessionChanged.emit(self.session)

    def _launch(self, paused: bool) -> None:
        from playground.training import RunControl

        self.control = RunControl(paused=paused, delay=self.slow_motion.value() / 1000.0)
        self.runner.start(self.session, self.control)
        self._set_state("paused" if paused else "running")
        for w in self._hosted.values():
            _call(w, "set_training", True)
        self._frame_clock = None
        self._frame_timer.setInterval(FRAME_MS)  # a new run starts at the full frame rate
        self._frame_timer.start()

    # ================================================================== worker events
    def _on_event(self, event) -> None:
        from playground.training.events import Diverged, Failed, Finished, Paused, Resumed

        if isinstance(event, Paused):
            if event.reason != "diverged" and self.state != "diverged":
                self._set_state("paused")
            self._refresh_now()
        elif isinstance(event, Resumed):
            if self.state not in ("stepping",):
                self._set_state("running")
        elif isinstance(event, Diverged):
            self.last_message = event.message
            self.loss_view.show_message(event.message)
            self.statusBar().showMessage(event.message, 20000)
            self._set_state("diverged")
            self._refresh_now()
        elif isinstance(event, Failed):
            self._on_failed(f"{type(event.exception).__name__}: {event.exception}", event.traceback)
        elif isinstance(event, Finished):
            if event.reason == "completed":
                self._set_state("finished")
            self.runFinished.emit(self.session)

    def _on_failed(self, message: str, text: str) -> None:
        path = crash_log.write_error("training thread", text)
        self.last_message = message
        self._set_state("error")
        dialogs.show_error(self, "error", message, details=text, log_file=path)

    def _on_thread_stopped(self) -> None:
        self.control = None
        if self.state in ("running", "paused", "stepping"):
            self._set_state("stopped")
        for w in self._hosted.values():
            _call(w, "set_training", False)
        self._refresh_now()

    # ================================================================== live settings
    def _on_learning_rate(self, lr: float) -> None:
        if not (math.isfinite(lr) and lr > 0):
            return
        if self.control is not None and self.runner.is_running():
            self.control.set_learning_rate(lr)

    def _on_slow_motion(self, ms: int) -> None:
        if self.control is not None:
            self.control.set_delay(ms / 1000.0)

    # ================================================================== drawing
    def _on_frame(self) -> None:
        """One redraw, then re-arm: updates never queue up, however fast training runs.

        The pause before the next frame follows the window's own CPU use (this thread's CPU
        time, painting included): drawing gets about DRAW_BUDGET of one core and training the
        rest, so a slow machine draws less often instead of training slower.
        """
        now_wall, now_cpu = time.perf_counter(), time.thread_time()
        last = self._frame_clock
        if last is not None:
            wall, cpu = now_wall - last[0], now_cpu - last[1]
            if wall > 0:
                # The last period's CPU (the frame's data, its paint, anything else on this
                # thread) spread over DRAW_BUDGET of a core: the next pause follows at once.
                interval = 1000 * cpu / DRAW_BUDGET
                interval = min(MAX_FRAME_MS, max(FRAME_MS, interval))
                self._frame_timer.setInterval(round(interval))
        self._frame_clock = (now_wall, now_cpu)
        try:
            self._refresh(force=False)
        finally:
            if self.runner.is_running() and not self._closing:
                self._frame_timer.start()
            else:
                self._frame_clock = None

    def _refresh_now(self) -> None:
        self._refresh(force=True)

    def _refresh(self, force: bool) -> None:
        if self.session is None or self._closing:
            return
        self._ask_for_details()
        snap = self.session.snapshot()
        if not force and snap.updates == self._last_drawn:
            return
        self._draw_snapshot(snap)

    def _ask_for_details(self) -> None:
        """The session recomputes histograms and display predictions only for a view that
        shows them (they cost the training thread time)."""
        current = self.tabs.currentWidget()
        every = self.update_all_views
        self.session.set_detail_demand(
            weights=every or (self._views is not None and current is self.weights_view),
            predictions=every or (self._views is not None and current is self.predictions_view),
        )

    def _draw_snapshot(self, snap) -> None:
        current = self.tabs.currentWidget()
        # The view paints in a later turn of the event loop, not right after taking the data:
        # other events (input, timers) get their turn between the two halves of a frame.
        later = current is not None and current.updatesEnabled() and self.runner.is_running()
        if later:
            current.setUpdatesEnabled(False)
        _call(current, "update_snapshot", snap)
        if later:  # a timer started now comes after those that fell due meanwhile
            QTimer.singleShot(0, lambda view=current: _paint_later(view))
        if self.update_all_views:
            # Benchmarks' worst case: the hidden built-in views redraw too, one per frame in
            # turn, so no single frame grows long.
            others = [
                v
                for v in (self.loss_view, self.weights_view, self.predictions_view)
                if v is not current
            ]
            self._turn = (getattr(self, "_turn", -1) + 1) % len(others)
            others[self._turn].update_snapshot(snap)
        self.status.show_snapshot(snap)
        self._last_drawn = snap.updates
        self._last_snapshot = snap
        self.snapshotReady.emit(snap)
        self.snapshotDrawn.emit(snap.updates)

    def _on_tab_changed(self, _index: int) -> None:
        if self.session is None or self._views is None:
            return
        self._ask_for_details()
        widget = self.tabs.currentWidget()
        if widget is self.predictions_view and not self.runner.is_running():
            snap = self.session.snapshot()
            if snap.confusion is None or snap.confusion_updates != snap.updates:
                self.session.request_confusion()
        _call(widget, "update_snapshot", self.session.snapshot())

    # ================================================================== state
    def _set_state(self, state: str) -> None:
        self.state = state
        running = self.runner.is_running()
        active = running and state in ("running", "paused", "stepping", "diverged")
        self.model_panel.set_running(active)
        self.training_panel.set_running(active)
        self.data_panel.set_running(active)
        names = {
            "idle": self.tr("Ready"),
            "running": self.tr("Training"),
            "paused": self.tr("Paused"),
            "stepping": self.tr("Stepping"),
            "stopped": self.tr("Stopped"),
            "finished": self.tr("Finished"),
            "diverged": self.tr("Diverged"),
            "error": self.tr("Error"),
            "evaluating": self.tr("Evaluating a model"),
        }
        if hasattr(self, "status"):
            self.status.set_state(names.get(state, state))
        self._update_actions()
        self.trainingStateChanged.emit(state)

    def _update_actions(self) -> None:
        if not hasattr(self, "action_start"):
            return
        problems = getattr(self, "_problems", [])
        running = self.state in ("running", "stepping") and self.runner.is_running()
        thread = self.runner.is_running()
        can_start = not running and (thread or not problems)
        self.action_start.setEnabled(can_start)
        if problems and not thread:
            reason = "\n".join(m for _, m in problems)
            self.action_start.setToolTip(self.tr("Cannot start:") + "\n" + reason)
            self.action_start.setStatusTip(problems[0][1])
        else:
            self.action_start.setToolTip(self.tr("Start or continue training (Space)"))
            self.action_start.setStatusTip("")
        self.action_pause.setEnabled(running)
        self.action_step.setEnabled(not running and (thread or not problems))
        self.action_epoch.setEnabled(not running and (thread or not problems))
        self.action_stop.setEnabled(thread)
        self.action_reset.setEnabled(True)
        self.action_save.setEnabled(self.session is not None and not running)
        self.export_menu.setEnabled(self.session is not None and not running)

    # ================================================================== files
    def save_model_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save model"), "model.npz", self.tr("Models (*.npz)")
        )
        if path:
            self.save_model(path)

    def save_model(self, path: str | Path) -> bool:
        if self.session is None:
            return False
        if self.runner.is_running() and self.state in ("running", "stepping"):
            self.pause()
        try:
            self.session.save_model(str(path))  # between mini-batches: never half-updated
        except Exception as exc:
            dialogs.show_error(self, "save", str(exc))
            return False
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    def open_model_dialog(self, mode: str = "continue") -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open model"),
            "",
            self.tr("Models (*.npz *.keras *.h5 *.onnx);;All files (*)"),
        )
        if path:  # read off the GUI thread, with progress and Cancel; then opened as below
            from playground.gui.model_loading import load_in_background

            if Path(path).suffix.lower() in FOREIGN_SUFFIXES:  # read by the importers
                self.open_model(path, mode)
                return
            self._model_load = load_in_background(
                self, path, lambda m: self.open_model(path, mode, model=m), self._model_failed
            )

    def _model_failed(self, message: str) -> None:
        self.last_message = message
        dialogs.show_error(self, "model", message)

    def open_model(self, path: str | Path, mode: str = "continue", model=None) -> bool:
        """Load a saved model (or a Keras/ONNX one) to continue training it or only to
        evaluate it on the test set (``model``: already loaded by the background load)."""
        from playground.engine import ModelFileError
        from playground.export.foreign import ModelImportError, open_any_model

        try:
            model = model if model is not None else open_any_model(str(path))
        except (ModelFileError, ModelImportError) as exc:
            self._model_failed(str(exc))
            return False
        except Exception as exc:  # the loader promises ModelFileError; never crash if not
            self.last_message = f"{path}: {exc}"
            path_log = crash_log.write_error("open model", crash_log.format_exception(exc))
            dialogs.show_error(self, "model", self.last_message, log_file=path_log)
            return False
        self.stop()
        if not self.ensure_dataset():
            return False
        cfg = self._config_for_model(model)
        self.apply_config(cfg)
        if not self._new_session(self.current_config(), model=model):
            return False
        if mode == "evaluate":
            loss, acc = self.session.evaluate_test()
            if not math.isfinite(loss):  # huge but finite weights: the outputs overflow
                text = self.tr("{path}: the test loss is not a finite number: the weights are so "
                               "large that the outputs overflow. Train it again, with a smaller "
                               "learning rate.")  # fmt: skip
                self._model_failed(text.format(path=path))
            self.session.request_confusion()
            self._set_state("evaluating")
            self.statusBar().showMessage(
                self.tr("Test loss {l:.4f}, test accuracy {a:.2f}%").format(l=loss, a=100 * acc)
            )
            self.show_view("predictions")
        else:
            self._set_state("stopped")
        self._refresh_now()
        return True

    def _config_for_model(self, model):
        """Panel settings that describe an opened model (its layers, activation, loss)."""
        cfg = self.current_config()
        layers = model.layers
        hidden = tuple(int(lay.units) for lay in layers[:-1])
        changes = {"hidden": hidden}
        if len(layers) > 1:
            first = layers[0]
            changes["activation"] = first.activation
            if first.activation == "elu":
                changes["elu_alpha"] = float(getattr(first, "alpha", 1.0))
            if first.activation == "maxout":
                changes["maxout_pieces"] = int(getattr(first, "pieces", 2))
        model_loss = getattr(model, "loss", None)
        loss_name = getattr(model_loss, "name", model_loss)
        if isinstance(loss_name, str) and loss_name in (
            "categorical_crossentropy",
            "mean_squared_error",
        ):
            changes["loss"] = loss_name
        return cfg.replace(**changes)

    def export_keras_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export as a Keras script"), "network.py", self.tr("Python script (*.py)")
        )
        if path:
            self.export_network(path, "keras")

    def export_torch_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export as a PyTorch script"),
            "network_torch.py",
            self.tr("Python script (*.py)"),
        )
        if path:
            self.export_network(path, "torch")

    def export_onnx_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export as ONNX"), "network.onnx", self.tr("ONNX model (*.onnx)")
        )
        if path:
            self.export_network(path, "onnx")

    def export_network(self, path: str | Path, kind: str) -> bool:
        """Write the current network as a runnable Keras 3 script (with its trained weights
        beside it) or as an ONNX model."""
        from playground.export import ExportError, export_onnx, write_keras_script
        from playground.export.torch_script import write_torch_script

        if self.session is None:
            return False
        if self.runner.is_running() and self.state in ("running", "stepping"):
            self.pause()
        cfg = self.session.config
        dataset = "fashion_mnist" if "fashion" in str(cfg.dataset).lower() else "mnist"

        def export(model):
            if kind == "onnx":
                return export_onnx(model, path)
            if kind == "torch":
                written = write_torch_script(
                    model, path, batch_size=cfg.batch_size, epochs=cfg.epochs
                )
                return written.script
            return write_keras_script(
                model, path, batch_size=cfg.batch_size, epochs=cfg.epochs, dataset=dataset
            ).script

        try:
            written = self.session.with_model(export)
        except (ExportError, OSError) as exc:
            self.last_message = str(exc)
            dialogs.show_error(self, "export_model", str(exc))
            return False
        if kind in ("keras", "torch"):
            message = self.tr("Exported {path}; run it with: python {name} --weights")
        else:
            message = self.tr("Exported {path}")
        self.statusBar().showMessage(message.format(path=written, name=Path(written).name), 8000)
        return True

    def export_plot_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export plot"), "plot.png", self.tr("PNG image (*.png);;SVG (*.svg)")
        )
        if path:
            self.export_plot(path)

    def export_plot(self, path: str | Path) -> bool:
        from playground.gui.plot_export import export_view

        try:
            export_view(self.tabs.currentWidget(), Path(path))
        except Exception as exc:
            dialogs.show_error(self, "export", str(exc))
            return False
        self.statusBar().showMessage(self.tr("Exported {path}").format(path=path), 5000)
        return True

    # ================================================================== persistence
    def _restore_settings(self) -> None:
        s = QSettings()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        config = stored_settings.training_config(s.value("config/json"))  # checked, repaired
        if config is not None:
            self.apply_config(config)
        self._saved_tab = stored_settings.tab_index(s.value("view/tab"))
        self.slow_motion.setValue(stored_settings.slow_motion_ms(s.value("run/slowMotion")))

    def save_settings(self) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        with contextlib.suppress(Exception):  # half-typed settings are simply not remembered
            s.setValue("config/json", self.current_config().to_json())
        tab = (
            self.tabs.currentIndex() if self._views is not None else getattr(self, "_saved_tab", 0)
        )
        s.setValue("view/tab", max(0, tab))
        s.setValue("run/slowMotion", self.slow_motion.value())
        s.sync()

    # ================================================================== lifetime
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._first_paint_pending = True
        QTimer.singleShot(500, self._after_first_paint)  # in case no paint comes (minimised)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if getattr(self, "_first_paint_pending", False):
            # After the first paint the window is on screen; plots, lecture views and the
            # digits follow a moment later (a zero-timer runs once this paint is done).
            self._first_paint_pending = False
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._closing:
            return
        self.ensure_views()
        self.ensure_extras()
        if self._dataset is None:
            self._load_initial_data()

    def ensure_extras(self) -> None:
        """Host the lecture features now if they are still waiting for the first paint."""
        if not self._extras_pending or self._closing:
            return
        self._extras_pending = False
        self._host_extras()
        saved = getattr(self, "_saved_tab", 0)
        if 3 <= saved < self.tabs.count():
            self.tabs.setCurrentIndex(saved)

    def _load_initial_data(self) -> None:
        if self._dataset is None and not self._closing and self._background_load is None:
            source = self.data_panel.dataset_source()
            if source in self._datasets:
                self._load_dataset(source)
            elif source:
                self._start_background_load(source)

    def shutdown(self) -> None:
        """Stop training (within about a second) and drop the session; safe to call twice."""
        self._closing = True
        self._frame_timer.stop()
        self._load_poll.stop()
        if self._background_load is not None:
            self._background_load[1].join(10)  # a data set reads in well under a second
        if not self.runner.wait_stopped():
            print("nn-playground: the training thread did not stop", file=sys.stderr)
        self.control = None

    def closeEvent(self, event) -> None:
        if self.remember_settings:
            self.save_settings()
        self.shutdown()
        super().closeEvent(event)


def _paint_later(view: QWidget) -> None:
    with contextlib.suppress(RuntimeError):  # the view may be gone with its window
        view.setUpdatesEnabled(True)  # schedules the repaint skipped meanwhile


def _call(widget, method: str, *args) -> None:
    fn = getattr(widget, method, None)
    if callable(fn):
        fn(*args)
