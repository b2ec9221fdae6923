"""Concept views of the lecture, each a standalone widget the main window hosts as a tab.

``create_concept_views(window)`` builds them all for the main window (see gui-hosting notes):
it returns ``(key, title, widget)`` triples for ``window.add_view`` and wires what needs the
window (finished runs into the run comparison, stopping the speed lab when the window closes,
tab titles following the language).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QTabWidget, QWidget


def concept_titles() -> dict[str, str]:
    """Tab titles in the current language (literal calls, so lupdate finds them)."""
    return {
        "neuron": QCoreApplication.translate("Concepts", "Neuron"),
        "activations": QCoreApplication.translate("Concepts", "Activation functions"),
        "network": QCoreApplication.translate("Concepts", "Network"),
        "matrix": QCoreApplication.translate("Concepts", "Matrices"),
        "draw": QCoreApplication.translate("Concepts", "Draw a digit"),
        "speedlab": QCoreApplication.translate("Concepts", "Speed lab"),
        "runs": QCoreApplication.translate("Concepts", "Run comparison"),
        "robustness": QCoreApplication.translate("Concepts", "Robustness"),
        "advisor": QCoreApplication.translate("Concepts", "Advisor"),
        "embedding": QCoreApplication.translate("Concepts", "Embedding"),
        "surgery": QCoreApplication.translate("Concepts", "Surgery"),
    }


class _ConceptHost(QObject):
    """Watches the window: retitles the tabs on a language change, stops threads on close."""

    def __init__(self, window: QWidget, views: dict[str, QWidget]) -> None:
        super().__init__(window)
        self.window, self.views = window, views
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.LanguageChange:
                self.retitle()
            elif event.type() == QEvent.Type.Close:
                self.views["speedlab"].shutdown()
        return False

    def retitle(self) -> None:
        titles = concept_titles()
        for tabs in self.window.findChildren(QTabWidget):
            for key, widget in self.views.items():
                index = tabs.indexOf(widget)
                if index >= 0:
                    tabs.setTabText(index, titles[key])


def create_concept_views(window: QWidget | None = None) -> list[tuple[str, str, QWidget]]:
    from playground.gui.concepts.activation_functions import ActivationFunctionsView
    from playground.gui.concepts.advisor_view import AdvisorView
    from playground.gui.concepts.draw_digit import DrawDigitView
    from playground.gui.concepts.embedding_view import EmbeddingView
    from playground.gui.concepts.matrix_view import MatrixView
    from playground.gui.concepts.network_diagram import NetworkView
    from playground.gui.concepts.neuron import NeuronView
    from playground.gui.concepts.robustness_view import RobustnessView
    from playground.gui.concepts.run_comparison import RunComparisonView, default_library_path
    from playground.gui.concepts.speed_lab import SpeedLabView
    from playground.gui.concepts.surgery_view import SurgeryView

    views: dict[str, QWidget] = {
        "neuron": NeuronView(),
        "activations": ActivationFunctionsView(),
        "network": NetworkView(),
        "matrix": MatrixView(),
        "draw": DrawDigitView(),
        "speedlab": SpeedLabView(),
        "runs": RunComparisonView(library_path=default_library_path() if window else None),
        "robustness": RobustnessView(),
        "advisor": AdvisorView(window),
        "embedding": EmbeddingView(),
        "surgery": SurgeryView(),
    }
    if window is not None:
        finished = getattr(window, "runFinished", None)
        if finished is not None:
            finished.connect(views["runs"].add_session_run)
        window._concept_host = _ConceptHost(window, views)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(views["speedlab"].shutdown)
            app.aboutToQuit.connect(views["robustness"].shutdown)
            app.aboutToQuit.connect(views["embedding"].shutdown)
    titles = concept_titles()
    return [(key, titles[key], widget) for key, widget in views.items()]
