"""The data set's unlabelled pictures (a test file without labels, as Kaggle's test.csv) with
what the network predicts for them, ten at a time, and a button that saves every prediction.

The box only shows: whoever owns the network answers ``predictRequested`` with
``show_predictions`` and ``saveRequested`` by writing the file.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.gui.panels.picture import digit_pixmap, sample_scale

PAGE = 10  # pictures shown at once


class UnlabelledBox(QWidget):
    predictRequested = Signal()
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlabelledBox")
        self._pictures: np.ndarray | None = None
        self._names: tuple[str, ...] = ()
        self._predicted: np.ndarray | None = None  # class numbers of the page shown

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.first = QSpinBox()
        self.first.setObjectName("unlabelledFirst")
        self.first.setSingleStep(PAGE)
        self.first.setKeyboardTracking(False)
        self.first.setPrefix(self.tr("Pictures from #"))
        self.save = QPushButton(self.tr("Save predictions…"))
        self.save.setObjectName("savePredictions")
        self.save.setToolTip(
            self.tr("Write the predicted class of every unlabelled picture to a CSV file")
        )
        self.message = QLabel()
        self.message.setObjectName("unlabelledMessage")
        self.message.setWordWrap(True)

        grid = QGridLayout()
        grid.setSpacing(2)
        self._pictures_shown: list[QLabel] = []
        self._answers: list[QLabel] = []
        for i in range(PAGE):
            picture, answer = QLabel(), QLabel()
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            answer.setAlignment(Qt.AlignmentFlag.AlignCenter)
            answer.setObjectName(f"unlabelledAnswer{i}")
            row, column = 2 * (i // 5), i % 5
            grid.addWidget(picture, row, column)
            grid.addWidget(answer, row + 1, column)
            self._pictures_shown.append(picture)
            self._answers.append(answer)

        buttons = QHBoxLayout()
        buttons.addWidget(self.first)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.title)
        outer.addLayout(grid)
        outer.addWidget(self.message)
        outer.addLayout(buttons)

        self.first.valueChanged.connect(self._on_page)
        self.save.clicked.connect(self.saveRequested)
        self.setVisible(False)

    # -- what is shown ----------------------------------------------------------------------
    def set_pictures(self, pictures: np.ndarray | None, class_names: tuple[str, ...]) -> None:
        """The data set's unlabelled pictures (None hides the box)."""
        self._pictures, self._names = pictures, tuple(class_names)
        self._predicted = None
        self.setVisible(pictures is not None and len(pictures) > 0)
        if pictures is None or not len(pictures):
            return
        n = len(pictures) if pictures is not None else 0
        self.title.setText(
            self.tr("{n} unlabelled pictures, for predictions only").format(n=f"{n:,}")
        )
        self.first.blockSignals(True)
        self.first.setRange(0, max(0, n - 1))
        self.first.setValue(0)
        self.first.blockSignals(False)
        self._draw_page()
        self.predictRequested.emit()

    def page(self) -> range:
        """Numbers (from 0) of the pictures shown."""
        if self._pictures is None:
            return range(0)
        start = self.first.value()
        return range(start, min(start + PAGE, len(self._pictures)))

    def pictures_shown(self) -> np.ndarray | None:
        return (
            None if self._pictures is None else self._pictures[self.page().start : self.page().stop]
        )

    def show_predictions(self, classes: np.ndarray | None, message: str = "") -> None:
        """Class numbers predicted for ``page()`` (None: no answer, with ``message`` saying why)."""
        self._predicted = None if classes is None else np.asarray(classes)
        for i, answer in enumerate(self._answers):
            if self._predicted is not None and i < len(self._predicted):
                c = int(self._predicted[i])
                answer.setText(self._names[c] if c < len(self._names) else str(c))
            else:
                answer.setText("?" if i < len(self.page()) else "")
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.save.setEnabled(classes is not None)

    def answers(self) -> list[str]:
        return [answer.text() for answer in self._answers[: len(self.page())]]

    def _on_page(self, *_args) -> None:
        self._draw_page()
        self.predictRequested.emit()

    def _draw_page(self) -> None:
        shown = self.pictures_shown()
        scale = sample_scale(shown.shape[1:]) if shown is not None and len(shown) else 1
        for i, label in enumerate(self._pictures_shown):
            if shown is not None and i < len(shown):
                label.setPixmap(digit_pixmap(shown[i], scale))
                label.setToolTip(self.tr("Picture #{i}").format(i=self.page().start + i))
            else:
                label.clear()
                label.setToolTip("")
        self.show_predictions(None)
