"""The lecture features the window hosts after its first paint: concept views, presets,
presentation mode, "Explain this" and the language menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from playground.gui import explain
from playground.gui.concepts import concept_views, run_comparison, watch_window
from playground.gui.concepts.presets_menu import build_presets_menu
from playground.gui.concepts.run_comparison import RunComparisonView
from playground.gui.i18n import LANGUAGES, set_language
from playground.gui.presentation import PresentationMode
from playground.gui.presentation_parts import window_parts
from playground.gui.views.plot_style import plain_numbers_in

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow

translate = QCoreApplication.translate  # texts keep their "MainWindow" translations


def host_extras(window: MainWindow) -> None:
    views = window.views
    built = {
        spec.key: views.host.add_spec(spec, window.session)
        for spec in concept_views(run_comparison.default_library_path(), window)
    }
    for view in built.values():
        plain_numbers_in(view)  # no "(x0.001)" on any hosted view's axes
    runs = built.get("runs")
    if isinstance(runs, RunComparisonView):
        window.runFinished.connect(runs.add_session_run)
    watch_window(window, built)
    window.menuBar().addMenu(build_presets_menu(window))
    window.presentation = PresentationMode(window, window_parts(window))
    explain.install(window)
    act = window.views_menu.addAction(translate("MainWindow", "Presentation mode"))
    act.setObjectName("actionPresentation")
    act.setCheckable(True)
    act.setShortcut(QKeySequence("F5"))
    act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # its own F5 handles keys
    act.toggled.connect(window.presentation.set_enabled)
    window.action_presentation = act
    menu = window.menuBar().addMenu(translate("MainWindow", "&Language"))
    for code, name in dict(LANGUAGES).items():
        menu.addAction(name, lambda c=code: set_language(QApplication.instance(), c, window=window))
    window.language_menu = menu
