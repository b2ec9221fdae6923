import numpy as np
import pytest

from playground.gui.concepts.speed_lab import SpeedLabView
from playground.training.config import TrainingConfig


@pytest.fixture
def view(qtbot):
    rng = np.random.default_rng(0)
    x = rng.random((400, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 400)]
    config = TrainingConfig(hidden=(16,), activation="relu", optimizer="sgd", learning_rate=0.1)
    widget = SpeedLabView()
    widget.set_data(config, x, y)
    widget.samples_box.setValue(200)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def test_speed_lab_fills_its_table(view, qtbot):
    assert "200" in view.plan.text()  # the fixed sample count is said plainly
    with qtbot.waitSignal(view.finished, timeout=60000):
        view.start()
    assert view.table.rowCount() == 5
    sizes = [view.table.item(r, 0).text() for r in range(5)]
    assert sizes[:4] == ["1", "10", "100", "1,000"] or sizes[:3] == ["1", "10", "100"]
    updates_per_epoch = [int(view.table.item(r, 1).text().replace(",", "")) for r in range(5)]
    assert updates_per_epoch == [400, 40, 4, 1, 1]
    for r, result in enumerate(view.results):
        # samples per second: the examples trained over the time they took (not updates)
        assert result.samples >= result.updates * min(result.batch_size, 200)
        shown = float(view.table.item(r, 3).text().replace(",", ""))
        assert shown == pytest.approx(result.samples / result.seconds, abs=0.5)
        assert float(view.table.item(r, 4).text().replace(",", "")) == result.updates
    assert "scaled" in view.table.item(0, 2).text()  # 200 of 400 examples: scaled up
    assert len(view.by_updates.getPlotItem().listDataItems()) == 5
    assert len(view.by_seconds.getPlotItem().listDataItems()) == 5
    assert view.run_button.isEnabled()


def test_cancel_stops_the_measurement(view, qtbot):
    view.full_epoch.setChecked(True)
    with qtbot.waitSignal(view.finished, timeout=60000):
        view.start()
        view.cancel()
    assert view.table.rowCount() < 5
    assert not view.is_running()
