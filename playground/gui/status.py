"""Status bar: epoch, updates, samples per second, elapsed time, ETA, progress, test accuracy."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget


def format_seconds(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "–"
    seconds = round(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class TrainingStatus(QWidget):
    """The permanent widgets of the status bar, filled from snapshots."""

    def __init__(self, status_bar: QStatusBar):
        super().__init__(status_bar)
        self.epoch = QLabel()
        self.updates = QLabel()
        self.speed = QLabel()
        self.elapsed = QLabel()
        self.eta = QLabel()
        self.progress = QProgressBar()
        self.progress.setObjectName("trainingProgress")
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(True)
        self.accuracy = QLabel()
        self.accuracy.setObjectName("testAccuracy")
        self.state = QLabel()
        self.state.setObjectName("runState")
        for w in (self.state, self.epoch, self.updates, self.speed, self.elapsed, self.eta):
            status_bar.addPermanentWidget(w)
        status_bar.addPermanentWidget(self.progress)
        status_bar.addPermanentWidget(self.accuracy)
        self.less_important = [self.speed, self.elapsed, self.eta]
        self.clear()

    def clear(self) -> None:
        self.epoch.setText(self.tr("Epoch –"))
        self.updates.setText(self.tr("0 updates"))
        self.speed.setText("")
        self.elapsed.setText("")
        self.eta.setText("")
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.accuracy.setText(self.tr("Test accuracy –"))

    def set_state(self, text: str) -> None:
        self.state.setText(text)

    def show_snapshot(self, snap) -> None:
        self.epoch.setText(
            self.tr("Epoch {e}/{n}").format(
                e=min(snap.epoch + 1, max(snap.epochs, 1)), n=snap.epochs
            )
        )
        if snap.updates == 1:
            self.updates.setText(self.tr("1 update"))
        else:
            self.updates.setText(self.tr("{u} updates").format(u=f"{snap.updates:,}"))
        speed = snap.samples_per_second
        # No speed to show (a model opened to evaluate has trained nothing): no "nan".
        known = speed is not None and math.isfinite(speed) and speed > 0
        self.speed.setText(self.tr("{s} samples/s").format(s=f"{speed:,.0f}") if known else "")
        self.elapsed.setText(self.tr("elapsed {t}").format(t=format_seconds(snap.elapsed)))
        self.eta.setText(self.tr("ETA {t}").format(t=format_seconds(snap.eta)))
        total = max(snap.epochs, 1)
        done = min((snap.epoch + snap.epoch_progress) / total, 1.0)
        self.progress.setValue(int(done * 1000))
        acc = snap.test_accuracy_last
        if acc is not None and math.isfinite(acc):
            self.accuracy.setText(self.tr("Test accuracy {a:.2f}%").format(a=100 * acc))
        else:
            self.accuracy.setText(self.tr("Test accuracy –"))
