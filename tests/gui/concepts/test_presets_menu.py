import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMainWindow, QTabWidget

from playground.gui import i18n
from playground.gui.concepts import create_concept_views
from playground.gui.concepts.presets_menu import build_presets_menu
from playground.training.config import TrainingConfig
from playground.training.presets import load_presets


class Window(QMainWindow):
    """What the presets menu uses of the main window (gui-hosting.md)."""

    def __init__(self):
        super().__init__()
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.applied, self.shown = [], []
        self.config = TrainingConfig(hidden=(64,), activation="tanh", learning_rate=0.05)

    def apply_config(self, cfg):
        self.applied.append(cfg)

    def current_config(self):
        return self.config

    def show_view(self, key):
        self.shown.append(key)


@pytest.fixture
def window(qtbot, tmp_path):
    win = Window()
    qtbot.addWidget(win)
    build_presets_menu(win, user_folder=tmp_path)
    return win


def test_one_click_applies_a_preset_and_says_what_to_watch(window):
    menu = window.presets_menu
    actions = [a for a in menu.actions() if a.objectName().startswith("preset_")]
    assert len(actions) == len(load_presets())
    actions[0].trigger()
    demo = load_presets()[0]
    assert window.applied == [demo.training_config()]
    assert window.shown == ["loss"]
    assert "slowly" in menu.notes.label.text()
    assert not menu.notes.isHidden()


def test_batch_size_preset_prepares_the_speed_lab(window, qtbot):
    views = dict((key, widget) for key, _, widget in create_concept_views())
    lab = views["speedlab"]
    window.tabs.addTab(lab, "Speed lab")
    action = next(a for a in window.presets_menu.actions() if "batch-size" in a.objectName())
    action.trigger()
    assert lab.batch_sizes == (1, 100, "all")
    assert lab.config.train_size == 5000
    assert "5,000" in lab.plan.text()
    assert window.shown[-1] == "speedlab"


def test_save_current_settings_as_preset(window, monkeypatch, tmp_path):
    from playground.gui.concepts import presets_menu as module

    monkeypatch.setattr(module.QInputDialog, "getText", lambda *a, **k: ("Tanh test", True))
    monkeypatch.setattr(
        module.QInputDialog, "getMultiLineText", lambda *a, **k: ("Watch it.", True)
    )
    window.presets_menu._save_current()
    saved = tmp_path / "tanh-test.json"
    assert saved.is_file()
    titles = [a.text() for a in window.presets_menu.actions()]
    assert any("Tanh test" in t for t in titles)
    preset = load_presets(user_folder=tmp_path)[-1]
    assert preset.training_config() == window.config


def test_menu_and_notes_follow_the_language(window, qtbot):
    app = QCoreApplication.instance()
    window.presets_menu.apply(load_presets()[2])
    try:
        i18n.install_translators(app, "zh_TW")
        qtbot.waitUntil(lambda: window.presets_menu.title() == "課堂範例(&P)")
        qtbot.waitUntil(lambda: "改用 ReLU" in window.presets_menu.notes.label.text())
    finally:
        i18n.install_translators(app, "en")
    qtbot.waitUntil(lambda: "With ReLU" in window.presets_menu.notes.label.text())


def test_concept_tabs_are_retitled_on_language_change(window, qtbot):
    for _key, title, widget in create_concept_views(window):
        window.tabs.addTab(widget, title)
    assert window.tabs.tabText(0) == "Neuron"
    app = QCoreApplication.instance()
    try:
        i18n.install_translators(app, "zh_TW")
        qtbot.waitUntil(lambda: window.tabs.tabText(0) == "神經元")
        assert window.tabs.tabText(1) == "激活函數"
    finally:
        i18n.install_translators(app, "en")
        window.close()
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Neuron")


def test_language_choice_is_remembered_and_a_missing_font_is_reported(
    window, qtbot, tmp_path, monkeypatch
):
    old_format = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # keep the user's settings untouched
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(i18n, "has_cjk_font", lambda: False)
    app = QCoreApplication.instance()
    try:
        i18n.set_language(app, "zh_TW", window=window)
        assert i18n.saved_language() == "zh_TW"
        assert "No Chinese font" in window.statusBar().currentMessage()
    finally:
        i18n.set_language(app, "en", window=window)
    assert i18n.saved_language() == "en"
    QSettings.setDefaultFormat(old_format)


def test_a_long_note_in_a_large_font_ends_on_a_whole_line(window, qtbot):
    """A third of a small window cannot hold the note: it scrolls, and what shows ends at
    the bottom of a line (never half a line, which reads as a mistake on a projector)."""
    from PySide6.QtGui import QFont

    from playground.gui.concepts.presets_menu import line_bottoms

    notes = window.presets_menu.notes
    big = QFont(notes.label.font())
    big.setPixelSize(24)
    notes.label.setFont(big)
    window.resize(700, 420)
    window.show()
    qtbot.waitExposed(window)
    window.presets_menu.apply(window.presets_menu.presets[4])  # the longest note
    viewport = notes.scroll.viewport()
    qtbot.waitUntil(lambda: notes.scroll.verticalScrollBar().maximum() > 0)
    bottoms = line_bottoms(notes.label, notes.label.width())
    shown = viewport.height()
    assert len([b for b in bottoms if b <= shown]) >= 2  # the title and a line of the note
    assert min(abs(shown - b) for b in bottoms) <= 2, (shown, bottoms)
    assert notes.scroll.height() <= window.height() // 3
