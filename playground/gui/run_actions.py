"""The run commands as actions (toolbar, Run menu, keys) and the slow-motion slider."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStyle, QToolBar

from playground.gui.sections import LabeledSlider

# The window's texts keep the "MainWindow" context of their translations.
translate = QCoreApplication.translate


class RunCommands(Protocol):
    """What the run actions trigger (the main window's run commands)."""

    def start(self) -> None: ...

    def pause(self) -> None: ...

    def step(self) -> None: ...

    def add_epoch(self) -> None: ...

    def stop(self) -> object: ...

    def reset(self) -> None: ...


class RunActions(QObject):
    """Start, Pause, Step, +1 epoch, Stop, Reset and Start/Pause (Space), on a toolbar."""

    @staticmethod
    def start_tip() -> str:
        # Looked up each time it is shown, so it follows a live language switch.
        return translate("MainWindow", "Start or continue training (Space)")

    def __init__(
        self, window: QMainWindow, commands: RunCommands, running: Callable[[], bool]
    ) -> None:
        super().__init__(window)
        sp = QStyle.StandardPixmap
        self.toolbar = tb = QToolBar(translate("MainWindow", "Run"))
        tb.setObjectName("runToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self._window = window
        # name, text, command, icon, key, tip: the declared run commands.
        table = (
            ("actionStart", translate("MainWindow", "Start"), commands.start,
             sp.SP_MediaPlay, None, self.start_tip()),
            ("actionPause", translate("MainWindow", "Pause"), commands.pause,
             sp.SP_MediaPause, None, translate("MainWindow", "Pause training (Space)")),
            ("actionStep", translate("MainWindow", "Step"), commands.step,
             sp.SP_MediaSeekForward, "S",
             translate("MainWindow", "Train exactly one mini-batch (S)")),
            ("actionEpoch", translate("MainWindow", "+1 epoch"), commands.add_epoch,
             sp.SP_MediaSkipForward, "E",
             translate("MainWindow", "Train to the end of this epoch, then pause (E)")),
            ("actionStop", translate("MainWindow", "Stop"), commands.stop,
             sp.SP_MediaStop, "Ctrl+.",
             translate("MainWindow",
                       "End this run; Start continues from the same weights (Ctrl+.)")),
            ("actionReset", translate("MainWindow", "Reset"), commands.reset,
             sp.SP_BrowserReload, "R",
             translate("MainWindow", "New random weights and an empty history (R)")),
        )  # fmt: skip
        self.buttons: list[QAction] = [
            self._action(name, text, command, icon, key, tip)
            for name, text, command, icon, key, tip in table
        ]
        (self.start, self.pause, self.step, self.epoch, self.stop, self.reset) = self.buttons
        self.toggle = self._action(
            "actionStartPause",
            translate("MainWindow", "Start/Pause"),
            lambda: commands.pause() if running() else commands.start(),
            None,
            "Space",
            None,
        )
        self.toggle.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        window.addAction(self.toggle)
        self.menu = window.menuBar().addMenu(translate("MainWindow", "&Run"))
        for action in self.buttons:
            tb.addAction(action)
            self.menu.addAction(action)
        tb.addSeparator()
        self.slow_label = QLabel(translate("MainWindow", " Slow motion (ms per mini-batch) "))
        tb.addWidget(self.slow_label)
        self.slow_motion = _slow_motion_slider()
        tb.addWidget(self.slow_motion)
        self.by_name = {a.objectName(): a for a in (*self.buttons, self.toggle)}

    def _action(self, name, text, slot, icon, key, tip) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if icon is not None:
            action.setIcon(self._window.style().standardIcon(icon))
        if key:
            action.setShortcut(QKeySequence(key))
        action.setToolTip(tip or text)
        action.triggered.connect(lambda _=False: slot())
        return action

    def update(self, *, busy: bool, alive: bool, problems: list[tuple[str, str]]) -> None:
        """Enable what applies: ``busy`` training now, ``alive`` a run exists, ``problems``
        the settings that keep a new run from starting."""
        can_begin = not busy and (alive or not problems)
        self.start.setEnabled(can_begin)
        if problems and not alive:
            self.start.setToolTip(
                translate("MainWindow", "Cannot start:") + "\n" + "\n".join(m for _, m in problems)
            )
            self.start.setStatusTip(problems[0][1])
        else:
            self.start.setToolTip(self.start_tip())
            self.start.setStatusTip("")
        self.pause.setEnabled(busy)
        self.step.setEnabled(can_begin)
        self.epoch.setEnabled(can_begin)
        self.stop.setEnabled(alive)
        self.reset.setEnabled(True)


def _slow_motion_slider() -> LabeledSlider:
    """Milliseconds to wait after every mini-batch, 0 to 2000."""
    slider = LabeledSlider()
    slider.setObjectName("slowMotion")
    slider.setRange(0, 2000)
    slider.setSingleStep(50)
    slider.setPageStep(250)
    slider.setMaximumWidth(260)
    slider.setToolTip(
        translate("MainWindow", "Wait this long after every mini-batch (0: full speed)")
    )
    return slider
