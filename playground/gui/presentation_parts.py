"""What presentation mode works on, handed over by the window's parts.

Presentation mode styles, hides and gives keys to exactly what a ``PresentationParts`` names;
it never searches the window. ``window_parts`` asks the main window's parts for theirs (the
settings dock, the run actions, the status bar, the views, the presets, the menus), so a
widget added later is styled because its part hands it over, not because a search found it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolBar,
    QWidget,
)


def _none() -> None:
    return None


@dataclass
class PresentationParts:
    """Each part as a value or as a function asked when presentation mode needs it (parts a
    window builds later, such as the plots, are then found)."""

    tabs: QTabWidget | None = None
    run_toolbar: QToolBar | None = None  # stays; names the view when the tab bar cannot
    run_actions: Callable[[], list[QAction]] = list  # Start, Step, … by object name
    keyed_actions: Callable[[], list[QAction]] = list  # menu entries: keys must still work
    hidden: Callable[[], list[QWidget]] = list  # hidden while presenting
    notes: QDockWidget | None = None  # what to watch for: stays, its title grows
    plots: Callable[[], list[pg.GraphicsView]] = list
    set_pen_width: Callable[[float], None] | None = None  # the live plots' line width
    presets: Callable[[], list[Any]] = list
    apply_preset: Callable[[Any], None] | None = None
    activation: Callable[[], QComboBox | None] = _none  # the hidden-activation switch
    mode_action: Callable[[], QAction | None] = _none  # a checkable "Presentation mode" entry


def menu_actions(menu: QMenu | Any) -> list[QAction]:
    """Every action of a menu bar or menu, submenus included."""
    found: list[QAction] = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            found += menu_actions(sub)
        elif not action.isSeparator():
            found.append(action)
    return found


def plots_in(views: list[QWidget]) -> list[pg.GraphicsView]:
    """The plot widgets of the given views: a view may list its own (``plot_widgets``)."""
    found: list[pg.GraphicsView] = []
    for view in views:
        own = getattr(view, "plot_widgets", None)
        found += own() if callable(own) else view.findChildren(pg.GraphicsView)
    return found


def window_parts(window: QMainWindow) -> PresentationParts:
    """The main window's parts, each handing over the widgets it owns."""
    host = window.views.host
    presets = getattr(window, "presets_menu", None)

    def hidden() -> list[QWidget]:
        # The replay bar stays only while a recorded run is shown ([ and ] still scrub): a
        # projector's 720 rows have no room for it beside a live run.
        replay = [] if window.views.replaying else [window.replay_bar]
        return [window.settings.dock, *window.status.less_important, window.menuBar(), *replay]

    def keyed() -> list[QAction]:
        return [a for a in menu_actions(window.menuBar()) + window.actions() if a.shortcuts()]

    return PresentationParts(
        tabs=window.views.tabs,
        run_toolbar=window.run_actions.toolbar,
        run_actions=lambda: list(window.run_actions.by_name.values()),
        keyed_actions=keyed,
        hidden=hidden,
        notes=None if presets is None else presets.notes,
        plots=lambda: plots_in([host.view(key) for key in host.keys()]),  # noqa: SIM118
        set_pen_width=window.views.set_pen_width,
        presets=lambda: [] if presets is None else list(presets.presets),
        apply_preset=None if presets is None else presets.apply,
        activation=lambda: getattr(window.model_panel, "activation", None),
        mode_action=lambda: getattr(window, "action_presentation", None),
    )
