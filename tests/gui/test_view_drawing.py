"""Live views redraw only what changed: the digit grid and the confusion matrix keep a picture,
the weights view skips unchanged histograms and images, and plot ranges move in steps."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtGui import QImage

from playground.gui.views.plot_style import nice_step, stepped_range
from playground.gui.views.predictions_view import ConfusionMatrix, DigitGrid
from playground.gui.views.weights_view import WeightsView
from playground.training.history import Series
from playground.training.snapshot import Histogram

# -- plot ranges ------------------------------------------------------------------------------


def test_nice_step_rounds_up_to_1_2_2_5_5():
    assert nice_step(0.03) == pytest.approx(0.05)
    assert nice_step(0.011) == pytest.approx(0.02)
    assert nice_step(0.2) == pytest.approx(0.2)
    assert nice_step(0.21) == pytest.approx(0.25)
    assert nice_step(6.0) == pytest.approx(10.0)


def test_stepped_range_holds_while_the_data_fit_and_moves_when_they_leave():
    first = stepped_range(None, -0.1, 0.1)
    a, b = first
    assert a <= -0.1 - 0.02 * 0.2 and b >= 0.1 + 0.02 * 0.2
    assert 0.75 * (b - a) <= 0.2  # the data fill most of it
    unit = nice_step(0.05 * 0.2)
    assert math.isclose(a / unit, round(a / unit)) and math.isclose(b / unit, round(b / unit))
    # A little growth: the same range (the axis is not redrawn).
    assert stepped_range(first, -0.101, 0.1005) == first
    # Out of the range, or the data shrank to a small part of it: a new range around them.
    wider = stepped_range(first, -0.2, 0.2)
    assert wider != first and wider[0] < -0.2 and wider[1] > 0.2
    narrower = stepped_range(wider, -0.05, 0.05)
    assert narrower[1] - narrower[0] < 0.15


# -- digit grid -------------------------------------------------------------------------------


def _cells(n: int = 48, seed: int = 0):
    rng = np.random.default_rng(seed)
    images = rng.random((n, 28, 28), dtype=np.float32)
    pred = rng.integers(0, 10, n)
    conf = rng.uniform(0.3, 1.0, n).astype(np.float32)
    right = rng.random(n) > 0.3
    return images, np.arange(n), pred, conf, right


def _grid(qtbot, *cells, names=None) -> DigitGrid:
    grid = DigitGrid()
    if names is not None:
        grid.class_names = names
    qtbot.addWidget(grid)
    grid.resize(640, 500)
    grid.set_cells(*cells)
    return grid


def _picture(widget) -> QImage:
    """What the widget shows: grab() runs its paint event now, as the screen would."""
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_digit_grid_redraws_only_cells_that_changed(qtbot):
    images, idx, pred, conf, right = _cells()
    grid = _grid(qtbot, images, idx, pred, conf, right)
    _picture(grid)
    assert grid.cells_drawn == 48
    grid.set_cells(images.copy(), idx, pred.copy(), conf.copy(), right.copy())
    _picture(grid)
    assert grid.cells_drawn == 48  # the same digits and labels: nothing drawn again
    conf2 = conf.copy()
    conf2[5] = 0.5 if conf[5] > 0.6 else 0.9
    right2 = right.copy()
    right2[7] = not right[7]
    grid.set_cells(images, idx, pred, conf2, right2)
    picture = _picture(grid)
    assert grid.cells_drawn == 50
    # Cell by cell, the picture ends as a grid painted afresh with the new data does.
    fresh = _grid(qtbot, images, idx, pred, conf2, right2)
    assert picture == _picture(fresh)
    assert picture != _picture(_grid(qtbot, images, idx, pred, conf, right))


def test_digit_grid_selection_and_fewer_cells_look_like_a_fresh_grid(qtbot):
    images, idx, pred, conf, right = _cells()
    grid = _grid(qtbot, images, idx, pred, conf, right)
    _picture(grid)
    grid.selected = 3
    grid.update()
    _picture(grid)
    assert grid.cells_drawn == 49
    # Mistakes only: other digits, fewer of them; the cells left over must be blank.
    few = (images[10:20], idx[10:20], pred[10:20], conf[10:20], right[10:20])
    grid.set_cells(*few)
    fresh = _grid(qtbot, *few)
    fresh.selected = 3
    assert _picture(grid) == _picture(fresh)


def test_long_class_names_cut_at_their_cells_draw_like_a_fresh_grid(qtbot):
    names = tuple(f"a rather long class name {i}" for i in range(10))
    images, idx, pred, conf, right = _cells(seed=1)
    grid = _grid(qtbot, images, idx, pred, conf, right, names=names)
    _picture(grid)
    pred2 = pred.copy()
    pred2[9] = (pred[9] + 1) % 10
    grid.set_cells(images, idx, pred2, conf, right)
    fresh = _grid(qtbot, images, idx, pred2, conf, right, names=names)
    assert _picture(grid) == _picture(fresh)


def test_a_small_grid_in_a_large_font_shows_fewer_digits_whole_and_legible(qtbot):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QFont

    images, idx, pred, conf, right = _cells()
    grid = _grid(qtbot, images, idx, pred, conf, right)
    assert grid.columns() == 8 and grid.label_fits()
    big = QFont(grid.font())
    big.setPixelSize(21)  # a 13 px body font × 1.6, as presentation mode sets it
    grid.setFont(big)
    grid.resize(540, 480)  # the grid's share of a 1024 × 768 projector
    assert grid.columns() < 8
    assert grid.label_fits()
    _picture(grid)
    assert grid.painted_font.pixelSize() >= 21  # never smaller than the body text
    assert grid.capacity() == grid.columns() * grid.rows() < 48  # fewer digits ...
    _font, rects = grid._layout()
    for _cell, image, label in rects:  # ... each at least twice as high as its label
        assert image.height() >= 2 * label.height() - 1
    # A click lands on the digit drawn there in the new shape: the second row's first cell.
    columns = grid.columns()
    cell_h = grid.height() / grid.rows()
    with qtbot.waitSignal(grid.digitClicked) as clicked:
        qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=QPointF(5, cell_h + 5).toPoint())
    assert clicked.args == [columns]
    # Eight columns cut these labels: the check that guards it does see a cut.
    grid.columns = lambda: 8
    grid._geometry = None
    assert not grid.label_fits()


def test_svg_export_of_the_grid_keeps_its_labels_as_text(qtbot, tmp_path):
    from playground.gui.plot_export import export_view

    images, idx, pred, conf, right = _cells(8)
    conf[:] = 0.87
    grid = _grid(qtbot, images, idx, pred, conf, right)
    _picture(grid)  # the on-screen picture exists; the SVG must not be that bitmap
    path = tmp_path / "grid.svg"
    export_view(grid, path)
    svg = path.read_text()
    assert svg.count("87%") == 8


# -- confusion matrix ------------------------------------------------------------------------


def test_confusion_matrix_picture_is_kept_until_the_counts_change(qtbot):
    view = ConfusionMatrix()
    qtbot.addWidget(view)
    view.resize(400, 400)
    counts = np.random.default_rng(0).integers(0, 50, (10, 10))
    view.set_matrix(counts)
    first = _picture(view)
    assert view.pictures_drawn == 1
    view.set_matrix(counts.copy())
    assert _picture(view) == first
    assert view.pictures_drawn == 1
    counts2 = counts.copy()
    counts2[2, 3] += 7
    view.set_matrix(counts2)
    changed = _picture(view)
    assert view.pictures_drawn == 2 and changed != first
    fresh = ConfusionMatrix()
    qtbot.addWidget(fresh)
    fresh.resize(400, 400)
    fresh.set_matrix(counts2)
    assert _picture(fresh) == changed


# -- weights view ------------------------------------------------------------------------------


def _histogram(lo: float, hi: float, seed: int) -> Histogram:
    counts = np.random.default_rng(seed).integers(1, 100, 40).astype(float)
    return Histogram(counts, np.linspace(lo, hi, 41), 1000)


def _series(n: int) -> Series:
    x = np.arange(1, n + 1, dtype=float)
    y = np.exp(np.sin(x))
    return Series(x, x / 100, x / 10, y, y, y)


def _snapshot(updates: int, weights=None, first=None, spread: float = 0.1):
    names = ["Dense 1", "Dense 2"]
    if weights is None:
        weights = (
            [_histogram(-spread, spread, updates + i) for i in range(2)],
            [_histogram(-0.01, 0.01, updates + 5 + i) for i in range(2)],
        )
    if first is None:
        first = np.random.default_rng(updates).normal(size=(16, 28, 28)).astype(np.float32)
    return SimpleNamespace(
        updates=updates,
        layer_names=names,
        weight_histograms=weights[0],
        bias_histograms=weights[1],
        first_layer_weights=first,
        gradient_norms=[_series(updates) for _ in names],
        batch_loss=_series(updates),
        setting_changes=(),
    )


def test_weights_view_skips_unchanged_histograms_and_images(qtbot):
    view = WeightsView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    snap = _snapshot(20)
    view.update_snapshot(snap)
    changes = []
    view.hist_w[0].sigPlotChanged.connect(lambda *_: changes.append(1))
    image = view.image.image
    # Later updates, the same histograms and first-layer weights (refreshed less often).
    later = _snapshot(21, (snap.weight_histograms, snap.bias_histograms), snap.first_layer_weights)
    view.update_snapshot(later)
    assert changes == [] and view.image.image is image
    x, _ = view.grad_curves[0].getData()
    assert len(x) == 21 and view.drawn_updates == 21
    # Fresh histograms and weights are drawn.
    view.update_snapshot(_snapshot(22))
    assert changes and view.image.image is not image
    # So is a change of the number of neurons shown, with the same weights.
    image = view.image.image
    view.tiles.setValue(4)
    view.update_snapshot(
        _snapshot(23, (snap.weight_histograms, snap.bias_histograms), later.first_layer_weights)
    )
    assert view.image.image.shape[0] < image.shape[0]


def test_weights_view_histogram_range_moves_only_when_the_weights_leave_it(qtbot):
    view = WeightsView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.update_snapshot(_snapshot(10, spread=0.1))
    plot = view.hist_plots[0]
    first = plot.viewRange()[0]
    assert first[0] < -0.1 and first[1] > 0.1 and 0.75 * (first[1] - first[0]) <= 0.2
    view.update_snapshot(_snapshot(11, spread=0.1005))
    assert plot.viewRange()[0] == first
    view.update_snapshot(_snapshot(12, spread=0.3))
    wider = plot.viewRange()[0]
    assert wider[0] < -0.3 and wider[1] > 0.3
    # The tallest bar reaches nearly to the top, whatever the counts.
    top = float(np.max(view.hist_w[0].getData()[1]))
    assert top <= plot.viewRange()[1][1] < 1.2 * top
    height = plot.viewRange()[1]
    view.update_snapshot(_snapshot(13, spread=0.3))
    assert plot.viewRange()[1] == height


def test_gradient_axis_grows_in_round_steps_until_zoomed(qtbot):
    view = WeightsView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.update_snapshot(_snapshot(37))
    vb = view.grad_plot.vb
    lo, hi = vb.viewRange()[0]
    assert lo < 0 < 37 < hi <= 41  # 0 .. nice_ceiling(37 * 1.05, GROWTH_STEPS) = 40, 1 % padding
    view.update_snapshot(_snapshot(39))
    assert vb.viewRange()[0] == [lo, hi]
    view.update_snapshot(_snapshot(41))
    assert vb.viewRange()[0][1] > 41
    # A zoom by mouse is left alone...
    vb.setXRange(5, 10, padding=0)
    vb.sigRangeChangedManually.emit([True, False])
    view.update_snapshot(_snapshot(70))
    assert vb.viewRange()[0] == pytest.approx([5, 10])
    assert not view.follow.following()
    # ...until the follow switch is pressed again.
    view.follow.setChecked(True)
    view.update_snapshot(_snapshot(71))
    assert vb.viewRange()[0][0] < 0 and 71 < vb.viewRange()[0][1] <= 101  # 71 * 1.05 -> 100


def test_weights_view_clear_keeps_its_plots_for_the_same_layers(qtbot):
    view = WeightsView()
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.update_snapshot(_snapshot(20))
    plots, curves = list(view.hist_plots), list(view.grad_curves)
    view.clear()
    # Emptied (a Reset), not rebuilt: building a layer's plots costs ~50 ms.
    assert view.hist_plots == plots and view.grad_curves == curves
    assert all(len(c.getData()[0] if c.getData()[0] is not None else []) == 0 for c in curves)
    assert view.hist_w[0].getData()[0] is None or len(view.hist_w[0].getData()[0]) == 0
    assert view.image.image is None
    # The next snapshot of the same network fills the same plots again.
    view.update_snapshot(_snapshot(3))
    assert view.hist_plots == plots
    assert len(view.hist_w[0].getData()[0]) > 0 and len(view.grad_curves[0].getData()[0]) == 3
    # A network of other layers gets its own plots.
    other = _snapshot(4)
    other.layer_names = [*other.layer_names, "dense_9"]
    other.weight_histograms = [*other.weight_histograms, other.weight_histograms[0]]
    other.bias_histograms = [*other.bias_histograms, other.bias_histograms[0]]
    other.gradient_norms = [*other.gradient_norms, other.gradient_norms[0]]
    view.update_snapshot(other)
    assert len(view.hist_plots) == len(plots) + 1


def test_gradient_norm_axis_moves_in_half_decades_only_when_needed(qtbot):
    view = WeightsView()
    qtbot.addWidget(view)
    view.resize(1000, 700)

    def snapshot(updates, low, high):
        snap = _snapshot(updates)
        x = np.arange(1, updates + 1, dtype=float)
        y = np.geomspace(low, high, updates)
        snap.gradient_norms = [Series(x, x / 100, x / 10, y, y, y) for _ in snap.layer_names]
        return snap

    vb = view.grad_plot.vb
    view.update_snapshot(snapshot(30, 0.02, 3.0))
    first = vb.viewRange()[1]  # log10 ends
    assert first[0] <= np.log10(0.02) and first[1] >= np.log10(3.0)
    assert (2 * first[0]).is_integer() and (2 * first[1]).is_integer()
    # Norms that stay inside leave the axis (and its ticks) alone...
    view.update_snapshot(snapshot(31, 0.025, 2.5))
    assert vb.viewRange()[1] == first
    # ...a norm below it moves it.
    view.update_snapshot(snapshot(32, 1e-4, 2.5))
    assert vb.viewRange()[1][0] <= -4 < first[0]
