import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QTabWidget

from playground.gui.concepts.activation_functions import ActivationFunctionsView
from playground.gui.concepts.neuron import NeuronView
from playground.gui.palette import curve_pen
from playground.gui.presentation import PresentationMode
from playground.gui.presentation_parts import PresentationParts, plots_in


class Window(QMainWindow):
    """A window with the parts presentation mode works on, and a dock no part hands over."""

    def __init__(self):
        super().__init__()
        self.tabs = QTabWidget()
        self.neuron = NeuronView()
        self.tabs.addTab(self.neuron, "Neuron")
        self.tabs.addTab(ActivationFunctionsView(), "Activations")
        self.setCentralWidget(self.tabs)
        self.settings_dock = QDockWidget("Settings")
        self.settings_dock.setWidget(QLabel("panels"))
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.settings_dock)
        self.run_toolbar = self.addToolBar("Run")
        self.actions_by_name = {}
        self.started = 0
        for name, text in [
            ("actionStart", "Start"),
            ("actionStep", "Step"),
            ("actionReset", "Reset"),
        ]:
            action = QAction(text, self)
            action.setObjectName(name)
            self.run_toolbar.addAction(action)
            self.actions_by_name[name] = action
        self.actions_by_name["actionStart"].setShortcut(QKeySequence("Space"))
        self.actions_by_name["actionStep"].triggered.connect(self._stepped)
        self.steps = 0
        self.pen_width = 1.0
        self.menuBar().addMenu("&File")
        self.notes = QDockWidget("What to watch for")
        self.notes.setWidget(QLabel("notes"))
        self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.notes)
        self.stranger = QDockWidget("Not handed over")
        self.stranger.setWidget(QLabel("stays as it is"))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.stranger)
        self.other_tabs = QTabWidget()  # more tabs than the views' own: never mistaken for them
        for n in range(5):
            self.other_tabs.addTab(QLabel(str(n)), str(n))
        self.stranger.setWidget(self.other_tabs)

    def parts(self) -> PresentationParts:
        return PresentationParts(
            tabs=self.tabs,
            run_toolbar=self.run_toolbar,
            run_actions=lambda: list(self.actions_by_name.values()),
            hidden=lambda: [self.settings_dock, self.menuBar()],
            notes=self.notes,
            plots=lambda: plots_in([self.tabs.widget(i) for i in range(self.tabs.count())]),
            set_pen_width=self.set_plot_pen_width,
        )

    def _stepped(self):
        self.steps += 1

    def set_plot_pen_width(self, width):
        self.pen_width = width


@pytest.fixture
def window(qtbot):
    win = Window()
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def mode(window):
    presentation = PresentationMode(window, window.parts())
    yield presentation
    presentation.set_enabled(False)  # the app's font and palette are shared by later tests


def test_presentation_mode_enlarges_and_restores(window, mode, qtbot):
    app = QApplication.instance()
    size = app.font().pointSizeF()
    width = window.neuron.curve.opts["pen"].widthF()
    mode.set_enabled(True)
    qtbot.waitUntil(window.isFullScreen)
    assert app.font().pointSizeF() == pytest.approx(size * mode.font_scale)
    assert not window.settings_dock.isVisible()
    assert window.run_toolbar.isVisible()
    assert window.pen_width > 1.0
    assert window.neuron.curve.opts["pen"].widthF() > width
    assert window.neuron.plot.backgroundBrush().color().name() == "#ffffff"
    assert curve_pen(0).widthF() > 2.5  # curves drawn from now on are thick too
    mode.set_font_scale(mode.font_scale * 1.5)
    assert app.font().pointSizeF() > size * 2
    mode.set_enabled(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert app.font().pointSizeF() == pytest.approx(size)
    assert window.settings_dock.isVisible()
    assert window.neuron.curve.opts["pen"].widthF() == pytest.approx(width)
    assert window.pen_width == 1.0
    assert curve_pen(0).widthF() == pytest.approx(2.5)


def test_help_overlay_lists_the_run_keys(window, mode, qtbot):
    mode.set_enabled(True)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(mode.overlay.isVisible)
    texts = [label.text() for label in mode.overlay.findChildren(QLabel)]
    for expected in ("Start", "Step", "Reset", "Leave presentation mode"):
        assert expected in texts
    keys = dict((what, key) for key, what in mode.key_rows())
    assert keys["Step"] == "S"  # given a key because the window had none
    qtbot.keyClick(mode.overlay, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not mode.overlay.isVisible())
    assert mode.is_enabled()


def test_run_controls_work_from_the_keyboard(window, mode, qtbot):
    mode.set_enabled(True)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.steps == 1)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 1)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not mode.is_enabled())
    assert window.actions_by_name["actionStep"].shortcut().isEmpty()


def test_f5_toggles(window, mode, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    size = QApplication.instance().font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(mode.is_enabled)
    qtbot.waitUntil(window.isFullScreen)
    assert QApplication.instance().font().pointSizeF() == pytest.approx(size * mode.font_scale)
    assert not window.settings_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not mode.is_enabled())
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert QApplication.instance().font().pointSizeF() == pytest.approx(size)
    assert window.settings_dock.isVisible()


def test_it_works_on_the_parts_handed_over_and_nothing_else(window, mode, qtbot):
    body = QApplication.instance().font().pointSizeF()
    title = window.notes.font().pointSizeF()
    mode.set_enabled(True)
    qtbot.waitUntil(window.isFullScreen)
    assert not window.settings_dock.isVisible()
    assert not window.menuBar().isVisible()
    assert window.stranger.isVisible()  # no part handed it over
    assert window.notes.isVisible()
    assert window.notes.font().pointSizeF() >= body * mode.font_scale > title
    assert window.notes.font().bold()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # the views' tabs, not the stranger's
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 1)
    assert window.other_tabs.currentIndex() == 0
    mode.set_enabled(False)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.notes.font().pointSizeF() == pytest.approx(title)
