"""The unlabelled pictures' box answers only with the network's answers for the pictures shown:
never an earlier request's, handed back while a mini-batch runs."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from PySide6.QtWidgets import QWidget

from playground.gui.panels.unlabelled_box import UnlabelledBox
from playground.gui.unlabelled_predictions import UnlabelledPredictions

NAMES = ("a", "b", "c")


class _Model:
    """Class (ink of the top-left pixel / 20) mod 3, as one-hot probabilities."""

    layers = (SimpleNamespace(input_dim=16),)

    def predict(self, x, batch_size=None):
        classes = np.rint(x[:, 0] * 255 / 20).astype(int) % 3
        return np.eye(3)[classes]


class _Idle:
    model = _Model()

    def try_with_model(self, fn):
        return fn(self.model)


class _Training(_Idle):
    """As a session while a mini-batch runs: the previous request's result, or None."""

    def __init__(self):
        self.previous = None

    def try_with_model(self, fn):
        answer, self.previous = self.previous, fn(self.model)
        return answer


def _box(qtbot, session):
    box, parent = UnlabelledBox(), QWidget()
    qtbot.addWidget(box)
    qtbot.addWidget(parent)
    predictions = UnlabelledPredictions(box, lambda: None, parent)
    predictions.session = lambda: session
    pictures = np.zeros((12, 4, 4), np.uint8)
    pictures[:, 0, 0] = np.arange(12) * 20
    box.set_pictures(pictures, NAMES)
    return box, predictions


def test_answers_for_each_page(qtbot):
    box, _ = _box(qtbot, _Idle())
    assert box.answers() == [NAMES[i % 3] for i in range(10)]
    box.first.setValue(10)
    assert box.answers() == [NAMES[10 % 3], NAMES[11 % 3]]


def test_no_stale_answers_while_training(qtbot):
    session = _Training()
    box, _predictions = _box(qtbot, session)
    assert box.answers() == ["?"] * 10
    assert box.message.text() == "Pause training to see the network's answers."
    box.first.setValue(10)  # the session now hands back the first page's answers: not shown
    assert box.answers() == ["?", "?"]
    assert not box.save.isEnabled()
