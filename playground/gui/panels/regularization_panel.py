"""Regularization, schedule and augmentation settings (the TrainingConfig fields of the same
names): a small form the training panel embeds."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QPushButton, QWidget

SCHEDULES = ("constant", "cosine", "exponential")


def _spin(name: str, maximum: float, step: float, decimals: int, suffix: str = ""):
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setRange(0.0, maximum)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setSuffix(suffix)
    spin.setSpecialValueText("0 (off)")
    return spin


class RegularizationPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule = QComboBox()
        self.schedule.setObjectName("schedule")
        labels = {
            "constant": self.tr("Constant"),
            "cosine": self.tr("Cosine decay"),
            "exponential": self.tr("Exponential decay"),
        }
        for key in SCHEDULES:
            self.schedule.addItem(labels[key], key)
        self.schedule.setToolTip(
            self.tr("Cosine: big steps first, smaller and smaller ones until the last epoch.")
        )
        self.dropout = _spin("dropout", 0.95, 0.05, 2)
        self.dropout.setToolTip(
            self.tr("Share of hidden units switched off at random in training.")
        )
        self.l2 = _spin("l2", 1.0, 0.0001, 5)
        self.l2.setToolTip(self.tr("Penalty l2 * sum(W^2) on every kernel (weight decay)."))
        self.rotation = _spin("rotation", 180.0, 5.0, 0, " °")
        self.shift = _spin("shift", 14.0, 1.0, 1, " px")
        self.noise = _spin("noise", 1.0, 0.05, 2)
        self.rotation.setToolTip(self.tr("Turn each training digit by up to this many degrees."))
        self.shift.setToolTip(self.tr("Move each training digit by up to this many pixels."))
        self.noise.setToolTip(self.tr("Add Gaussian noise of this standard deviation."))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("LR schedule"), self.schedule)
        form.addRow(self.tr("Dropout"), self.dropout)
        form.addRow(self.tr("L2 penalty"), self.l2)
        form.addRow(self.tr("Rotate digits"), self.rotation)
        form.addRow(self.tr("Shift digits"), self.shift)
        form.addRow(self.tr("Noise"), self.noise)
        self.preview_button = QPushButton(self.tr("Preview augmented digits…"))
        self.preview_button.setObjectName("augmentationPreviewButton")
        self.preview_button.clicked.connect(self.show_preview)
        form.addRow(self.preview_button)
        self.preview = None
        self.schedule.currentIndexChanged.connect(self.changed)
        for spin in self._spins().values():
            spin.valueChanged.connect(self.changed)

    def show_preview(self) -> None:
        """The augmented-digits window, following these settings (one, made on first use)."""
        if self.preview is None:
            from playground.gui.panels.augmentation_preview import AugmentationPreview

            self.preview = AugmentationPreview(self, parent=self.window())
        self.preview.show()
        self.preview.raise_()

    def _spins(self) -> dict[str, QDoubleSpinBox]:
        return {
            "dropout": self.dropout,
            "l2": self.l2,
            "rotation": self.rotation,
            "shift": self.shift,
            "noise": self.noise,
        }

    def values(self) -> dict:
        values = {key: float(spin.value()) for key, spin in self._spins().items()}
        values["schedule"] = self.schedule.currentData()
        return values

    def set_values(self, values: dict) -> None:
        self.blockSignals(True)
        for key, spin in self._spins().items():
            spin.setValue(float(values.get(key, 0.0)))
        index = self.schedule.findData(values.get("schedule", "constant"))
        self.schedule.setCurrentIndex(max(0, index))
        self.blockSignals(False)
        self.changed.emit()

    def set_running(self, running: bool) -> None:
        """Dropout, L2 and noise stay live while training runs; the schedule and the digits'
        turns and shifts wait for the run to end."""
        for w in (self.schedule, self.rotation, self.shift):
            w.setEnabled(not running)
