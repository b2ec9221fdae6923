"""A tab bar too narrow for every view shows whole tabs only and lists the rest in a menu."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget

from playground.gui.tab_overflow import TabOverflow


def _bar_state(tabs: QTabWidget) -> tuple[list[int], list[str]]:
    shown = [i for i in range(tabs.count()) if tabs.isTabVisible(i)]
    listed = [a.text() for a in tabs.cornerWidget().menu().actions()]
    return shown, listed


def test_views_that_do_not_fit_go_to_the_menu_and_come_back_when_chosen(qtbot):
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    overflow = TabOverflow(tabs)
    for i in range(14):
        tabs.addTab(QLabel(str(i)), f"A rather long view name {i}")
    tabs.resize(700, 300)
    tabs.show()
    qtbot.waitUntil(lambda: overflow.button.isVisible())
    shown, listed = _bar_state(tabs)
    bar = tabs.tabBar()
    assert 0 < len(shown) < 14 and shown == list(range(len(shown)))  # the first ones, in order
    assert sum(bar.tabSizeHint(i).width() for i in shown) <= tabs.width()
    assert all(bar.tabRect(i).width() >= bar.tabSizeHint(i).width() for i in shown)  # whole
    assert listed == [tabs.tabText(i) for i in range(len(shown), 14)]
    overflow.button.menu().actions()[-1].trigger()  # the last view, from the menu
    qtbot.waitUntil(lambda: tabs.isTabVisible(13))
    assert tabs.currentIndex() == 13
    assert "A rather long view name 13" not in _bar_state(tabs)[1]
    tabs.resize(4000, 300)  # wide enough again: every tab back, no menu
    qtbot.waitUntil(lambda: all(tabs.isTabVisible(i) for i in range(14)))
    assert not overflow.button.isVisible()


def test_each_view_chosen_in_turn_stays_chosen(qtbot):
    """Every view chosen in turn becomes and stays the current tab (Qt picks another current
    tab when one is hidden while the chosen one is still hidden)."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    overflow = TabOverflow(tabs)
    names = ["Loss", "Weights", "Predictions", "Neuron", "Activation functions", "Network"]
    names += ["Matrices", "Draw a digit", "Speed lab", "Run comparison", "Race"]
    names += ["Backpropagation", "Loss per example", "Gradient descent", "Robustness"]
    for i, name in enumerate(names):
        tabs.addTab(QLabel(str(i)), name)
    tabs.resize(900, 300)
    tabs.show()
    qtbot.waitUntil(lambda: overflow.button.isVisible())
    for chosen in range(len(names)):
        tabs.setCurrentIndex(chosen)
        qtbot.waitUntil(lambda chosen=chosen: tabs.isTabVisible(chosen))
        qtbot.waitUntil(lambda: not overflow._timer.isActive())
        assert tabs.currentIndex() == chosen, names[chosen]
        assert tabs.currentWidget().text() == str(chosen)
