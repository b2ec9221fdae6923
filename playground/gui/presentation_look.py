"""How presentation mode looks: the projector's palette and the card listing the keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget


def projector_palette() -> QPalette:
    """Black on white with a strong blue highlight: holds up in a bright room."""
    pal = QPalette()
    white, black = QColor("#ffffff"), QColor("#000000")
    for role, colour in (
        (QPalette.ColorRole.Window, white),
        (QPalette.ColorRole.WindowText, black),
        (QPalette.ColorRole.Base, white),
        (QPalette.ColorRole.AlternateBase, QColor("#eeeeee")),
        (QPalette.ColorRole.Text, black),
        (QPalette.ColorRole.Button, QColor("#e8e8e8")),
        (QPalette.ColorRole.ButtonText, black),
        (QPalette.ColorRole.ToolTipBase, QColor("#ffffdd")),
        (QPalette.ColorRole.ToolTipText, black),
        (QPalette.ColorRole.Highlight, QColor("#0046ad")),
        (QPalette.ColorRole.HighlightedText, white),
        (QPalette.ColorRole.PlaceholderText, QColor("#444444")),
    ):
        pal.setColor(role, colour)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#777777"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#777777"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#777777"))
    return pal


class HelpOverlay(QFrame):
    """A card over the window listing every key; any key or click closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("presentationHelp")
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(
            "#presentationHelp { background: #ffffff;"
            " border: 3px solid #0046ad; border-radius: 12px; }"
            " QLabel { color: black; }"
        )
        self.title = QLabel()
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(32)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        self.footer = QLabel()
        layout.addWidget(self.footer)
        self.hide()

    def set_keys(self, rows: list[tuple[str, str]]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for row, (key, what) in enumerate(rows):
            key_label = QLabel(f"<b>{key}</b>")
            self.grid.addWidget(key_label, row, 0)
            self.grid.addWidget(QLabel(what), row, 1)
        self.title.setText(self.tr("Keys"))
        self.footer.setText(self.tr("Press any key or click to close."))
        # A style sheet freezes fonts at polish time: follow the (enlarged) app font here.
        font = QApplication.font()
        for label in self.findChildren(QLabel):
            label.setFont(font)
        title = QFont(font)
        title.setBold(True)
        title.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(title)

    def show_over(self, window: QWidget) -> None:
        self.adjustSize()
        size = self.sizeHint()
        self.resize(size)
        self.move((window.width() - size.width()) // 2, (window.height() - size.height()) // 2)
        self.show()
        self.raise_()
        self.setFocus()

    def keyPressEvent(self, event) -> None:
        self.hide()
        event.accept()

    def mousePressEvent(self, event) -> None:
        self.hide()
        event.accept()
