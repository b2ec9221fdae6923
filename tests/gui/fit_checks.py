"""What a lecturer would see go wrong on a projector, as checks on the window on screen now.

``check_view`` returns one line per problem: the window larger than its screen, a text cut
off (a widget smaller than its text needs), an axis that would print "(x0.001)", and in
presentation mode a text (pyqtgraph's included, and what custom views paint) smaller than the
body font.
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabBar,
    QToolButton,
    QWidget,
)

from playground.gui.background import BackgroundWork
from playground.gui.waiting import wait_until

SLACK = 1  # px: rounding in layouts


def _name(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "currentText", "title"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                text = getter()
            except TypeError:
                continue
            break
    return f"{type(widget).__name__}({widget.objectName() or ''!s}) {str(text)[:40]!r}"


def _has_text(widget: QWidget) -> bool:
    text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
    return bool(text.strip())


def _px(font: QFont) -> float:
    return float(QFontInfo(font).pixelSize())


def clipped(widget: QWidget) -> list[str]:
    """The widget is smaller than its text needs (the text would be cut or elided)."""
    size = widget.size()
    if isinstance(widget, QLabel) and widget.text().strip() and widget.pixmap().isNull():
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > size.height() + SLACK:
                return [f"{_name(widget)}: {size.height()} px high, needs {need}"]
        else:
            hint = widget.sizeHint()
            if hint.width() > size.width() + SLACK or hint.height() > size.height() + SLACK:
                return [f"{_name(widget)}: {size.toTuple()} < {hint.toTuple()}"]
    elif isinstance(widget, QAbstractButton) and widget.text().strip():
        hint = widget.sizeHint()
        if hint.width() > size.width() + SLACK:
            return [f"{_name(widget)}: {size.width()} px wide, needs {hint.width()}"]
    elif isinstance(widget, QComboBox) and widget.currentText():
        need = QFontMetrics(widget.font()).horizontalAdvance(widget.currentText()) + 24
        if need > size.width() + SLACK:
            return [f"{_name(widget)}: {size.width()} px wide, needs {need}"]
    elif isinstance(widget, QGroupBox) and widget.title():
        need = QFontMetrics(widget.font()).horizontalAdvance(widget.title()) + 16
        if need > size.width() + SLACK:
            return [f"{_name(widget)}: {size.width()} px wide, needs {need}"]
    elif isinstance(widget, QTabBar):
        problems = []
        for i in range(widget.count()):
            if not widget.isTabVisible(i):  # not on the bar: listed in its "»" menu instead
                continue
            if widget.tabRect(i).width() + SLACK < widget.tabSizeHint(i).width():
                problems.append(f"tab {widget.tabText(i)!r} elided")
        # Scroll buttons cover the end of a bar too narrow for its tabs: a tab partly under
        # them shows a cut title.
        shown = widget.rect()
        for button in widget.findChildren(QToolButton):
            if button.isVisible():
                shown.setRight(min(shown.right(), button.geometry().left() - 1))
        for i in range(widget.count()):
            rect = widget.tabRect(i)
            if rect.intersects(shown) and not shown.contains(rect):
                problems.append(f"tab {widget.tabText(i)!r} cut off")
        return problems
    return []


def _label_px(item: pg.LabelItem, default: QFont) -> float:
    size = item.opts.get("size")
    if not size:
        return _px(default)
    m = re.fullmatch(r"\s*([\d.]+)\s*(pt|px)\s*", str(size))
    if m is None:
        return _px(default)
    value = float(m.group(1))
    return value if m.group(2) == "px" else value * 96 / 72


def small_plot_text(view: pg.GraphicsView, body: float) -> list[str]:
    problems = []
    for item in view.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.AxisItem):
            if item.style.get("showValues", True):
                tick = item.style.get("tickFont") or view.font()
                if _px(tick) < body - SLACK:
                    problems.append(f"axis ticks at {_px(tick)} px")
            if item.label.isVisible() and item.labelText and _px(item.label.font()) < body - SLACK:
                problems.append(f"axis label {item.labelText!r} at {_px(item.label.font())} px")
        elif isinstance(item, pg.LabelItem) and str(item.text).strip():
            px = _label_px(item, view.font())
            if px < body - SLACK:
                problems.append(f"plot text {str(item.text)[:30]!r} at {px:.0f} px")
        elif isinstance(item, pg.TextItem) and item.toPlainText().strip():
            px = _px(item.textItem.font())
            if px < body - SLACK:
                problems.append(f"plot text {item.toPlainText()[:30]!r} at {px:.0f} px")
    return problems


def scaled_axes(view: pg.GraphicsView) -> list[str]:
    """Axes that may print "(x0.001)" beside their label instead of plain numbers."""
    return [
        f"axis {item.labelText!r} can show an SI factor"
        for item in view.scene().items()
        if isinstance(item, pg.AxisItem) and item.isVisible() and item.autoSIPrefix
    ]


def small_text(widget: QWidget, body: float) -> list[str]:
    """Text smaller than the body font (what the widget shows, plots and paints)."""
    if isinstance(widget, pg.GraphicsView):
        return [f"{type(widget).__name__}: {p}" for p in small_plot_text(widget, body)]
    painted = getattr(widget, "painted_font", None)  # views that paint their own text
    if isinstance(painted, QFont) and _px(painted) < body - SLACK:
        return [f"{_name(widget)}: paints text at {_px(painted)} px"]
    has_text = (
        isinstance(widget, QLabel | QAbstractButton | QLineEdit) and widget.text().strip()
    ) or isinstance(widget, QComboBox | QTabBar | QGroupBox | QAbstractSpinBox)
    if has_text and _px(widget.font()) < body - SLACK:
        return [f"{_name(widget)}: font {_px(widget.font())} px"]
    return []


def cut_by_scroll_area(widget: QWidget) -> list[str]:
    """Text cut at the right edge of a scroll area that cannot scroll sideways."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is None or area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        return []
    viewport = area.viewport()
    right = widget.mapTo(viewport, widget.rect().topRight()).x()
    if right > viewport.width() + SLACK:
        return [
            f"{_name(widget)}: cut at the side of its scroll area by {right - viewport.width()} px"
        ]
    return []


def settle(app, window) -> None:
    """Let the view just shown finish what it computes in the background (Loss per example's
    Cⁿ, the Embedding's projection) and lay out its answer before anything is measured."""
    wait_until(lambda: not any(w.busy for w in window.findChildren(BackgroundWork)), timeout=60)
    for _ in range(3):  # the answers' signals, then the layout requests they post
        app.processEvents()


def check_view(app, window, presenting: bool) -> list[str]:
    settle(app, window)
    window.grab()  # lays out and paints all that is on screen
    problems = []
    screen = window.screen().geometry()
    frame = window.frameGeometry()
    if not screen.contains(frame):
        problems.append(f"window {frame.getRect()} does not fit the screen {screen.getRect()}")
    hint = window.minimumSizeHint()
    if hint.width() > screen.width() or hint.height() > screen.height():
        problems.append(f"window needs {hint.toTuple()}, the screen is {screen.size().toTuple()}")
    body = _px(app.font())
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        problems += clipped(widget)
        fits = getattr(widget, "label_fits", None)  # views that paint labels into cells
        if callable(fits) and not fits():
            problems.append(f"{_name(widget)}: its painted labels are cut at the cell edges")
        if isinstance(widget, QLabel | QAbstractButton | QComboBox) and _has_text(widget):
            problems += cut_by_scroll_area(widget)
        if isinstance(widget, pg.GraphicsView):
            problems += scaled_axes(widget)
        if presenting:
            problems += small_text(widget, body)
    return problems
