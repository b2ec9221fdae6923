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

    # Antialiasing is switched on per curve where it is cheap (a few hundred points at most);
    # the long per-update curves are drawn without it.
    pg.setConfigOptions(
        antialias=False,
        background="w" if white_background else "k",
        foreground="k" if white_background else "w",
        imageAxisOrder="row-major",
    )


def make_application(argv: Sequence[str] | None = None):
    """The QApplication (created once), named so QSettings and QStandardPaths find our folders."""
    from PySide6.QtWidgets import QApplication

    # The training thread runs Python between NumPy calls; a short switch interval hands the GIL
    # back to the event loop quickly (5 ms by default, which adds up to visible lag per frame).
    sys.setswitchinterval(0.0005)
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain(ORG_DOMAIN)
    app.setApplicationDisplayName("nn-playground")
    # Matches packaging/linux/org.nn_playground.NNPlayground.desktop (Wayland needs it).
    app.setDesktopFileName("org.nn_playground.NNPlayground")
    from PySide6.QtGui import QIcon

    from playground.resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "nn-playground.svg"))))
    from playground import __version__

    app.setApplicationVersion(__version__)
    return app


def missing_x11_libraries() -> list[str]:
    """System libraries Qt's X11 plugin needs but cannot find (Linux only).

    Without them Qt aborts the process with a long message about platform plugins; checking
    first lets us say in one line what to install.
    """
    import os
    from ctypes.util import find_library

    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return []
    if os.environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0] != "xcb":
        return []
    if os.environ.get("WAYLAND_DISPLAY"):
        return []  # Qt may use Wayland instead
    needed = {"xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4",
              "xcb-keysyms": "libxcb-keysyms1", "xkbcommon-x11": "libxkbcommon-x11-0"}  # fmt: skip
    return [package for lib, package in needed.items() if find_library(lib) is None]


def run_app(argv: Sequence[str] | None = None) -> int:
    """Open the main window and run the event loop until it closes; returns the exit status."""
    missing = missing_x11_libraries()
    if missing:
        print(
            "nn-playground: Qt needs system libraries to open a window on X11: "
            f"{', '.join(missing)} (Debian/Ubuntu: sudo apt install {' '.join(missing)})",
            file=sys.stderr,
        )
        return 1
    app = make_application(argv)
    from playground.gui.crash_log import install_excepthook
    from playground.gui.i18n import install_translators, saved_language
    from playground.gui.main_window import MainWindow

    install_excepthook()
    # Kept on the application object: a translator that is garbage-collected stops working.
    app._nn_translators = install_translators(app, saved_language())
    window = MainWindow()
    window.show()
    return int(app.exec())
