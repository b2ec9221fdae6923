"""The tabs of live views: the built-in plots, the hosted concept views, and each frame drawn.

The plot views (and pyqtgraph) are built on first need, after the window's first paint.
A frame takes the session's newest snapshot and gives it to the visible view; the session
computes the costly parts of a snapshot only for a view that shows them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from playground.gui.status import TrainingStatus
from playground.gui.tab_overflow import TabOverflow
from playground.gui.view_host import Feeds, ViewHost

translate = QCoreApplication.translate  # texts keep their "MainWindow" translations
PLOT_KEYS = ("loss", "weights", "predictions")  # the built-in plot views, first in the tabs


class LiveViews(QObject):
    """Tabs, their View-menu entries, and the drawing of snapshots into them."""

    snapshotDrawn = Signal(int)  # the updates count of the snapshot just drawn

    def __init__(
        self,
        window: QMainWindow,
        status: TrainingStatus,
        session: Callable[[], Any],
        running: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("viewTabs")
        self.tabs.setDocumentMode(True)
        self.overflow = TabOverflow(self.tabs)
        self.host = ViewHost(self.tabs)
        self.host.viewAdded.connect(self._add_menu_entry)
        self.menu = window.menuBar().addMenu(translate("MainWindow", "&View"))
        self.status = status
        self._session, self._running = session, running
        self._replay: Any = None  # a session put back at a recorded moment, drawn instead
        self.plots: tuple[Any, Any, Any] | None = None  # loss, weights, predictions
        self.saved_tab = 0
        self.update_all_views = False  # benchmarks: hidden plots redraw too
        self.last_drawn = -1
        self._turn = -1
        self.tabs.currentChanged.connect(self._on_tab_changed)

    # -- building ----------------------------------------------------------------------------
    def ensure_built(self) -> tuple[Any, Any, Any]:
        """Build the plot views (and import pyqtgraph) now if not done yet."""
        if self.plots is not None:
            return self.plots
        from playground.gui.app import configure_pyqtgraph

        white = QSettings().value("view/whiteBackground", True, type=bool)
        configure_pyqtgraph(white_background=bool(white))
        from playground.gui.views.loss_view import LossView
        from playground.gui.views.predictions_view import PredictionsView
        from playground.gui.views.weights_view import WeightsView

        self.plots = plots = (LossView(), WeightsView(), PredictionsView())
        titles = (
            translate("MainWindow", "Loss"),
            translate("MainWindow", "Weights"),
            translate("MainWindow", "Predictions"),
        )
        for i, (key, view, title) in enumerate(zip(PLOT_KEYS, plots, titles, strict=True)):
            session = getattr(type(view), "set_session", None)  # a view that reads the session
            # The plots draw from snapshots only; the Weights view plots the gradient norms.
            feeds = Feeds(
                session=session,
                snapshot=type(view).update_snapshot,
                gradients=key == "weights",
                model=False,
            )
            self.host.add(key, title, view, feeds, index=i)
            if session is not None and self._session() is not None:
                session(view, self._session())
        if self.saved_tab < self.tabs.count():
            self.tabs.setCurrentIndex(self.saved_tab)
        if self._session() is not None:
            self.refresh(force=True)
        return plots

    def _add_menu_entry(self, key: str, title: str) -> None:
        action = QAction(title, self.menu)
        action.triggered.connect(lambda _=False: self.show(key))
        self.menu.addAction(action)

    def show(self, key: str) -> None:
        self.ensure_built()
        self.host.show(key)

    def set_pen_width(self, factor: float) -> None:
        for view in self.ensure_built():
            view.set_pen_width(factor)

    # -- sessions ----------------------------------------------------------------------------
    def session_changed(self, session: Any) -> None:
        self._replay = None
        self.last_drawn = -1
        if self.plots is not None:
            for view in self.plots:
                view.clear()
        self.status.clear()
        self.host.set_session(session)

    def show_replay(self, session: Any) -> None:
        """Draw ``session`` (a recorded moment) in every view instead of the live one; None:
        back to the live session."""
        self._replay = session
        self.last_drawn = -1
        self.host.set_session(self._shown())
        self.refresh(force=True)

    @property
    def replaying(self) -> bool:
        return self._replay is not None

    def _shown(self) -> Any:
        return self._replay if self._replay is not None else self._session()

    # -- frames ------------------------------------------------------------------------------
    def refresh(self, force: bool) -> None:
        """Draw the newest snapshot (``force``: even if it was drawn already)."""
        session = self._shown()
        if session is None:
            return
        self._ask_for_details(session)
        snap = session.snapshot()
        if force or snap.updates != self.last_drawn:
            self._draw(snap)

    def _ask_for_details(self, session: Any) -> None:
        """Histograms and display predictions cost the training thread time, and a trainer
        process streams gradients and weights only while a visible view needs them."""
        current, every = self.tabs.currentWidget(), self.update_all_views
        plots = self.plots
        feeds = self.host.feeds(current) or Feeds()  # a view without a declaration: it all
        session.set_detail_demand(
            weights=every or (plots is not None and current is plots[1]),
            predictions=every or (plots is not None and current is plots[2]),
            gradients=every or feeds.gradients,
            model=feeds.model,
        )

    def _draw(self, snap: Any) -> None:
        current = self.tabs.currentWidget()
        # The view paints in a later turn of the event loop, not right after taking the data:
        # other events (input, timers) get their turn between the two halves of a frame.
        later = current is not None and current.updatesEnabled() and self._running()
        if later:
            current.setUpdatesEnabled(False)
        self.host.feed_snapshot(current, snap)
        if later:  # a timer started now comes after those that fell due meanwhile
            QTimer.singleShot(0, lambda view=current: _paint_later(view))
        if self.update_all_views:
            # Benchmarks' worst case: the hidden plots redraw too, one per frame in turn.
            others = [v for v in self.ensure_built() if v is not current]
            self._turn = (self._turn + 1) % len(others)
            others[self._turn].update_snapshot(snap)
        self.status.show_snapshot(snap)
        self.last_drawn = snap.updates
        self.snapshotDrawn.emit(snap.updates)

    def _on_tab_changed(self, _index: int) -> None:
        session = self._shown()
        if session is None or self.plots is None:
            return
        self._ask_for_details(session)
        widget = self.tabs.currentWidget()
        if widget is self.plots[2] and not self._running():
            snap = session.snapshot()
            if snap.confusion is None or snap.confusion_updates != snap.updates:
                session.request_confusion()
        self.host.feed_snapshot(widget, session.snapshot())


def _paint_later(view: QWidget) -> None:
    with contextlib.suppress(RuntimeError):  # the view may be gone with its window
        view.setUpdatesEnabled(True)  # schedules the repaint skipped meanwhile
