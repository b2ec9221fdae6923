"""The window's network answering for the data set's unlabelled pictures: the page the Data
panel shows, and every picture when the user saves them (Kaggle's ImageId,Label CSV)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from playground.data import Dataset
from playground.data.predictions_file import write_predictions_csv
from playground.data.preprocessing import flatten_scale
from playground.gui import dialogs
from playground.gui.panels.unlabelled_box import UnlabelledBox

CHUNK = 1000  # pictures converted to floats and predicted at once: memory stays small


class _Refused(str):
    """Why the network gave no answers (a message for the box)."""


class UnlabelledPredictions(QObject):
    def __init__(
        self, box: UnlabelledBox, dataset: Callable[[], Dataset | None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.box, self._dataset, self._parent = box, dataset, parent
        self.session: Callable[[], Any] = lambda: None
        box.predictRequested.connect(self.answer_page)
        box.saveRequested.connect(self._save)

    def answer_page(self) -> None:
        shown = self.box.pictures_shown()
        if shown is None:
            return
        classes = self.predict(shown)
        if isinstance(classes, _Refused):
            self.box.show_predictions(None, str(classes))
        else:
            self.box.show_predictions(classes)

    def predict(self, pictures: np.ndarray) -> np.ndarray | _Refused:
        """Predicted class numbers of uint8 ``pictures``, or why there are none."""
        session = self.session()
        if session is None or getattr(session, "model", None) is None:
            return _Refused(self.tr("Train or open a network to label these pictures."))
        pixels = int(np.prod(pictures.shape[1:]))

        def classify(model) -> tuple[np.ndarray, np.ndarray | int]:
            inputs = int(model.layers[0].input_dim)
            if inputs != pixels:
                return pictures, inputs
            return pictures, np.concatenate(
                [
                    np.asarray(model.predict(flatten_scale(pictures[lo : lo + CHUNK]), CHUNK))
                    .argmax(axis=1)
                    .astype(np.intp)
                    for lo in range(0, len(pictures), CHUNK)
                ]
            )

        answered = session.try_with_model(classify)
        # While a mini-batch runs, the answer is an earlier request's (or None): not these.
        if answered is None or answered[0] is not pictures:
            return _Refused(self.tr("Pause training to see the network's answers."))
        result = answered[1]
        if isinstance(result, int):
            return _Refused(
                self.tr("The network takes {n} inputs, but these pictures have {m} pixels.").format(
                    n=result, m=pixels
                )
            )
        return result

    def _save(self) -> None:
        dataset = self._dataset()
        if dataset is None or dataset.x_predict is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self._parent,
            self.tr("Save predictions"),
            "predictions.csv",
            self.tr("CSV files (*.csv);;All files (*)"),
        )
        if not path:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            classes = self.predict(dataset.x_predict)
            if not isinstance(classes, _Refused):
                write_predictions_csv(path, classes, dataset.class_names)
        except OSError as exc:
            classes = _Refused(f"{path}: {exc.strerror or exc}")
        finally:
            QApplication.restoreOverrideCursor()
        if isinstance(classes, _Refused):
            dialogs.show_error(self._parent, "predictions", str(classes))
