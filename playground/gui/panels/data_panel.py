"""Data settings: bundled MNIST, scikit-learn's digits, a folder (IDX files or pictures per
class) or a CSV/.npz file, the picture size to convert to; training-set size, validation split;
sample pictures and the number of examples per class of the loaded set, before training, and
the set's unlabelled pictures with their predictions."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
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

from playground.data.loading import MAX_SIDE
from playground.gui.controls import mark_problem
from playground.gui.panels.picture import digit_pixmap, sample_scale
from playground.gui.panels.unlabelled_box import UnlabelledBox

N_SAMPLES = 10


def _sample_grid() -> tuple[QGridLayout, list[QLabel]]:
    """Two rows of five labels for one sample picture of each of the first ten classes."""
    grid = QGridLayout()
    grid.setSpacing(2)
    labels = []
    for i in range(N_SAMPLES):
        label = QLabel()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        labels.append(label)
        grid.addWidget(label, i // 5, i % 5)
    return grid, labels


class DataPanel(QWidget):
    changed = Signal()
    sourceChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._n_available = 60000
        self._source_problem: str | None = None

        self._build_source_controls()
        self._build_size_controls()
        self._lay_out()
        self._connect_controls()
        self._on_source()

    def _build_source_controls(self) -> None:
        """Where the data come from, and the picture size they are converted to."""
        self.source = QComboBox()
        self.source.setObjectName("dataSource")
        self.source.addItem(self.tr("Bundled MNIST"), "mnist")
        self.source.addItem(self.tr("scikit-learn 8×8 digits"), "digits")
        self.source.addItem(self.tr("Folder: IDX files or pictures per class…"), "folder")
        self.source.addItem(self.tr("File: CSV or .npz…"), "file")
        self.folder = QLineEdit()
        self.folder.setObjectName("dataFolder")
        self.browse = QPushButton(self.tr("Browse…"))
        self.folder_row = QWidget()
        fl = QHBoxLayout(self.folder_row)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.addWidget(self.folder, 1)
        fl.addWidget(self.browse)
        # The lowest value stands for "keep the data's own size" (no picture is 1x1).
        self.image_size = QSpinBox()
        self.image_size.setObjectName("imageSize")
        self.image_size.setRange(1, MAX_SIDE)
        self.image_size.setSpecialValueText(self.tr("Own size"))
        self.image_size.setSuffix(self.tr(" px square"))
        self.image_size.setKeyboardTracking(False)
        self.image_size.setToolTip(
            self.tr(
                "Convert every picture to this many pixels a side, in grey. Own size keeps "
                "the data's size; pictures of mixed or large sizes become 28 × 28."
            )
        )

    def _build_size_controls(self) -> None:
        """How much of the data trains and validates, and what the data hold."""
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
        self.classes = QLabel()
        self.classes.setObjectName("classCounts")
        self.classes.setWordWrap(True)

        self.samples, self._sample_labels = _sample_grid()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Data set"), self.source)
        form.addRow(self.folder_row)
        form.addRow(self.tr("Picture size"), self.image_size)
        form.addRow(self.tr("Training-set size"), self.train_size)
        form.addRow(self.tr("Validation split"), self.validation_split)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(form)
        outer.addWidget(self.info)
        outer.addWidget(QLabel(self.tr("Sample pictures")))
        outer.addLayout(self.samples)
        outer.addWidget(self.classes)
        self.unlabelled = UnlabelledBox()
        outer.addWidget(self.unlabelled)

    def _connect_controls(self) -> None:
        self.source.currentIndexChanged.connect(self._on_source)
        self.folder.editingFinished.connect(self._on_folder_edited)
        self.browse.clicked.connect(self._browse)
        self.image_size.valueChanged.connect(self._on_image_size)
        self.train_size.valueChanged.connect(self._emit)
        self.validation_split.valueChanged.connect(self._emit)

    # -- source ---------------------------------------------------------------------------
    def dataset_source(self) -> str:
        kind = self.source.currentData()
        if kind in ("folder", "file"):
            return self.folder.text().strip()
        return str(kind)

    def _on_source(self, *_args) -> None:
        kind = self.source.currentData()
        has_path = kind in ("folder", "file")
        self.folder_row.setVisible(has_path)
        self.folder.setPlaceholderText(
            self.tr("Folder of IDX files, or one sub-folder of pictures per class")
            if kind == "folder"
            else self.tr("A .csv (label first) or a .npz with x_train, y_train, …")
        )
        if has_path and not self.folder.text().strip():
            self.set_source_problem(
                self.tr("Choose a folder.") if kind == "folder" else self.tr("Choose a file.")
            )
        else:
            self.sourceChanged.emit(self.dataset_source())
        self._emit()

    def chosen_image_size(self) -> int | None:
        """The square side to convert pictures to, or None for the data's own size."""
        value = self.image_size.value()
        return None if value == self.image_size.minimum() else value

    def set_image_size(self, side: int | None) -> None:
        self.image_size.setValue(self.image_size.minimum() if side is None else int(side))

    def _on_image_size(self, *_args) -> None:
        source = self.dataset_source()
        if source:
            self.sourceChanged.emit(source)  # read again at the new size

    def _on_folder_edited(self) -> None:
        if self.source.currentData() in ("folder", "file"):
            self.sourceChanged.emit(self.dataset_source())

    def _browse(self) -> None:
        if self.source.currentData() == "file":
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose a data file"),
                "",
                self.tr("Data sets (*.csv *.npz);;All files (*)"),
            )
        else:
            path = QFileDialog.getExistingDirectory(self, self.tr("Choose a data folder"))
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
        names = tuple(getattr(dataset, "class_names", ())) or tuple(map(str, range(N_SAMPLES)))
        scale = sample_scale(dataset.x_train.shape[1:])
        for c, label in enumerate(self._sample_labels):
            idx = np.flatnonzero(labels == c) if c < len(names) else np.zeros(0, int)
            if idx.size:
                label.setPixmap(digit_pixmap(dataset.x_train[int(idx[0])], scale))
                label.setToolTip(names[c])
            else:
                label.clear()
                label.setToolTip("")
        self.classes.setText(self.class_summary(dataset, labels, names))
        self.unlabelled.set_pictures(getattr(dataset, "x_predict", None), names)
        self.info_name = getattr(dataset, "name", "")
        self._emit()

    def class_summary(self, dataset, labels: np.ndarray, names: tuple[str, ...]) -> str:
        """``10 classes, 28×28 pictures: 0 (5,923), 1 (6,742), …`` for the loaded set."""
        counts = np.bincount(labels.astype(np.intp), minlength=len(names))
        h, w = dataset.x_train.shape[1:3]
        each = ", ".join(f"{name} ({int(n):,})" for name, n in zip(names, counts, strict=False))
        return self.tr("{k} classes, {h}×{w} pictures: {each}").format(
            k=len(names), h=h, w=w, each=each
        )

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
        source = str(values.get("dataset", "mnist") or "mnist")
        if source in ("mnist", "digits"):
            self.source.setCurrentIndex(self.source.findData(source))
        else:
            self.folder.setText(source)
            kind = "file" if source.lower().endswith((".csv", ".npz")) else "folder"
            self.source.setCurrentIndex(self.source.findData(kind))
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
        """The data stays as it is during a run; the unlabelled pictures' answers follow it."""
        for control in (
            self.source,
            self.folder_row,
            self.image_size,
            self.train_size,
            self.validation_split,
        ):
            control.setEnabled(not running)
        if self.unlabelled.isVisibleTo(self):
            self.unlabelled.predictRequested.emit()  # the network may have changed

    def _emit(self, *_args) -> None:
        n = min(self.train_size.value(), self._n_available)
        n_val = round(n * self.validation_split.value())
        self.info.setText(
            self.tr("{train} for training, {val} for validation").format(
                train=f"{n - n_val:,}", val=f"{n_val:,}"
            )
        )
        self.changed.emit()
