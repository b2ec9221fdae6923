"""One update of the real network on the selected digit(s), as heatmaps with colour bars.

The same stages as the board example: the 784 inputs as a 28×28 image, z and f(z) layer by
layer, the loss of each digit, δ from the output back, the first layer's ∂C/∂W as one 28×28
image per neuron, and the update. The trace runs on a copy of the model: looking at an update
never changes the network being trained.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from playground.gui.concepts.backprop_stages import StageControls
from playground.gui.concepts.backprop_text import derivative_rule, num, update_rule
from playground.gui.concepts.model_probe import ModelProbe, ProbedDigitView
from playground.gui.views.plot_style import plain_numbers, scale_plot_text
from playground.training.backprop import Stage, StepTrace, numerical_gradient, stages, trace_step
from playground.training.example_losses import targets_for

DIVERGING = pg.colormap.get("CET-D1")  # blue - white - red: the sign at a glance
SEQUENTIAL = pg.colormap.get("CET-L1")
SIDE = 28  # MNIST digits are 28×28
TILES = 16  # neurons whose ∂C/∂W is drawn as an image


@dataclass(frozen=True)
class Panel:
    """One heatmap: its title, values, whether they are signed (diverging colours) and what
    its rows and columns are (an image of digits has none)."""

    title: str
    values: np.ndarray
    signed: bool
    rows: str = ""
    columns: str = ""
    image: bool = False


def mosaic(columns: np.ndarray, per_row: int) -> np.ndarray:
    """Columns of length 784 as 28×28 tiles side by side (NaN gaps between them)."""
    count = columns.shape[1]
    rows = math.ceil(count / per_row)
    out = np.full((rows * (SIDE + 1) - 1, per_row * (SIDE + 1) - 1), np.nan)
    for k in range(count):
        r, c = divmod(k, per_row)
        tile = columns[:, k].reshape(SIDE, SIDE)
        out[r * (SIDE + 1) : r * (SIDE + 1) + SIDE, c * (SIDE + 1) : c * (SIDE + 1) + SIDE] = tile
    return out


def strongest(grad_kernel: np.ndarray, count: int = TILES) -> np.ndarray:
    """The neurons with the largest ∂C/∂W (their column norms), in index order."""
    norms = np.linalg.norm(grad_kernel, axis=0)
    return np.sort(np.argsort(norms)[::-1][:count])


class MnistBackpropPage(ProbedDigitView, QWidget):
    """Heatmaps of one update of the session's network on test digits."""

    stageChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A font change arrives while the window re-lays itself out (presentation mode on or
        # off); the panels are rebuilt once afterwards, not from inside that event: removing
        # graphics items there crashed pyqtgraph's layout.
        self._reshow = QTimer(self, singleShot=True, interval=0)
        self._reshow.timeout.connect(self._show)
        self.probe = ModelProbe()
        self.trace: StepTrace | None = None
        self.stage_list: tuple[Stage, ...] = ()
        self.stages = StageControls()
        self.back_button, self.next_button = self.stages.back_button, self.stages.next_button
        self.shown: dict[str, np.ndarray] = {}  # what each panel draws, by its title
        self.target = np.zeros((0, 0))  # one-hot rows of the traced digits
        self.batch: tuple | None = None  # (x, y, model before the update) of the trace
        self.digit_label, self.count_label = QLabel(), QLabel()
        self.digit_box, self.count_box = QSpinBox(), QSpinBox()
        self.digit_box.setRange(0, 0)
        self.count_box.setRange(1, 10)
        self.formula, self.check = QLabel(), QLabel()
        for label in (self.formula, self.check):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row = QHBoxLayout()
        for widget in (
            self.digit_label,
            self.digit_box,
            self.count_label,
            self.count_box,
            self.stages,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.formula)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.check)
        self.stages.stageChanged.connect(self._show)
        self.stages.stageChanged.connect(self.stageChanged)
        self.digit_box.valueChanged.connect(self.refresh)
        self.count_box.valueChanged.connect(self.refresh)
        self.retranslate_ui()

    # -- the trace -----------------------------------------------------------------------------
    def refresh(self, *_args) -> None:
        """Trace one update of a copy of the model on the selected digits."""
        count = len(self.probe.images)
        if self.probe.model is None or not count or self.probe.model.loss is None:
            self.trace = None
            self._show()
            return
        first = min(self.digit_box.value(), count - 1)
        chosen = np.arange(first, min(count, first + self.count_box.value()))
        x = self.probe.images[chosen].reshape(len(chosen), -1)
        model = self.probe.read(copy.deepcopy)
        if model is None:
            return  # the worker holds the model this instant; the next snapshot retries
        if model.input_dim not in (None, x.shape[1]):
            self.trace = None
            self._show()
            return
        y = targets_for(model.loss, self.probe.labels[chosen], model.output_dim)
        self.target = np.eye(model.output_dim)[self.probe.labels[chosen]]
        self.batch = (x, y, model)
        self.trace = trace_step(copy.deepcopy(model), x, y)
        self.stage_list = stages(len(self.trace.layers))
        self.stages.reset(len(self.stage_list))
        self._check_gradient()
        self._show()

    @property
    def index(self) -> int:
        return self.stages.index

    def go(self, index: int) -> None:
        self.stages.go(index)

    def keyPressEvent(self, event) -> None:
        if not self.stages.step_for_key(event):
            super().keyPressEvent(event)

    # -- the panels of each stage --------------------------------------------------------------
    def panels(self) -> list[Panel]:
        """The heatmaps the current stage shows."""
        trace, stage = self.trace, self.stage_list[self.index]
        first = trace.layers[0]
        as_images = first.inputs.shape[1] == SIDE * SIDE
        digit, unit = self.tr("digit"), self.tr("neuron")
        if stage.kind == "input":
            if as_images:
                return [Panel("x", mosaic(first.inputs.T, 5), False, image=True)]
            return [Panel("x", first.inputs, False, digit, self.tr("input"))]
        if stage.kind == "forward":
            step, n = trace.layers[stage.layer], _sup(stage.layer + 1)
            return [
                Panel(f"z{n}", step.z, True, digit, unit),
                Panel(f"a{n} = f(z{n})", step.a, False, digit, unit),
            ]
        if stage.kind == "loss":
            out = trace.layers[-1].a
            return [
                Panel("p", out, False, digit, self.tr("class")),
                Panel("y", self.target, False, digit, self.tr("class")),
            ]
        if stage.kind == "delta":
            n = _sup(stage.layer + 1)
            return [Panel(f"δ{n}", trace.layers[stage.layer].delta, True, digit, unit)]
        key = "grad_kernel" if stage.kind == "gradients" else "kernel_step"
        name = "∂C/∂W" if stage.kind == "gradients" else "ΔW"
        layers = list(enumerate(trace.layers, start=1))
        out = []
        if as_images:
            columns = getattr(first, key)[:, strongest(first.grad_kernel)]
            out.append(Panel(f"{name}{_sup(1)}", mosaic(columns, 4), True, image=True))
            layers = layers[1:]
        out += [
            Panel(f"{name}{_sup(n)}", getattr(step, key).T, True, unit, self.tr("input"))
            for n, step in layers
        ]
        return out

    def _show(self, *_args) -> None:
        self.graphics.clear()
        self.shown = {}
        if self.trace is None:
            self.stage_list = ()
            self.stages.reset(0)
            self.formula.setText(
                self.tr("Build a network and train it a step (or open one) to see its update.")
            )
            self.check.clear()
            return
        for column, panel in enumerate(self.panels()):
            self._add_panel(column, panel)
        # The panels are made for each stage: their text takes the body font now (larger
        # while presenting), as presentation mode did for the plots that existed then.
        scale_plot_text(self.graphics, QApplication.font())
        self.formula.setText(self._stage_text())

    def _add_panel(self, column: int, panel: Panel) -> None:
        values = np.asarray(panel.values, np.float64)
        self.shown[panel.title] = values
        finite = values[np.isfinite(values)]
        top = float(np.abs(finite).max()) if finite.size else 1.0
        top = top if top > 0 else 1.0
        low = -top if panel.signed else min(0.0, float(finite.min()) if finite.size else 0.0)
        plot = self.graphics.addPlot(row=0, col=2 * column, title=panel.title)
        plain_numbers(plot)
        plot.invertY(True)
        plot.setMouseEnabled(False, False)
        if panel.image:
            plot.hideAxis("left")
            plot.hideAxis("bottom")
            plot.setAspectLocked(True)
        else:
            plot.setLabel("left", panel.rows)
            plot.setLabel("bottom", panel.columns)
            # few rows (digits) or columns (classes): one tick each, in its middle
            if values.shape[0] <= 10:
                first = 1 if panel.rows == self.tr("digit") else 0  # digits count from 1
                ticks = [(r + 0.5, str(r + first)) for r in range(values.shape[0])]
                plot.getAxis("left").setTicks([ticks])
            if values.shape[1] <= 10:
                ticks = [(c + 0.5, str(c)) for c in range(values.shape[1])]
                plot.getAxis("bottom").setTicks([ticks])
        image = pg.ImageItem(axisOrder="row-major")
        image.setImage(values, levels=(low, top))
        plot.addItem(image)
        bar = pg.ColorBarItem(
            values=(low, top),
            colorMap=DIVERGING if panel.signed else SEQUENTIAL,
            interactive=False,
            width=14,
        )
        bar.setImageItem(image)
        # Its own ticks: pyqtgraph's would print an Adam step's ±0.001 range as "0" alone.
        marks = (low, low / 2, 0.0, top / 2, top) if panel.signed else (low, (low + top) / 2, top)
        bar.axis.setTicks([[(value, bar_label(value)) for value in marks]])
        self.graphics.addItem(bar, row=0, col=2 * column + 1)

    def _stage_text(self) -> str:
        trace, stage = self.trace, self.stage_list[self.index]
        batch = len(trace.per_example)
        if stage.kind == "input":
            return self.tr("{b} digit(s), each 784 inputs shown as a 28×28 image.").format(b=batch)
        if stage.kind == "forward":
            return self.tr("Layer {l}: z = a W + b, a = {f}(z); one row per digit.").format(
                l=stage.layer + 1, f=trace.layers[stage.layer].activation
            )
        if stage.kind == "loss":
            each = ", ".join(num(c) for c in trace.per_example)
            return self.tr("Cⁿ of each digit: {each}; Σ Cⁿ = {s}; L′ = Σ Cⁿ / {b} = {m}").format(
                each=each, s=num(trace.total), b=batch, m=num(trace.mean)
            )
        if stage.kind == "delta":
            if stage.layer == len(trace.layers) - 1:
                if trace.fused_output:
                    return self.tr("Softmax with cross-entropy: δ at the output is (p − y) / B.")
                return self.tr("δ at the output: ∂C/∂a ∘ f′(z)")
            activation = trace.layers[stage.layer].activation
            return "δˡ = (δˡ⁺¹ Wˡ⁺¹ᵀ) ∘ f′(zˡ); &nbsp; " + derivative_rule(activation)
        if stage.kind == "gradients":
            return self.tr(
                "∂C/∂W = aᵀ δ, summed over the batch; the first layer's for the {k} neurons "
                "with the largest gradient, one 28×28 image each."
            ).format(k=min(TILES, trace.layers[0].grad_kernel.shape[1]))
        return self.tr("The update ({o}): {rule}; what was added to W, same neurons.").format(
            o=trace.optimizer_name, rule=update_rule(trace)
        )

    def _check_gradient(self) -> None:
        """Finite difference against backprop for the largest ∂C/∂W of the first layer."""
        x, y, model = self.batch
        grad = self.trace.layers[0].grad_kernel
        row, column = np.unravel_index(int(np.argmax(np.abs(grad))), grad.shape)
        numeric, backprop = numerical_gradient(model, x, y, 0, int(row), int(column), eps=1e-4)
        self.check.setText(
            self.tr(
                "Gradient check of the weight from pixel {i} to neuron {j} of layer 1: "
                "finite difference {numeric}, backprop {backprop}"
            ).format(i=row, j=column, numeric=f"{numeric:.6g}", backprop=f"{backprop:.6g}")
        )

    # -- language and hosting ------------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.digit_label.setText(self.tr("First test digit"))
        self.count_label.setText(self.tr("Digits in the batch"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.FontChange and self.trace is not None:
            self._reshow.start()  # presentation mode on or off: the panels' text follows
        super().changeEvent(event)

    def update_snapshot(self, snapshot) -> None:
        """Not while training: a new trace per frame would only flicker."""

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)
        if not running:
            self.refresh()


def bar_label(value: float) -> str:
    """A colour bar's tick, short enough for the bar's narrow axis (which drops longer ones)."""
    text = f"{value:.2g}"
    return text if len(text) <= 6 else f"{value:.0e}".replace("e-0", "e-")


def _sup(n: int) -> str:
    return "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(c)] for c in str(n))
