"""Fitting a window to its screen after its fonts change (presentation mode on and off)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLayout, QWidget


def relayout(window: QWidget) -> None:
    """Forget every layout's cached sizes: pages not on screen when the font changed would
    otherwise keep the sizes of the old font (and hold the window wider than the screen)."""
    QApplication.sendPostedEvents()  # the font and style changes reach hidden pages first
    for widget in reversed([window, *window.findChildren(QWidget)]):  # children first
        widget.updateGeometry()
        if widget.layout() is not None:
            _invalidate(widget.layout())
    if window.layout() is not None:
        window.layout().activate()  # the new minimum size now, before the window is resized


def refresh_styled_fonts(window: QWidget) -> None:
    """Widgets with a style sheet keep the font they had when it was applied: apply it again
    so they take the app's new font (the sliders' value labels, section titles)."""
    for widget in window.findChildren(QWidget):
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
            fit = getattr(widget, "_update_size", None)  # a slider's value label: its width
            if callable(fit):
                fit()


def _invalidate(layout) -> None:
    """A layout and the layouts nested in it (``invalidate`` alone keeps theirs)."""
    if not isinstance(layout, QLayout):  # a wrapper PySide reused for another item
        return
    for i in range(layout.count()):
        inner = layout.itemAt(i).layout()
        if isinstance(inner, QLayout):
            _invalidate(inner)
    layout.invalidate()


def darker(pen) -> object:
    """An axis pen in black, or in its own colour when it has one (the orange L axis)."""
    pen = pg.mkPen(pen)
    colour = pen.color()
    grey = colour.saturation() < 40
    out = pg.mkPen("k" if grey else colour, width=1.5)
    return out


def fitted(rect: QRect, window: QWidget) -> QRect:
    """``rect`` moved and shrunk into the screen the window is on (never taller than it)."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return rect
    room = screen.availableGeometry()
    width, height = min(rect.width(), room.width()), min(rect.height(), room.height())
    x = min(max(rect.x(), room.x()), room.right() - width + 1)
    y = min(max(rect.y(), room.y()), room.bottom() - height + 1)
    return QRect(x, y, width, height)
