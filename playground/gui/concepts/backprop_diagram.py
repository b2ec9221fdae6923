"""The tiny network drawn with its numbers: what the current stage of one update has computed.

``labels()`` lists every text the diagram draws, with where; ``paintEvent`` only draws them,
so what a test reads is what the class sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from playground.gui.concepts.backprop_text import num
from playground.gui.concepts.colors import NEGATIVE, POSITIVE
from playground.training.backprop import Stage, StepTrace

FORWARD_FILL = QColor("#ffe9a8")  # the layer being computed forward
BACKWARD_FILL = QColor("#f7c6c7")  # the layer δ has just reached
DONE_FILL = QColor("#f4f4f4")


@dataclass(frozen=True)
class Label:
    kind: str  # "node", "edge", "bias", "target", "loss", "title"
    rect: QRectF
    text: str
    colour: str = ""


def _subscript(i: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(i))


class BackpropDiagram(QWidget):
    """Inputs, hidden and output neurons with their weights; numbers appear stage by stage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trace: StepTrace | None = None
        self.target = np.zeros(0)
        self.stages: tuple[Stage, ...] = ()
        self.index = 0
        self.titles: list[str] = []  # one heading per column, set by the view (translated)
        self.setMinimumSize(420, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_state(self, trace: StepTrace, target: np.ndarray, stages, index: int) -> None:
        self.trace, self.target = trace, np.asarray(target, np.float64)
        self.stages, self.index = tuple(stages), index
        self.update()

    # -- what has been computed by the current stage ------------------------------------------
    def _reached(self, kind: str, layer: int = -1) -> bool:
        return self.index >= self.stages.index(Stage(kind, layer))

    @property
    def stage(self) -> Stage:
        return self.stages[self.index]

    # -- geometry ------------------------------------------------------------------------------
    def _line_height(self) -> float:
        return QFontMetricsF(self.drawing_font()).height()

    # A 3-column network with its labels needs about this many text lines of width.
    _WIDTH_IN_LINES = 46.0

    def drawing_font(self) -> QFont:
        """The widget's font, made smaller when the widget is too narrow for the labels at
        that size (presentation mode's large fonts on a 1280-pixel screen)."""
        font = QFont(self.font())
        height = QFontMetricsF(font).height()
        scale = min(1.0, self.width() / (self._WIDTH_IN_LINES * height))
        if scale < 1.0 and font.pointSizeF() > 0:
            font.setPointSizeF(max(6.0, font.pointSizeF() * scale))
        return font

    def node_centres(self) -> list[list[QPointF]]:
        trace = self.trace
        sizes = [trace.layers[0].inputs.shape[1], *(s.a.shape[1] for s in trace.layers)]
        w, h = float(self.width()), float(self.height())
        lh = self._line_height()
        # room for half a node box on the left, and half a box and the targets on the right
        left, right = 4.0 * lh, w - 11.0 * lh
        top = 2.4 * lh
        cols = []
        for c, size in enumerate(sizes):
            x = left + (right - left) * c / (len(sizes) - 1)
            cols.append([QPointF(x, top + (h - top) * (i + 0.5) / size) for i in range(size)])
        return cols

    def _node_box(self, centre: QPointF, lines: int) -> QRectF:
        lh = self._line_height()
        width = 7.5 * lh
        height = (lines + 0.4) * lh
        return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)

    def labels(self) -> list[Label]:
        """Every text drawn at the current stage (empty before a trace is set)."""
        if self.trace is None:
            return []
        trace, cols, lh = self.trace, self.node_centres(), self._line_height()
        out: list[Label] = []
        for c, title in enumerate(self.titles[: len(cols)]):
            x = cols[c][0].x()
            out.append(Label("title", QRectF(x - 4 * lh, 0.2 * lh, 8 * lh, 2 * lh), title))
        x = trace.layers[0].inputs[0]
        for i, centre in enumerate(cols[0]):
            text = f"x{_subscript(i + 1)} = {num(x[i])}"
            out.append(Label("node", self._node_box(centre, 1), text))
        for layer, step in enumerate(trace.layers):
            out.extend(self._layer_labels(layer, step, cols[layer], cols[layer + 1]))
        last = cols[-1]
        for k, centre in enumerate(last):
            box = self._node_box(centre, 3)
            rect = QRectF(box.right() + 0.6 * lh, centre.y() - lh, 6 * lh, 2 * lh)
            out.append(Label("target", rect, f"y{_subscript(k + 1)} = {num(self.target[k])}"))
        if self._reached("loss"):
            y = last[-1].y() + 3.2 * lh
            rect = QRectF(last[0].x() - 2 * lh, min(y, self.height() - 1.6 * lh), 12 * lh, 1.5 * lh)
            out.append(Label("loss", rect, f"C = {num(trace.per_example[0])}"))
        return out

    def _layer_labels(self, layer, step, sources, targets) -> list[Label]:
        lh = self._line_height()
        out = []
        forward, backward = self._reached("forward", layer), self._reached("delta", layer)
        grads, update = self._reached("gradients"), self._reached("update")
        taken = [self._node_box(c, 3).adjusted(0, 0, 0, 1.3 * lh) for c in (*sources, *targets)]
        for i, src in enumerate(sources):
            for j, dst in enumerate(targets):
                w = step.kernel_before[i, j]
                text = f"w {num(w)}"
                if update:
                    text = f"{num(w)} → {num(step.kernel_after[i, j])}"
                elif grads:
                    text += f"\n∂ {num(step.grad_kernel[i, j])}"
                rect = self._place(text, src, dst, taken)
                taken.append(rect)
                out.append(Label("edge", rect, text, POSITIVE if w >= 0 else NEGATIVE))
        for j, centre in enumerate(targets):
            lines = []
            if forward:
                lines += [f"z {num(step.z[0, j])}", f"a {num(step.a[0, j])}"]
            if backward:
                lines.append(f"δ {num(step.delta[0, j])}")
            box = self._node_box(centre, 3)
            out.append(Label("node", box, "\n".join(lines)))
            bias = f"b {num(step.bias_before[j])}"
            if update:
                bias += f" → {num(step.bias_after[j])}"
            rect = QRectF(box.left() - lh, box.bottom(), box.width() + 2 * lh, 1.3 * lh)
            out.append(Label("bias", rect, bias))
        return out

    def _place(self, text: str, src: QPointF, dst: QPointF, taken: list[QRectF]) -> QRectF:
        """A spot on the edge for its label, the first one free of nodes and other labels
        (near the source first, where the edges leaving one neuron have already parted)."""
        lh = self._line_height()
        font = self.drawing_font()
        size = QFontMetricsF(font).boundingRect(QRectF(0, 0, 999, 999), 0, text).size()
        x0, x1 = src.x() + 3.9 * lh, dst.x() - 3.9 * lh
        best, best_overlap = None, float("inf")
        for fraction in (0.3, 0.5, 0.15, 0.7, 0.85, 0.0, 1.0):
            x = x0 + (x1 - x0) * fraction
            at = src + (dst - src) * ((x - src.x()) / (dst.x() - src.x()))
            rect = QRectF(0, 0, size.width() + 6, size.height() + 2)
            rect.moveCenter(at)
            overlap = sum(r.intersected(rect).width() * r.intersected(rect).height() for r in taken)
            if overlap < best_overlap:
                best, best_overlap = rect, overlap
            if overlap == 0:
                break
        return best

    def _fill(self, label: Label) -> QColor:
        stage = self.stage
        layer = self._node_layer(label)
        if layer is None:
            return DONE_FILL
        if stage.kind == "forward" and stage.layer == layer:
            return FORWARD_FILL
        if stage.kind == "delta" and stage.layer == layer:
            return BACKWARD_FILL
        return DONE_FILL

    def _node_layer(self, label: Label) -> int | None:
        cols = self.node_centres()
        for c, centres in enumerate(cols):
            if any(label.rect.contains(p) for p in centres):
                return c - 1
        return None

    # -- drawing -------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fg = self.palette().windowText().color()
        if self.trace is None:
            p.end()
            return
        cols = self.node_centres()
        for layer, step in enumerate(self.trace.layers):
            active = self._edges_in_use(layer)
            for i, src in enumerate(cols[layer]):
                for j, dst in enumerate(cols[layer + 1]):
                    w = float(step.kernel_before[i, j])
                    colour = QColor(POSITIVE if w >= 0 else NEGATIVE)
                    colour.setAlphaF(1.0 if active else 0.45)
                    p.setPen(QPen(colour, 1 + 2.5 * min(abs(w), 2)))
                    p.drawLine(src, dst)
        for label in self.labels():
            self._draw_label(p, label, fg)
        p.end()

    def _edges_in_use(self, layer: int) -> bool:
        """The weights the current stage computes with: W of the layer going forward, W of
        the layer above when δ flows back, all of them for the gradients and the update."""
        stage = self.stage
        if stage.kind == "forward":
            return stage.layer == layer
        if stage.kind == "delta":
            return stage.layer + 1 == layer
        return stage.kind in ("gradients", "update")

    def _draw_label(self, p: QPainter, label: Label, fg: QColor) -> None:
        font = self.drawing_font()
        align = Qt.AlignmentFlag.AlignCenter
        if label.kind == "node":
            p.setPen(QPen(fg, 1.5))
            p.setBrush(self._fill(label))
            p.drawRoundedRect(label.rect, 8, 8)
        elif label.kind == "edge":
            back = QColor(self.palette().window().color())
            back.setAlphaF(0.85)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(back)
            p.drawRoundedRect(label.rect, 4, 4)
        elif label.kind in ("title", "loss"):
            font.setBold(True)
        p.setFont(font)
        p.setPen(QColor(label.colour) if label.colour else fg)
        p.drawText(label.rect, align, label.text)
