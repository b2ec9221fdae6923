"""The Presets menu: one click per lecture idea, and "what to watch for" beside the views.

Presets are JSON files (``playground.training.presets``): the built-in ones in
``resources/presets`` and the user's own, saved from the current settings, in the user data
folder (a lecturer can also copy, edit and open any preset file).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QStandardPaths, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
)

from playground.gui.i18n import current_language
from playground.training.presets import (
    Preset,
    PresetError,
    load_preset,
    load_presets,
    new_preset,
    save_preset,
)

NOTES_DOCK = "presetNotesDock"  # presentation mode keeps this dock visible
LAST_PRESET_KEY = "presets/last"


def line_bottoms(label: QLabel, width: int) -> list[float]:
    """Where each line of a word-wrapped rich-text label ends, from the label's top, when it
    is ``width`` pixels wide."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    inset = label.margin() + label.contentsMargins().top()
    doc.setTextWidth(max(1, width - 2 * label.margin()))
    bottoms = []
    block = doc.begin()
    while block.isValid():
        top = doc.documentLayout().blockBoundingRect(block).top()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            bottoms.append(inset + top + line.y() + line.height())
        block = block.next()
    return bottoms


def user_presets_folder() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nn-playground") / "presets"


class PresetNotes(QDockWidget):
    """The chosen preset's title and what to watch for, in large type above the views."""

    def __init__(self, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.setObjectName(NOTES_DOCK)
        self.preset: Preset | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setMargin(8)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # A long note in a large font scrolls rather than being cut mid-sentence.
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.label)
        self.setWidget(self.scroll)
        parent.installEventFilter(self)  # refit when the window is resized (F5, Esc)
        self.retranslate_ui()

    def show_preset(self, preset: Preset) -> None:
        self.preset = preset
        QSettings().setValue(LAST_PRESET_KEY, preset.key)
        self.retranslate_ui()
        self.show()
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the wrapped text needs, no taller (the views keep the space), and at
        most a third of the window: then it ends after the last line that fits whole (a
        line cut in half reads as a mistake on a projector) and the rest scrolls."""
        window = self.parentWidget()
        if not isinstance(window, QMainWindow):
            return
        title = QFontMetrics(self.font()).height() + 12  # the dock's title bar (its own font)
        room = window.height() // 3 - title
        width = max(300, window.width() - 40)
        text = self.label.heightForWidth(width)
        if text > room:  # it scrolls: the scroll bar takes some width
            width -= self.scroll.verticalScrollBar().sizeHint().width()
            fitting = [b for b in line_bottoms(self.label, width) if b <= room]
            text = int(max(fitting, default=room)) + 1
        # The text's box is exactly that high; the dock around it takes its real title bar.
        self.scroll.setFixedHeight(text)
        window.resizeDocks([self], [text + title], Qt.Orientation.Vertical)

    def eventFilter(self, watched, event: QEvent) -> bool:
        resized = event.type() == QEvent.Type.Resize and watched is self.parentWidget()
        if resized and self.preset is not None and self.isVisible():
            self._fit_height()
        return False

    def showEvent(self, event) -> None:
        # The window may restore this dock from its saved layout: never show it empty.
        super().showEvent(event)
        if self.preset is None:
            self.retranslate_ui()
        self._fit_height()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("What to watch for"))
        p = self.preset
        if p is None:
            self.label.setText(
                self.tr(
                    "Presets menu: one click sets up each idea of the lecture, and its notes "
                    "appear here."
                )
            )
        else:
            lang = current_language()
            self.label.setText(
                f"<div style='font-size:large'><b>{html.escape(p.title_for(lang))}</b><br>"
                f"{p.watch_for(lang)}</div>"
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        refit = event.type() in (QEvent.Type.LanguageChange, QEvent.Type.FontChange)
        if refit and self.preset is not None and self.isVisible():
            self._fit_height()
        super().changeEvent(event)


class PresetsMenu(QMenu):
    def __init__(self, window: QMainWindow, user_folder: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.user_folder = user_folder or user_presets_folder()
        self.presets: list[Preset] = []
        self.errors: list[PresetError] = []
        # Made once and refilled: a submenu made by addMenu(title) on every language change
        # piles up, and PySide can hand back a stale wrapper of another type at a reused address.
        self.races = QMenu(self)
        self.races.setObjectName("presetRaces")
        self.notes = PresetNotes(window)
        window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.notes)
        self.notes.hide()
        self.reload()
        last = QSettings().value(LAST_PRESET_KEY, "")
        self.notes.preset = next((p for p in self.presets if p.key == last), None)
        self.notes.retranslate_ui()

    def reload(self) -> None:
        self.errors = []
        self.presets = load_presets(user_folder=self.user_folder, errors=self.errors)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.clear()
        self.setTitle(self.tr("&Presets"))
        lang = current_language()
        for number, preset in enumerate(self.presets, 1):
            prefix = f"&{number} " if number < 10 else ""
            action = self.addAction(prefix + preset.title_for(lang))
            action.setToolTip(preset.watch_for(lang))
            action.setObjectName(f"preset_{preset.key}")
            action.triggered.connect(lambda _=False, p=preset: self.apply(p))
        self.setToolTipsVisible(True)
        racing = [p for p in self.presets if p.race]
        self.races.clear()
        if racing:
            self.races.setTitle(self.tr("Start as a race"))
            self.addMenu(self.races)
            for preset in racing:
                action = self.races.addAction(preset.title_for(lang))
                action.setObjectName(f"race_{preset.key}")
                action.triggered.connect(lambda _=False, p=preset: self.race(p))
        self.addSeparator()
        self.addAction(self.tr("Open preset file…"), self._open_file)
        self.addAction(self.tr("Save current settings as preset…"), self._save_current)
        for error in self.errors:
            action = self.addAction(self.tr("Skipped {file}").format(file=Path(error.source).name))
            action.setToolTip(error.reason)
            action.setEnabled(False)
        self.notes.retranslate_ui()

    def apply(self, preset: Preset) -> None:
        """Fill the settings panels with the preset and show what to watch for."""
        self.window.apply_config(preset.training_config())
        self.notes.show_preset(preset)
        if preset.variants:
            self._prepare_speed_lab(preset)
        if preset.view:
            self.window.show_view(preset.view)  # ignored when the window has no such view

    def race(self, preset: Preset) -> None:
        """Apply the preset, then set up its race in the Race view (Start begins it)."""
        from playground.gui.concepts.race_view import RaceView
        from playground.training.race import parse_variation

        config = preset.training_config()
        self.window.apply_config(config)
        self.notes.show_preset(preset)
        view = self.window.findChild(RaceView)
        if view is not None and preset.race:
            view.set_race(config, parse_variation(preset.race))
            self.window.show_view("race")

    def _prepare_speed_lab(self, preset: Preset) -> None:
        from playground.gui.concepts.speed_lab import SpeedLabView

        lab = self.window.findChild(SpeedLabView)
        if lab is None:
            return
        sizes = [v.get("batch_size") for v in preset.variants if "batch_size" in v]
        lab.config = preset.training_config()
        lab.data = None
        lab.batch_sizes = tuple(sizes) or lab.batch_sizes
        lab.full_epoch.setChecked(True)
        lab.retranslate_ui()

    def _open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Open preset"),
            str(self.user_folder),
            self.tr("Presets (*.json)"),
        )
        if not path:
            return
        try:
            preset = load_preset(path)
        except PresetError as exc:
            QMessageBox.warning(self.window, self.tr("Preset"), str(exc))
            return
        self.apply(preset)

    def _save_current(self) -> None:
        title, ok = QInputDialog.getText(
            self.window, self.tr("Save preset"), self.tr("Title of the new preset:")
        )
        if not ok or not title.strip():
            return
        watch, _ = QInputDialog.getMultiLineText(
            self.window, self.tr("Save preset"), self.tr("What should the class watch for?")
        )
        texts = {current_language(): title.strip(), "en": title.strip()}
        watches = {current_language(): watch.strip(), "en": watch.strip() or title.strip()}
        try:
            preset = new_preset(self.window.current_config(), texts, watches)
            path = save_preset(self.user_folder / f"{preset.key}.json", preset)
        except (OSError, PresetError) as exc:
            QMessageBox.warning(self.window, self.tr("Preset"), str(exc))
            return
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 8000)
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


def build_presets_menu(window: QMainWindow, user_folder: Path | None = None) -> PresetsMenu:
    menu = PresetsMenu(window, user_folder)
    window.presets_menu = menu
    return menu
