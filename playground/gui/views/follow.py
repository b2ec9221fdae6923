"""A plot's "follow the newest data" switch: a zoom or pan by the user holds until it is
pressed again (or the plot is double-clicked), instead of being undone by the next frame."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QPushButton, QWidget


class FollowSwitch(QPushButton):
    """Checked: the view ranges follow the data. Unchecked by a manual zoom or pan."""

    followChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followData")
        self.setCheckable(True)
        self.setChecked(True)
        self.toggled.connect(self.followChanged.emit)
        self._views: list[pg.ViewBox] = []
        self.retranslate_ui()

    def watch(self, graphics: pg.GraphicsView, *views: pg.ViewBox) -> None:
        """Stop following when one of ``views`` is zoomed or panned by hand; follow again on a
        double click in ``graphics``."""
        for view in views:
            view.sigRangeChangedManually.connect(self._manual)
            view.setMenuEnabled(False)  # its "View All" would fight the stepped ranges
            self._views.append(view)
        graphics.scene().sigMouseClicked.connect(self._clicked)

    def following(self) -> bool:
        return self.isChecked()

    def _manual(self, *_args) -> None:
        self.setChecked(False)

    def _clicked(self, event) -> None:
        if event.double():
            self.setChecked(True)

    def retranslate_ui(self) -> None:
        self.setText(self.tr("Follow newest data"))
        self.setToolTip(
            self.tr(
                "Zoom or pan with the mouse to hold a view while training; press this or "
                "double-click the plot to follow the newest data again."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
