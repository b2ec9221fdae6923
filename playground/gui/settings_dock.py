"""The settings dock: model, training and data panels, and the settings that cannot train.

The panels are the window's one place for settings: ``config()`` reads them into a
``TrainingConfig``, ``apply()`` writes one back, and ``problems()`` validates them once, with
the same checks the command line, presets and stored settings go through.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QScrollArea, QVBoxLayout, QWidget

from playground.gui.panels.data_panel import DataPanel
from playground.gui.panels.model_panel import ModelPanel
from playground.gui.panels.training_panel import TrainingPanel
from playground.gui.sections import CollapsibleSection
from playground.training import TrainingConfig

translate = QCoreApplication.translate  # texts keep their "MainWindow" translations


class _SideScroll(QScrollArea):
    """Scrolls up and down only, so it is never narrower than its panels' widest row (which
    depends on the language and the buttons beside the settings)."""

    MIN_WIDTH = 360

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        inner = self.widget().minimumSizeHint().width() if self.widget() is not None else 0
        extra = self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(hint.width(), inner + extra, self.MIN_WIDTH), hint.height())


class SettingsDock(QObject):
    """The panels in a dock on the window's left, and the problems label below them."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.model_panel = ModelPanel()
        self.training_panel = TrainingPanel()
        self.data_panel = DataPanel()
        self.panels = (self.model_panel, self.training_panel, self.data_panel)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("settingsProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #d62728;")
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(2, 2, 2, 2)
        titles = (
            translate("MainWindow", "Model"),
            translate("MainWindow", "Training"),
            translate("MainWindow", "Data"),
        )
        self.collapsibles = []
        for title, panel in zip(titles, self.panels, strict=True):
            section = CollapsibleSection(title)
            section.addWidget(panel)
            lay.addWidget(section)
            self.collapsibles.append(section)
        lay.addWidget(self.problems_label)
        lay.addStretch(1)
        scroll = _SideScroll()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(box)
        self.dock = QDockWidget(translate("MainWindow", "Settings"), window)
        self.dock.setObjectName("settingsDock")
        self.dock.setWidget(scroll)
        self.dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.data_panel.changed.connect(self._on_data_changed)

    def config(self) -> TrainingConfig:
        values: dict[str, Any] = {}
        for panel in self.panels:
            values.update(panel.values())
        return TrainingConfig(**values)

    def apply(self, config: TrainingConfig) -> None:
        values = config.to_dict()
        self.data_panel.set_values(values)
        self.model_panel.set_values(values)
        self.training_panel.set_values(values)

    def problems(self, n_available: int | None) -> list[tuple[str, str]]:
        """Every impossible setting as (field, message); empty when Start may train."""
        found = []
        for panel in self.panels:
            found.extend(panel.problems())
        seen = {f for f, _ in found}
        try:
            config = self.config()
        except (TypeError, ValueError) as exc:  # a config that cannot even be built
            return [*found, ("config", str(exc))]
        for p in config.validate(n_available):
            if p.field not in seen:
                found.append((p.field, p.message))
                seen.add(p.field)
        return found

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        self.problems_label.setText("\n".join(m for _, m in problems))
        self.problems_label.setVisible(bool(problems))

    def set_running(self, running: bool) -> None:
        for panel in self.panels:
            panel.set_running(running)

    def _on_data_changed(self) -> None:
        self.training_panel.set_training_size(self.data_panel.effective_train_size())
