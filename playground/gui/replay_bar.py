"""The replay bar: pick a recorded run, scrub or play through its moments, and every view
shows that moment; Live goes back to training. The state is the Qt-free ``Scrubber``; the
bar only reflects it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSlider, QToolBar

from playground.training.config import ConfigError
from playground.training.controller import SessionError
from playground.training.recording.library import delete_run, list_runs
from playground.training.recording.moment import MomentError
from playground.training.recording.replay import (
    load_moment,
    recorded_config,
    session_for,
    snapshot_at,
)
from playground.training.recording.run_file import RecordedRun, RunFileError
from playground.training.recording.scrubber import SPEEDS, Scrubber

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow

FRAME_MS = 40
# What a branch may change (the rest shapes the network or the data, which it shares).
BRANCH_SETTINGS = (
    "learning_rate",
    "optimizer",
    "optimizer_params",
    "batch_size",
    "loss",
)  # playing: how often the next moment is looked for


translate = QCoreApplication.translate


def size_text(n_bytes: int) -> str:
    """A size on disk, its unit in the current language."""
    if n_bytes < 1024:
        return translate("ReplayBar", "{n:,} bytes").format(n=n_bytes)
    if n_bytes < 1024 * 1024:
        return translate("ReplayBar", "{n:,.1f} KB").format(n=n_bytes / 1024)
    return translate("ReplayBar", "{n:,.1f} MB").format(n=n_bytes / (1024 * 1024))


def runs_folder() -> Path:
    """Where every run's record is kept: the user's data folder."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nn-playground") / "recorded runs"


def _run_text(run: RecordedRun) -> str:
    return translate("ReplayBar", "{name} · {updates:,} updates · {size}").format(
        name=run.name, updates=run.updates, size=size_text(run.size)
    )


class ReplayBar(QToolBar):
    """A bottom toolbar: run list, Delete, Live, the time slider, Play and its speed."""

    def __init__(self, window: MainWindow, root: Path | None = None) -> None:
        super().__init__(translate("ReplayBar", "Replay"), window)
        self.setObjectName("replayBar")
        self.window_ = window
        self.root = root or runs_folder()
        self.runs: list[RecordedRun] = []
        self._size = 0  # bytes of every recorded run
        self.scrubber: Scrubber | None = None
        self.problems: list[str] = []
        self._replay: tuple[Path, Any] | None = None  # the session moments are put into
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self)
        window.trainingStateChanged.connect(self._on_state)
        window.sessionChanged.connect(lambda _session: self.go_live())
        QTimer.singleShot(0, self.reload)

    def _build(self) -> None:
        self.addWidget(QLabel(translate("ReplayBar", " Replay ")))
        self.run_box = QComboBox()
        self.run_box.setObjectName("replayRuns")
        self.run_box.setMinimumContentsLength(28)
        self.run_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.run_box.activated.connect(self.choose)
        self.addWidget(self.run_box)
        self.delete_button = self._button(
            translate("ReplayBar", "Delete"), self.delete_current, "replayDelete"
        )
        self.delete_button.setToolTip(
            translate("ReplayBar", "Delete this run's record from the disk")
        )
        self.live_button = self._button(translate("ReplayBar", "Live"), self.go_live, "replayLive")
        self.live_button.setToolTip(translate("ReplayBar", "Back to the run being trained"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("replaySlider")
        self.slider.setMinimumWidth(200)
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self._on_slider)
        self.addWidget(self.slider)
        self.play_button = self._button(
            translate("ReplayBar", "Play"), self.toggle_play, "replayPlay"
        )
        self.speed_box = QComboBox()
        self.speed_box.setObjectName("replaySpeed")
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(self._on_speed)
        self.addWidget(self.speed_box)
        self.branch_button = self._button(
            translate("ReplayBar", "Branch from here"), self.branch_here, "replayBranch"
        )
        self.branch_button.setToolTip(
            translate(
                "ReplayBar",
                "Continue training from this moment with the learning rate, optimizer, batch "
                "size, loss and epochs now in the settings; the history up to here is shared",
            )
        )
        self.where = QLabel()
        self.where.setObjectName("replayWhere")
        self.addWidget(self.where)
        # Keys from anywhere in the window: [ and ] step through the moments.
        for key, step in (("[", -1), ("]", 1)):
            QShortcut(QKeySequence(key), self.window_, lambda s=step: self.step(s))

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        self.addWidget(button)
        return button

    # -- the list of runs --------------------------------------------------------------------
    def reload(self) -> None:
        """Read the runs folder again (damaged runs are named in the status bar)."""
        chosen = self.current_run()
        listing = list_runs(self.root)
        self.runs, self.problems = listing.runs, listing.problems
        self._size = listing.size
        self.run_box.blockSignals(True)
        self.run_box.clear()
        for run in self.runs:
            self.run_box.addItem(_run_text(run))
        folders = [run.folder for run in self.runs]
        if chosen is not None and chosen.folder in folders:
            self.run_box.setCurrentIndex(folders.index(chosen.folder))
        self.run_box.blockSignals(False)
        self._size_tip()
        if self.problems:
            self.window_.statusBar().showMessage(" ".join(self.problems), 15000)
        self.delete_button.setEnabled(bool(self.runs))

    def _size_tip(self) -> None:
        self.run_box.setToolTip(
            translate("ReplayBar", "Recorded runs: {size} on disk").format(
                size=size_text(self._size)
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        # The sizes inside these texts are translated too: rebuilt whole, not matched.
        if event.type() == QEvent.Type.LanguageChange:
            for i, run in enumerate(self.runs):
                self.run_box.setItemText(i, _run_text(run))
            self._size_tip()
        super().changeEvent(event)

    def current_run(self) -> RecordedRun | None:
        i = self.run_box.currentIndex()
        return self.runs[i] if 0 <= i < len(self.runs) else None

    def choose(self, index: int) -> None:
        """Replay run ``index`` of the list, from its newest moment."""
        if not 0 <= index < len(self.runs):
            return
        self.run_box.setCurrentIndex(index)
        run = self.runs[index]
        if not run.moments:
            self._say(
                translate("ReplayBar", "{name} has no recorded moment yet.").format(name=run.name)
            )
            return
        self.scrubber = Scrubber.of(run)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(run.moments) - 1)
        self.slider.setValue(self.scrubber.index)
        self.slider.blockSignals(False)
        self.slider.setEnabled(True)
        self.show_moment()

    def delete_current(self) -> None:
        run = self.current_run()
        if run is None:
            return
        if self._replay is not None and self._replay[0] == run.folder:
            self.go_live()
            self._replay = None
        try:
            delete_run(self.root, run)
        except (OSError, ValueError) as exc:
            self._say(
                translate("ReplayBar", "The run could not be deleted: {error}").format(error=exc)
            )
        self.reload()

    # -- moving through time -----------------------------------------------------------------
    def step(self, by: int) -> None:
        if self.scrubber is None:
            self.reload()
            self.choose(0)
            return
        self.slider.setValue(self.scrubber.index + by)

    def _on_slider(self, value: int) -> None:
        if self.scrubber is not None and self.scrubber.go(value):
            self.show_moment()

    def _on_speed(self, index: int) -> None:
        if self.scrubber is not None:
            self.scrubber.set_speed(SPEEDS[index])

    def toggle_play(self) -> None:
        if self.scrubber is None:
            self.step(0)
        scrubber = self.scrubber
        if scrubber is None:
            return
        if scrubber.playing:
            scrubber.pause()
            self._timer.stop()
        else:
            scrubber.set_speed(SPEEDS[self.speed_box.currentIndex()])
            scrubber.play()
            self.show_moment()
            self._clock.start()
            self._timer.start()
        self._reflect_play()

    def _tick(self) -> None:
        scrubber = self.scrubber
        if scrubber is None:
            self._timer.stop()
            return
        if scrubber.advance(self._clock.restart() / 1000.0):
            self.slider.blockSignals(True)
            self.slider.setValue(scrubber.index)
            self.slider.blockSignals(False)
            self.show_moment()
        if not scrubber.playing:
            self._timer.stop()
            self._reflect_play()

    def _reflect_play(self) -> None:
        playing = self.scrubber is not None and self.scrubber.playing
        self.play_button.setText(
            translate("ReplayBar", "Pause") if playing else translate("ReplayBar", "Play")
        )

    def show_moment(self) -> None:
        """Put every view at the scrubber's moment (pausing training first)."""
        run, scrubber = self.current_run(), self.scrubber
        if run is None or scrubber is None:
            return
        window = self.window_
        if window.state.busy:
            window.pause()
        try:
            session = self._session_for(run)
            snapshot = snapshot_at(session, load_moment(run, scrubber.updates))
        except (RunFileError, MomentError, ConfigError, OSError, ValueError) as exc:
            self._say(
                translate("ReplayBar", "This moment cannot be shown: {error}").format(error=exc)
            )
            return
        window.views.show_replay(session)
        self.where.setText(
            translate("ReplayBar", " update {updates:,} of {total:,} · epoch {epoch} ").format(
                updates=snapshot.updates, total=run.updates, epoch=snapshot.epoch
            )
        )

    def branch_here(self) -> None:
        """A new session at the shown moment, with the settings' branch changes made; Start
        trains it on."""
        run, scrubber, window = self.current_run(), self.scrubber, self.window_
        if run is None or scrubber is None or self._replay is None:
            return
        moment_config = self._replay[1].config  # the shown moment's own settings
        wanted = window.current_config()
        if window.data.dataset is None or wanted.dataset != moment_config.dataset:
            self._say(
                translate(
                    "ReplayBar", "Choose the run's data set ({name}) to branch from it."
                ).format(name=moment_config.dataset)
            )
            return
        changes = {
            name: getattr(wanted, name)
            for name in BRANCH_SETTINGS
            if getattr(wanted, name) != getattr(moment_config, name)
        }
        epoch = self._replay[1].epoch
        changes["epochs"] = max(wanted.epochs, epoch + 1)  # something left to train
        config = moment_config.replace(**changes)
        window.controller.stop()
        self.go_live()
        window.apply_config(config)
        window.runner.start_from = (str(run.folder), scrubber.updates)
        try:
            window.controller.new_session(config, window.data.dataset)
        except SessionError as exc:
            self._say(str(exc))
        finally:
            window.runner.start_from = None
        window.views.refresh(force=True)

    def _session_for(self, run: RecordedRun) -> Any:
        if self._replay is not None and self._replay[0] == run.folder:
            return self._replay[1]
        window = self.window_
        config = recorded_config(run)
        dataset = window.data.dataset
        same_data = dataset is not None and window.current_config().dataset == config.dataset
        session = session_for(run, dataset if same_data else None)
        self._replay = (run.folder, session)
        return session

    def go_live(self) -> None:
        if self.scrubber is not None:
            self.scrubber.pause()
        self._timer.stop()
        self._reflect_play()
        self.where.setText(translate("ReplayBar", " live "))
        self._replay = None  # its copy of the data is not kept while nothing is replayed
        if self.window_.views.replaying:
            self.window_.views.show_replay(None)

    def _on_state(self, state: str) -> None:
        if state in ("running", "stepping"):
            self.go_live()
        elif state in ("paused", "stopped", "finished", "diverged", "idle"):
            self.reload()

    def _say(self, message: str) -> None:
        self.window_.statusBar().showMessage(message, 10000)
