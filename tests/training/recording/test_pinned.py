"""Pinned digits: their probabilities over a recorded run, and when each was learned."""

from __future__ import annotations

import numpy as np

from playground.training import TrainingConfig
from playground.training.control import RunControl
from playground.training.recording.library import list_runs
from playground.training.recording.pinned import PinnedHistory, pinned_history
from playground.training.recording.replay import session_for
from playground.training.recording.session_recording import SessionRecording
from playground.training.session import TrainingSession


def test_turns_mark_each_time_an_answer_becomes_right_or_wrong():
    p = np.zeros((4, 1, 3))
    p[:, 0] = [[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0]]  # label 1: wrong, right, wrong, right
    history = PinnedHistory(np.array([0, 10, 20, 30]), p, np.array([1]))
    assert history.turns(0) == [(10, True), (20, False), (30, True)]
    drawn = PinnedHistory(np.array([0, 10, 20, 30]), p, np.array([-1]))
    assert drawn.turns(0) == []


def test_pinned_probabilities_follow_the_recorded_weights(tmp_path, synthetic):
    config = TrainingConfig(hidden=(16,), learning_rate=0.01, batch_size=50, epochs=2, seed=1)
    session = TrainingSession(config, dataset=synthetic)
    session.recording = SessionRecording(tmp_path, min_interval=0)
    session.run(RunControl(), lambda event: None)
    session.recording.close()
    [run] = list_runs(tmp_path).runs
    x, labels = session.x_test[:5], session.y_test_labels[:5]

    moments = [(run, u) for u in run.moments]
    history = pinned_history(moments, session_for(run, synthetic).model, x, labels)
    assert history.updates.tolist() == run.moments
    assert history.probabilities.shape == (len(run.moments), 5, 10)
    final = session.model.predict(x)
    np.testing.assert_allclose(history.probabilities[-1], final, rtol=1e-6)
    assert np.allclose(history.probabilities.sum(axis=2), 1, atol=1e-5)
    right_at_end = final.argmax(axis=1) == labels
    for pin in range(5):
        turns = history.turns(pin)
        assert bool(turns and turns[-1][1]) == bool(right_at_end[pin])
