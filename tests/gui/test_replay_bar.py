"""The replay bar: a run recorded by the window's trainer replays in every view to what the
views were given at that moment; Live goes back to the run."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from playground.training.history import Series
from playground.training.snapshot import DisplayPredictions, Histogram, Snapshot

TIMEOUT = 60_000
# Predictions are products the trainer computed with its own BLAS threads and the window with
# its own: the same weights give float32 results that may differ in the last bit.
BLAS_ROUNDED = {"snapshot.display.confidence", "snapshot.display.probabilities"}


def assert_same(a, b, path: str = "snapshot") -> None:
    """Every number of two snapshots equal (NaN equal to NaN)."""
    if isinstance(a, (Snapshot, Series, Histogram, DisplayPredictions)):
        for f in dataclasses.fields(a):
            assert_same(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif path in BLAS_ROUNDED:
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7, err_msg=path)
    elif isinstance(a, np.ndarray):
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), path
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and np.isnan(a):
        assert isinstance(b, float) and np.isnan(b), path
    else:
        assert a == b, path


@pytest.fixture
def recording_window(make_window, tmp_path):
    window = make_window()
    window.runner.record_to = str(tmp_path)
    window.replay_bar.root = tmp_path
    return window


def test_a_recorded_epoch_replays_in_the_views(recording_window, qtbot):
    window, bar = recording_window, recording_window.replay_bar
    drawn: dict[int, Snapshot] = {}
    feed = window.views.host.feed_snapshot

    def keep_drawn(widget, snapshot):
        drawn[snapshot.updates] = snapshot
        feed(widget, snapshot)

    window.views.host.feed_snapshot = keep_drawn
    window.show_view("weights")  # the view that asks for the gradient norms a replay holds
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: 20 in drawn, timeout=TIMEOUT)
    live = drawn[20]  # what the views were given when the epoch's pause came
    qtbot.waitUntil(lambda: bar.run_box.count() == 1, timeout=TIMEOUT)
    [run] = bar.runs
    assert run.moments[0] == 0 and run.moments[-1] == 20
    assert "20 updates" in bar.run_box.itemText(0)

    bar.choose(0)
    assert window.views.replaying and bar.slider.value() == len(run.moments) - 1
    replayed = drawn[20]
    assert replayed is not live
    assert_same(replayed, live)

    bar.slider.setValue(0)  # the scrubber to the start: untrained
    assert window.views.last_drawn == 0
    assert len(drawn[0].batch_loss) == 0
    qtbot.keyClick(window, "]")  # a key steps to the next moment
    assert window.views.last_drawn == run.moments[1]

    bar.go_live()
    assert not window.views.replaying
    assert window.views.last_drawn == 20


def test_damaged_runs_are_named_and_the_rest_listed(recording_window, tmp_path, qtbot):
    window, bar = recording_window, recording_window.replay_bar
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "run.json").write_text("{not json")
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: bar.run_box.count() == 1, timeout=TIMEOUT)
    assert any("broken" in p for p in bar.problems)
    assert "broken" in window.statusBar().currentMessage()
    bar.delete_current()
    assert bar.run_box.count() == 0 and [p.name for p in tmp_path.iterdir()] == ["broken"]


def test_a_branch_without_changes_continues_the_run_bit_for_bit(recording_window, qtbot):
    window, bar = recording_window, recording_window.replay_bar
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 2, timeout=TIMEOUT)
    straight = [w.copy() for w in window.session.model.get_weights()]
    straight_loss = window.session.snapshot().batch_loss.y.copy()
    qtbot.waitUntil(lambda: bar.run_box.count() == 1, timeout=TIMEOUT)
    bar.choose(0)
    bar.slider.setValue(bar.scrubber.moments.index(20))  # the first epoch's end

    bar.branch_here()
    assert not window.views.replaying
    assert window.session.updates == 20
    assert window.session.snapshot().batch_loss.y.tolist() == straight_loss[:20].tolist()
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 2, timeout=TIMEOUT)
    assert window.session.updates == 40
    for a, b in zip(straight, window.session.model.get_weights(), strict=True):
        assert np.array_equal(a, b)
    assert window.session.snapshot().batch_loss.y.tolist() == straight_loss.tolist()
    qtbot.waitUntil(lambda: bar.run_box.count() == 2, timeout=TIMEOUT)
    branch = bar.runs[0]
    assert branch.header["branch_of"] == {"run": bar.runs[1].folder.name, "updates": 20}


def test_a_branch_takes_the_changed_learning_rate(recording_window, qtbot):
    window, bar = recording_window, recording_window.replay_bar
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: bar.run_box.count() == 1, timeout=TIMEOUT)
    bar.choose(0)
    bar.slider.setValue(bar.scrubber.moments.index(20))
    window.stop()
    window.apply_config(window.current_config().replace(learning_rate=0.01))
    bar.branch_here()
    assert window.session.config.learning_rate == 0.01
    assert window.session.snapshot().learning_rate_changes[-1] == (20, 0.01)
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 21, timeout=TIMEOUT
    )


def test_play_runs_through_the_moments_to_the_end(recording_window, qtbot):
    window, bar = recording_window, recording_window.replay_bar
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: bar.run_box.count() == 1, timeout=TIMEOUT)
    bar.choose(0)
    bar.slider.setValue(0)
    bar.speed_box.setCurrentIndex(bar.speed_box.count() - 1)  # 50×
    assert bar.speed_box.currentText() == "50×"
    shown = []
    window.views.snapshotDrawn.connect(shown.append)
    bar.toggle_play()
    assert bar.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not bar.scrubber.playing, timeout=TIMEOUT)
    assert shown[-1] == 20 and shown == sorted(shown)
    assert bar.slider.value() == bar.slider.maximum()
    assert bar.play_button.text() == "Play"
