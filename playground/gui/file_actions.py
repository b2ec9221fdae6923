"""The File menu: open a model (to continue or to evaluate), save it, export plot and network."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from playground.export.foreign import SUFFIXES as FOREIGN_SUFFIXES
from playground.gui import crash_log, dialogs
from playground.gui.model_loading import load_in_background
from playground.training import TrainingConfig
from playground.training.controller import SessionError

if TYPE_CHECKING:
    from playground.gui.main_window import MainWindow

translate = QCoreApplication.translate  # texts keep their "MainWindow" translations


class FileActions(QObject):
    """The File menu's entries and what they do; each returns whether it succeeded."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = self.menu = window.menuBar().addMenu(translate("MainWindow", "&File"))
        self.open_continue = menu.addAction(
            translate("MainWindow", "Open model to continue training…"),
            lambda: self.open_model_dialog("continue"),
        )
        self.open_continue.setShortcut(QKeySequence.StandardKey.Open)
        self.open_evaluate = menu.addAction(
            translate("MainWindow", "Open model to evaluate…"),
            lambda: self.open_model_dialog("evaluate"),
        )
        self.save = menu.addAction(translate("MainWindow", "Save model…"), self.save_model_dialog)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        menu.addSeparator()
        self.export_plot_action = menu.addAction(
            translate("MainWindow", "Export current plot (PNG or SVG)…"), self.export_plot_dialog
        )
        self.export_menu = menu.addMenu(translate("MainWindow", "Export network"))
        self.export_menu.addAction(
            translate("MainWindow", "Keras script…"), lambda: self.export_dialog("keras")
        )
        self.export_menu.addAction(
            translate("MainWindow", "ONNX…"), lambda: self.export_dialog("onnx")
        )
        self.export_menu.addAction(
            translate("MainWindow", "PyTorch script…"), lambda: self.export_dialog("torch")
        )
        menu.addSeparator()
        quit_action = menu.addAction(translate("MainWindow", "Quit"), window.close)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    def update(self, *, has_session: bool, busy: bool) -> None:
        self.save.setEnabled(has_session and not busy)
        self.export_menu.setEnabled(has_session and not busy)

    def _message(self, text: str, ms: int = 5000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _fail(self, kind: str, message: str, **details: object) -> bool:
        self.window.last_message = message
        dialogs.show_error(self.window, kind, message, **details)
        return False

    # -- models ------------------------------------------------------------------------------
    def save_model_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("MainWindow", "Save model"),
            "model.npz",
            translate("MainWindow", "Models (*.npz)"),
        )
        if path:
            self.save_model(path)

    def save_model(self, path: str | Path) -> bool:
        session = self.window.controller.session
        if session is None:
            return False
        if self.window.controller.busy:
            self.window.controller.pause()  # saved between mini-batches: never half-updated
        try:
            session.save_model(str(path))
        except Exception as exc:
            dialogs.show_error(self.window, "save", str(exc))
            return False
        self._message(translate("MainWindow", "Saved {path}").format(path=path))
        return True

    def open_model_dialog(self, mode: str = "continue") -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            translate("MainWindow", "Open model"),
            "",
            translate("MainWindow", "Models (*.npz *.keras *.h5 *.onnx);;All files (*)"),
        )
        if not path:
            return
        if Path(path).suffix.lower() in FOREIGN_SUFFIXES:  # read by the importers
            self.open_model(path, mode)
            return
        # Read off the GUI thread, with progress and Cancel; then opened as below.
        self._model_load = load_in_background(
            self.window,
            path,
            lambda model: self.open_model(path, mode, model=model),
            lambda message: self._fail("model", message),
        )

    def open_model(self, path: str | Path, mode: str = "continue", model=None) -> bool:
        """Load a saved model (or a Keras/ONNX one) to continue training it or only to
        evaluate it on the test set (``model``: already loaded by the background load)."""
        from playground.engine import ModelFileError
        from playground.export.foreign import ModelImportError, open_any_model

        window = self.window
        try:
            model = model if model is not None else open_any_model(str(path))
        except (ModelFileError, ModelImportError) as exc:
            return self._fail("model", str(exc))
        except Exception as exc:  # the loader promises ModelFileError; never crash if not
            log = crash_log.write_error("open model", crash_log.format_exception(exc))
            return self._fail("model", f"{path}: {exc}", log_file=log)
        window.stop()
        if not window.data.ensure():
            return False
        window.apply_config(config_for_model(window.current_config(), model))
        evaluate = mode == "evaluate"
        try:
            session = window.controller.open_model(
                window.current_config(), window.data.dataset, model, evaluate=evaluate
            )
        except SessionError as exc:
            return self._fail("error", str(exc))
        window.last_message = None
        if evaluate:
            loss, acc = session.evaluate_test()
            if not math.isfinite(loss):  # huge but finite weights: the outputs overflow
                text = translate("MainWindow", "{path}: the test loss is not a finite number: the "
                                 "weights are so large that the outputs overflow. Train it again, "
                                 "with a smaller learning rate.")  # fmt: skip
                self._fail("model", text.format(path=path))
            session.request_confusion()
            text = translate("MainWindow", "Test loss {l:.4f}, test accuracy {a:.2f}%")
            window.statusBar().showMessage(text.format(l=loss, a=100 * acc))
            window.show_view("predictions")
        window.views.refresh(force=True)
        return True

    # -- exports -----------------------------------------------------------------------------
    def export_dialog(self, kind: str) -> None:
        if kind == "onnx":
            title, name = translate("MainWindow", "Export as ONNX"), "network.onnx"
            kinds = translate("MainWindow", "ONNX model (*.onnx)")
        elif kind == "torch":
            title = translate("MainWindow", "Export as a PyTorch script")
            name, kinds = "network_torch.py", translate("MainWindow", "Python script (*.py)")
        else:
            title, name = translate("MainWindow", "Export as a Keras script"), "network.py"
            kinds = translate("MainWindow", "Python script (*.py)")
        path, _ = QFileDialog.getSaveFileName(self.window, title, name, kinds)
        if path:
            self.export_network(path, kind)

    def export_network(self, path: str | Path, kind: str) -> bool:
        """Write the current network as a runnable Keras 3 script (with its trained weights
        beside it) or as an ONNX model."""
        from playground.export import ExportError, export_onnx, write_keras_script
        from playground.export.torch_script import write_torch_script

        session = self.window.controller.session
        if session is None:
            return False
        if self.window.controller.busy:
            self.window.controller.pause()
        cfg = session.config
        dataset = "fashion_mnist" if "fashion" in str(cfg.dataset).lower() else "mnist"

        def export(model):
            if kind == "onnx":
                return export_onnx(model, path)
            if kind == "torch":
                return write_torch_script(
                    model, path, batch_size=cfg.batch_size, epochs=cfg.epochs
                ).script
            return write_keras_script(
                model, path, batch_size=cfg.batch_size, epochs=cfg.epochs, dataset=dataset
            ).script

        try:
            written = session.with_model(export)
        except (ExportError, OSError) as exc:
            return self._fail("export_model", str(exc))
        if kind in ("keras", "torch"):
            message = translate(
                "MainWindow", "Exported {path}; run it with: python {name} --weights"
            )
        else:
            message = translate("MainWindow", "Exported {path}")
        self._message(message.format(path=written, name=Path(written).name), 8000)
        return True

    def export_plot_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            translate("MainWindow", "Export plot"),
            "plot.png",
            translate("MainWindow", "PNG image (*.png);;SVG (*.svg)"),
        )
        if path:
            self.export_plot(path)

    def export_plot(self, path: str | Path) -> bool:
        from playground.gui.plot_export import export_view

        try:
            export_view(self.window.views.tabs.currentWidget(), Path(path))
        except Exception as exc:
            dialogs.show_error(self.window, "export", str(exc))
            return False
        self._message(translate("MainWindow", "Exported {path}").format(path=path))
        return True


def config_for_model(config: TrainingConfig, model) -> TrainingConfig:
    """Panel settings that describe an opened model (its layers, activation, loss)."""
    layers = model.layers
    changes: dict[str, object] = {"hidden": tuple(int(lay.units) for lay in layers[:-1])}
    if len(layers) > 1:
        first = layers[0]
        changes["activation"] = first.activation
        if first.activation == "elu":
            changes["elu_alpha"] = float(getattr(first, "alpha", 1.0))
        if first.activation == "maxout":
            changes["maxout_pieces"] = int(getattr(first, "pieces", 2))
    model_loss = getattr(model, "loss", None)
    loss_name = getattr(model_loss, "name", model_loss)
    if isinstance(loss_name, str) and loss_name in (
        "categorical_crossentropy",
        "mean_squared_error",
    ):
        changes["loss"] = loss_name
    return config.replace(**changes)
