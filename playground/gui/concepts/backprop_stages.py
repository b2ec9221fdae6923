"""The stage controls both backpropagation pages share: ← and →, "Stage i of n", the arrow
keys, and which stage of the update is shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

FORWARD_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Down)
BACK_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Up)


class StageControls(QWidget):
    """Steps through ``count`` stages; ``stageChanged`` tells the page which one to show."""

    stageChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0
        self.index = 0
        self.back_button, self.next_button = QPushButton("←"), QPushButton("→")
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.back_button, self.next_button, self.label):
            layout.addWidget(widget)
        self.back_button.clicked.connect(self.previous_stage)
        self.next_button.clicked.connect(self.next_stage)
        self.retranslate_ui()

    def reset(self, count: int, keep_stage: bool = True) -> None:
        """A new trace of ``count`` stages: stay on the stage shown (if it still exists) or
        go back to the first. Nothing is emitted; ``go`` shows it."""
        self.count = max(0, count)
        self.index = min(self.index, self.count - 1) if keep_stage else 0
        self.index = max(0, self.index)
        self._reflect()

    def go(self, index: int) -> None:
        if not self.count:
            return
        self.index = max(0, min(self.count - 1, index))
        self._reflect()
        self.stageChanged.emit(self.index)

    # Bound methods, not lambdas: a lambda holding self on a child's signal keeps the page
    # alive after it is closed.
    def previous_stage(self, *_args) -> None:
        self.go(self.index - 1)

    def next_stage(self, *_args) -> None:
        self.go(self.index + 1)

    def step_for_key(self, event: QKeyEvent) -> bool:
        """Move on an arrow key; False for any other key (the page handles it)."""
        if event.key() in FORWARD_KEYS:
            self.next_stage()
        elif event.key() in BACK_KEYS:
            self.previous_stage()
        else:
            return False
        return True

    def _reflect(self) -> None:
        self.back_button.setEnabled(self.count > 0 and self.index > 0)
        self.next_button.setEnabled(self.index < self.count - 1)
        if self.count:
            self.label.setText(self.tr("Stage {i} of {n}").format(i=self.index + 1, n=self.count))
        else:
            self.label.clear()

    def retranslate_ui(self) -> None:
        self.back_button.setToolTip(self.tr("Previous stage (←)"))
        self.next_button.setToolTip(self.tr("Next stage (→)"))
        self._reflect()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
