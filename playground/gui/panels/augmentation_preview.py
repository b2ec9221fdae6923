"""A window onto augmentation: a few test digits as they are, and a few random versions of them
as training will show them to the network with the rotation, shift and noise now set."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.training import augmentation_preview

DRAWS = 3  # rows of augmented versions under the originals


def _pixmap(pixels: np.ndarray, size: int) -> QPixmap:
    side = math.isqrt(pixels.size)
    image = (np.clip(pixels.reshape(side, side), 0, 1) * 255).astype(np.uint8)
    qimage = QImage(image.tobytes(), side, side, side, QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(qimage.copy()).scaled(size, size)


class AugmentationPreview(QDialog):
    """Follows ``panel`` (a RegularizationPanel): every change of its settings redraws."""

    def __init__(self, panel, digits: np.ndarray | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("augmentationPreview")
        self.panel = panel
        self.digits = augmentation_preview.sample_digits() if digits is None else digits
        self.seed = 0
        self.images = np.zeros((DRAWS, *self.digits.shape), np.float32)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.row_labels = [QLabel() for _ in range(DRAWS + 1)]
        self.tiles = [[QLabel() for _ in self.digits] for _ in range(DRAWS + 1)]
        grid = QGridLayout()
        for r, (label, tiles) in enumerate(zip(self.row_labels, self.tiles, strict=True)):
            grid.addWidget(label, r, 0)
            for c, tile in enumerate(tiles):
                grid.addWidget(tile, r, c + 1)
        self.again = QPushButton()
        self.again.setObjectName("augmentationAgain")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.again.clicked.connect(self.new_draws)
        panel.changed.connect(self.refresh)
        self.retranslate_ui()

    def new_draws(self) -> None:
        self.seed += 1
        self.refresh()

    def refresh(self) -> None:
        v = self.panel.values()
        rotation, shift, noise = v["rotation"], v["shift"], v["noise"]
        self.images = augmentation_preview.augmented(
            self.digits, rotation, shift, noise, DRAWS, seed=self.seed
        )
        size = max(56, 3 * self.fontMetrics().height())  # grows with presentation mode's font
        for tile, pixels in zip(self.tiles[0], self.digits, strict=True):
            tile.setPixmap(_pixmap(pixels, size))
        for tiles, draw in zip(self.tiles[1:], self.images, strict=True):
            for tile, pixels in zip(tiles, draw, strict=True):
                tile.setPixmap(_pixmap(pixels, size))
        self.summary.setText(self.describe(rotation, shift, noise))

    def describe(self, rotation: float, shift: float, noise: float) -> str:
        parts = []
        if rotation > 0:
            parts.append(self.tr("turned by up to ±{d:g}°").format(d=rotation))
        if shift > 0:
            parts.append(self.tr("moved by up to ±{p:g} pixels").format(p=shift))
        if noise > 0:
            parts.append(self.tr("with Gaussian noise of σ = {s:g}").format(s=noise))
        if not parts:
            return self.tr(
                "No augmentation is set: the network sees every training digit as it is. "
                "Set a rotation, shift or noise to see what it would see instead."
            )
        return self.tr(
            "Each epoch the network sees every training digit {how}: a new random version "
            "each time, so it cannot learn the exact pixels by heart. Test digits stay as "
            "they are."
        ).format(how=", ".join(parts))

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Augmented digits"))
        self.again.setText(self.tr("New random versions"))
        self.row_labels[0].setText(self.tr("Original"))
        for k, label in enumerate(self.row_labels[1:], start=1):
            label.setText(self.tr("Version {k}").format(k=k))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
