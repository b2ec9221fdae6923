import csv

import numpy as np
import pytest

from playground.gui.concepts.run_comparison import RunComparisonView
from playground.training.config import TrainingConfig
from playground.training.history import Series
from playground.training.runs import RunRecord


def record(name, rate, optimizer, loss_name="categorical_crossentropy", scale=1.0):
    updates = np.arange(1.0, 51.0)
    loss = scale * 2.3 * np.exp(-rate * updates)
    acc = 1 - loss / 2.3
    curve = lambda y: Series(updates, updates / 10, updates * 0.1, y, y, y)  # noqa: E731
    series = {"total_loss": curve(loss), "test_accuracy": curve(acc)}
    config = TrainingConfig(hidden=(32,), optimizer=optimizer, loss=loss_name)
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
    assert labels(again.loss_plot) == []  # an earlier session's runs wait unticked
    again.set_checked("SGD (2)", True)
    assert labels(again.loss_plot) == ["SGD (2)"]


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


def test_losses_of_different_functions_get_their_own_panels(view):
    view.add_run(record("MSE", 0.01, "sgd", loss_name="mse", scale=0.04))
    view.add_run(record("CE", 0.05, "sgd"))
    view.add_run(record("sparse CE", 0.1, "adam", loss_name="sparse_categorical_crossentropy"))
    shown = [p for p in view.loss_panels if p.isVisibleTo(view)]
    assert len(shown) == 2
    assert [labels(p) for p in shown] == [["MSE"], ["CE", "sparse CE"]]  # one scale each
    assert [p.plot_item.titleLabel.text for p in shown] == [
        "Loss: mean squared error",
        "Loss: cross-entropy",
    ]
    assert labels(view.accuracy_plot) == ["MSE", "CE", "sparse CE"]  # accuracy: one scale
    # One x range for all panels, whatever their widths (a pixel link would cut the narrow one).
    ranges = [p.getPlotItem().viewRange()[0] for p in (*shown, view.accuracy_plot)]
    assert all(r == pytest.approx(ranges[0]) for r in ranges)
    assert ranges[0][0] <= 1 and ranges[0][1] >= 50
    view.set_checked("MSE", False)
    assert [labels(p) for p in view.loss_panels if p.isVisibleTo(view)] == [["CE", "sparse CE"]]


def test_twelve_runs_get_twelve_colours(view):
    for i in range(12):
        view.add_run(record(f"r{i}", 0.01 * (i + 1), "sgd"))
    pens = [item.opts["pen"] for item in view.loss_plot.getPlotItem().listDataItems()]
    assert len({(p.color().name(), p.style()) for p in pens}) == 12
    assert len({p.color().name() for p in pens}) == 12


class _Session:
    """What the view reads of a finished run."""

    def __init__(self, config):
        self.config, self.updates, self.epoch, self.elapsed = config, 10, 1, 1.0
        self.samples_per_second = 100.0

    def history_series(self):
        from playground.training.runs import SERIES_NAMES

        curve = record("x", 0.1, self.config.optimizer).series["total_loss"]
        return dict.fromkeys(SERIES_NAMES, curve)


def test_runs_are_named_after_their_preset_or_what_differs(view):
    demo = TrainingConfig(hidden=(500, 500), activation="sigmoid", optimizer="sgd", loss="mse")
    view.presets = [("The lecture's Keras demo", demo)]
    demo3 = demo.replace(epochs=3)  # a preset whatever the number of epochs
    first = view.add_session_run(_Session(demo3))
    second = view.add_session_run(_Session(demo3.replace(activation="relu")))
    third = view.add_session_run(_Session(demo3.replace(activation="relu", learning_rate=0.1)))
    assert [first.name, second.name, third.name] == ["The lecture's Keras demo", "relu", "lr 0.1"]
    again = view.add_session_run(_Session(demo3.replace(activation="relu", learning_rate=0.1)))
    assert again.name.startswith("500-500 relu, mean squared error, sgd lr 0.1")


def test_only_the_newest_runs_are_kept_across_sessions(tmp_path, qtbot):
    from playground.training.runs import MAX_KEPT_RUNS, RunLibrary

    path = tmp_path / "runs.json"
    library = RunLibrary(record(f"run {i}", 0.01, "sgd") for i in range(MAX_KEPT_RUNS + 3))
    path.write_text(library.to_json(), encoding="utf-8")
    widget = RunComparisonView(library_path=path)
    qtbot.addWidget(widget)
    assert widget.library.names()[0] == "run 3" and len(widget.library) == MAX_KEPT_RUNS
    assert "3 older ones were let go" in widget.hint.text()
    assert RunLibrary.from_json(path.read_text(encoding="utf-8")).names()[0] == "run 3"


def test_changes_made_mid_run_are_marked_in_the_runs_colour(view):
    import pyqtgraph as pg

    from playground.gui.palette import series_colour

    run = record("SGD", 0.01, "sgd")
    run.series["batch_loss"] = run.series["total_loss"]  # its per-update clock
    run.changes = [{"updates": 20, "name": "learning_rate", "old": 0.1, "new": 0.01}]
    view.add_run(record("Adam", 0.1, "adam"))
    view.add_run(run)
    for plot in (view.loss_plot, view.accuracy_plot):
        lines = [i for i in plot.getPlotItem().items if isinstance(i, pg.InfiniteLine)]
        assert [(line.value(), line.label.toPlainText()) for line in lines] == [(20, "lr 0.1→0.01")]
        assert lines[0].pen.color() == pg.mkColor(series_colour(1))  # the second run's colour
    view.axis_box.setCurrentIndex(1)  # epochs: 10 updates an epoch
    lines = [i for i in view.loss_plot.getPlotItem().items if isinstance(i, pg.InfiniteLine)]
    assert [line.value() for line in lines] == [pytest.approx(2.0)]
