"""Unexpected exceptions are written to a log file in the user data folder, then shown."""

from __future__ import annotations

import datetime as _dt
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QStandardPaths

LOG_NAME = "errors.log"


def log_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(base) if base else Path.home() / ".nn-playground"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path() -> Path:
    return log_dir() / LOG_NAME


def write_error(where: str, text: str) -> Path:
    """Append one dated entry; returns the log file's path (shown to the user)."""
    path = log_path()
    stamp = _dt.datetime.now().isoformat(timespec="seconds")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"--- {stamp} {where}\n{text.rstrip()}\n")
    return path


def format_exception(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def install_excepthook() -> None:
    """Exceptions escaping a slot on the GUI thread get logged and shown instead of lost."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        path = write_error("window", text)
        from playground.gui.dialogs import show_error

        show_error(None, "error", f"{exc_type.__name__}: {exc}", details=text, log_file=path)

    sys.excepthook = hook
