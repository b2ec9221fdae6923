"""A damaged settings file, preset folder and run list: the window starts whole every time."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


@pytest.fixture
def damaged_storage(qapp):
    from PySide6.QtCore import QSettings, QStandardPaths

    settings = QSettings()
    before = {key: settings.value(key) for key in settings.allKeys()}
    settings.setValue("run/slowMotion", "999999999999")
    settings.setValue("view/tab", "99999999999999999999")
    settings.setValue("config/json", json.dumps({"hidden": [16], "epochs": 10**12, "seed": 2**40}))
    settings.sync()
    data = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    presets = data / "presets"
    presets.mkdir(parents=True, exist_ok=True)
    made = [presets / "deep.json", presets / "zero.json", data / "runs.json"]
    made[0].write_text("[" * 100_000, encoding="utf-8")
    made[1].symlink_to("/dev/zero")
    made[2].write_text('{"format": 1, "runs": [{"name": 5}, ' + "[" * 50_000 + "]}", "utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(presets / "pipe.json")
        made.append(presets / "pipe.json")
    yield
    for path in made:
        path.unlink()
    for extra in data.glob("runs.json.damaged"):
        extra.unlink()
    settings.clear()
    for key, value in before.items():
        settings.setValue(key, value)
    settings.sync()


@pytest.mark.timeout(120)
def test_the_window_starts_with_every_menu_and_tab(damaged_storage, mnist, qtbot):
    from playground.gui.main_window import MainWindow
    from playground.training.dataset_cache import shared_datasets

    shared_datasets().put("mnist", mnist)
    window = MainWindow(restore_settings=True, host_extras=True)
    qtbot.addWidget(window)
    window.ensure_views()
    window.ensure_extras()

    assert window.slow_motion.value() == 2000
    config = window.current_config()
    assert config.hidden == (16,) and config.epochs <= 100_000 and config.seed < 2**31
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(titles) >= 10, titles  # the three views and the concept tabs
    menus = [action.text() for action in window.menuBar().actions()]
    assert any("Presets" in m for m in menus) and any("Language" in m for m in menus), menus
    skipped = [e.source for e in window.presets_menu.errors]
    assert len(skipped) == (3 if hasattr(os, "mkfifo") else 2), skipped
    from playground.training.presets import builtin_folder

    assert len(window.presets_menu.presets) == len(list(builtin_folder().glob("*.json")))
    from playground.gui.concepts.run_comparison import RunComparisonView

    runs = window.findChild(RunComparisonView)
    assert runs is not None and len(runs.library) == 0
    assert "could not be read" in runs.hint.text()
