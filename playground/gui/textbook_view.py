"""A small "f(x)" button beside a choice that shows its formula and the code that runs it.

Both come from the engine (``playground.engine.textbook``): the docstring's formula and the
textbook source, so what the class sees is what the reference training step computes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.engine.textbook import Textbook


class TextbookDialog(QDialog):
    """The formula on top, the source below, in a fixed-width font; read only."""

    def __init__(self, book: Textbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{name}: formula and code").format(name=book.name))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.formula = QLabel(book.formula)
        self.formula.setObjectName("textbookFormula")
        self.formula.setFont(mono)
        self.formula.setWordWrap(True)
        self.source = QPlainTextEdit(book.source)
        self.source.setObjectName("textbookSource")
        self.source.setReadOnly(True)
        self.source.setFont(mono)
        self.source.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.formula)
        layout.addWidget(QLabel(self.tr("The code that computes it (playground.engine):")))
        layout.addWidget(self.source, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)


class TextbookButton(QToolButton):
    """Opens a ``TextbookDialog`` for whatever ``provider()`` names at the moment."""

    def __init__(self, provider: Callable[[], Textbook], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._provider = provider
        self.dialog: TextbookDialog | None = None
        self.setText("f(x)")
        self.setObjectName("textbookButton")
        self.setToolTip(self.tr("Show the formula and the code that computes it"))
        self.clicked.connect(self.show_textbook)

    def show_textbook(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = TextbookDialog(self._provider(), self.window())
        self.dialog.show()


def with_textbook(combo: QComboBox, provider: Callable[[str], Textbook]) -> QWidget:
    """``combo`` with a textbook button after it, for the name in its current data."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(combo, 1)
    layout.addWidget(TextbookButton(lambda: provider(combo.currentData()), row))
    return row


def beside_formula(formula: QLabel, provider: Callable[[], Textbook]) -> QWidget:
    """A concept view's ``formula`` label with a textbook button at its right, for the
    activation (or other choice) that ``provider`` names when it is pressed."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(formula, 1)
    layout.addWidget(TextbookButton(provider, row), 0, Qt.AlignmentFlag.AlignTop)
    return row
