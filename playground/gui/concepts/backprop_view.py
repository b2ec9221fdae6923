"""The Backpropagation tab: one update at two scales, the board example and the real network."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from playground.gui.concepts.backprop_mnist import MnistBackpropPage
from playground.gui.concepts.backprop_tiny import TinyBackpropPage


class BackpropView(QWidget):
    """Tiny network with every number, or the session's network as heatmaps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiny = TinyBackpropPage()
        self.mnist = MnistBackpropPage()
        self.tiny_button, self.mnist_button = QRadioButton(), QRadioButton()
        self.tiny_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.tiny_button, 0)
        group.addButton(self.mnist_button, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tiny)
        self.pages.addWidget(self.mnist)
        row = QHBoxLayout()
        row.addWidget(self.tiny_button)
        row.addWidget(self.mnist_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.pages, 1)
        group.idToggled.connect(self._page_toggled)
        self.retranslate_ui()

    def _page_toggled(self, page: int, checked: bool) -> None:
        if checked:
            self.pages.setCurrentIndex(page)
            if page == 1:
                self.mnist.refresh()

    def retranslate_ui(self) -> None:
        self.tiny_button.setText(self.tr("Board example (every number)"))
        self.mnist_button.setText(self.tr("The MNIST network (heatmaps)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- hosting contract: the real network is the session's ----------------------------------
    def set_session(self, session) -> None:
        self.mnist.set_session(session)

    def set_model(self, model) -> None:
        self.mnist.set_model(model)

    def set_digits(self, images, labels, class_names=None) -> None:
        self.mnist.set_digits(images, labels, class_names)

    def set_training(self, running: bool) -> None:
        self.mnist.set_training(running)

    def update_snapshot(self, snapshot) -> None:
        self.mnist.update_snapshot(snapshot)
