"""The Backpropagation tab in the real window traces the session's network after a Step,
on the session's test digits, without moving that network."""

from __future__ import annotations

import numpy as np

TIMEOUT = 60_000


def test_step_then_trace_the_sessions_network(make_window, qtbot):
    window = make_window(host_extras=True)
    window.ensure_extras()
    view = window.views.host.view("backprop")
    assert view is not None
    assert "Backpropagation" in [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.actions_by_name["actionStep"].trigger()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )
    window.show_view("backprop")
    view.mnist_button.setChecked(True)
    qtbot.waitUntil(lambda: view.mnist.trace is not None, timeout=TIMEOUT)
    before = window.session.model.get_weights()
    digit = view.mnist.digit_box.value()
    expected = window.session.dataset.x_test[digit].reshape(-1) / 255.0
    np.testing.assert_allclose(view.mnist.trace.layers[0].inputs[0], expected, atol=1e-6)
    view.mnist.go(len(view.mnist.stage_list) - 1)
    assert view.mnist.trace.optimizer_name == "adam" and view.mnist.trace.iteration == 2
    for a, b in zip(before, window.session.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    window.stop()
