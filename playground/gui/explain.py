"""Explain this: click any control or view to learn what it does and what its value means now.

Built on Qt's What's This mode: the toolbar's toggle or Shift+F1 enters it (Esc leaves), and a
click then sends the widget under the mouse a What's This help event, which Qt hands on to its
parents until one takes it. While the mode lasts, an application-wide filter takes it for every
widget with a rule (``explain_rules`` for controls, ``explain_views`` for views) and writes the
text from the widget's value at that moment, so it never goes stale the way a fixed text would.
Outside the mode no filter runs, so ordinary events pay nothing for it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStyle, QToolBar, QWhatsThis, QWidget

from playground.gui.explain_rules import RULES, Rule
from playground.gui.explain_views import VIEW_RULES

translate = QCoreApplication.translate
HELP_EVENTS = (QEvent.Type.QueryWhatsThis, QEvent.Type.WhatsThis)


def rule_for(widget: QWidget) -> Rule | None:
    """The rule explaining ``widget`` itself, if any (Qt asks its parents in turn)."""
    name = widget.objectName()
    rule = (RULES.get(name) or RULES.get(name.rstrip("0123456789"))) if name else None
    return rule or VIEW_RULES.get(type(widget).__name__)


def explanation(widget: QWidget | None) -> str | None:
    """What ``widget`` (or the nearest parent with a rule) does and what its value means now."""
    while widget is not None:
        rule = rule_for(widget)
        if rule is not None:
            return rule(widget)
        widget = widget.parentWidget()
    return None


class Explainer(QObject):
    """The toggle on its own toolbar of ``window``, and the filter answering help events."""

    explained = Signal(str)  # the text just shown

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_text = ""
        self.action = QAction(window)
        self.action.setObjectName("actionExplain")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Shift+F1"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        icon = QStyle.StandardPixmap.SP_TitleBarContextHelpButton
        self.action.setIcon(window.style().standardIcon(icon))
        self.action.toggled.connect(self._toggled)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("explainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addAction(self.action)
        window.addAction(self.action)  # Shift+F1 also while presentation mode hides the toolbar
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        window.installEventFilter(self)  # for a change of language
        self.retranslate()

    def retranslate(self) -> None:
        self.action.setText(translate("Explain", "Explain this"))
        self.action.setToolTip(
            translate(
                "Explain",
                "Then click any control or chart to learn what it does and what its value "
                "means now (Shift+F1; Esc leaves)",
            )
        )
        self.toolbar.setWindowTitle(translate("Explain", "Explain this"))

    def _toggled(self, on: bool) -> None:
        app = QApplication.instance()
        if on:
            app.installEventFilter(self)  # until the mode ends
            if not QWhatsThis.inWhatsThisMode():
                QWhatsThis.enterWhatsThisMode()
        else:
            app.removeEventFilter(self)
            if QWhatsThis.inWhatsThisMode():
                QWhatsThis.leaveWhatsThisMode()

    def show(self, widget: QWidget, global_pos: QPoint, text: str) -> None:
        self.last_text = text
        QWhatsThis.showText(global_pos, f"<p>{html.escape(text)}</p>", widget)
        self.explained.emit(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.LeaveWhatsThisMode:
            self.action.setChecked(False)
        elif kind == QEvent.Type.LanguageChange and watched is self.window:
            self.retranslate()
        elif kind in HELP_EVENTS and isinstance(watched, QWidget):
            rule = rule_for(watched)
            if rule is None:
                return False  # Qt asks the parent next
            if kind == QEvent.Type.WhatsThis:
                self.show(watched, event.globalPos(), rule(watched))
            event.accept()
            return True
        return False


def install(window: QMainWindow) -> Explainer:
    window.explainer = Explainer(window)
    return window.explainer
