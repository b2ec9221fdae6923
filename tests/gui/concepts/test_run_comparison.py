import csv

import numpy as np
import pytest

from playground.gui.concepts.run_comparison import RunComparisonView
from playground.training.config import TrainingConfig
from playground.training.history import Series
from playground.training.runs import RunRecord


def record(name, rate, optimizer):
    updates = np.arange(1.0, 51.0)
    loss = 2.3 * np.exp(-rate * updates)
    acc = 1 - loss / 2.3
    curve = lambda y: Series(updates, updates / 10, updates * 0.1, y, y, y)  # noqa: E731
    series = {"total_loss": curve(loss), "test_accuracy": curve(acc)}
    config = TrainingConfig(hidden=(32,), optimizer=optimizer)
    return RunRecord(name, config, series, {"test_accuracy": float(acc[-1])})


@pytest.fixture
def view(qtbot, tmp_path):
    widget = RunComparisonView(library_path=tmp_path / "runs.json")
    qtbot.addWidget(widget)
    return widget


def labels(plot):
    return [item.name() for item in plot.getPlotItem().listDataItems()]


def test_two_runs_overlay_with_labels(view):
    view.add_run(record("SGD", 0.01, "sgd"))
    view.add_run(record("Adam", 0.1, "adam"))
    assert labels(view.loss_plot) == ["SGD", "Adam"]
    assert labels(view.accuracy_plot) == ["SGD", "Adam"]
    legend = [label.text for _, label in view.loss_plot.getPlotItem().legend.items]
    assert legend == ["SGD", "Adam"]
    view.set_checked("SGD", False)
    assert labels(view.loss_plot) == ["Adam"]
    x, _ = view.loss_plot.getPlotItem().listDataItems()[0].getData()
    assert x[-1] == 50  # updates on the x axis
    view.axis_box.setCurrentIndex(2)  # seconds
    x, _ = view.loss_plot.getPlotItem().listDataItems()[0].getData()
    assert x[-1] == pytest.approx(5.0)


def test_run_list_is_saved_and_restored(view, tmp_path, qtbot):
    view.add_run(record("SGD", 0.01, "sgd"))
    view.add_run(record("SGD", 0.02, "sgd"))  # a taken name is made unique
    again = RunComparisonView(library_path=tmp_path / "runs.json")
    qtbot.addWidget(again)
    assert again.library.names() == ["SGD", "SGD (2)"]
    assert labels(again.loss_plot) == ["SGD", "SGD (2)"]


def test_rename_and_remove(view):
    view.add_run(record("Run 1", 0.01, "sgd"))
    item = view.run_list.item(0)
    item.setText("Keras demo")
    assert view.library.names() == ["Keras demo"]
    assert labels(view.loss_plot) == ["Keras demo"]
    item.setSelected(True)
    view.remove_button.click()
    assert len(view.library) == 0 and view.run_list.count() == 0


def test_csv_export(view, tmp_path):
    view.add_run(record("SGD", 0.01, "sgd"))
    view.add_run(record("Adam", 0.1, "adam"))
    out = tmp_path / "runs.csv"
    view.export_csv(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["run"] for r in rows} == {"SGD", "Adam"}
    assert len(rows) == 2 * 2 * 50
    summary = list(csv.DictReader((tmp_path / "runs-summary.csv").open(encoding="utf-8")))
    assert [r["optimizer"] for r in summary] == ["sgd", "adam"]


def test_a_damaged_saved_list_does_not_stop_the_view(tmp_path, qtbot):
    path = tmp_path / "runs.json"
    path.write_text("{broken", encoding="utf-8")
    widget = RunComparisonView(library_path=path)
    qtbot.addWidget(widget)
    assert len(widget.library) == 0
    assert "could not be read" in widget.hint.text()
    assert widget.run_list.count() == 0
    assert widget.remove_button.isEnabled()
