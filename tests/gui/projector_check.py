"""Render every view of the real window on one offscreen screen of W x H pixels, in English and
Traditional Chinese, normal and presentation mode, after real training steps, and print one
JSON line per (language, mode, view) with what does not fit.

Run by ``test_projector_fit.py`` in a process of its own (the screen's size is fixed when Qt
starts): ``python tests/gui/projector_check.py 1280 720 normal,presentation``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile


def start_qt(width: int, height: int):
    folder = tempfile.mkdtemp(prefix="nn-playground-projector-")
    screen = os.path.join(folder, "screen.json")
    with open(screen, "w", encoding="utf-8") as f:
        json.dump({"screens": [{"name": "projector", "x": 0, "y": 0, "width": width,
                                "height": height, "logicalDpi": 96}]}, f)  # fmt: skip
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    from PySide6.QtCore import QSettings, QStandardPaths

    from playground.gui.app import make_application

    app = make_application(sys.argv[:1])
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    return app


def trained_window(app):
    from playground.data.datasets import load_dataset
    from playground.gui.main_window import MainWindow
    from playground.gui.waiting import wait_until
    from playground.training import TrainingConfig
    from playground.training.dataset_cache import shared_datasets

    shared_datasets().put("mnist", load_dataset("mnist"))
    window = MainWindow(restore_settings=False)
    window.remember_settings = False
    window.data.load("mnist")
    window.apply_config(
        TrainingConfig(
            hidden=(32, 16), activation="relu", optimizer="adam", learning_rate=1e-3,
            batch_size=50, epochs=2, train_size=1000, validation_split=0.0, seed=0,
        )
    )  # fmt: skip
    screen = window.screen().availableGeometry()
    window.resize(screen.width() - 20, screen.height() - 40)
    window.show()
    window.ensure_extras()
    window.step()
    window.controller.control.request_steps(29)
    wait_until(lambda: window.session.updates >= 30 and window.state == "paused", timeout=120)
    window.views.refresh(force=True)
    wait_until(lambda: window.views.last_drawn >= window.session.updates, timeout=20)
    return window


def main() -> int:
    width, height = int(sys.argv[1]), int(sys.argv[2])
    modes = [mode == "presentation" for mode in sys.argv[3].split(",")]
    app = start_qt(width, height)
    from fit_checks import check_view

    from playground.gui import i18n

    window = trained_window(app)
    host = window.views.host
    keys = {host.view(key): key for key in host.keys()}  # noqa: SIM118 (a method, not a dict)
    for language in ("en", "zh_TW"):
        i18n.install_translators(app, language)
        for presenting in modes:
            window.presentation.set_enabled(presenting)
            for index in range(window.tabs.count()):
                window.tabs.setCurrentIndex(index)
                key = keys.get(window.tabs.widget(index), f"tab{index}")
                problems = check_view(app, window, presenting)
                mode = "presentation" if presenting else "normal"
                print(json.dumps({"language": language, "mode": mode, "view": key,
                                  "problems": problems}), flush=True)  # fmt: skip
            window.presentation.set_enabled(False)
    i18n.install_translators(app, "en")
    from playground.gui.screenshot import _dispose

    _dispose(window)  # stops the training thread before the interpreter goes
    print(json.dumps({"done": True}), flush=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    code = main()
    # Qt and pyqtgraph objects torn down by the interpreter's own exit in whatever order it
    # takes can crash a finished render (seen once in ~20 runs, after every row was printed);
    # the rows are out and flushed, so leave without that teardown.
    sys.stderr.flush()
    os._exit(code)
