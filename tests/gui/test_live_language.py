"""Language → 繁體中文 in a running window, mid-training: every text a user can see switches.

The walk covers every visible widget on every tab, every action reachable from the menu bar
and the tool bars, and every pyqtgraph axis label, title, legend entry and text item. A text
counts as untranslated English when it holds a word of three or more Latin letters that is
not on the short allow-list below (names a student types in Keras, file formats, the
language's own name, key names).
"""

from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QMenu,
    QTabWidget,
    QToolBar,
    QWidget,
)

from playground.gui import i18n

# Words that stay as they are in Chinese: Keras names (activations, optimizers and their
# parameters, initializers, layer names), data and file formats, key names, and the name of
# the English language in the language menu.
ALLOWED = {
    "relu", "sigmoid", "tanh", "softmax", "elu", "maxout", "linear",
    "sgd", "adam", "adagrad", "adadelta", "rmsprop", "adamax", "nadam",
    "beta_1", "beta_2", "epsilon", "amsgrad",
    "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "random_normal", "zeros",
    "dense",
    "mnist", "idx", "keras", "onnx", "csv", "png", "svg", "mse", "npz",
    "pytorch", "scikit", "learn",  # the library names of File › Export and the digits set
    "dropout", "leaky", "cosinedecay", "sum", "l1", "l2",  # Keras names, a penalty's formula
    "pca", "sne", "robustness",  # methods' initials (PCA, t-SNE), a command name
    "regularization", "demo",  # the command nn-playground regularization-demo
    "ctrl", "esc", "shift",
    "english",
}  # fmt: skip
ALLOWED_PATTERNS = (r"dense_\d+",)
# The app's name, and the English term glossed beside its translation.
KEPT_AS_IS = ("nn-playground", "（epochs）", "（epoch：整個訓練集看過一遍）")
WORD = re.compile(r"[A-Za-z][A-Za-z_0-9]*")
CJK = re.compile(r"[\u3400-\u9fff]")


def english_words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>|&\w+;", " ", text)
    for kept in KEPT_AS_IS:
        text = text.replace(kept, "")
    words = [w for w in WORD.findall(text) if sum(c.isalpha() for c in w) >= 3]
    return [
        w
        for w in words
        if w.lower() not in ALLOWED and not any(re.fullmatch(p, w) for p in ALLOWED_PATTERNS)
    ]


def _menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        found.append(action)
        if action.menu() is not None:
            found += _menu_actions(action.menu())
    return found


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for everything a user can see or reach, tab by tab."""
    texts: list[tuple[str, str]] = [("window title", window.windowTitle())]
    for action in window.menuBar().actions():
        texts.append(("menu", action.text()))
        if action.menu() is not None:
            for inner in _menu_actions(action.menu()):
                texts += [("menu item", inner.text()), ("tooltip", inner.toolTip())]
    for bar in window.findChildren(QToolBar):
        texts.append(("tool bar", bar.windowTitle()))
        for action in bar.actions():
            texts += [("tool bar button", action.text()), ("tooltip", action.toolTip())]
    tabs = window.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QCoreApplication.processEvents()
        texts += _widget_texts(window)
    return texts


def _widget_texts(window) -> list[tuple[str, str]]:
    texts = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = type(widget).__name__
        texts.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((name, widget.text()))
        if isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        if isinstance(widget, QDockWidget):
            texts.append((name, widget.windowTitle()))
        if isinstance(widget, QComboBox):
            texts += [(f"{name} item", widget.itemText(i)) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [("tab", widget.tabText(i)) for i in range(widget.count())]
        if isinstance(widget, pg.GraphicsView):
            for item in widget.scene().items():
                if not item.isVisible():
                    continue
                if isinstance(item, pg.AxisItem):
                    texts.append(("axis label", item.labelText))
                elif isinstance(item, pg.LabelItem):
                    texts.append(("plot title or legend", item.text))
                elif isinstance(item, pg.TextItem):
                    texts.append(("plot text", item.toPlainText()))
    return texts


def _language_action(window, name: str) -> QAction:
    return next(a for a in window.language_menu.actions() if a.text() == name)


@pytest.fixture
def restore_english(qapp):
    yield
    i18n.install_translators(qapp, "en")


def test_live_switch_translates_every_visible_text(
    make_window, qtbot, restore_english, monkeypatch, tmp_path
):
    print("allow-list:", sorted(ALLOWED), ALLOWED_PATTERNS, KEPT_AS_IS)
    # Run names are the user's own words: start from an empty run list, not other tests' runs.
    from playground.gui.concepts import run_comparison

    monkeypatch.setattr(run_comparison, "default_library_path", lambda: tmp_path / "runs.json")
    window = make_window(host_extras=True)
    window.ensure_extras()  # the language menu, presets and concept views, without a paint
    window.resize(1400, 900)
    window.start()
    qtbot.waitUntil(lambda: window.session is not None and window.session.updates >= 3)
    _language_action(window, "繁體中文").trigger()  # mid-training
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "損失")
    window.pause()
    qtbot.waitUntil(lambda: window.state == "paused", timeout=20_000)
    window.views.refresh(force=True)
    qtbot.waitUntil(lambda: window.views.last_drawn >= window.session.updates)
    QCoreApplication.processEvents()

    english = [
        (where, text, words)
        for where, text in visible_texts(window)
        if (words := english_words(text))
    ]
    assert not english, "untranslated after the switch:\n" + "\n".join(map(repr, english))

    _language_action(window, "English").trigger()
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Loss")
    QCoreApplication.processEvents()
    chinese = [(w, t) for w, t in visible_texts(window) if CJK.search(t) and t != "繁體中文"]
    assert not chinese, "still Chinese after switching back:\n" + "\n".join(map(repr, chinese))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("訓練週期 2/3", []),
        ("Epoch 2/3", ["Epoch"]),
        ("<b>第 1 層</b>：a = relu(z) &nbsp;", []),
        ("訓練週期數（epochs）", []),
        ("Dense 1 (32, relu), dense_2", []),
        ("Follow newest data", ["Follow", "newest", "data"]),
    ],
)
def test_the_walk_tells_english_from_allowed_names(text, found):
    assert english_words(text) == found


def _plot_menu_texts(plot: pg.PlotWidget) -> list[tuple[str, str]]:
    """What a right click on a plot offers: the view box menu (View All, the axis menus, Mouse
    Mode), Plot Options with its panels, and the scene's Export…, with the panels' labels
    and tooltips."""
    item = plot.getPlotItem()
    menus = [item.getViewBox().menu, item.ctrlMenu]
    texts: list[tuple[str, str]] = [("menu", m.title()) for m in menus]
    for menu in menus:
        for action in _menu_actions(menu):
            texts += [("menu item", action.text())]
            if action.menu() is not None:
                texts.append(("submenu", action.menu().title()))
    texts += [("scene menu", a.text()) for a in plot.scene().contextMenu]
    panels = [*item.getViewBox().menu.ctrl, item.ctrl]
    for panel in panels:
        for widget in vars(panel).values():
            if isinstance(widget, QAbstractButton | QLabel):
                texts += [("panel", widget.text()), ("panel tooltip", widget.toolTip())]
            elif isinstance(widget, QGroupBox):
                texts += [("panel", widget.title()), ("panel tooltip", widget.toolTip())]
    return texts


def test_a_plots_right_click_menu_switches_language_live(qtbot, restore_english, qapp):
    i18n.install_translators(qapp, "en")
    plot = pg.PlotWidget()  # made in English, then switched while on screen
    qtbot.addWidget(plot)
    before = dict((text, where) for where, text in _plot_menu_texts(plot))
    assert {"View All", "X axis", "Plot Options", "Export...", "Invert Axis"} <= set(before)

    i18n.install_translators(qapp, "zh_TW")
    texts = _plot_menu_texts(plot)
    english = [(where, text) for where, text in texts if english_words(text)]
    assert not english, "untranslated in the plot's menu:\n" + "\n".join(map(repr, english))
    shown = {text for _, text in texts}
    assert "X 軸" in shown

    fresh = pg.PlotWidget()  # made while Chinese is on
    qtbot.addWidget(fresh)
    assert not [t for _, t in _plot_menu_texts(fresh) if english_words(t)]

    i18n.install_translators(qapp, "en")
    chinese = [(w, t) for p in (plot, fresh) for w, t in _plot_menu_texts(p) if CJK.search(t)]
    assert not chinese, "still Chinese after switching back:\n" + "\n".join(map(repr, chinese))
    assert "View All" in {t for _, t in _plot_menu_texts(fresh)}
