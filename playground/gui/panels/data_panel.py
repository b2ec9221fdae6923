"""Data settings: bundled MNIST or an IDX folder, training-set size, validation split, samples."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.gui.controls import mark_problem

N_SAMPLES = 10


def digit_pixmap(image: np.ndarray, scale: int = 2) -> QPixmap:
    """A (28, 28) uint8 or [0,1] float image as a pixmap (white background, dark ink)."""
    img = np.asarray(image)
    if img.dtype != np.uint8:
        img = (np.clip(img, 0, 1) * 255).astype(np.uint8)
    img = np.ascontiguousarray(255 - img)
    h, w = img.shape
    qimg = QImage(img.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimg).scaled(w * scale, h * scale)


class DataPanel(QWidget):
    changed = Signal()
    sourceChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._n_available = 60000
        self._source_problem: str | None = None

        self.source = QComboBox()
        self.source.setObjectName("dataSource")
        self.source.addItem(self.tr("Bundled MNIST"), "mnist")
        self.source.addItem(self.tr("IDX folder…"), "folder")
        self.folder = QLineEdit()
        self.folder.setObjectName("dataFolder")
        self.folder.setPlaceholderText(self.tr("Folder with train-/t10k- IDX files"))
        self.browse = QPushButton(self.tr("Browse…"))
        folder_row = QWidget()
        fl = QHBoxLayout(folder_row)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.folder, 1)
        fl.addWidget(self.browse)
        self.folder_row = folder_row

        self.train_size = QSpinBox()
        self.train_size.setObjectName("trainSize")
        self.train_size.setRange(0, 10_000_000)
        self.train_size.setValue(60000)
        self.train_size.setKeyboardTracking(False)
        self.validation_split = QDoubleSpinBox()
        self.validation_split.setObjectName("validationSplit")
        self.validation_split.setRange(0.0, 0.9)
        self.validation_split.setSingleStep(0.05)
        self.info = QLabel()
        self.info.setWordWrap(True)

        self.samples = QGridLayout()
        self.samples.setSpacing(2)
        self._sample_labels = []
        for i in range(N_SAMPLES):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._sample_labels.append(label)
            self.samples.addWidget(label, i // 5, i % 5)

        form = QFormLayout()
        form.addRow(self.tr("Data set"), self.source)
        form.addRow(folder_row)
        form.addRow(self.tr("Training-set size"), self.train_size)
        form.addRow(self.tr("Validation split"), self.validation_split)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(form)
        outer.addWidget(self.info)
        outer.addWidget(QLabel(self.tr("Sample digits")))
        outer.addLayout(self.samples)

        self.source.currentIndexChanged.connect(self._on_source)
        self.folder.editingFinished.connect(self._on_folder_edited)
        self.browse.clicked.connect(self._browse)
        self.train_size.valueChanged.connect(self._emit)
        self.validation_split.valueChanged.connect(self._emit)
        self._on_source()

    # -- source ---------------------------------------------------------------------------
    def dataset_source(self) -> str:
        if self.source.currentData() == "folder":
            return self.folder.text().strip()
        return "mnist"

    def _on_source(self, *_args) -> None:
        is_folder = self.source.currentData() == "folder"
        self.folder_row.setVisible(is_folder)
        if is_folder and not self.folder.text().strip():
            self.set_source_problem(self.tr("Choose a folder with IDX files."))
        else:
            self.sourceChanged.emit(self.dataset_source())
        self._emit()

    def _on_folder_edited(self) -> None:
        if self.source.currentData() == "folder":
            self.sourceChanged.emit(self.dataset_source())

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose an IDX data folder"))
        if path:
            self.folder.setText(path)
            self.sourceChanged.emit(path)

    def set_source_problem(self, message: str | None) -> None:
        self._source_problem = message
        mark_problem(self.folder, message)
        self._emit()

    def set_dataset(self, dataset) -> None:
        """Show what the loaded data set offers: its size and one sample of each class."""
        self._source_problem = None
        mark_problem(self.folder, None)
        n = len(dataset.y_train)
        self._n_available = n
        if self.train_size.value() > n or self.train_size.property("all"):
            self.train_size.setValue(n)
        self.train_size.setToolTip(self.tr("1 to {n}").format(n=n))
        labels = np.asarray(dataset.y_train)
        picks = []
        for c in range(N_SAMPLES):
            idx = np.flatnonzero(labels == c)
            picks.append(int(idx[0]) if idx.size else None)
        for label, idx in zip(self._sample_labels, picks, strict=True):
            if idx is None:
                label.clear()
            else:
                label.setPixmap(digit_pixmap(dataset.x_train[idx]))
        self.info_name = getattr(dataset, "name", "")
        self._emit()

    # -- values ---------------------------------------------------------------------------
    def n_available(self) -> int:
        return self._n_available

    def effective_train_size(self) -> int:
        """Examples one epoch goes through, after the validation split."""
        n = min(max(self.train_size.value(), 0), self._n_available)
        return max(1, round(n * (1.0 - self.validation_split.value())))

    def values(self) -> dict:
        n = int(self.train_size.value())
        return {
            "dataset": self.dataset_source(),
            "train_size": None if n == self._n_available else n,
            "validation_split": float(self.validation_split.value()),
        }

    def set_values(self, values: dict) -> None:
        self.blockSignals(True)
        source = values.get("dataset", "mnist") or "mnist"
        if source != "mnist":
            self.folder.setText(str(source))
            self.source.setCurrentIndex(self.source.findData("folder"))
        else:
            self.source.setCurrentIndex(self.source.findData("mnist"))
        n = values.get("train_size")
        self.train_size.setValue(int(n) if n else self._n_available)
        if "validation_split" in values:
            self.validation_split.setValue(float(values["validation_split"]))
        self.blockSignals(False)
        self._on_source()

    def problems(self) -> list[tuple[str, str]]:
        found = []
        if self._source_problem:
            found.append(("dataset", self._source_problem))
        n, msg = self.train_size.value(), None
        if n < 1:
            msg = self.tr("The training set needs at least 1 example.")
        elif n > self._n_available:
            msg = self.tr("The data set has only {n} training examples.").format(
                n=self._n_available
            )
        if msg:
            found.append(("train_size", msg))
        mark_problem(self.train_size, msg)
        return found

    def set_running(self, running: bool) -> None:
        self.setEnabled(not running)

    def _emit(self, *_args) -> None:
        n = min(self.train_size.value(), self._n_available)
        n_val = round(n * self.validation_split.value())
        self.info.setText(
            self.tr("{train} for training, {val} for validation").format(
                train=f"{n - n_val:,}", val=f"{n_val:,}"
            )
        )
        self.changed.emit()
