"""The advisor panel: hints from ``playground.training.advisor`` about the current run, each
with a button that applies its fix to the settings."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from playground.gui.concepts.model_probe import ModelProbe
from playground.gui.palette import NEGATIVE
from playground.training import advisor
from playground.training.config import ConfigError

# The advisor's sentences for the translator (the same keys and English as
# ``advisor.TEMPLATES``; a test keeps the two equal).
ADVICE_TEXTS = {
    "exploding": QT_TRANSLATE_NOOP(
        "Advisor",
        "The loss became infinite: try learning rate {lr:g}.",
    ),
    "lr_too_high": QT_TRANSLATE_NOOP(
        "Advisor",
        "The loss does not go down, it jumps around: the steps are too big. Try learning rate "
        "{lr:g}.",
    ),
    "lr_too_low": QT_TRANSLATE_NOOP(
        "Advisor",
        "The loss falls very slowly: the steps are tiny. Try learning rate {lr:g}.",
    ),
    "zeros": QT_TRANSLATE_NOOP(
        "Advisor",
        "Accuracy stays at chance: with all weights starting at 0 every unit learns the same "
        "thing. Use random initial weights.",
    ),
    "fading": QT_TRANSLATE_NOOP(
        "Advisor",
        "Accuracy stays at chance: the gradients fade through {activation} layers. Try ReLU.",
    ),
    "overfitting_dropout": QT_TRANSLATE_NOOP(
        "Advisor",
        "Training accuracy is {gap:.0f} points above the test accuracy and the test loss rises "
        "again: it memorises. Try dropout 0.3.",
    ),
    "overfitting_l2": QT_TRANSLATE_NOOP(
        "Advisor",
        "Training accuracy is {gap:.0f} points above the test accuracy and the test loss rises "
        "again: it memorises. Try an L2 penalty of 0.0001.",
    ),
    "dead_relu": QT_TRANSLATE_NOOP(
        "Advisor",
        "{percent:.0f}% of the ReLU units never fire and no longer learn. Leaky ReLU keeps a "
        "small slope below 0.",
    ),
    "extreme_lr": QT_TRANSLATE_NOOP(
        "Advisor",
        "Learning rate {lr:g} is far above what works (0.001 to 0.1).",
    ),
    "extreme_batch": QT_TRANSLATE_NOOP(
        "Advisor",
        "Batch size {batch} gives few updates per epoch.",
    ),
    "extreme_units": QT_TRANSLATE_NOOP(
        "Advisor",
        "Layers this wide train slowly and overfit; 512 units are plenty for digits.",
    ),
}


def advice_text(advice: advisor.Advice) -> str:
    """The advice's sentence in the current language."""
    if advice.template not in ADVICE_TEXTS:
        return advice.message
    template = QCoreApplication.translate("Advisor", ADVICE_TEXTS[advice.template])
    return template.format(**advice.values)


class AdvisorView(QWidget):
    def __init__(self, window=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window  # applies fixes through window.apply_config / current_config
        self.probe = ModelProbe(interval=1.0)
        self.diverged = False
        self.advice: list[advisor.Advice] = []
        self.facts: advisor.RunFacts | None = None
        self.intro = QLabel(self.tr("Hints about the current run appear here as it trains."))
        self.intro.setWordWrap(True)
        self.rows = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.rows)
        layout.addStretch(1)

    # -- hosting contract --
    def set_session(self, session) -> None:
        self.probe.set_session(session)
        self.diverged = False

    def set_model(self, model) -> None:
        self.probe.model = model

    def set_training(self, running: bool) -> None:
        self.probe.training = bool(running)

    def update_snapshot(self, snapshot) -> None:
        if self.probe.live_due() and self.window_ is not None:
            self.review(self.facts_from(snapshot))

    # -- advice --
    def facts_from(self, snapshot) -> advisor.RunFacts:
        dead = self.probe.read(lambda m: advisor.dead_fraction(m, self.probe.images.reshape(
            len(self.probe.images), -1))) if len(self.probe.images) else None  # fmt: skip
        return advisor.RunFacts(
            self.window_.current_config(),
            loss=list(np.asarray(snapshot.train_loss.y, float)),
            accuracy=list(np.asarray(snapshot.train_accuracy.y, float)),
            test_loss=list(np.asarray(snapshot.test_loss.y, float)),
            test_accuracy=list(np.asarray(snapshot.test_accuracy.y, float)),
            diverged=self.diverged,
            dead_fraction=0.0 if dead is None else dead,
            num_classes=len(snapshot.class_names) or 10,
        )

    def review(self, facts: advisor.RunFacts) -> None:
        self.facts = facts
        advice = advisor.advise(facts)
        if [a.rule for a in advice] == [a.rule for a in self.advice]:
            return
        self.advice = advice
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not advice:
            self.intro.setText(self.tr("No problems noticed so far."))
            return
        self.intro.setText(self.tr("The advisor noticed:"))
        for item in advice:
            self.rows.addWidget(self._hint(item))

    def _setting_name(self, field: str) -> str:
        """A setting as the panels name it, not as the code does."""
        names = {
            "learning_rate": self.tr("learning rate"),
            "initializer": self.tr("initializer"),
            "activation": self.tr("activation"),
            "dropout": self.tr("dropout"),
            "l2": "L2",
            "batch_size": self.tr("batch size"),
            "hidden": self.tr("hidden layers"),
        }
        return names.get(field, field)

    def _hint(self, item: advisor.Advice) -> QFrame:
        """One hint as a card: a coloured bar on the left, the sentence, its fix's button."""
        card = QFrame()
        card.setObjectName("adviceCard")
        card.setStyleSheet(
            f"QFrame#adviceCard {{ background: white; border-left: 6px solid {NEGATIVE}; }}"
        )
        text = QLabel(advice_text(item))
        text.setWordWrap(True)
        fixes = ", ".join(f"{self._setting_name(k)} → {_value(v)}" for k, v in item.fix.items())
        button = QPushButton(self.tr("Apply: {fix}").format(fix=fixes))
        button.setObjectName(f"advice_{item.rule}")
        button.clicked.connect(self._on_apply)  # a bound method keeps no cycle alive
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(card)
        layout.addWidget(text)
        layout.addLayout(row)
        return card

    def _on_apply(self) -> None:
        rule = self.sender().objectName().removeprefix("advice_")
        chosen = next((a for a in self.advice if a.rule == rule), None)
        if chosen is not None:
            self.apply(chosen)

    def apply(self, advice: advisor.Advice) -> None:
        try:
            config = advisor.apply(self.window_.current_config(), advice)
        except ConfigError as exc:
            self.intro.setText(str(exc))
            return
        self.window_.apply_config(config)


def _value(value: object) -> str:
    """A fix's value as a person writes it: 0.001, relu, 128, 64."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)
