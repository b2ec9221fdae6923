"""Concept views of the lecture, each a standalone widget the main window hosts as a tab.

``concept_views()`` is the declared table the main window hosts (adding a view is one line);
``watch_window`` wires what needs the window (tab titles following the language, stopping the
speed lab when the window closes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QTabWidget, QWidget

from playground.gui.view_host import Feeds, ViewSpec


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
        "race": QCoreApplication.translate("Concepts", "Race"),
        "backprop": QCoreApplication.translate("Concepts", "Backpropagation"),
        "losses": QCoreApplication.translate("Concepts", "Loss per example"),
        "surface": QCoreApplication.translate("Concepts", "Gradient descent"),
        "robustness": QCoreApplication.translate("Concepts", "Robustness"),
        "advisor": QCoreApplication.translate("Concepts", "Advisor"),
        "embedding": QCoreApplication.translate("Concepts", "Embedding"),
        "surgery": QCoreApplication.translate("Concepts", "Surgery"),
        "pinned": QCoreApplication.translate("Concepts", "Pinned digits"),
        "branches": QCoreApplication.translate("Concepts", "Branches"),
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
                for key in ("speedlab", "race"):
                    if key in self.views:
                        self.views[key].shutdown()
        return False

    def retitle(self) -> None:
        titles = concept_titles()
        for tabs in self.window.findChildren(QTabWidget):
            for key, widget in self.views.items():
                index = tabs.indexOf(widget)
                if index >= 0:
                    tabs.setTabText(index, titles[key])


def _fed(view: type, snapshots: bool = False) -> Feeds:
    """A view fed the session and the runs' starts and ends (and each snapshot, if asked)."""
    return Feeds(view.set_session, view.set_training, view.update_snapshot if snapshots else None)


def concept_views(
    library_path: Path | None = None, window: QWidget | None = None
) -> tuple[ViewSpec, ...]:
    """The lecture's concept views in tab order, one line each: key, title, how to make it,
    and what it is fed (see ``playground.gui.view_host.Feeds``)."""
    from playground.gui.concepts.activation_functions import ActivationFunctionsView
    from playground.gui.concepts.advisor_view import AdvisorView
    from playground.gui.concepts.backprop_view import BackpropView
    from playground.gui.concepts.branches_view import BranchesView
    from playground.gui.concepts.draw_digit import DrawDigitView
    from playground.gui.concepts.embedding_view import EmbeddingView
    from playground.gui.concepts.loss_per_example import LossPerExampleView
    from playground.gui.concepts.loss_surface_view import LossSurfaceView
    from playground.gui.concepts.matrix_view import MatrixView
    from playground.gui.concepts.model_probe import ProbedDigitView
    from playground.gui.concepts.network_diagram import NetworkView
    from playground.gui.concepts.neuron import NeuronView
    from playground.gui.concepts.pinned_digits import PinnedDigitsView
    from playground.gui.concepts.race_view import RaceView
    from playground.gui.concepts.robustness_view import RobustnessView
    from playground.gui.concepts.run_comparison import RunComparisonView
    from playground.gui.concepts.speed_lab import SpeedLabView
    from playground.gui.concepts.surgery_view import SurgeryView

    probed = _fed(ProbedDigitView, snapshots=True)
    branches = Feeds(training=BranchesView.set_training)

    def title(key: str) -> Callable[[], str]:
        return lambda: concept_titles()[key]

    return (
        ViewSpec("neuron", title("neuron"), NeuronView),
        ViewSpec("activations", title("activations"), ActivationFunctionsView),
        ViewSpec("network", title("network"), NetworkView, probed),
        ViewSpec("matrix", title("matrix"), MatrixView, probed),
        ViewSpec("draw", title("draw"), DrawDigitView, _fed(DrawDigitView, snapshots=True)),
        ViewSpec("speedlab", title("speedlab"), SpeedLabView, _fed(SpeedLabView)),
        ViewSpec("runs", title("runs"), lambda: RunComparisonView(library_path=library_path)),
        ViewSpec("race", title("race"), RaceView, Feeds(RaceView.set_session)),
        ViewSpec("backprop", title("backprop"), BackpropView, _fed(BackpropView, snapshots=True)),
        ViewSpec(
            "losses", title("losses"), LossPerExampleView, _fed(LossPerExampleView, snapshots=True)
        ),
        ViewSpec(
            "surface", title("surface"), LossSurfaceView, _fed(LossSurfaceView, snapshots=True)
        ),
        ViewSpec("robustness", title("robustness"), RobustnessView, _fed(RobustnessView)),
        ViewSpec(
            "advisor",
            title("advisor"),
            lambda: AdvisorView(window),
            _fed(AdvisorView, snapshots=True),
        ),
        ViewSpec("embedding", title("embedding"), EmbeddingView, _fed(EmbeddingView)),
        ViewSpec("surgery", title("surgery"), SurgeryView, _fed(SurgeryView)),
        ViewSpec(
            "pinned", title("pinned"), lambda: PinnedDigitsView(window), _fed(PinnedDigitsView)
        ),
        ViewSpec("branches", title("branches"), lambda: BranchesView(window), branches),
    )


def watch_window(window: QWidget, views: dict[str, QWidget]) -> None:
    """Retitle the concept tabs on a language change; stop the speed lab with the window."""
    from playground.gui.concepts.embedding_view import EmbeddingView
    from playground.gui.concepts.race_view import RaceView
    from playground.gui.concepts.robustness_view import RobustnessView
    from playground.gui.concepts.speed_lab import SpeedLabView

    window._concept_host = _ConceptHost(window, views)
    app = QCoreApplication.instance()
    # They compute off the GUI thread.
    background = (SpeedLabView, RobustnessView, EmbeddingView, RaceView)
    if app is not None:
        for view in views.values():
            if isinstance(view, background):
                app.aboutToQuit.connect(view.shutdown)


def create_concept_views(window: QWidget | None = None) -> list[tuple[str, str, QWidget]]:
    """Every concept view as ``(key, title, widget)``, for a window that hosts them."""
    from playground.gui.concepts.run_comparison import default_library_path

    library = default_library_path() if window is not None else None
    built = [(spec.key, spec.title(), spec.make()) for spec in concept_views(library, window)]
    if window is not None:
        watch_window(window, {key: widget for key, _, widget in built})
    return built
