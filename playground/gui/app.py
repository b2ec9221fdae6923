"""The application object: names for QSettings, pyqtgraph defaults, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

APP_NAME = "nn-playground"
ORG_NAME = "nn-playground"
ORG_DOMAIN = "nn-playground.org"


def configure_pyqtgraph(white_background: bool = True) -> None:
    """Cheap antialiasing (lines only, curves are downsampled) and a light theme for projectors."""
    import pyqtgraph as pg

    pg.setConfigOptions(
        antialias=True,
        background="w" if white_background else "k",
        foreground="k" if white_background else "w",
        imageAxisOrder="row-major",
    )


def make_application(argv: Sequence[str] | None = None):
    """The QApplication (created once), named so QSettings and QStandardPaths find our folders."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setApplicationDisplayName("nn-playground")
    from playground import __version__

    app.setApplicationVersion(__version__)
    from PySide6.QtCore import QSettings

    white = QSettings().value("view/whiteBackground", True, type=bool)
    configure_pyqtgraph(white_background=bool(white))
    return app


def run_app(argv: Sequence[str] | None = None) -> int:
    """Open the main window and run the event loop until it closes; returns the exit status."""
    app = make_application(argv)
    from playground.gui.crash_log import install_excepthook
    from playground.gui.main_window import MainWindow

    install_excepthook()
    window = MainWindow()
    window.show()
    return int(app.exec())
