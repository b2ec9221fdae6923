"""The advisor panel: hints from ``playground.training.advisor`` about the current run, each
with a button that applies its fix to the settings."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from playground.gui.concepts.model_probe import ModelProbe
from playground.training import advisor
from playground.training.config import ConfigError


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
            text = QLabel(item.message)
            text.setWordWrap(True)
            button = QPushButton(self.tr("Apply: {fix}").format(
                fix=", ".join(f"{k} = {v}" for k, v in item.fix.items())))  # fmt: skip
            button.setObjectName(f"advice_{item.rule}")
            button.clicked.connect(self._on_apply)  # a bound method keeps no cycle alive
            self.rows.addWidget(text)
            self.rows.addWidget(button)

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
