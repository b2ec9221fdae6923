"""Small input widgets: a log-scale slider paired with an exact number, and problem marking."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSlider, QSpinBox, QWidget

SLIDER_STEPS = 1000
INVALID_STYLE = "border: 2px solid #d62728; border-radius: 3px;"


def mark_problem(widget: QWidget, message: str | None, plain_tooltip: str = "") -> None:
    """A red frame and the reason on hover, or back to normal when message is None."""
    if message:
        widget.setStyleSheet(INVALID_STYLE)
        widget.setToolTip(message)
    else:
        widget.setStyleSheet("")
        widget.setToolTip(plain_tooltip)
    widget.setProperty("problem", message or "")


class LogIntControl(QWidget):
    """An integer from 1 to maximum: a log slider for reach and a spin box for the exact value.

    The spin box accepts 0 and numbers above the maximum on purpose: such values are refused by
    the panel with a reason instead of being silently clamped.
    """

    valueChanged = Signal(int)

    def __init__(self, value: int = 1, maximum: int = 60000, parent: QWidget | None = None):
        super().__init__(parent)
        self._maximum = max(1, maximum)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.spin = QSpinBox()
        self.spin.setRange(0, 10_000_000)
        self.spin.setKeyboardTracking(False)
        self.spin.setValue(value)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.spin)
        self._sync_slider()
        self.slider.valueChanged.connect(self._from_slider)
        self.spin.valueChanged.connect(self._from_spin)

    def value(self) -> int:
        return int(self.spin.value())

    def setValue(self, value: int) -> None:
        self.spin.setValue(int(value))

    def maximum(self) -> int:
        return self._maximum

    def setMaximum(self, maximum: int) -> None:
        self._maximum = max(1, int(maximum))
        self._sync_slider()

    def _to_slider(self, value: int) -> int:
        if self._maximum <= 1 or value <= 1:
            return 0
        frac = math.log(min(value, self._maximum)) / math.log(self._maximum)
        return round(frac * SLIDER_STEPS)

    def _from_slider_pos(self, pos: int) -> int:
        return max(1, round(math.exp(pos / SLIDER_STEPS * math.log(self._maximum))))

    def _sync_slider(self) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(self._to_slider(self.spin.value()))
        self.slider.blockSignals(False)

    def _from_slider(self, pos: int) -> None:
        value = self._from_slider_pos(pos)
        if pos == SLIDER_STEPS:
            value = self._maximum
        self.spin.blockSignals(True)
        self.spin.setValue(value)
        self.spin.blockSignals(False)
        self.valueChanged.emit(value)

    def _from_spin(self, value: int) -> None:
        self._sync_slider()
        self.valueChanged.emit(int(value))


class LogFloatControl(QWidget):
    """A positive float on a log slider (low..high) with a text field for the exact number.

    The text field takes anything; ``value()`` is NaN when the text is not a number, so the
    panel can refuse it with a reason.
    """

    valueChanged = Signal(float)

    def __init__(
        self, value: float, low: float = 1e-5, high: float = 10.0, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._low, self._high = math.log10(low), math.log10(high)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(90)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.slider, 1)
        lay.addWidget(self.edit)
        self.setValue(value)
        self.slider.valueChanged.connect(self._from_slider)
        self.edit.textEdited.connect(self._from_text)
        self.edit.editingFinished.connect(self._from_text)

    def value(self) -> float:
        try:
            return float(self.edit.text().strip().replace(",", "."))
        except ValueError:
            return math.nan

    def setValue(self, value: float) -> None:
        self.edit.setText(f"{float(value):.6g}")
        self._sync_slider()

    def _sync_slider(self) -> None:
        value = self.value()
        if not (math.isfinite(value) and value > 0):
            return
        frac = (math.log10(value) - self._low) / (self._high - self._low)
        self.slider.blockSignals(True)
        self.slider.setValue(round(min(max(frac, 0.0), 1.0) * SLIDER_STEPS))
        self.slider.blockSignals(False)

    def _from_slider(self, pos: int) -> None:
        exponent = self._low + pos / SLIDER_STEPS * (self._high - self._low)
        value = float(f"{10**exponent:.2g}")
        self.edit.setText(f"{value:.6g}")
        self.valueChanged.emit(value)

    def _from_text(self, *_args) -> None:
        self._sync_slider()
        self.valueChanged.emit(self.value())
