"""What a lecturer does in front of a class: zoom into a live plot, present with keys only,
leave presentation mode and find the window as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from playground.gui import i18n, palette
from playground.gui.views.plot_style import text_size

TIMEOUT = 20_000


def _train(window, qtbot, updates: int) -> None:
    window.step()
    if updates > 1:
        window.controller.control.request_steps(updates - 1)
    qtbot.waitUntil(
        lambda: window.session.updates >= updates and window.state == "paused", timeout=TIMEOUT
    )
    window.views.refresh(force=True)
    qtbot.waitUntil(lambda: window.views.last_drawn >= window.session.updates, timeout=TIMEOUT)


def test_a_zoom_holds_while_training_until_follow(window, qtbot):
    view = window.loss_view
    window.show_view("loss")
    _train(window, qtbot, 5)
    vb = view.loss_plot.vb
    vb.setXRange(1, 3, padding=0)
    vb.sigRangeChangedManually.emit([True, False])  # what a wheel zoom emits
    assert not view.follow.following()
    _train(window, qtbot, 25)
    assert vb.viewRange()[0] == pytest.approx([1, 3])
    view.follow.setChecked(True)  # the button, or a double click on the plot
    lo, hi = vb.viewRange()[0]
    assert lo < 0 and hi >= 25


def test_one_step_shows_points_on_a_whole_update_axis(window, qtbot):
    window.show_view("weights")
    _train(window, qtbot, 1)
    view = window.weights_view
    x, _ = view.grad_curves[0].getData()
    assert len(x) == 1 and view.grad_curves[0].opts["symbol"] == "o"  # a dot, not nothing
    assert view.grad_plot.vb.viewRange()[0][1] >= 10  # ticks at whole updates


def test_layers_get_twelve_distinct_colours_and_no_yellow():
    colours = [palette.layer_colour(i) for i in range(palette.MAX_LAYERS)]
    assert len(set(colours)) == 12
    for colour in colours:
        r, g, b = palette.rgb(colour)
        assert not (r > 200 and g > 200 and b < 120), f"{colour} is yellow"
    assert palette.line_style(0) == Qt.PenStyle.SolidLine
    assert palette.line_style(11) == Qt.PenStyle.DashLine


def test_presentation_keys_load_presets_switch_language_and_restore_geometry(make_window, qtbot):
    window = make_window(host_extras=True)
    window.ensure_extras()  # presets, concept views and presentation mode
    window.move(20, 30)
    QCoreApplication.processEvents()
    before = window.geometry()
    app = QApplication.instance()
    body = app.font().pointSizeF()
    mode = window.presentation
    mode.set_enabled(True)
    try:
        # Plot text grows with the rest of the window.
        assert float(text_size().removesuffix("pt")) == pytest.approx(
            body * mode.font_scale, rel=0.01
        )
        title = window.weights_view.grad_plot.titleLabel
        assert float(title.opts["size"].removesuffix("pt")) >= body * mode.font_scale
        # 3 loads the third preset with its note; A changes the hidden activation.
        qtbot.keyClick(window, Qt.Key.Key_3)
        preset = window.presets_menu.presets[2]
        assert window.current_config().activation == preset.training_config().activation
        assert window.presets_menu.notes.isVisible()
        box = window.model_panel.activation
        first = box.currentIndex()
        qtbot.keyClick(window, Qt.Key.Key_A)
        assert box.currentIndex() == (first + 1) % box.count()
        # L switches the language at once.
        qtbot.keyClick(window, Qt.Key.Key_L)
        qtbot.waitUntil(lambda: window.tabs.tabText(0) == "損失")
        rows = dict(mode.key_rows())
        assert {"1 … 7", "L", "A"} <= set(rows)
    finally:
        i18n.install_translators(app, "en")
        mode.set_enabled(False)
    QCoreApplication.processEvents()
    # As it was, as far as the screen allows: never left larger than the screen.
    screen = window.screen().availableGeometry()
    now = window.geometry()
    assert screen.contains(now)
    assert now.width() == min(before.width(), screen.width())
    assert now.height() == min(before.height(), screen.height())
    assert app.font().pointSizeF() == pytest.approx(body)
