"""How the window hosts its views: one declared table entry per view, no duck typing.

A view states what it is fed (``Feeds``): the session when it changes, whether training
runs, and each drawn snapshot. ``ViewHost`` keeps the tabs and hands those out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTabWidget, QWidget


@dataclass(frozen=True)
class Feeds:
    """What one view takes from the window, each as ``feed(view, value)``; None: not needed."""

    session: Callable[[Any, Any], None] | None = None  # a TrainingSession, or None
    training: Callable[[Any, bool], None] | None = None  # a run started (True) or ended
    snapshot: Callable[[Any, Any], None] | None = None  # the newest Snapshot, when visible
    # What the trainer streams while this view is visible: the gradient norms (for a view
    # that plots them) and the newest weights (for a view that probes the model).
    gradients: bool = False
    model: bool = True


@dataclass(frozen=True)
class ViewSpec:
    """One line of a view table: key, title (in the current language), how to make it."""

    key: str
    title: Callable[[], str]
    make: Callable[[], QWidget]
    feeds: Feeds = Feeds()


@dataclass
class _Hosted:
    widget: QWidget
    feeds: Feeds


class ViewHost(QObject):
    """The tab widget's views by key, and what each is fed."""

    viewAdded = Signal(str, str)  # key, title: for the View menu

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self._hosted: dict[str, _Hosted] = {}

    def add(self, key: str, title: str, widget: QWidget, feeds: Feeds, index: int = -1) -> int:
        self._hosted[key] = _Hosted(widget, feeds)
        at = (
            self.tabs.insertTab(index, widget, title)
            if index >= 0
            else self.tabs.addTab(widget, title)
        )
        self.viewAdded.emit(key, title)
        return at

    def add_spec(self, spec: ViewSpec, session: Any = None) -> QWidget:
        widget = spec.make()
        self.add(spec.key, spec.title(), widget, spec.feeds)
        if session is not None and spec.feeds.session is not None:
            spec.feeds.session(widget, session)
        return widget

    def view(self, key: str) -> QWidget | None:
        hosted = self._hosted.get(key)
        return None if hosted is None else hosted.widget

    def keys(self) -> list[str]:
        return list(self._hosted)

    def show(self, key: str) -> None:
        widget = self.view(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def current(self) -> QWidget | None:
        return self.tabs.currentWidget()

    # -- feeding -----------------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        for hosted in self._hosted.values():
            if hosted.feeds.session is not None:
                hosted.feeds.session(hosted.widget, session)

    def set_training(self, running: bool) -> None:
        for hosted in self._hosted.values():
            if hosted.feeds.training is not None:
                hosted.feeds.training(hosted.widget, running)

    def feeds(self, widget: QWidget | None) -> Feeds | None:
        """What the view ``widget`` is fed; None for a widget this host does not hold."""
        for hosted in self._hosted.values():
            if hosted.widget is widget:
                return hosted.feeds
        return None

    def feed_snapshot(self, widget: QWidget | None, snapshot: Any) -> None:
        """Give ``snapshot`` to the view ``widget`` if it draws snapshots."""
        for hosted in self._hosted.values():
            if hosted.widget is widget and hosted.feeds.snapshot is not None:
                hosted.feeds.snapshot(widget, snapshot)
                return
