"""The board example of one update: a 2-2-2 or 3-3-2 network with every number printed.

→ and ← walk through the stages (forward layer by layer, the loss, δ from the output back,
the gradients, the update). Every input, weight, bias, target and the learning rate can be
edited in the table; the formulas and the diagram follow at once. A numerical gradient check
beside them compares backprop's ∂C/∂w with a finite difference.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from playground.engine import optimizers
from playground.gui.concepts.backprop_diagram import BackpropDiagram
from playground.gui.concepts.backprop_stages import StageControls
from playground.gui.concepts.backprop_text import stage_html
from playground.training.backprop import numerical_gradient, stages
from playground.training.tiny_network import HIDDEN, SHAPES, TinyNetwork, tiny_network

_SUB = "₀₁₂₃₄₅₆₇₈₉"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def _sub(*indices: int) -> str:
    return "".join(_SUB[i] for i in indices)


def number_names(net: TinyNetwork) -> list[tuple[str, tuple[str, int, int, int]]]:
    """(label, (name, layer, row, column)) of every editable number, in table order."""
    rows = [(f"x{_sub(i + 1)}", ("x", 0, i, 0)) for i in range(net.sizes[0])]
    rows += [(f"y{_sub(k + 1)}", ("target", 0, k, 0)) for k in range(net.sizes[-1])]
    for layer, (kernel, bias) in enumerate(zip(net.kernels, net.biases, strict=True)):
        up = _SUP[layer + 1]
        for i, j in np.ndindex(kernel.shape):
            rows.append((f"W{up}{_sub(i + 1, j + 1)}", ("kernel", layer, i, j)))
        rows += [(f"b{up}{_sub(j + 1)}", ("bias", layer, j, 0)) for j in range(len(bias))]
    rows.append(("η", ("lr", 0, 0, 0)))
    return rows


def number_value(net: TinyNetwork, key: tuple[str, int, int, int]) -> float:
    name, layer, row, column = key
    if name == "lr":
        return net.learning_rate
    if name in ("x", "target"):
        return float(getattr(net, name)[row])
    if name == "kernel":
        return float(net.kernels[layer][row, column])
    return float(net.biases[layer][row])


class TinyBackpropPage(QWidget):
    """Stage-by-stage backpropagation on the board example."""

    stageChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = tiny_network("2-2-2")
        self.trace = self.network.trace()
        self.stage_list = stages(len(self.network.sizes) - 1)
        self.stages = StageControls()
        self.stages.reset(len(self.stage_list))
        self.back_button, self.next_button = self.stages.back_button, self.stages.next_button
        self._keys: list[tuple[str, int, int, int]] = []

        self._build_choices()
        self._build_panels()
        self._lay_out()
        self._connect_controls()
        self.retranslate_ui()
        self._fill_table()

    def _build_choices(self) -> None:
        self.shape_box, self.hidden_box = QComboBox(), QComboBox()
        self.loss_box, self.optimizer_box = QComboBox(), QComboBox()
        self.shape_box.addItems(list(SHAPES))
        self.hidden_box.addItems(list(HIDDEN))
        for name in optimizers.NAMES:
            self.optimizer_box.addItem(name, name)
        self.shape_label, self.hidden_label = QLabel(), QLabel()
        self.loss_label, self.optimizer_label = QLabel(), QLabel()
        self.apply_button, self.reset_button = QPushButton(), QPushButton()

    def _build_panels(self) -> None:
        """The diagram, the formula, the numbers and the gradient check."""
        self.diagram = BackpropDiagram()
        self.formula = QTextBrowser()
        self.formula.setOpenLinks(False)
        self.table = QTableWidget(0, 2)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.check_label, self.check_box, self.check_result = QLabel(), QComboBox(), QLabel()
        self.check_result.setWordWrap(True)

    def _lay_out(self) -> None:
        # the choices on one row, the stepping on the next, the number buttons beside the
        # table: narrow enough to sit beside the settings on a 1280-pixel screen
        top = QHBoxLayout()
        for label, box in (
            (self.shape_label, self.shape_box),
            (self.hidden_label, self.hidden_box),
            (self.optimizer_label, self.optimizer_box),
        ):
            top.addWidget(label)
            top.addWidget(box)
        top.addStretch(1)
        steps = QHBoxLayout()
        for widget in (self.loss_label, self.loss_box, self.stages):
            steps.addWidget(widget)
        steps.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.reset_button)
        check = QHBoxLayout()
        check.addWidget(self.check_label)
        check.addWidget(self.check_box, 1)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.formula, 3)
        side_layout.addLayout(check)
        side_layout.addWidget(self.check_result)
        side_layout.addWidget(self.table, 2)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.diagram)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([620, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(steps)
        layout.addWidget(split, 1)

    def _connect_controls(self) -> None:
        self.stages.stageChanged.connect(self._show)
        self.stages.stageChanged.connect(self.stageChanged)
        self.apply_button.clicked.connect(self.continue_from_update)
        self.reset_button.clicked.connect(self.reset_numbers)
        self.shape_box.currentTextChanged.connect(self.reset_numbers)
        for box in (self.hidden_box, self.loss_box, self.optimizer_box):
            box.currentIndexChanged.connect(self._choices_changed)
        self.table.itemChanged.connect(self._edited)
        self.check_box.currentIndexChanged.connect(self._check_gradient)

    # -- stepping ------------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self.stages.index

    def go(self, index: int) -> None:
        self.stages.go(index)

    def keyPressEvent(self, event) -> None:
        if not self.stages.step_for_key(event):
            super().keyPressEvent(event)

    def continue_from_update(self) -> None:
        """The weights after this update become the numbers of the next one."""
        self.network = self.network.after_update()
        self._retrace(keep_stage=False)

    def reset_numbers(self, *_args) -> None:
        self.network = tiny_network(self.shape_box.currentText(), **self._choices())
        self._retrace(keep_stage=False)

    def _choices(self) -> dict[str, str]:
        return {
            "hidden": self.hidden_box.currentText() or "sigmoid",
            "loss": self.loss_box.currentData() or "mean_squared_error",
            "optimizer": self.optimizer_box.currentData() or "sgd",
        }

    def _choices_changed(self, *_args) -> None:
        self.network = self.network.with_choices(**self._choices())
        self._retrace(keep_stage=True)

    def _retrace(self, keep_stage: bool) -> None:
        self.trace = self.network.trace()
        self.stage_list = stages(len(self.network.sizes) - 1)
        self.stages.reset(len(self.stage_list), keep_stage)
        self._fill_table()
        self.stages.go(self.stages.index)  # shows it

    # -- editing numbers -----------------------------------------------------------------------
    def _fill_table(self) -> None:
        rows = number_names(self.network)
        self._keys = [key for _, key in rows]
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, (label, key) in enumerate(rows):
            name = QTableWidgetItem(label)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(repr(number_value(self.network, key))))
        self.table.blockSignals(False)
        current = self.check_box.currentIndex()
        self.check_box.blockSignals(True)
        self.check_box.clear()
        for label, key in rows:
            if key[0] == "kernel":
                self.check_box.addItem(label, key)
        self.check_box.setCurrentIndex(max(0, min(current, self.check_box.count() - 1)))
        self.check_box.blockSignals(False)
        self._check_gradient()

    def set_number(self, key: tuple[str, int, int, int], text: str) -> bool:
        """Set one number from what was typed; a bad value is refused with a message."""
        try:
            value = float(text.strip().replace("−", "-"))
            network = self.network.with_value(*key, value)
        except ValueError as exc:
            self.message.setText(
                self.tr("Not changed: {reason}").format(
                    reason=str(exc) if "between" in str(exc) else self.tr("type a number")
                )
            )
            self._fill_table()
            return False
        self.message.clear()
        self.network = network
        self._retrace(keep_stage=True)
        return True

    def _edited(self, item: QTableWidgetItem) -> None:
        if item.column() == 1:
            self.set_number(self._keys[item.row()], item.text())

    def _check_gradient(self, *_args) -> None:
        key = self.check_box.currentData()
        if key is None:
            self.check_result.clear()
            return
        _, layer, row, column = key
        numeric, backprop = numerical_gradient(
            self.network.model(),
            self.network.x[None, :],
            self.network.target[None, :],
            layer,
            row,
            column,
        )
        self.check_result.setText(
            self.tr(
                "Finite difference (C(w + ε) − C(w − ε)) / 2ε = {numeric}; "
                "backprop ∂C/∂w = {backprop}; difference {diff}"
            ).format(
                numeric=f"{numeric:.8g}",
                backprop=f"{backprop:.8g}",
                diff=f"{abs(numeric - backprop):.1e}",
            )
        )

    # -- showing -------------------------------------------------------------------------------
    def _show(self, *_args) -> None:
        stage = self.stage_list[self.index]
        self.diagram.set_state(self.trace, self.network.target, self.stage_list, self.index)
        self.formula.setHtml(stage_html(self.trace, stage, self.network.target[None, :]))

    def printed_text(self) -> str:
        """Everything printed right now: the formulas and the diagram's labels."""
        labels = "\n".join(label.text for label in self.diagram.labels())
        return self.formula.toPlainText() + "\n" + labels

    def retranslate_ui(self) -> None:
        self.shape_label.setText(self.tr("Network"))
        self.hidden_label.setText(self.tr("Hidden activation"))
        self.loss_label.setText(self.tr("Output and loss"))
        self.optimizer_label.setText(self.tr("Optimizer"))
        current = self.loss_box.currentIndex()
        self.loss_box.blockSignals(True)
        self.loss_box.clear()
        self.loss_box.addItem(self.tr("sigmoid + mean squared error"), "mean_squared_error")
        self.loss_box.addItem(self.tr("softmax + cross-entropy"), "categorical_crossentropy")
        self.loss_box.setCurrentIndex(max(0, current))
        self.loss_box.blockSignals(False)
        self.apply_button.setText(self.tr("Continue from the new weights"))
        self.reset_button.setText(self.tr("Reset the numbers"))
        self.check_label.setText(self.tr("Gradient check of"))
        self.table.setHorizontalHeaderLabels([self.tr("Number"), self.tr("Value")])
        self.diagram.titles = [self.tr("Input")] + [
            self.tr("Layer {n}").format(n=i) for i in range(1, len(self.network.sizes))
        ]
        self._show()
        self._check_gradient()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
