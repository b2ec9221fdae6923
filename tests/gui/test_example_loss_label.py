"""A clicked digit's loss Cⁿ, written out for the chosen loss, in both languages."""

from __future__ import annotations

import numpy as np
import pytest

from playground.gui import i18n
from playground.gui.views.example_loss_label import ExampleLossLabel

PROBS = np.array([0.1, 0.7, 0.2])


@pytest.fixture
def label(qtbot):
    widget = ExampleLossLabel()
    qtbot.addWidget(widget)
    return widget


def test_cross_entropy_is_minus_ln_of_the_true_class(label):
    label.set_loss("categorical_crossentropy")
    label.show_example(PROBS, 1, test_mean=0.5, n_test=1000)
    assert label.value == pytest.approx(-np.log(0.7))
    text = label.text()
    assert "−ln 0.7" in text and "0.3567" in text
    assert "500" in text and "1,000" in text  # L = 0.5 × 1000 over the test digits
    assert f"{-np.log(0.7) / 500:.3%}" in text


def test_squared_error_averages_the_squared_differences(label):
    label.set_loss("mse")
    label.show_example(PROBS, 2, test_mean=None, n_test=1000)
    expected = ((0.1 - 0) ** 2 + (0.7 - 0) ** 2 + (0.2 - 1) ** 2) / 3
    assert label.value == pytest.approx(expected)
    assert "(1/3)" in label.text()
    assert "test set" in label.text()  # no evaluation yet: no number for L


def test_the_text_follows_a_language_switch(label, qapp, qtbot):
    label.show_example(PROBS, 1, test_mean=0.5, n_test=1000)
    try:
        i18n.install_translators(qapp, "zh_TW")
        qtbot.waitUntil(lambda: "測試" in label.text() and "It adds" not in label.text())
    finally:
        i18n.install_translators(qapp, "en")
    qtbot.waitUntil(lambda: "It adds" in label.text())
