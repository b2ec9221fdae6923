"""Export, remembered settings, the panels' arithmetic, and the screenshot command."""

from __future__ import annotations

import argparse

TIMEOUT = 60_000


def test_model_summary_counts_parameters(window):
    panel = window.model_panel
    panel.set_hidden((500, 500))
    panel.activation.setCurrentIndex(panel.activation.findData("relu"))
    assert panel.total_params == 784 * 500 + 500 + 500 * 500 + 500 + 500 * 10 + 10
    assert "dense_3" in panel.summary.text()
    panel.activation.setCurrentIndex(panel.activation.findData("maxout"))
    assert panel.maxout_pieces.isVisible() and not panel.elu_alpha.isVisible()
    assert panel.total_params == (785 * 1000) + (501 * 1000) + 501 * 10


def test_batch_size_slider_is_logarithmic_and_exact(window):
    bs = window.training_panel.batch_size
    assert bs.maximum() == 1000
    bs.slider.setValue(bs.slider.maximum())
    assert bs.value() == 1000
    bs.slider.setValue(0)
    assert bs.value() == 1
    bs.slider.setValue(bs.slider.maximum() // 2)
    assert 25 <= bs.value() <= 40  # sqrt(1000) on a log scale
    bs.setValue(77)
    assert bs.value() == 77
    assert "13 updates per epoch" in window.training_panel.updates_label.text()


def test_export_current_plot_as_png_and_svg(window, qtbot, tmp_path, dialogs_seen):
    window.step()
    qtbot.waitUntil(lambda: window.state == "paused", timeout=TIMEOUT)
    for key in ("loss", "predictions"):
        window.show_view(key)
        png, svg = tmp_path / f"{key}.png", tmp_path / f"{key}.svg"
        assert window.files.export_plot(png), dialogs_seen
        assert window.files.export_plot(svg), dialogs_seen
        assert png.read_bytes()[:4] == b"\x89PNG"
        assert "<svg" in svg.read_text(encoding="utf-8", errors="replace")[:2000]
    window.stop()


def test_settings_and_layout_are_remembered(make_window, qtbot):
    from playground.gui import window_settings
    from playground.gui.main_window import MainWindow

    first = make_window(hidden=(12, 34), activation="tanh", batch_size=25)
    first.slow_motion.setValue(150)
    first.ensure_views()
    first.tabs.setCurrentIndex(1)
    window_settings.save(first)
    second = MainWindow(restore_settings=True, host_extras=False)
    try:
        cfg = second.current_config()
        assert cfg.hidden == (12, 34) and cfg.activation == "tanh" and cfg.batch_size == 25
        assert cfg.train_size == 1000
        assert second.slow_motion.value() == 150
        second.ensure_views()  # the plot views are built after the first paint
        assert second.tabs.currentIndex() == 1
    finally:
        second.close()
        second.deleteLater()


def test_lecture_views_are_hosted_as_tabs(make_window):
    window = make_window(host_extras=True)
    window.ensure_extras()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:3] == ["Loss", "Weights", "Predictions"]


def test_screenshot_command_saves_the_trained_window(qapp, tmp_path, mnist):
    from PySide6.QtGui import QImage

    from playground.gui import screenshot
    from playground.training.dataset_cache import shared_datasets

    shared_datasets().put("mnist", mnist)
    parser = argparse.ArgumentParser()
    screenshot.add_arguments(parser)
    out = tmp_path / "shot.png"
    args = parser.parse_args(
        [
            str(out),
            "--view",
            "weights",
            "--train-batches",
            "5",
            "--size",
            "1200x800",
            "--train-size",
            "500",
            "--hidden",
            "32",
        ]
    )
    assert screenshot.main(args) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
