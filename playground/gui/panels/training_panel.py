"""Training settings: loss, optimizer with its own hyperparameters, learning rate, batch size."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.engine import textbook
from playground.gui.controls import LogFloatControl, LogIntControl, mark_problem
from playground.gui.panels.model_panel import _select
from playground.gui.panels.regularization_panel import RegularizationPanel
from playground.gui.textbook_view import with_textbook
from playground.training import vocabulary

OPTIMIZER_LABELS = {
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "adam": "Adam",
    "adamax": "Adamax",
    "nadam": "Nadam",
}


class TrainingPanel(QWidget):
    changed = Signal()
    learningRateChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._n_train = 60000
        self._param_widgets: dict[str, QWidget] = {}

        self.loss = QComboBox()
        self.loss.setObjectName("loss")
        self.loss.addItem(self.tr("Cross-entropy"), "categorical_crossentropy")
        self.loss.addItem(self.tr("Mean squared error"), "mean_squared_error")
        self.optimizer = QComboBox()
        self.optimizer.setObjectName("optimizer")
        for key in vocabulary.OPTIMIZERS:
            self.optimizer.addItem(OPTIMIZER_LABELS.get(key, key), key)
        self.params_form = QFormLayout()
        self.params_box = QWidget()
        self.params_box.setLayout(self.params_form)

        self.learning_rate = LogFloatControl(1e-3, 1e-5, 10.0)
        self.learning_rate.setObjectName("learningRate")
        self.learning_rate.setToolTip(self.tr("Changes take effect at the next mini-batch."))
        self.batch_size = LogIntControl(100, self._n_train)
        self.batch_size.setObjectName("batchSize")
        self.updates_label = QLabel()
        self.updates_label.setObjectName("updatesPerEpoch")
        self.updates_label.setWordWrap(True)  # "600 updates per epoch (60,000 examples)" is wide
        self.epochs = QSpinBox()
        self.epochs.setObjectName("epochs")
        self.epochs.setRange(0, 100_000)
        self.epochs.setValue(20)
        self.seed = QSpinBox()
        self.seed.setObjectName("seed")
        self.seed.setRange(0, 2**31 - 1)

        form = QFormLayout()
        form.addRow(self.tr("Loss"), with_textbook(self.loss, textbook.loss))
        form.addRow(self.tr("Optimizer"), with_textbook(self.optimizer, textbook.optimizer))
        form.addRow(self.params_box)
        form.addRow(self.tr("Learning rate"), self.learning_rate)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow("", self.updates_label)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Seed"), self.seed)
        self.regularization = RegularizationPanel()
        form.addRow(self.regularization)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(form)

        self._build_params(self.optimizer.currentData(), set_lr=False)
        _select(self.optimizer, "adam")
        self._build_params("adam", set_lr=False)
        self.optimizer.currentIndexChanged.connect(self._on_optimizer)
        self.loss.currentIndexChanged.connect(self._emit)
        self.learning_rate.valueChanged.connect(self._on_lr)
        self.batch_size.valueChanged.connect(self._emit)
        self.epochs.valueChanged.connect(self._emit)
        self.regularization.changed.connect(self._emit)
        self.seed.valueChanged.connect(self._emit)
        self._update_updates_label()

    # -- optimizer hyperparameters -------------------------------------------------------
    def _on_optimizer(self, *_args) -> None:
        self._build_params(self.optimizer.currentData(), set_lr=True)
        self._emit()

    def _build_params(self, name: str, set_lr: bool) -> None:
        while self.params_form.rowCount():
            self.params_form.removeRow(0)
        self._param_widgets = {}
        try:
            params = vocabulary.optimizer_hyperparameters(name)
        except ValueError:  # no optimizer chosen yet
            params = {}
        for key, default in params.items():
            if key == "learning_rate":
                if set_lr and isinstance(default, (int, float)):
                    self.learning_rate.setValue(float(default))
                    self.learningRateChanged.emit(float(default))
                continue
            if isinstance(default, bool):
                w = QCheckBox()
                w.setChecked(default)
                w.toggled.connect(self._emit)
            elif isinstance(default, int):
                w = QSpinBox()
                w.setRange(0, 10**6)
                w.setValue(default)
                w.valueChanged.connect(self._emit)
            elif isinstance(default, float):
                w = QDoubleSpinBox()
                w.setDecimals(8 if 0 < abs(default) < 1e-3 else 4)
                w.setRange(0.0, 1e6)
                w.setSingleStep(max(abs(default) / 10, 1e-8) if default else 0.01)
                w.setValue(default)
                w.valueChanged.connect(self._emit)
            else:
                continue
            w.setObjectName(f"opt_{key}")
            w.setProperty("default", default)
            self._param_widgets[key] = w
            self.params_form.addRow(f"  {key}", w)

    def optimizer_params(self) -> dict:
        out = {}
        for key, w in self._param_widgets.items():
            value = w.isChecked() if isinstance(w, QCheckBox) else w.value()
            if value != w.property("default"):
                out[key] = value
        return out

    # -- values ---------------------------------------------------------------------------
    def set_training_size(self, n_train: int) -> None:
        """The number of examples one epoch goes through (bounds the batch size)."""
        self._n_train = max(1, int(n_train))
        self.batch_size.setMaximum(self._n_train)
        self._update_updates_label()

    def values(self) -> dict:
        return {
            "loss": self.loss.currentData(),
            "optimizer": self.optimizer.currentData(),
            "optimizer_params": self.optimizer_params(),
            "learning_rate": self.learning_rate.value(),
            "batch_size": self.batch_size.value(),
            "epochs": int(self.epochs.value()),
            "seed": int(self.seed.value()),
            **self.regularization.values(),
        }

    def set_values(self, values: dict) -> None:
        self.blockSignals(True)
        loss = values.get("loss")
        if loss in vocabulary.LOSSES:
            loss = vocabulary.canonical_loss(loss)
        _select(self.loss, loss)
        if values.get("optimizer"):
            _select(self.optimizer, values["optimizer"])
            self._build_params(values["optimizer"], set_lr=False)
        for key, value in (values.get("optimizer_params") or {}).items():
            w = self._param_widgets.get(key)
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif w is not None:
                w.setValue(value)
        if "learning_rate" in values:
            self.learning_rate.setValue(float(values["learning_rate"]))
        if "batch_size" in values:
            self.batch_size.setValue(int(values["batch_size"]))
        if "epochs" in values:
            self.epochs.setValue(int(values["epochs"]))
        if "seed" in values:
            self.seed.setValue(int(values["seed"]))
        self.regularization.set_values(values)
        self.blockSignals(False)
        self._emit()

    def problems(self) -> list[tuple[str, str]]:
        found = []
        lr = self.learning_rate.value()
        msg = None
        if not math.isfinite(lr) or lr <= 0:
            msg = self.tr("The learning rate must be a number above 0.")
            found.append(("learning_rate", msg))
        mark_problem(self.learning_rate.edit, msg)
        bs, msg = self.batch_size.value(), None
        if bs < 1:
            msg = self.tr("The batch size must be at least 1.")
        elif bs > self._n_train:
            msg = self.tr("The batch size cannot exceed the {n} training examples.").format(
                n=self._n_train
            )
        if msg:
            found.append(("batch_size", msg))
        mark_problem(self.batch_size.spin, msg)
        msg = self.tr("Train for at least 1 epoch.") if self.epochs.value() < 1 else None
        if msg:
            found.append(("epochs", msg))
        mark_problem(self.epochs, msg)
        return found

    def set_running(self, running: bool) -> None:
        """Loss, optimizer, its settings, learning rate and batch size stay live while training
        runs (taken at the next mini-batch); epochs and seed wait for the run to end."""
        for w in (self.epochs, self.seed):
            w.setEnabled(not running)
        self.regularization.set_running(running)

    def _on_lr(self, value: float) -> None:
        self._emit()
        if math.isfinite(value) and value > 0:
            self.learningRateChanged.emit(value)

    def _emit(self, *_args) -> None:
        self._update_updates_label()
        self.changed.emit()

    def _update_updates_label(self) -> None:
        bs = self.batch_size.value()
        if bs >= 1:
            updates = math.ceil(self._n_train / bs)
            text = (
                self.tr("1 update per epoch ({n} examples)")
                if updates == 1
                else self.tr("{u} updates per epoch ({n} examples)")
            )
            self.updates_label.setText(text.format(u=f"{updates:,}", n=f"{self._n_train:,}"))
        else:
            self.updates_label.setText("")
