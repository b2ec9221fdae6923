"""Every run kept in a list with its settings; tick runs to overlay their loss and accuracy.

Runs are named after their preset or the setting that differs from the run before. Losses are
compared only within one loss function: each loss family gets its own panel, so a mean squared
error of 0.09 is never drawn against a cross-entropy of 2.3 as if one network were better.
The list is saved as JSON (``RunLibrary.to_json``) in the user's data folder after every
change, so it survives closing the app; runs of earlier sessions come back unticked, and only
the newest ``MAX_KEPT_RUNS`` are kept. Runs export as CSV for a spreadsheet.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.atomic_file import write_text_atomically
from playground.gui.palette import curve_pen, series_colour
from playground.gui.views.change_marks import mark_positions
from playground.gui.views.plot_style import LegendPlot
from playground.training.events import SettingChanged
from playground.training.runs import (
    MAX_KEPT_RUNS,
    RunLibrary,
    RunRecord,
    by_loss_family,
    load_library,
    run_name,
)

LOSS_SERIES = ("total_loss", "train_loss", "batch_loss", "test_loss", "val_loss")
ACCURACY_SERIES = ("test_accuracy", "train_accuracy", "batch_accuracy", "val_accuracy")
AXES = ("updates", "epochs", "seconds")


def default_library_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nn-playground") / "runs.json"


def _builtin_presets() -> list[tuple[str, object]]:
    from playground.gui.i18n import current_language
    from playground.training.presets import load_presets

    language = current_language()
    found = []
    for preset in load_presets(errors=[]):
        try:
            found.append((preset.title_for(language), preset.training_config()))
        except ValueError:  # a preset that cannot name a run simply names none
            continue
    return found


class RunComparisonView(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, library_path: Path | None = None) -> None:
        super().__init__(parent)
        self.library_path = library_path
        self.library = RunLibrary()
        self.load_error = ""
        self._last_session = None
        self._last_run: RunRecord | None = None
        if library_path is not None:  # a damaged file never stops the app (notes say why)
            self.library, notes = load_library(library_path)
            self.load_error = "; ".join(notes[:3])
        self.let_go = self.library.trim(MAX_KEPT_RUNS)  # never piling up across sessions
        # (title, TrainingConfig) to name runs by; the built-in presets when first needed
        self.presets: list[tuple[str, object]] | None = None
        self.loss_family_names: dict[str, str] = {}

        self._build_controls()
        self._build_plots()
        self._lay_out()
        if self.let_go:
            self.load_error = self.tr(
                "Only the newest {n} runs are kept; {k} older ones were let go."
            ).format(n=MAX_KEPT_RUNS, k=len(self.let_go))
            self.save()
        self._connect_controls()
        self.retranslate_ui()
        self._fill_list()

    def _build_controls(self) -> None:
        self.run_list = QListWidget()
        self.run_list.setMinimumWidth(220)
        self.remove_button = QPushButton()
        self.export_button = QPushButton()
        self.loss_box, self.accuracy_box, self.axis_box = QComboBox(), QComboBox(), QComboBox()
        self.loss_label, self.accuracy_label, self.axis_label = QLabel(), QLabel(), QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        for box in (self.loss_box, self.accuracy_box, self.axis_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            # As wide as the chosen text needs, at any font size: never cut.
            box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def _build_plots(self) -> None:
        # Legends above the plots: every run listed, none drawn over a curve. One loss panel
        # per loss family among the ticked runs, side by side.
        self.accuracy_plot = LegendPlot()
        self.accuracy_plot.showGrid(x=True, y=True, alpha=0.3)
        self.loss_panels: list[LegendPlot] = []
        self.loss_row = QHBoxLayout()
        self.loss_row.setContentsMargins(0, 0, 0, 0)
        self._loss_panel(0)

    def _lay_out(self) -> None:
        side = QVBoxLayout()
        side.addWidget(self.run_list, 1)
        side.addWidget(self.hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.export_button)
        side.addLayout(buttons)
        side_widget = QWidget()
        side_widget.setLayout(side)
        choices = QHBoxLayout()
        for label, box in (
            (self.loss_label, self.loss_box),
            (self.accuracy_label, self.accuracy_box),
            (self.axis_label, self.axis_box),
        ):
            choices.addWidget(label)
            choices.addWidget(box)
        choices.addStretch(1)
        plots = QVBoxLayout()
        plots.addLayout(self.loss_row, 1)
        plots.addWidget(self.accuracy_plot, 1)
        plots_widget = QWidget()
        plots_widget.setLayout(plots)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side_widget)
        splitter.addWidget(plots_widget)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)  # across the whole width: the choices never squeeze the plots
        layout.addWidget(splitter)

    def _connect_controls(self) -> None:
        self.run_list.itemChanged.connect(self._item_changed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.export_button.clicked.connect(self._export_dialog)
        for box in (self.loss_box, self.accuracy_box, self.axis_box):
            box.currentIndexChanged.connect(self.redraw)

    # -- the list --------------------------------------------------------------------------
    def add_run(self, run: RunRecord, checked: bool = True) -> RunRecord:
        run = self.library.add(run)
        self._append_item(run, checked)
        self._changed()
        return run

    def add_session_run(self, session) -> RunRecord | None:
        """Keep a finished run of ``session`` (connected to the window's runFinished)."""
        if session is None or not getattr(session, "updates", 0):
            return None
        last = self._last_run
        if session is self._last_session and last is not None and last.name in self.library:
            # The same run continued (Stop, then Start again): update it rather than add one.
            fresh = RunRecord.from_session(session, last.name)
            last.series, last.final = fresh.series, fresh.final
            self._changed()
            return last
        self._last_session = session
        previous = self.library[len(self.library) - 1].config if len(self.library) else None
        if self.presets is None:
            self.presets = _builtin_presets()
        name = run_name(session.config, previous, self.presets)
        self._last_run = self.add_run(RunRecord.from_session(session, name))
        return self._last_run

    @property
    def loss_plot(self) -> LegendPlot:
        """The first loss panel (the only one while the ticked runs share a loss)."""
        return self.loss_panels[0]

    def _loss_panel(self, index: int) -> LegendPlot:
        while len(self.loss_panels) <= index:
            plot = LegendPlot()
            plot.showGrid(x=True, y=True, alpha=0.3)
            self.loss_panels.append(plot)
            self.loss_row.addWidget(plot, 1)
        return self.loss_panels[index]

    def checked_names(self) -> list[str]:
        return [
            self.run_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.run_list.count())
            if self.run_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, name: str, checked: bool) -> None:
        for i in range(self.run_list.count()):
            item = self.run_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def remove_selected(self) -> None:
        for item in self.run_list.selectedItems():
            self.library.remove(item.data(Qt.ItemDataRole.UserRole))
            self.run_list.takeItem(self.run_list.row(item))
        self._changed()

    def _append_item(self, run: RunRecord, checked: bool) -> None:
        self.run_list.blockSignals(True)
        item = QListWidgetItem(run.name)
        item.setData(Qt.ItemDataRole.UserRole, run.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setToolTip(self._tooltip(run))
        self.run_list.addItem(item)
        self.run_list.blockSignals(False)

    def _tooltip(self, run: RunRecord) -> str:
        final = run.final
        parts = [run.describe()]
        if final.get("test_accuracy") is not None:
            parts.append(self.tr("test accuracy {a:.2%}").format(a=final["test_accuracy"]))
        if final.get("seconds") is not None:
            parts.append(self.tr("{s:.0f} s").format(s=final["seconds"]))
        return "\n".join(parts)

    def _fill_list(self) -> None:
        """The saved runs, unticked: they belong to earlier sessions until asked for."""
        self.run_list.clear()
        for run in self.library:
            self._append_item(run, False)
        self.redraw()

    def _item_changed(self, item: QListWidgetItem) -> None:
        old = item.data(Qt.ItemDataRole.UserRole)
        new = item.text().strip()
        if new != old:
            try:
                self.library.rename(old, new)
            except ValueError:
                self.run_list.blockSignals(True)
                item.setText(old)
                self.run_list.blockSignals(False)
            else:
                item.setData(Qt.ItemDataRole.UserRole, new)
        self._changed()

    def _changed(self) -> None:
        self.redraw()
        self.save()
        self.changed.emit()

    # -- saving and export -----------------------------------------------------------------
    def save(self) -> None:
        if self.library_path is None:
            return
        path = self.library_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(path, self.library.to_json())  # whole or not at all
        except OSError as exc:
            self.hint.setText(self.tr("Could not save the run list: {e}").format(e=exc))

    def export_csv(self, path: str | Path, only_checked: bool = False) -> None:
        names = self.checked_names() if only_checked else None
        self.library.write_csv(path, names)

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export runs as CSV"), "runs.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            try:
                self.export_csv(path)
            except OSError as exc:
                self.hint.setText(self.tr("Could not export: {e}").format(e=exc))
            else:
                self.hint.setText(self.tr("Exported {path}").format(path=path))

    # -- plots ------------------------------------------------------------------------------
    def redraw(self, *_args) -> None:
        axis = AXES[max(0, self.axis_box.currentIndex())]
        loss_key = LOSS_SERIES[max(0, self.loss_box.currentIndex())]
        acc_key = ACCURACY_SERIES[max(0, self.accuracy_box.currentIndex())]
        checked = [self.library[name] for name in self.checked_names()]
        colour = {run.name: i for i, run in enumerate(checked)}  # 12 distinct, then dashed
        families = by_loss_family(checked) or {"": []}
        for plot in (*self.loss_panels, self.accuracy_plot):
            plot.clear()
            plot.legend.clear()
        for index, (family, runs) in enumerate(families.items()):
            panel = self._loss_panel(index)
            panel.setVisible(True)
            name = self.loss_family_names.get(family, family)
            panel.setTitle(self.tr("Loss: {f}").format(f=name) if family else self.tr("Loss"))
            for run in runs:
                self._plot(panel, run, loss_key, axis, colour[run.name])
                self._mark_changes(panel, run, axis, colour[run.name])
        for panel in self.loss_panels[len(families) :]:
            panel.setVisible(False)
        for run in checked:
            self._plot(self.accuracy_plot, run, acc_key, axis, colour[run.name])
            self._mark_changes(self.accuracy_plot, run, axis, colour[run.name])
        for plot in (*self.loss_panels, self.accuracy_plot):
            plot.legend.columns.fit()
            plot.setLabel("bottom", self.axis_box.currentText())
        self._share_x_range()
        self.hint.setText(self._hint_text())

    def _share_x_range(self) -> None:
        """One x range for every panel. Not a pyqtgraph link: panels of different widths
        would be aligned by pixel, and a narrow one would show only part of the run."""
        xs = [
            item.getData()[0]
            for plot in (*self.loss_panels, self.accuracy_plot)
            for item in plot.getPlotItem().listDataItems()
        ]
        finite = [x[np.isfinite(x)] for x in xs if x is not None and len(x)]
        values = np.concatenate(finite) if finite else np.zeros(0)
        if len(values):
            low, high = float(values.min()), float(values.max())
            for plot in (*self.loss_panels, self.accuracy_plot):
                plot.getPlotItem().setXRange(low, high if high > low else low + 1)

    @staticmethod
    def _plot(plot: LegendPlot, run: RunRecord, key: str, axis: str, index: int) -> None:
        series = run.series.get(key)
        if series is None or not len(series):
            return
        pen = curve_pen(index)
        # A run of one epoch has one test point: a dot, since a line needs two.
        dots = {"symbol": "o", "symbolBrush": pen.color(), "symbolPen": None}
        extra = dots if len(series) < 3 else {}
        plot.plot(series.x(axis), series.y, pen=pen, name=run.name, **extra)

    @staticmethod
    def _mark_changes(plot: LegendPlot, run: RunRecord, axis: str, index: int) -> None:
        """The run's mid-run changes, a dashed line each in the run's colour."""
        clock = run.series.get("batch_loss")
        if not run.changes or clock is None or not len(clock):
            return
        changes = [SettingChanged(c["updates"], c["name"], c["old"], c["new"]) for c in run.changes]
        pen = pg.mkPen(series_colour(index), width=1.5, style=Qt.PenStyle.DashLine)
        for x, text in mark_positions(changes, axis, clock):
            line = pg.InfiniteLine(
                pos=x,
                angle=90,
                pen=pen,
                label=text,
                labelOpts={"position": 0.9, "color": "#333333"},
            )
            plot.getPlotItem().addItem(line, ignoreBounds=True)

    def _hint_text(self) -> str:
        if self.load_error:
            text = self.tr("The saved run list could not be read: {e}")
            return text.format(e=self.load_error)
        if not len(self.library):
            return self.tr("Finished runs appear here. Tick runs to compare them.")
        return self.tr("Tick runs to overlay them; double-click a name to rename it.")

    def retranslate_ui(self) -> None:
        self.remove_button.setText(self.tr("Remove"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.loss_label.setText(self.tr("Loss:"))
        self.accuracy_label.setText(self.tr("Accuracy:"))
        self.axis_label.setText(self.tr("x axis:"))
        names = {
            "total_loss": self.tr("total loss L"),
            "train_loss": self.tr("mean training loss"),
            "batch_loss": self.tr("mini-batch loss"),
            "test_loss": self.tr("test loss"),
            "val_loss": self.tr("validation loss"),
            "test_accuracy": self.tr("test accuracy"),
            "train_accuracy": self.tr("training accuracy"),
            "batch_accuracy": self.tr("mini-batch accuracy"),
            "val_accuracy": self.tr("validation accuracy"),
            "updates": self.tr("updates"),
            "epochs": self.tr("epochs"),
            "seconds": self.tr("seconds"),
        }
        for box, keys in (
            (self.loss_box, LOSS_SERIES),
            (self.accuracy_box, ACCURACY_SERIES),
            (self.axis_box, AXES),
        ):
            index = max(0, box.currentIndex())
            box.blockSignals(True)
            box.clear()
            box.addItems([names[k] for k in keys])
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self.loss_family_names = {
            "cross-entropy": self.tr("cross-entropy"),
            "mean squared error": self.tr("mean squared error"),
        }
        self.accuracy_plot.setTitle(self.tr("Accuracy (all runs)"))
        self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
