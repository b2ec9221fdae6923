"""What the window remembers between runs of the app: geometry, docks, settings, tab, pace."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from playground.training import stored_settings

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow

SETTINGS_KEYS = ("window/geometry", "window/state", "config/json", "view/tab", "run/slowMotion")
DEFAULT_SIZE = (1400, 900)


def restore(window: MainWindow) -> None:
    """Apply the stored settings; anything unreadable keeps its default."""
    s = QSettings()
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(*DEFAULT_SIZE)
    state = s.value("window/state")
    if isinstance(state, QByteArray) and not state.isEmpty():
        window.restoreState(state)
    # Checked and repaired field by field: a damaged file never keeps the window from opening.
    config = stored_settings.training_config(s.value("config/json"))
    if config is not None:
        window.apply_config(config)
    window.views.saved_tab = stored_settings.tab_index(s.value("view/tab"))
    window.run_actions.slow_motion.setValue(
        stored_settings.slow_motion_ms(s.value("run/slowMotion"))
    )


def save(window: MainWindow) -> None:
    s = QSettings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    with contextlib.suppress(TypeError, ValueError):  # half-typed settings are not remembered
        s.setValue("config/json", window.current_config().to_json())
    views = window.views
    tab = views.tabs.currentIndex() if views.plots is not None else views.saved_tab
    s.setValue("view/tab", max(0, tab))
    s.setValue("run/slowMotion", window.run_actions.slow_motion.value())
    s.sync()
