"""Presets 1-4 and 6 can start as a race: the Race view gets their settings and variation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget

from playground.gui.concepts.presets_menu import build_presets_menu
from playground.gui.concepts.race_view import RaceView
from playground.training.presets import PresetError, load_presets, preset_from_dict


class Window(QMainWindow):
    def __init__(self):
        super().__init__()
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.race_view = RaceView()
        self.tabs.addTab(self.race_view, "Race")
        self.applied, self.shown = [], []

    def apply_config(self, cfg):
        self.applied.append(cfg)

    def show_view(self, key):
        self.shown.append(key)


@pytest.fixture
def window(qtbot, tmp_path):
    win = Window()
    qtbot.addWidget(win)
    build_presets_menu(win, user_folder=tmp_path)
    yield win
    win.race_view.shutdown()


def test_five_presets_start_as_a_race(window):
    racing = [p.key[:2] for p in load_presets() if p.race]
    assert racing == ["01", "02", "03", "04", "06"]
    races = window.presets_menu.findChild(QMenu, "presetRaces")
    assert races is not None and len(races.actions()) == 5
    action = next(a for a in races.actions() if a.objectName() == "race_02-cross-entropy")
    action.trigger()
    preset = next(p for p in load_presets() if p.key == "02-cross-entropy")
    view = window.race_view
    assert window.applied == [preset.training_config()] and window.shown == ["race"]
    assert view.base == preset.training_config()
    assert view.setting_box.currentData() == "activation"
    assert view.values_edit.text() == "sigmoid,relu"
    assert "10,000 examples" in view.caption.text() and view.driver is None  # Start begins it


def test_a_preset_with_an_impossible_race_is_refused():
    data = {"key": "x", "title": {"en": "x"}, "watch": {"en": "x"}, "config": {}}
    with pytest.raises(PresetError, match=r"race.*2 to 4"):
        preset_from_dict({**data, "race": "activation=relu"})
    assert preset_from_dict({**data, "race": "lr=0.1,0.01"}).to_dict()["race"] == "lr=0.1,0.01"
