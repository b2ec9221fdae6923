"""The Robustness view measures off the GUI thread and draws its curves; the Advisor view
shows each hint with a button that applies its fix."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QPushButton

from playground.engine import Dense, Sequential
from playground.gui.concepts.advisor_view import AdvisorView
from playground.gui.concepts.robustness_view import RobustnessView
from playground.training import TrainingConfig, robustness
from playground.training.advisor import RunFacts


def _model() -> Sequential:
    model = Sequential([Dense(16, activation="relu", input_dim=784),
                        Dense(10, activation="softmax")], seed=0)  # fmt: skip
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


def test_robustness_view_measures_in_the_background(qtbot) -> None:
    view = RobustnessView()
    qtbot.addWidget(view)
    rng = np.random.default_rng(0)
    view.set_digits(rng.random((40, 28, 28)).astype(np.float32), rng.integers(0, 10, 40))
    model = _model()
    view.set_model(model)
    view.threshold.setValue(0.2)
    with qtbot.waitSignal(view.measured, timeout=30_000):
        assert view.measure() is not None
    qtbot.waitUntil(lambda: view.measure_button.isEnabled())
    assert set(view.result) == set(robustness.DAMAGES)
    expected = robustness.curve(model, view.x, view.labels, "noise", threshold=0.2)
    assert view.result["noise"] == expected  # the same seeded damage, the same figures
    assert len(view.plot.getPlotItem().listDataItems()) == 2  # accuracy and answered
    view.shutdown()


def test_robustness_view_without_a_model_says_so(qtbot) -> None:
    view = RobustnessView()
    qtbot.addWidget(view)
    assert view.measure() is None
    assert "No network" in view.status.text()


class _Window:
    def __init__(self) -> None:
        self.config = TrainingConfig(hidden=(64,), learning_rate=5.0)
        self.applied: list[TrainingConfig] = []

    def current_config(self) -> TrainingConfig:
        return self.config

    def apply_config(self, config) -> None:
        self.applied.append(config)


def test_advisor_button_applies_the_fix(qtbot) -> None:
    window = _Window()
    view = AdvisorView(window)
    qtbot.addWidget(view)
    view.review(RunFacts(window.config, loss=[2.3, 2.4], accuracy=[0.1, 0.1]))
    button = view.findChild(QPushButton, "advice_extreme")
    assert button is not None
    assert button.text() == "Apply: learning rate → 0.001"  # named as the panels name it
    button.click()
    assert window.applied and window.applied[0].learning_rate == 0.001
    view.review(RunFacts(window.config.replace(learning_rate=0.001),
                         loss=[0.9, 0.5], accuracy=[0.8, 0.9]))  # fmt: skip
    assert view.intro.text() == "No problems noticed so far."


def test_advice_is_said_in_the_window_language(qtbot) -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    from playground.gui import i18n
    from playground.gui.concepts.advisor_view import ADVICE_TEXTS, advice_text
    from playground.training import advisor

    assert ADVICE_TEXTS == advisor.TEMPLATES  # the translator sees every sentence
    facts = RunFacts(TrainingConfig(learning_rate=0.5), loss=[2.3, float("inf")])
    [advice] = advisor.advise(facts)
    assert (
        advice_text(advice) == advice.message == "The loss became infinite: try learning rate 0.05."
    )
    app = QApplication.instance()
    try:
        i18n.install_translators(app, "zh_TW")
        assert advice_text(advice) == "損失變成無限大：試試學習率 0.05。"
        view = AdvisorView()
        qtbot.addWidget(view)
        view.review(facts)
        assert "損失變成無限大" in " ".join(label.text() for label in view.findChildren(QLabel))
        button = view.findChild(QPushButton, "advice_exploding")
        assert button.text() == "套用：學習率 → 0.05"
    finally:
        i18n.install_translators(app, "en")
