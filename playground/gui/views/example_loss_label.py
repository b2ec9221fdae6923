"""The loss of one clicked digit, Cⁿ, with its formula, and what it adds to L = Σ Cⁿ."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

from playground.gui.concepts.backprop_text import num
from playground.gui.concepts.loss_per_example import loss_formula
from playground.training.example_losses import from_probabilities

DEFAULT_LOSS = "categorical_crossentropy"


class ExampleLossLabel(QLabel):
    """``show_example(...)`` writes Cⁿ of one digit out; the text follows the language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exampleLoss")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.loss_name = DEFAULT_LOSS
        self.value: float | None = None  # Cⁿ shown now
        self._shown: tuple | None = None  # what it was built from, to rebuild on a switch

    def set_loss(self, loss_name: str | None) -> None:
        self.loss_name = loss_name or DEFAULT_LOSS
        self.clear_example()

    def clear_example(self) -> None:
        self.value = self._shown = None
        self.clear()

    def show_example(
        self, probs: np.ndarray, label: int, test_mean: float | None, n_test: int
    ) -> None:
        """Digit with outputs ``probs`` and true class ``label``; the test set's mean Cⁿ at
        its last evaluation (None before one) and its size give L."""
        self._shown = (probs, label, test_mean, n_test)
        result = from_probabilities(self.loss_name, probs[None, :], np.array([label]))
        c = float(result.losses[0])
        self.value = c
        formula = loss_formula(result, 0)
        if test_mean is None or not n_test or not np.isfinite(test_mean):
            adds = self.tr("It adds {c} to L = Σ Cⁿ of the test set.").format(c=num(c))
        else:
            total = test_mean * n_test
            adds = self.tr(
                "It adds {c} to L = Σ Cⁿ = {total} of the {n} test digits "
                "(at the last evaluation): {share} of it."
            ).format(
                c=num(c),
                total=num(total),
                n=f"{n_test:,}",
                share=f"{c / total:.3%}" if total > 0 else "–",
            )
        self.setText(f"{formula}<br>{adds}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._shown is not None:
            self.show_example(*self._shown)
        super().changeEvent(event)
