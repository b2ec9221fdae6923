"""Switch the texts already on screen to the language just installed.

Views that build their texts in ``retranslate_ui()`` redo them on LanguageChange. Everything
else (menus, tool bars, tabs, docks, settings panels, status texts, plot labels, legends and
titles) is switched here from the catalogue itself: a text shown now is looked up among the
sources and translations of every shipped language, and replaced by what its source
translates to now. A text built from a template ("Epoch {e}/{n}") is matched by the
template's literal parts and rebuilt with the same values.

This needs no list of widgets to keep in step with the code: a new label, action or plot is
switched as soon as its string is in the catalogue (which a test checks).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QToolBar,
    QWidget,
)

from playground.gui import i18n

FIELD = re.compile(r"\{(\w*)(?:[:!][^{}]*)?\}")


@dataclass(frozen=True)
class Template:
    """A catalogue string with ``{fields}``, as a pattern for the texts it produces."""

    context: str
    source: str
    pattern: re.Pattern[str]
    fields: tuple[str, ...]
    weight: int  # literal characters: the more, the surer a match


def _template(context: str, source: str, shown: str) -> Template | None:
    fields, parts, last = [], [], 0
    for m in FIELD.finditer(shown):
        parts.append(re.escape(shown[last : m.start()]))
        name = m.group(1) or f"_{len(fields)}"
        if name in fields:  # a field used twice must show the same text twice
            parts.append(f"(?P={name})")
        else:
            fields.append(name)
            parts.append(f"(?P<{name}>[^\n]+?)")  # values are one line
        last = m.end()
    parts.append(re.escape(shown[last:]))
    literal = len(FIELD.sub("", shown).strip())
    if not fields or literal < 3:  # "{n}" or "{a} {b}" would match anything
        return None
    return Template(context, source, re.compile("".join(parts), re.S), tuple(fields), literal)


@dataclass
class Catalogue:
    exact: dict[str, tuple[str, str]]  # shown text (any language) -> (context, source)
    templates: list[tuple[Template, str]]  # (template, the language-specific text it matches)


@functools.cache
def catalogue() -> Catalogue:
    exact: dict[str, tuple[str, str]] = {}
    templates: list[tuple[Template, str]] = []
    for language in i18n.LANGUAGES:
        if language == i18n.DEFAULT_LANGUAGE:
            continue
        for m in i18n.read_ts(i18n.ts_path(language)):
            key = (m.context, m.source)
            shown = [m.source] + ([m.translation] if m.finished else [])
            for text in shown:
                exact.setdefault(text, key)
                if FIELD.search(m.source):
                    t = _template(m.context, m.source, text)
                    if t is not None:
                        templates.append((t, text))
    templates.sort(key=lambda pair: -pair[0].weight)
    return Catalogue(exact, templates)


def translated(text: str) -> str | None:
    """``text`` in the language installed now, or None when it is not from the catalogue."""
    if not text or not text.strip():
        return None
    cat = catalogue()
    key = cat.exact.get(text)
    if key is not None:
        return QCoreApplication.translate(*key)
    if len(text) > 2000:
        return None
    for template, _shown in cat.templates:
        m = template.pattern.fullmatch(text)
        if m is None:
            continue
        target = QCoreApplication.translate(template.context, template.source)
        values = m.groupdict()
        counter = iter(range(len(template.fields)))

        def fill(field: re.Match[str], values=values, counter=counter) -> str:
            name = field.group(1) or f"_{next(counter)}"
            return values.get(name, field.group(0))

        return FIELD.sub(fill, target)
    return None


# Two sources can share a translation ("Loss" and "loss" are both 損失): what a text was
# switched from is remembered per place, so switching back gives the same source again.
_switched: dict[tuple[int, int], tuple[str, str]] = {}  # (object id, slot) -> (shown, source)


def _switch(getter: Callable[[], str], setter: Callable[[str], object], place=None) -> None:
    text = getter()
    before = _switched.get(place) if place is not None else None
    if before is not None and before[0] == text and translated(before[1]) is not None:
        new = translated(before[1])
    else:
        new = translated(text)
    if new is not None and new != text:
        setter(new)
        if place is not None:
            source = before[1] if before is not None and before[0] == text else text
            _switched[place] = (new, source if _is_source(source) else text)


def _is_source(text: str) -> bool:
    """``text`` is a source string of the catalogue (the language the code is written in)."""
    key = catalogue().exact.get(text)
    return key is not None and key[1] == text


def _widget_texts(widget: QWidget) -> Iterator[tuple[Callable[[], str], Callable[[str], object]]]:
    yield widget.toolTip, widget.setToolTip
    yield widget.statusTip, widget.setStatusTip
    if widget.isWindow() or isinstance(widget, QDockWidget | QToolBar):
        yield widget.windowTitle, widget.setWindowTitle
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text, widget.setText
    if isinstance(widget, QGroupBox):
        yield widget.title, widget.setTitle
    if isinstance(widget, QMenu):
        yield widget.title, widget.setTitle
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText, widget.setPlaceholderText
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield (lambda i=i: widget.itemText(i)), (lambda t, i=i: widget.setItemText(i, t))
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield (lambda i=i: widget.tabText(i)), (lambda t, i=i: widget.setTabText(i, t))
            yield (lambda i=i: widget.tabToolTip(i)), (lambda t, i=i: widget.setTabToolTip(i, t))


def _action_texts(action: QAction) -> Iterator[tuple[Callable[[], str], Callable[[str], object]]]:
    yield action.text, action.setText
    yield action.toolTip, action.setToolTip
    yield action.statusTip, action.setStatusTip


def _plot_texts(widget: QWidget) -> None:
    """Axis labels, plot titles, legend entries and text items of a pyqtgraph view."""
    import pyqtgraph as pg

    if not isinstance(widget, pg.GraphicsView):
        return
    for item in widget.scene().items():
        if isinstance(item, pg.AxisItem) and item.labelText:
            _switch(lambda item=item: item.labelText, lambda t, item=item: item.setLabel(t))
        elif isinstance(item, pg.LabelItem):
            _switch(lambda item=item: item.text, lambda t, item=item: item.setText(t))
        elif isinstance(item, pg.TextItem):
            _switch(item.toPlainText, item.setText)


def retranslate_widgets(roots: list[QWidget] | None = None) -> None:
    """Switch every text under ``roots`` (default: every top-level window) to the language
    installed now."""
    if roots is None:
        app = QApplication.instance()
        roots = list(app.topLevelWidgets()) if isinstance(app, QApplication) else []
    seen: set[int] = set()
    for root in roots:
        objects: list[QObject] = [root, *root.findChildren(QObject)]
        for obj in objects:
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if isinstance(obj, QAction):
                for n, (getter, setter) in enumerate(_action_texts(obj)):
                    _switch(getter, setter, (id(obj), n))
            elif isinstance(obj, QWidget):
                for n, (getter, setter) in enumerate(_widget_texts(obj)):
                    _switch(getter, setter, (id(obj), n))
                _plot_texts(obj)
