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
    widget.samples_box.setValue(200)  # below the lab's least: held at 10,000, one full epoch
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def test_speed_lab_fills_its_table(view, qtbot):
    assert view.samples_box.value() == 10_000
    assert "one full epoch (400 examples)" in view.plan.text()
    assert "timed 3 times" in view.plan.text()
    rates = view.rates.text()  # batch size 1 gets a tenth of the configured 0.1, said on screen
    assert "1: 0.01," in rates and "100: 0.1," in rates and "stays stable" in rates
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
        assert len(result.repeat_seconds) == 3
        low, high = result.spread
        shown_seconds = f"{result.seconds_per_epoch:.2f} ({low:.2f}–{high:.2f})"
        assert view.table.item(r, 2).text() == shown_seconds
        assert view.table.item(r, 5).text() == f"{result.learning_rate:.3g}"
    rates = [r.learning_rate for r in view.results][:3]
    assert rates == pytest.approx([0.01, 0.1 / 10**0.5, 0.1])
    # one bar per batch size in each bar chart, the seconds with their spread
    assert view.bars.results == view.results
    bars = [i for i in view.bars.seconds.items if type(i).__name__ == "BarGraphItem"]
    heights = list(bars[0].opts["height"])
    assert len(bars) == 1 and heights == pytest.approx([r.seconds_per_epoch for r in view.results])
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
