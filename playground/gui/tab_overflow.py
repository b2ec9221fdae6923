"""Whole tabs only: a tab bar too narrow for every view shows the ones that fit, the current
one always among them, and lists the others in a menu at its end.

A tab half hidden under Qt's scroll arrows reads as a cut word on a projector, and fourteen
views do not fit beside the settings at 1280 pixels.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QMenu, QTabWidget, QToolButton


class TabOverflow(QObject):
    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.button = QToolButton(tabs)
        self.button.setObjectName("moreViews")
        self.button.setText("»")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(QMenu(self.button))
        self.button.setAutoRaise(True)
        self.button.hide()  # until a bar is too narrow
        tabs.setCornerWidget(self.button, Qt.Corner.TopRightCorner)
        # One fit per turn of the event loop, after the layout settled; the timer is deleted
        # with the tab widget, so a fit never runs after it.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refit)
        tabs.installEventFilter(self)
        tabs.currentChanged.connect(self.schedule)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setToolTip(QCoreApplication.translate("MainWindow", "More views"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.schedule()
        elif kind == QEvent.Type.LanguageChange:
            self.retranslate()
            self.schedule()
        return False

    def schedule(self, *_args) -> None:
        self._timer.start()

    def refit(self) -> None:
        tabs, bar = self.tabs, self.tabs.tabBar()
        count = tabs.count()
        if not count:
            return
        widths = [bar.tabSizeHint(i).width() for i in range(count)]
        if sum(widths) <= tabs.width():
            shown = set(range(count))
        else:
            current = max(0, tabs.currentIndex())
            budget = tabs.width() - self.button.sizeHint().width() - 8 - widths[current]
            shown = {current}
            for i in range(count):  # the first views in order, as many as fit whole
                if i != current:
                    if widths[i] > budget:
                        break
                    shown.add(i)
                    budget -= widths[i]
        chosen = tabs.currentIndex()
        # Shown first, hidden after: hiding a tab next to a current one that is still hidden
        # makes Qt choose another current tab.
        for i in sorted(range(count), key=lambda i: i not in shown):
            if tabs.isTabVisible(i) != (i in shown):
                tabs.setTabVisible(i, i in shown)
        if chosen >= 0 and tabs.currentIndex() != chosen:
            tabs.setCurrentIndex(chosen)
        hidden = [i for i in range(count) if i not in shown]
        self.button.setVisible(bool(hidden))
        menu = self.button.menu()
        menu.clear()
        for i in hidden:
            action = menu.addAction(tabs.tabText(i).replace("&", ""))
            action.triggered.connect(lambda _checked=False, i=i: tabs.setCurrentIndex(i))
