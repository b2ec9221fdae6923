"""One layer as matrix operations (the lecture's slide): x · W + b = z, then a = f(z).

W is drawn with its rows (one per input) beside the column x, and its columns (one per neuron)
above the rows b, z and f(z), so each z_j visibly comes from x and column j of W.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from playground.gui import palette
from playground.gui.concepts.model_probe import ModelProbe, ProbedDigitView

DIVERGING = palette.diverging_map()  # the app's sign pair: sign at a glance
SEQUENTIAL = pg.colormap.get("CET-L1")  # black to white: inputs and activations


@dataclass
class LayerMatrices:
    layer: int
    x: np.ndarray  # (n_in,)
    W: np.ndarray  # (n_in, n_out): for maxout, n_out = units * pieces
    b: np.ndarray  # (n_out,)
    z: np.ndarray  # (n_out,)
    a: np.ndarray  # (units,)
    activation: str


def layer_matrices(model, x: np.ndarray, layer: int) -> LayerMatrices:
    traces = model.forward_trace(x)
    inputs = x[0] if layer == 0 else traces[layer - 1].a[0]
    dense = model.layers[layer]
    return LayerMatrices(
        layer=layer,
        x=np.array(inputs, np.float32),
        W=np.array(dense.kernel, np.float32),
        b=np.array(dense.bias, np.float32),
        z=np.array(traces[layer].z[0], np.float32),
        a=np.array(traces[layer].a[0], np.float32),
        activation=str(dense.activation),
    )


def _symmetric(values: np.ndarray) -> tuple[float, float]:
    top = float(np.abs(values).max()) if values.size else 1.0
    return (-top, top) if top > 0 else (-1.0, 1.0)


class MatrixView(ProbedDigitView, QWidget):
    refreshed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.probe = ModelProbe()
        self.matrices: LayerMatrices | None = None
        self.layer_box = QComboBox()
        self.digit_box = QSpinBox()
        self.layer_label, self.digit_label = QLabel(), QLabel()
        self.formula = QLabel()
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setWordWrap(True)

        self.graphics = pg.GraphicsLayoutWidget()
        g = self.graphics
        self.boxes: dict[str, pg.ViewBox] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self.titles: dict[str, pg.LabelItem] = {}
        g.addLabel("x", row=0, col=0)
        g.addLabel("W", row=0, col=1)
        layout_spec = [("x", 1, 0), ("W", 1, 1), ("b", 2, 1), ("z", 3, 1), ("a", 4, 1)]
        for key, row, col in layout_spec:
            box = pg.ViewBox(enableMouse=False, invertY=True, defaultPadding=0)
            image = pg.ImageItem(axisOrder="row-major")
            box.addItem(image)
            g.addItem(box, row=row, col=col)
            self.boxes[key], self.images[key] = box, image
        for key, row in (("b", 2), ("z", 3), ("a", 4)):
            self.titles[key] = g.addLabel("", row=row, col=0, justify="right")
        g.ci.layout.setColumnStretchFactor(0, 1)
        g.ci.layout.setColumnStretchFactor(1, 14)
        g.ci.layout.setRowStretchFactor(1, 12)
        for row in (2, 3, 4):
            g.ci.layout.setRowStretchFactor(row, 1)
        self.boxes["x"].setYLink(self.boxes["W"])
        for key in ("b", "z", "a"):
            self.boxes[key].setXLink(self.boxes["W"])

        controls = QHBoxLayout()
        for widget in (self.layer_label, self.layer_box, self.digit_label, self.digit_box):
            controls.addWidget(widget)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.formula)
        layout.addWidget(self.graphics, 1)
        self.layer_box.currentTextChanged.connect(self.refresh)
        self.digit_box.valueChanged.connect(self.refresh)
        self.retranslate_ui()

    def refresh(self, *_args) -> None:
        if not len(self.probe.images) or self.probe.model is None:
            self._show(None)
            return
        layer = max(0, self.layer_box.currentIndex())
        x = self.probe.digit(min(self.digit_box.value(), len(self.probe.images) - 1))
        matrices = self.probe.read(lambda model: layer_matrices(model, x, layer))
        if matrices is not None:
            self._show(matrices)

    def _show(self, m: LayerMatrices | None) -> None:
        self.matrices = m
        if m is None:
            for image in self.images.values():
                image.clear()
            self.formula.setText(self.tr("Build or open a network to see its matrices."))
            self.refreshed.emit()
            return
        n_in, n_out = m.W.shape
        levels_w = _symmetric(m.W)
        lut_d = DIVERGING.getLookupTable(nPts=256)
        lut_s = SEQUENTIAL.getLookupTable(nPts=256)
        self.images["x"].setImage(m.x.reshape(-1, 1), levels=(0.0, max(1e-6, m.x.max())), lut=lut_s)
        self.images["W"].setImage(m.W, levels=levels_w, lut=lut_d)
        zb = np.concatenate([m.b, m.z])
        levels_z = _symmetric(zb)
        self.images["b"].setImage(m.b.reshape(1, -1), levels=levels_z, lut=lut_d)
        self.images["z"].setImage(m.z.reshape(1, -1), levels=levels_z, lut=lut_d)
        # f(z) has one value per unit (maxout: one per k pieces); stretch it under z.
        a = m.a.reshape(1, -1)
        low, high = float(min(0.0, a.min())), float(max(1e-6, a.max()))
        self.images["a"].setImage(a, levels=(low, high), lut=lut_s)
        self.images["a"].setRect(0, 0, n_out, 1)
        for key, shape in (
            ("x", (n_in, 1)),
            ("W", (n_in, n_out)),
            ("b", (1, n_out)),
            ("z", (1, n_out)),
            ("a", (1, n_out)),
        ):
            self.boxes[key].setRange(xRange=(0, shape[1]), yRange=(0, shape[0]), padding=0)
        self.titles["b"].setText("+ b")
        self.titles["z"].setText("= z")
        self.titles["a"].setText(f"{m.activation}(z)")
        units = m.a.shape[0]
        self.formula.setText(
            self.tr(
                "<b>Layer {n}</b>: x (1×{i}) · W ({i}×{o}) + b (1×{o}) = z (1×{o});"
                " &nbsp; a = {f}(z) (1×{u}). &nbsp; {signs};"
                " |W| up to {w:.3g}, |z| up to {z:.3g}."
            ).format(
                n=m.layer + 1,
                i=n_in,
                o=n_out,
                u=units,
                f=m.activation,
                signs=palette.sign_caption(),
                w=levels_w[1],
                z=levels_z[1],
            )
        )
        self.refreshed.emit()

    def _fill_layers(self, count: int) -> None:
        current = self.layer_box.currentIndex()
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        for i in range(count):
            self.layer_box.addItem(self.tr("Layer {n}").format(n=i + 1))
        self.layer_box.setCurrentIndex(min(max(current, 0), count - 1) if count else -1)
        self.layer_box.blockSignals(False)

    def retranslate_ui(self) -> None:
        self.layer_label.setText(self.tr("Layer"))
        self.digit_label.setText(self.tr("Test digit"))
        model = self.probe.model
        self._fill_layers(len(model.layers) if model is not None else 0)
        self._show(self.matrices)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- hosting contract ------------------------------------------------------------------
    # set_session, set_digits, set_training and update_snapshot come from ProbedDigitView.
    def set_model(self, model) -> None:
        self.probe.model = model
        self._fill_layers(len(model.layers) if model is not None else 0)
        self.refresh()
