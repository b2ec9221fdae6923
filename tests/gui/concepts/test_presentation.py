import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QTabWidget

from playground.gui.concepts.activation_functions import ActivationFunctionsView
from playground.gui.concepts.neuron import NeuronView
from playground.gui.palette import curve_pen
from playground.gui.presentation import PresentationMode


class Window(QMainWindow):
    """The parts of the main window presentation mode relies on (gui-hosting.md)."""

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
    presentation = PresentationMode(window)
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
