"""Message boxes in one place, so tests can record them instead of blocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def title_for(kind: str) -> str:
    # Literal strings in each translate() call, so that pyside6-lupdate finds them.
    titles = {
        "model": QCoreApplication.translate("Dialogs", "Cannot open the model"),
        "dataset": QCoreApplication.translate("Dialogs", "Cannot load the data set"),
        "diverged": QCoreApplication.translate("Dialogs", "Training diverged"),
        "error": QCoreApplication.translate("Dialogs", "Unexpected error"),
        "save": QCoreApplication.translate("Dialogs", "Cannot save the model"),
        "export": QCoreApplication.translate("Dialogs", "Cannot export the plot"),
        "export_model": QCoreApplication.translate("Dialogs", "Cannot export the network"),
    }
    return titles.get(kind, "nn-playground")


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
        text += "\n\n" + QCoreApplication.translate(
            "Dialogs", "Details were written to {path}"
        ).format(path=log_file)
    if details:
        box = QMessageBox(QMessageBox.Icon.Critical, title_for(kind), text, parent=parent)
        box.setDetailedText(details)
        box.exec()
    else:
        QMessageBox.warning(parent, title_for(kind), text)
