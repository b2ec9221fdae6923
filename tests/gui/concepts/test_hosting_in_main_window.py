"""The lecture features inside the real main window: tabs, presets menu, presentation mode."""

import pytest
from PySide6.QtWidgets import QApplication

from playground.gui import main_window


@pytest.fixture
def window(qtbot):
    win = main_window.MainWindow()
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    win.ensure_views()  # both are built after the first paint; do it now
    win.ensure_extras()
    yield win
    if getattr(win, "presentation", None) is not None:
        win.presentation.set_enabled(False)
    win.close()


def test_concept_views_presets_and_presentation_are_hosted(window, qtbot):
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    for title in (
        "Neuron",
        "Activation functions",
        "Network",
        "Matrices",
        "Draw a digit",
        "Speed lab",
        "Run comparison",
    ):
        assert title in titles
    menu = window.presets_menu
    menu.apply(menu.presets[2])  # With ReLU
    assert window.current_config().activation == "relu"
    assert window.current_config().loss == "categorical_crossentropy"
    size = QApplication.font().pointSizeF()
    window.presentation.set_enabled(True)
    qtbot.waitUntil(window.isFullScreen)
    assert not window.settings_dock.isVisible()
    assert menu.notes.isVisible()  # the preset's notes stay on screen
    assert QApplication.font().pointSizeF() > size
    window.presentation.set_enabled(False)
    qtbot.waitUntil(lambda: window.settings_dock.isVisible())
    assert QApplication.font().pointSizeF() == pytest.approx(size)
