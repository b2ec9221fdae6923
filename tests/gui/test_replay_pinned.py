"""Pinned digits in the window: their probabilities over the recorded run, with the moments
each was learned."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

TIMEOUT = 60_000


def test_pinned_digits_follow_the_recorded_run(make_window, tmp_path, qtbot):
    window = make_window(host_extras=True)
    window.ensure_extras()
    window.runner.record_to = str(tmp_path)
    window.replay_bar.root = tmp_path
    view = window.views.host.view("pinned")
    assert view is not None
    view.pin_drawn_digit()  # nothing drawn yet: said, nothing pinned
    assert view.pins == [] and "Draw a digit" in view.message.text()

    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.replay_bar.run_box.count() == 1, timeout=TIMEOUT)
    view.pin_test_digit(0)
    view.pin_test_digit(7)
    history = view.history
    [run] = window.replay_bar.runs
    assert history.updates.tolist() == run.moments
    assert history.probabilities.shape == (len(run.moments), 2, 10)
    assert history.labels.tolist() == [int(window.session.y_test_labels[i]) for i in (0, 7)]
    final = window.session.model.predict(window.session.x_test[[0, 7]])
    np.testing.assert_allclose(history.probabilities[-1], final, rtol=1e-5, atol=1e-6)
    plots = [item for item in view.plots.ci.items if hasattr(item, "listDataItems")]
    assert len(plots) == 2 and len(plots[0].listDataItems()) == 10
    view.clear()
    assert view.pins == [] and view.history is None

    # A setting changed between two epochs is marked on the pinned digits' time axis.
    window.training_panel.batch_size.setValue(25)
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 2, timeout=TIMEOUT)
    view.pin_test_digit(0)
    [run] = window.replay_bar.runs
    assert [e["name"] for e in run.events] == ["batch_size"]
    plot = next(item for item in view.plots.ci.items if hasattr(item, "listDataItems"))
    lines = [i for i in plot.items if isinstance(i, pg.InfiniteLine) and hasattr(i, "label")]
    assert [(line.value(), line.label.toPlainText()) for line in lines] == [(20, "batch 50→25")]


def test_branches_are_drawn_together_with_the_branch_point(make_window, tmp_path, qtbot):
    window = make_window(host_extras=True)
    window.ensure_extras()
    window.runner.record_to = str(tmp_path)
    bar = window.replay_bar
    bar.root = tmp_path
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: bar.run_box.count() == 1, timeout=TIMEOUT)
    bar.choose(0)
    bar.slider.setValue(bar.scrubber.moments.index(20))
    window.stop()
    window.apply_config(window.current_config().replace(learning_rate=0.01))
    bar.branch_here()
    window.add_epoch()
    qtbot.waitUntil(lambda: window.state == "paused" and window.session.epoch == 2, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: bar.run_box.count() == 2, timeout=TIMEOUT)

    view = window.views.host.view("branches")
    window.show_view("branches")
    qtbot.waitUntil(lambda: len(view.drawn) == 2, timeout=TIMEOUT)
    original, branch = view.drawn
    assert bar.runs[0].folder.name == branch and bar.runs[1].folder.name == original
    curves = view.plot.listDataItems()
    assert [c.xData[0] for c in curves] == [1, 21]  # the branch draws only what it added
    marks = [i for i in view.plot.items if isinstance(i, pg.InfiniteLine)]
    assert [m.value() for m in marks] == [20]
    assert "2 runs" in view.message.text()
    # Both runs named in the legend, which sits under the plot rather than over its curves.
    names = [label.text for _sample, label in view.legend.items]
    assert len(names) == 2 and "(from update 20)" in names[1]
    qtbot.waitUntil(
        lambda: view.legend.sceneBoundingRect().top() >= view.plot.sceneBoundingRect().bottom(),
        timeout=TIMEOUT,
    )
