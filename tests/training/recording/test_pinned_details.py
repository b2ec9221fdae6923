"""Pinned digits from hand-written moments: the weights of each moment in the order of their
layers, damaged or missing moments left out, and the turns at the edges."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from playground.engine import Dense, Sequential
from playground.training.recording.pinned import PinnedHistory, pinned_history
from playground.training.recording.run_file import RecordedRun, moment_name


def network() -> Sequential:
    return Sequential([Dense(3, activation="softmax", input_dim=2)], seed=0)


def run_with(tmp_path: Path, moments: dict[int, dict[str, np.ndarray] | bytes]) -> RecordedRun:
    for updates, content in moments.items():
        path = tmp_path / moment_name(updates)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            np.savez(path, **content)
    return RecordedRun(tmp_path, {}, sorted(moments), 0)


def weights_for(answer: int) -> dict[str, np.ndarray]:
    """A layer that answers ``answer`` for every digit (a large bias, no weights)."""
    bias = np.zeros(3, np.float32)
    bias[answer] = 10.0
    return {"weights/0": np.zeros((2, 3), np.float32), "weights/1": bias, "other": np.ones(2)}


X = np.array([[0.5, 0.5], [1.0, 0.0]], np.float32)


def test_each_moments_weights_give_its_probabilities(tmp_path) -> None:
    run = run_with(tmp_path, {0: weights_for(2), 10: weights_for(1), 20: weights_for(1)})
    history = pinned_history([(run, u) for u in run.moments], network(), X, np.array([1, -1]))
    assert history.updates.tolist() == [0, 10, 20] and history.updates.dtype == np.int64
    assert history.probabilities.shape == (3, 2, 3)
    assert history.probabilities.dtype == np.float64
    assert history.probabilities.argmax(axis=2).tolist() == [[2, 2], [1, 1], [1, 1]]
    np.testing.assert_array_equal(history.labels, [1, -1])
    assert history.turns(0) == [(10, True)]
    assert history.turns(1) == []  # a drawn digit has no true class


def test_layers_are_taken_in_the_order_of_their_numbers(tmp_path) -> None:
    # Eleven arrays: weights/10 comes after weights/9, not after weights/1.
    model = Sequential(
        [Dense(2, activation="relu", input_dim=2)]
        + [Dense(2, activation="relu") for _ in range(4)]
        + [Dense(3, activation="softmax")]
    )
    arrays = [
        np.full(w.shape, 0.01 * (i + 1), np.float32) for i, w in enumerate(model.get_weights())
    ]
    run = run_with(tmp_path, {5: {f"weights/{i}": a for i, a in enumerate(arrays)}})
    pinned_history([(run, 5)], model, X, np.array([0, 0]))
    for ours, theirs in zip(model.get_weights(), arrays, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_a_damaged_or_missing_moment_is_left_out(tmp_path) -> None:
    run = run_with(tmp_path, {0: weights_for(0), 10: b"not a zip file", 20: weights_for(1)})
    moments = [(run, 0), (run, 10), (run, 20), (run, 30)]  # no file for 30
    history = pinned_history(moments, network(), X, np.array([1, 1]))
    assert history.updates.tolist() == [0, 20]
    assert history.turns(0) == [(20, True)]


def test_no_moments_give_an_empty_history(tmp_path) -> None:
    history = pinned_history([], network(), X, np.array([0, 1]))
    assert history.updates.shape == (0,) and history.probabilities.shape == (0, 2, 3)
    assert history.updates.dtype == np.int64  # moments are counted in whole updates
    assert history.turns(0) == []


def test_a_digit_right_from_the_first_moment_was_learned_there() -> None:
    p = np.zeros((3, 1, 2))
    p[:, 0] = [[0.9, 0.1], [0.8, 0.2], [0.4, 0.6]]  # label 0: right, right, wrong
    history = PinnedHistory(np.array([5, 10, 15]), p, np.array([0]))
    assert history.turns(0) == [(5, True), (15, False)]
    assert all(type(u) is int and type(learned) is bool for u, learned in history.turns(0))
    wrong_first = PinnedHistory(np.array([5, 10, 15]), p, np.array([1]))
    assert wrong_first.turns(0) == [(15, True)]
