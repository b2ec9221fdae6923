"""The Race view: small multiples on one time axis, driven by one Start/Pause/Step control."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from playground.data import Dataset
from playground.gui.concepts.race_view import RaceView
from playground.training import TrainingConfig
from playground.training.preparation import prepare
from playground.training.race_driver import RaceState

BASE = TrainingConfig(hidden=(8,), batch_size=30, epochs=2, seed=0)
TIMEOUT = 60_000


def _dataset() -> Dataset:
    rng = np.random.default_rng(0)
    prototypes = rng.uniform(0, 255, size=(10, 28, 28))
    y = (np.arange(300) % 10).astype(np.uint8)
    x = np.clip(prototypes[y] + rng.normal(0, 60, (300, 28, 28)), 0, 255).astype(np.uint8)
    return Dataset("Synthetic", x, y, x[:100], y[:100], tuple("0123456789"))


@pytest.fixture
def view(qtbot):
    widget = RaceView()
    widget.base, widget.data = BASE, prepare(_dataset(), BASE)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def _points(view) -> list[int]:
    return [len(p.getPlotItem().listDataItems()[0].getData()[0]) for p in view.plots]


def test_step_then_start_runs_every_network_to_the_end(view, qtbot):
    view.values_edit.setText("relu,tanh,sigmoid")
    with qtbot.waitSignal(view.tickDrawn, timeout=TIMEOUT):
        view.step_button.click()
    assert len(view.plots) == 3 and _points(view) == [1, 1, 1]
    assert view.driver.state is RaceState.PAUSED and view.status.text() == "Paused."
    assert view.start_button.isEnabled() and not view.pause_button.isEnabled()
    assert [p.getPlotItem().titleLabel.text.split(" — ")[0] for p in view.plots] == [
        "relu",
        "tanh",
        "sigmoid",
    ]
    with qtbot.waitSignal(view.finished, timeout=TIMEOUT):
        view.start_button.click()
    assert _points(view) == [20, 20, 20]  # 2 epochs of 300 examples in batches of 30
    ends = [p.getPlotItem().listDataItems()[0].getData()[0][-1] for p in view.plots]
    assert ends == [2.0, 2.0, 2.0]  # one time axis: epochs
    first = view.plots[0].getViewBox()
    assert all(p.getViewBox().linkedView(pg.ViewBox.XAxis) is first for p in view.plots[1:])
    assert view.status.text() == "Finished." and not view.start_button.isEnabled()
    for plot in view.plots:  # the shared scale shows every curve whole
        low, high = plot.getViewBox().viewRange()[1]
        y = plot.getPlotItem().listDataItems()[0].getData()[1]
        assert low <= y.min() and y.max() <= high


def test_losses_of_different_functions_keep_their_own_scale(view, qtbot):
    view.setting_box.setCurrentIndex(view.setting_box.findData("loss"))
    view.values_edit.setText("mse,categorical_crossentropy,sparse_categorical_crossentropy")
    with qtbot.waitSignal(view.tickDrawn, timeout=TIMEOUT):
        view.step_button.click()
    mse, ce, sparse = (p.getViewBox() for p in view.plots)
    assert mse.linkedView(pg.ViewBox.YAxis) is None and ce.linkedView(pg.ViewBox.YAxis) is None
    assert sparse.linkedView(pg.ViewBox.YAxis) is ce  # the two cross-entropies: one scale


def test_pause_holds_every_network_and_a_bad_value_is_named(view, qtbot):
    view.values_edit.setText("relu")
    view.step_button.click()
    assert "2 to 4" in view.status.text() and view.driver is None
    view.values_edit.setText("relu,tanh")
    view.slow_box.setValue(0.05)
    with qtbot.waitSignal(view.tickDrawn, timeout=TIMEOUT):
        view.start_button.click()
    view.pause_button.click()
    driver = view.driver
    qtbot.waitUntil(lambda: driver.state is RaceState.PAUSED and not driver.busy, timeout=TIMEOUT)
    updates = [v.updates for v in view.driver.race.variants]
    assert updates[0] == updates[1] < 20  # in lockstep, and held before the end
    view.new_button.click()
    assert view.driver is None and view.plots == [] and view.start_button.isEnabled()
