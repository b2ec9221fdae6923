"""Presentation mode: the window as a lecturer needs it on a projector.

Full screen, larger fonts (Ctrl+= / Ctrl+- scale them further) applied to everything drawn,
plot text included, thicker plot lines, a high-contrast light theme, the settings panel hidden,
every run control on a key, the lecture's presets on 1 … 7, the language on L, the hidden
activation on A, and a help overlay listing the keys (F1 or ?). F5 toggles the mode, Esc
leaves it and puts the window back where it was. A presenter's clicker (Page Up / Page Down)
moves between the views.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget, QWidget

from playground.gui import palette
from playground.gui.presentation_look import HelpOverlay, projector_palette
from playground.gui.presentation_parts import PresentationParts
from playground.gui.screen_fit import darker, fitted, refresh_styled_fonts, relayout
from playground.gui.views.plot_style import scale_plot_text

FONT_SCALE = 1.6  # the first step: readable from the back of a lecture hall
MIN_SCALE, MAX_SCALE = 1.0, 3.0
PEN_FACTOR = 2.0
PRESET_KEYS = 7  # keys 1 .. 7 load the lecture's presets
LANGUAGE_KEY = "L"
ACTIVATION_KEY = "A"

# Keys given to the run controls while presenting, when the window has none for them.
RUN_KEYS = {
    "actionStart": "Space",
    "actionPause": "Space",
    "actionStep": "S",
    "actionEpoch": "E",
    "actionStop": "X",
    "actionReset": "R",
}


@dataclass
class _Saved:
    """What presentation mode changed, to put back exactly when it ends."""

    was_full_screen: bool = False
    was_maximized: bool = False
    font: QFont | None = None
    palette: QPalette | None = None
    hidden: list[QWidget] = field(default_factory=list)
    shortcuts: dict[QAction, list[QKeySequence]] = field(default_factory=dict)
    pens: dict[object, object] = field(default_factory=dict)
    backgrounds: dict[object, object] = field(default_factory=dict)
    axes: dict[object, tuple] = field(default_factory=dict)  # pen, text pen, tick font
    added_actions: list[QAction] = field(default_factory=list)
    geometry: QRect | None = None
    notes_font: QFont | None = None


class PresentationMode(QObject):
    """``PresentationMode(window, parts).set_enabled(True)``; F5 toggles it once created.
    It works only on what ``parts`` hands over (see ``presentation_parts``)."""

    toggled = Signal(bool)

    def __init__(
        self, window: QMainWindow, parts: PresentationParts, font_scale: float = FONT_SCALE
    ) -> None:
        super().__init__(window)
        self.window = window
        self.parts = parts
        self.font_scale = font_scale
        self._enabled = False
        self._saved = _Saved()
        self.overlay = HelpOverlay(window)
        # Where the tab bar cannot show every view whole, the run tool bar names the view.
        self.view_title: QLabel | None = None
        self._title_action: QAction | None = None
        self._toggle_key = QShortcut(QKeySequence("F5"), window, self.toggle)
        self._keys: list[QShortcut] = []
        window.installEventFilter(self)

    # -- public -----------------------------------------------------------------------------
    def is_enabled(self) -> bool:
        return self._enabled

    def toggle(self) -> None:
        self.set_enabled(not self._enabled)

    def set_enabled(self, enabled: bool) -> None:
        if enabled == self._enabled:
            return
        self._enabled = enabled
        if enabled:
            self._enter()
        else:
            self._leave()
        # Keep the window's menu item (if any) in step when F5 or Esc toggled the mode.
        action = self.parts.mode_action()
        if action is not None and action.isCheckable() and action.isChecked() != enabled:
            blocked = action.blockSignals(True)
            action.setChecked(enabled)
            action.blockSignals(blocked)
        self.toggled.emit(enabled)

    def set_font_scale(self, scale: float) -> None:
        self.font_scale = min(MAX_SCALE, max(MIN_SCALE, scale))
        if self._enabled:
            self._apply_font()
            self._apply_plots()

    def show_help(self) -> None:
        self.overlay.set_keys(self.key_rows())
        self.overlay.show_over(self.window)

    def key_rows(self) -> list[tuple[str, str]]:
        """(key, what it does) for every action with a shortcut, then the mode's own keys."""
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for action in self._run_actions() + self.parts.keyed_actions():
            keys = action.shortcuts()
            text = action.text().replace("&", "").strip()
            if not keys or not text or text in seen:
                continue
            seen.add(text)
            rows.append(
                (" / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys), text)
            )
        own = [
            ("F1, ?", self.tr("Show this list of keys")),
            ("F5", self.tr("Presentation mode on / off")),
            ("Esc", self.tr("Leave presentation mode")),
            ("Ctrl + =  /  Ctrl + -", self.tr("Larger / smaller text")),
            ("Page Down / Page Up", self.tr("Next / previous view")),
            ("Alt + 1 … 9", self.tr("Go to view 1 … 9")),
            (f"1 … {PRESET_KEYS}", self.tr("Lecture preset 1 … {n}").format(n=PRESET_KEYS)),
            (LANGUAGE_KEY, self.tr("Language: English / 繁體中文")),
            (ACTIVATION_KEY, self.tr("Next hidden activation (sigmoid, ReLU, …)")),
        ]
        taken = {key for key, _ in rows}
        return rows + [(key, what) for key, what in own if key not in taken]

    # -- entering and leaving ----------------------------------------------------------------
    def _enter(self) -> None:
        app = QApplication.instance()
        win = self.window
        saved = self._saved = _Saved(win.isFullScreen(), win.isMaximized())
        saved.geometry = QRect(win.normalGeometry() if saved.was_maximized else win.geometry())
        saved.font, saved.palette = QFont(app.font()), QPalette(app.palette())
        for widget in self._less_important():
            if widget.isVisible():
                saved.hidden.append(widget)
                widget.hide()
        self._assign_run_keys()
        self._install_keys()
        app.setPalette(projector_palette())
        self._apply_font()
        self._apply_plots()
        relayout(win)
        if win.screen() is not None:  # from a window wider than the screen too
            win.setGeometry(win.screen().geometry())
        win.showFullScreen()
        self._show_view_title()
        self._fit_tabs()

    def _leave(self) -> None:
        app = QApplication.instance()
        win = self.window
        saved = self._saved
        self.overlay.hide()
        self._hide_view_title()
        for shortcut in self._keys:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._keys = []
        for action, keys in saved.shortcuts.items():
            action.setShortcuts(keys)
        for action in saved.added_actions:
            self.window.removeAction(action)
        for widget in saved.hidden:
            widget.show()
        if saved.palette is not None:
            app.setPalette(saved.palette)
        if saved.font is not None:
            app.setFont(saved.font)
            refresh_styled_fonts(win)
        self._apply_notes_font(None)
        self._restore_plots()
        relayout(win)
        if saved.was_full_screen:
            win.showFullScreen()
        elif saved.was_maximized:
            win.showMaximized()
        else:
            win.showNormal()
            if saved.geometry is not None:
                win.setGeometry(fitted(saved.geometry, win))
        self._saved = _Saved()

    # -- pieces ------------------------------------------------------------------------------
    def _run_actions(self) -> list[QAction]:
        return self.parts.run_actions()

    def _less_important(self) -> list[QWidget]:
        return [w for w in self.parts.hidden() if w is not None]

    def _assign_run_keys(self) -> None:
        every = self._run_actions() + self.parts.keyed_actions()
        taken = {k.toString() for a in every for k in a.shortcuts()}
        for action in self._run_actions():
            key = RUN_KEYS.get(action.objectName())
            if action.shortcuts() or key is None or key in taken:
                continue
            self._saved.shortcuts[action] = []
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            taken.add(key)
        # The menu bar is hidden: its actions must still fire from the keyboard.
        for action in self.parts.keyed_actions():
            if action.shortcuts() and action not in self.window.actions():
                self.window.addAction(action)
                self._saved.added_actions.append(action)

    def _install_keys(self) -> None:
        win = self.window

        def key(sequence, slot) -> None:
            shortcut = QShortcut(QKeySequence(sequence), win, slot)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            self._keys.append(shortcut)

        key("F1", self.show_help)
        key("?", self.show_help)
        key("Esc", self._escape)
        key("Ctrl+=", lambda: self.set_font_scale(self.font_scale * 1.15))
        key("Ctrl++", lambda: self.set_font_scale(self.font_scale * 1.15))
        key("Ctrl+-", lambda: self.set_font_scale(self.font_scale / 1.15))
        key("PgDown", lambda: self._step_view(1))
        key("PgUp", lambda: self._step_view(-1))
        for n in range(1, 10):
            key(f"Alt+{n}", lambda n=n: self._go_to_view(n - 1))
        for n in range(1, PRESET_KEYS + 1):
            key(str(n), lambda n=n: self.apply_preset(n - 1))
        key(LANGUAGE_KEY, self.toggle_language)
        key(ACTIVATION_KEY, self.next_activation)

    def apply_preset(self, index: int) -> None:
        presets = self.parts.presets()
        if self.parts.apply_preset is not None and 0 <= index < len(presets):
            self.parts.apply_preset(presets[index])

    def toggle_language(self) -> None:
        from playground.gui import i18n

        other = "zh_TW" if i18n.current_language() == "en" else "en"
        i18n.set_language(QApplication.instance(), other, window=self.window)
        if self.overlay.isVisible():
            self.show_help()

    def next_activation(self) -> None:
        """The hidden activation a preset's note asks for, with the settings hidden."""
        box = self.parts.activation()
        if box is None or not box.isEnabled() or box.count() == 0:
            self.window.statusBar().showMessage(self.tr("Stop training to change the model."), 4000)
            return
        box.setCurrentIndex((box.currentIndex() + 1) % box.count())
        message = self.tr("Hidden activation: {name}").format(name=box.currentText())
        self.window.statusBar().showMessage(message, 4000)

    def _escape(self) -> None:
        if self.overlay.isVisible():
            self.overlay.hide()
        else:
            self.set_enabled(False)

    def _tabs(self) -> QTabWidget | None:
        return self.parts.tabs

    def _step_view(self, delta: int) -> None:
        tabs = self._tabs()
        if tabs is not None and tabs.count():
            tabs.setCurrentIndex((tabs.currentIndex() + delta) % tabs.count())

    def _go_to_view(self, index: int) -> None:
        tabs = self._tabs()
        if tabs is not None and index < tabs.count():
            tabs.setCurrentIndex(index)

    def _apply_font(self) -> None:
        app = QApplication.instance()
        base = self._saved.font or app.font()
        font = QFont(base)
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * self.font_scale)
        app.setFont(font)
        refresh_styled_fonts(self.window)
        self._apply_notes_font(font)

    def _apply_notes_font(self, font: QFont | None) -> None:
        """The notes dock's title ("What to watch for") at the body size or larger: the dock
        draws its title with its own font, which an app-wide change leaves as it was."""
        notes = self.parts.notes
        if notes is None:
            return
        if font is None:
            if self._saved.notes_font is not None:
                notes.setFont(self._saved.notes_font)
            return
        if self._saved.notes_font is None:
            self._saved.notes_font = QFont(notes.font())
        title = QFont(font)
        title.setBold(True)
        notes.setFont(title)

    def _plot_widgets(self) -> list[pg.GraphicsView]:
        return self.parts.plots()

    def _apply_plots(self) -> None:
        saved = self._saved
        font = QApplication.instance().font()
        if self.parts.set_pen_width is not None:
            self.parts.set_pen_width(PEN_FACTOR)
        palette.set_pen_scale(PEN_FACTOR)
        for view in self._plot_widgets():
            saved.backgrounds.setdefault(view, view.backgroundBrush().color())
            view.setBackground("w")
            for item in view.scene().items():
                if isinstance(item, pg.AxisItem):
                    if item not in saved.axes:
                        saved.axes[item] = (item.pen(), item.textPen(), item.style["tickFont"])
                    item.setPen(darker(item.pen()))
                    item.setTextPen(darker(item.textPen()))
                elif isinstance(item, pg.PlotDataItem) and not hasattr(item, "base_width"):
                    pen = item.opts.get("pen")
                    if pen is None or item in saved.pens:
                        continue
                    saved.pens[item] = pen
                    thick = pg.mkPen(pen)
                    thick.setWidthF(max(1.0, thick.widthF()) * PEN_FACTOR)
                    item.setPen(thick)
            scale_plot_text(view, font)

    def _restore_plots(self) -> None:
        saved = self._saved
        if self.parts.set_pen_width is not None:
            self.parts.set_pen_width(1.0)
        palette.set_pen_scale(1.0)
        font = QApplication.instance().font()
        for view, colour in saved.backgrounds.items():
            try:
                view.setBackground(colour)
                scale_plot_text(view, font)
            except RuntimeError:  # the view was deleted meanwhile
                continue
        for axis, (pen, text_pen, tick_font) in saved.axes.items():
            try:  # each axis' own colours (the loss view's orange L axis keeps its orange)
                axis.setPen(pen)
                axis.setTextPen(text_pen)
                axis.setStyle(tickFont=tick_font)
            except RuntimeError:
                continue
        for item, pen in saved.pens.items():
            try:
                item.setPen(pen)
            except RuntimeError:
                continue

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.window and event.type() == QEvent.Type.Resize
        if resized and self.overlay.isVisible():
            self.overlay.show_over(self.window)
        if self._enabled and event.type() in (QEvent.Type.Resize, QEvent.Type.LanguageChange):
            self._fit_tabs()
        return False

    # -- the tab bar on a narrow screen ------------------------------------------------------
    def _show_view_title(self) -> None:
        toolbar = self.parts.run_toolbar
        if toolbar is None or self._title_action is not None:
            return
        first = toolbar.actions()[0] if toolbar.actions() else None
        self.view_title = QLabel(toolbar)
        self.view_title.setObjectName("presentationViewTitle")
        self._title_action = toolbar.insertWidget(first, self.view_title)
        tabs = self._tabs()
        if tabs is not None:
            tabs.currentChanged.connect(self._fit_tabs)

    def _hide_view_title(self) -> None:
        tabs = self._tabs()
        if tabs is not None:
            tabs.tabBar().show()
            with contextlib.suppress(RuntimeError, TypeError):
                tabs.currentChanged.disconnect(self._fit_tabs)
        toolbar = self.parts.run_toolbar
        if toolbar is not None and self._title_action is not None:
            toolbar.removeAction(self._title_action)
        if self.view_title is not None:
            self.view_title.deleteLater()
        self._title_action = self.view_title = None

    def _fit_tabs(self, *_args) -> None:
        """Tabs half hidden under scroll arrows read as cut words on a projector: when the
        bar cannot show every tab whole it goes, and the tool bar names the view instead
        (Page Up / Page Down and Alt + number still move between views)."""
        tabs = self._tabs()
        if tabs is None or not tabs.count():
            return
        bar = tabs.tabBar()
        need = sum(bar.tabSizeHint(i).width() for i in range(tabs.count()))
        fits = need <= tabs.width()
        bar.setVisible(fits or self.view_title is None)  # no tool bar to name the view: keep it
        index = tabs.currentIndex()
        if self.view_title is None:
            return
        self.view_title.setText(
            self.tr("View {n} of {count}: <b>{name}</b>").format(
                n=index + 1, count=tabs.count(), name=tabs.tabText(index).replace("&", "")
            )
        )
        if self._title_action is not None:
            self._title_action.setVisible(not fits)
