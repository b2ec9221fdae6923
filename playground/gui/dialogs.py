"""Message boxes in one place, so tests can record them instead of blocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


def title_for(kind: str) -> str:
    titles = {
        "model": _tr("Cannot open the model"),
        "dataset": _tr("Cannot load the data set"),
        "diverged": _tr("Training diverged"),
        "error": _tr("Unexpected error"),
        "save": _tr("Cannot save the model"),
        "export": _tr("Cannot export the plot"),
    }
    return titles.get(kind, _tr("nn-playground"))


def show_error(
    parent: QWidget | None,
    kind: str,
    message: str,
    *,
    details: str | None = None,
    log_file: Path | None = None,
) -> None:
    """A modal warning; the window keeps running whatever the user clicks."""
    text = message
    if log_file is not None:
        text += "\n\n" + _tr("Details were written to {path}").format(path=log_file)
    if details:
        box = QMessageBox(QMessageBox.Icon.Critical, title_for(kind), text, parent=parent)
        box.setDetailedText(details)
        box.exec()
    else:
        QMessageBox.warning(parent, title_for(kind), text)
