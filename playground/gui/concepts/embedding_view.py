"""A map of what the network learned: one hidden layer's activations of test digits projected to
2-D (PCA, or t-SNE when scikit-learn is installed), one colour per class.

The projection runs off the window's thread (``BackgroundWork``) and reports back through a
signal; t-SNE also reports each finished stage (a bar with the time so far and an estimate of
the rest) and stops between stages when Cancel is pressed.
"""

from __future__ import annotations

from concurrent.futures import Future

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from playground.gui.background import BackgroundWork
from playground.gui.concepts.model_probe import ModelProbe
from playground.gui.palette import series_colour
from playground.gui.views.plot_style import LegendPlot
from playground.training import embedding

N_POINTS = 2000


class EmbeddingView(QWidget):
    computed = Signal(object)  # the Embedding, or the message saying why there is none
    progressed = Signal(object)  # a TsneProgress, sent from the worker, shown on this thread
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probe = ModelProbe()
        self.x = np.zeros((0, 784), np.float32)
        self.labels = np.zeros(0, np.int64)
        self._work = BackgroundWork("embedding", self)
        self._work.finished.connect(self._on_computed)
        self._work.failed.connect(self._on_failed)
        self.result: embedding.Embedding | None = None
        self._running_n = 0
        self.layer = QComboBox()
        self.layer.setObjectName("embeddingLayer")
        self.method = QComboBox()
        self.method.addItem("PCA", "pca")
        if embedding.tsne_available():
            self.method.addItem("t-SNE", "tsne")
        self.compute_button = QPushButton(self.tr("Compute"))
        self.compute_button.setObjectName("embeddingCompute")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("embeddingCancel")
        self.cancel_button.setVisible(False)
        self.bar = QProgressBar()
        self.bar.setObjectName("embeddingProgress")
        self.bar.setVisible(False)
        self.status = QLabel(self.tr("Pick a hidden layer and press Compute."))
        self.status.setWordWrap(True)  # long in presentation mode's larger font
        self.plot = LegendPlot()  # one entry per digit, in a row above the map
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Layer")))
        row.addWidget(self.layer)
        row.addWidget(self.method)
        row.addWidget(self.compute_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.bar, 1)
        row.addStretch(0)  # keeps the buttons left while the bar is hidden
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)
        self.compute_button.clicked.connect(self.compute)
        self.cancel_button.clicked.connect(self.cancel)
        self.progressed.connect(self._on_progress)

    def set_session(self, session) -> None:
        self.probe.set_session(session)
        dataset = getattr(session, "dataset", None)
        if dataset is not None:
            n = min(N_POINTS, len(dataset.x_test))
            self.set_digits(np.asarray(dataset.x_test[:n], np.float32) / 255.0,
                            np.asarray(dataset.y_test[:n]))  # fmt: skip
        self.set_model(self.probe.model)

    def set_digits(self, images: np.ndarray, labels: np.ndarray) -> None:
        self.x = np.asarray(images, np.float32).reshape(len(images), -1)
        self.labels = np.asarray(labels).astype(np.int64)

    def set_model(self, model) -> None:
        self.probe.model = model
        self.layer.clear()
        for i, layer in enumerate(getattr(model, "layers", [])[:-1]):
            self.layer.addItem(f"{layer.name} ({layer.units})", i)

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)

    def shutdown(self) -> None:
        self._work.shutdown()

    def compute(self) -> Future | None:
        layer = self.layer.currentData()
        x = self.x
        activations = None
        if layer is not None and len(x):
            activations = self.probe.read(lambda m: embedding.hidden_activations(m, x, layer))
        if activations is None:
            self.status.setText(self.tr("No hidden layer to show yet (or it is busy training)."))
            return None
        self.compute_button.setEnabled(False)
        self.status.setText(self.tr("Projecting {n} digits...").format(n=len(activations)))
        if self.method.currentData() != "tsne":
            return self._work.submit(embedding.pca, activations)
        self._running_n = len(activations)
        self._show_running(True)
        self.bar.setRange(0, embedding.TSNE_STAGES)
        self.bar.setValue(0)
        stopping = self._work.stopping()

        def report(p: embedding.TsneProgress) -> None:  # a cancelled run's reports go nowhere
            if not stopping():
                self.progressed.emit(p)

        return self._work.submit(embedding.tsne, activations, 0, 30.0, report, stopping)

    def cancel(self) -> None:
        """Stop the t-SNE between two stages; the view is ready for the next Compute at once."""
        self._work.cancel()
        self._show_running(False)
        self.status.setText(self.tr("t-SNE cancelled."))
        self.cancelled.emit()

    def _show_running(self, running: bool) -> None:
        self.compute_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.bar.setVisible(running)

    def _on_progress(self, p: embedding.TsneProgress) -> None:
        if not self.cancel_button.isVisible():
            return  # cancelled after the report was sent
        self.bar.setValue(p.stage)
        if p.stage == 0:
            text = self.tr("t-SNE on {n} digits: finding each digit's neighbours...")
            self.status.setText(text.format(n=self._running_n))
            return
        left = p.elapsed / p.stage * (p.stages - p.stage)
        self.status.setText(
            self.tr("t-SNE: stage {i} of {k} done, {t:.0f} s so far, about {r:.0f} s left.").format(
                i=p.stage, k=p.stages, t=p.elapsed, r=left
            )
        )

    def _on_failed(self, message: str) -> None:
        self._show_running(False)
        self.status.setText(self.tr("The projection failed: {e}").format(e=message))
        self.computed.emit(message)

    def _on_computed(self, result: embedding.Embedding) -> None:
        self._show_running(False)
        self.result = result
        self.plot.clear()
        points, labels = self.result.points, self.labels[: len(self.result.points)]
        for cls in range(int(labels.max()) + 1 if len(labels) else 0):
            mine = points[labels == cls]
            if not len(mine):
                continue
            brush = series_colour(cls)
            self.plot.plot(mine[:, 0], mine[:, 1], pen=None, symbol="o", symbolSize=5,
                           symbolPen=None, symbolBrush=brush, name=str(cls))  # fmt: skip
        self.plot.legend.columns.fit()  # as many columns as the width holds
        axes = (self.tr("t-SNE 1"), self.tr("t-SNE 2"))
        if self.result.explained is not None:
            a, b = self.result.explained
            axes = (
                self.tr("PCA axis 1 ({p:.0f}%)").format(p=100 * a),
                self.tr("PCA axis 2 ({p:.0f}%)").format(p=100 * b),
            )
            self.status.setText(
                self.tr("PCA: the two axes hold {a:.0f}% and {b:.0f}% of the variance.").format(
                    a=100 * a, b=100 * b
                )
            )
        else:
            self.status.setText(
                self.tr(
                    "t-SNE of {n} digits: neighbours in the layer stay neighbours here."
                ).format(n=len(points))
            )
        self.plot.setLabel("bottom", axes[0])
        self.plot.setLabel("left", axes[1])
        self.computed.emit(result)
