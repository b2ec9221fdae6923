"""Model settings: hidden layers, activation (ELU alpha, maxout pieces), initializer, summary."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.engine import textbook
from playground.gui.controls import mark_problem
from playground.gui.textbook_view import with_textbook
from playground.training import vocabulary

INPUT_DIM = 784  # until a data set is loaded: MNIST's 28x28 pixels and ten digits
N_CLASSES = 10
MAX_LAYERS = 12


class ModelPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._unit_spins: list[QSpinBox] = []
        self._rows: list[QWidget] = []

        self._build_layer_list()
        self._build_activation_controls()
        self._build_summary()
        self._lay_out()
        for layer in (500, 500):
            self.add_layer(layer)
        _select(self.activation, "relu")
        self._connect_controls()
        self._on_activation()

    def _build_layer_list(self) -> None:
        self.layers_box = QVBoxLayout()
        self.layers_box.setSpacing(2)
        self.add_button = QPushButton(self.tr("Add layer"))
        self.add_button.setObjectName("addLayer")
        self.add_button.clicked.connect(lambda: self.add_layer(100))

    def _build_activation_controls(self) -> None:
        """The hidden activation with its parameters, and the initializer."""
        self.activation = QComboBox()
        self.activation.setObjectName("activation")
        names = {
            "sigmoid": self.tr("Sigmoid"),
            "tanh": self.tr("tanh"),
            "relu": self.tr("ReLU"),
            "leaky_relu": self.tr("Leaky ReLU"),
            "elu": self.tr("ELU"),
            "maxout": self.tr("Maxout"),
            "linear": self.tr("Linear (none)"),
        }
        for key in vocabulary.HIDDEN_ACTIVATIONS:
            self.activation.addItem(names.get(key, key), key)
        self.elu_alpha = QDoubleSpinBox()
        self.elu_alpha.setRange(0.01, 10.0)
        self.elu_alpha.setSingleStep(0.1)
        self.elu_alpha.setValue(1.0)
        self.maxout_pieces = QSpinBox()
        self.maxout_pieces.setRange(2, 8)
        self.maxout_pieces.setValue(2)
        self.initializer = QComboBox()
        self.initializer.setObjectName("initializer")
        for key in vocabulary.INITIALIZERS:
            self.initializer.addItem(key, key)

    def _build_summary(self) -> None:
        """The Keras-style ``model.summary()`` table, in a fixed-width font."""
        self.summary = QLabel()
        self.summary.setObjectName("modelSummary")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.summary.setFont(mono)
        self.summary.setWordWrap(False)

    def _lay_out(self) -> None:
        form = QFormLayout()
        self.alpha_label = QLabel(self.tr("ELU alpha"))
        self.pieces_label = QLabel(self.tr("Maxout pieces k"))
        form.addRow(
            self.tr("Hidden activation"), with_textbook(self.activation, textbook.activation)
        )
        form.addRow(self.alpha_label, self.elu_alpha)
        form.addRow(self.pieces_label, self.maxout_pieces)
        form.addRow(self.tr("Output"), QLabel(self.tr("10 units, softmax")))
        form.addRow(self.tr("Initializer"), self.initializer)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(QLabel(self.tr("Hidden layers (units)")))
        outer.addLayout(self.layers_box)
        outer.addWidget(self.add_button)
        outer.addLayout(form)
        outer.addWidget(self.summary)

    def _connect_controls(self) -> None:
        self.activation.currentIndexChanged.connect(self._on_activation)
        for w in (self.elu_alpha, self.maxout_pieces):
            w.valueChanged.connect(self._emit)
        self.initializer.currentIndexChanged.connect(self._emit)

    # -- layers -------------------------------------------------------------------------
    def add_layer(self, units: int = 100) -> None:
        if len(self._unit_spins) >= MAX_LAYERS:
            return
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        spin = QSpinBox()
        spin.setRange(0, 4096)
        spin.setValue(units)
        spin.setKeyboardTracking(False)
        spin.setObjectName(f"layerUnits{len(self._unit_spins)}")
        remove = QPushButton(self.tr("Remove"))
        remove.setToolTip(self.tr("Remove this hidden layer"))
        lay.addWidget(QLabel(self.tr("Layer {n}").format(n=len(self._unit_spins) + 1)))
        lay.addWidget(spin, 1)
        lay.addWidget(remove)
        self._unit_spins.append(spin)
        self._rows.append(row)
        self.layers_box.addWidget(row)
        spin.valueChanged.connect(self._emit)
        remove.clicked.connect(lambda: self.remove_layer(self._rows.index(row)))
        self.add_button.setEnabled(len(self._unit_spins) < MAX_LAYERS)
        self._emit()

    def remove_layer(self, index: int) -> None:
        row = self._rows.pop(index)
        self._unit_spins.pop(index)
        self.layers_box.removeWidget(row)
        # Hide and detach at once: deleteLater alone leaves the row painted at its old place
        # until the event loop gets round to deleting it.
        row.hide()
        row.setParent(None)
        row.deleteLater()
        for i, r in enumerate(self._rows):
            label = r.layout().itemAt(0).widget()
            label.setText(self.tr("Layer {n}").format(n=i + 1))
        self.add_button.setEnabled(len(self._unit_spins) < MAX_LAYERS)
        self._emit()

    def set_hidden(self, hidden: tuple[int, ...]) -> None:
        self.blockSignals(True)
        while self._unit_spins:
            self.remove_layer(0)
        for units in hidden:
            self.add_layer(int(units))
        self.blockSignals(False)
        self._emit()

    def hidden(self) -> tuple[int, ...]:
        return tuple(int(s.value()) for s in self._unit_spins)

    # -- values ---------------------------------------------------------------------------
    def values(self) -> dict:
        return {
            "hidden": self.hidden(),
            "activation": self.activation.currentData(),
            "elu_alpha": float(self.elu_alpha.value()),
            "maxout_pieces": int(self.maxout_pieces.value()),
            "initializer": self.initializer.currentData(),
        }

    def set_values(self, values: dict) -> None:
        self.blockSignals(True)
        if "hidden" in values:
            self.set_hidden(tuple(values["hidden"]))
        _select(self.activation, values.get("activation"))
        if "elu_alpha" in values:
            self.elu_alpha.setValue(float(values["elu_alpha"]))
        if "maxout_pieces" in values:
            self.maxout_pieces.setValue(int(values["maxout_pieces"]))
        _select(self.initializer, values.get("initializer"))
        self.blockSignals(False)
        self._on_activation()

    def problems(self) -> list[tuple[str, str]]:
        found = []
        for i, spin in enumerate(self._unit_spins):
            if spin.value() < 1:
                msg = self.tr("Hidden layer {n} needs at least 1 unit.").format(n=i + 1)
                mark_problem(spin, msg)
                found.append(("hidden", msg))
            else:
                mark_problem(spin, None)
        return found

    def set_running(self, running: bool) -> None:
        self.setEnabled(not running)

    # -- summary --------------------------------------------------------------------------
    def _on_activation(self, *_args) -> None:
        act = self.activation.currentData()
        self.elu_alpha.setVisible(act == "elu")
        self.alpha_label.setVisible(act == "elu")
        self.maxout_pieces.setVisible(act == "maxout")
        self.pieces_label.setVisible(act == "maxout")
        self._emit()

    def _emit(self, *_args) -> None:
        self._update_summary()
        self.changed.emit()

    def set_data_shape(self, input_dim: int, n_classes: int) -> None:
        """The loaded data set's inputs per example and classes, for the layer summary."""
        self._data_shape = (int(input_dim), int(n_classes))
        self._update_summary()

    def changeEvent(self, event) -> None:
        # The summary is put together from several strings: rebuilt in the new language.
        if event.type() == QEvent.Type.LanguageChange:
            self._update_summary()
        super().changeEvent(event)

    def _update_summary(self) -> None:
        input_dim, n_classes = getattr(self, "_data_shape", (INPUT_DIM, N_CLASSES))
        rows = summary_rows(
            self.hidden(),
            self.activation.currentData(),
            self.maxout_pieces.value(),
            input_dim,
            n_classes,
        )
        header, output, params = self.tr("Layer"), self.tr("Output"), self.tr("Params")
        first = self.tr("input")
        lines = [f"{header:<10}{output:>9}{params:>12}", f"{first:<10}{input_dim:>9}{'':>12}"]
        total = 0
        for name, units, params in rows:
            lines.append(f"{name:<10}{units:>9}{params:>12,}")
            total += params
        lines.append(self.tr("Total parameters: {n}").format(n=f"{total:,}"))
        self.summary.setText("\n".join(lines))
        self.total_params = total


def summary_rows(
    hidden: tuple[int, ...],
    activation: str,
    pieces: int,
    input_dim: int = INPUT_DIM,
    n_classes: int = N_CLASSES,
) -> list[tuple[str, int, int]]:
    """(name, output units, parameter count) per Dense layer; maxout keeps k pieces per unit."""
    k = pieces if activation == "maxout" else 1
    rows, fan_in = [], input_dim
    for i, units in enumerate(hidden):
        rows.append((f"dense_{i + 1}", units, (fan_in + 1) * units * k))
        fan_in = units
    rows.append((f"dense_{len(hidden) + 1}", n_classes, (fan_in + 1) * n_classes))
    return rows


def _select(combo: QComboBox, data) -> None:
    if data is None:
        return
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
