"""Pinned digits: the ten probabilities a run gave a few chosen digits at each recorded moment,
and when each was learned (its true class became the answer) or forgotten (it stopped being)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import numpy as np

from playground.training.recording.run_file import RecordedRun, RunFileError

_WEIGHTS = "weights/"


@dataclass(frozen=True)
class PinnedHistory:
    updates: np.ndarray  # int (m,): the recorded moments
    probabilities: np.ndarray  # float (m, n_pins, n_classes)
    labels: np.ndarray  # int (n_pins,): the true class, or -1 for a drawn digit

    def turns(self, pin: int) -> list[tuple[int, bool]]:
        """(update, learned) each time pin's answer became right (True) or wrong (False)."""
        label = int(self.labels[pin])
        if label < 0 or not len(self.updates):
            return []
        right = self.probabilities[:, pin].argmax(axis=1) == label
        turns = []
        for i in range(len(right)):
            before = False if i == 0 else bool(right[i - 1])
            if bool(right[i]) != before:
                turns.append((int(self.updates[i]), bool(right[i])))
        return turns


def pinned_history(
    moments: list[tuple[RecordedRun, int]], model, x: np.ndarray, labels: np.ndarray
) -> PinnedHistory:
    """Each moment's weights (``family.lineage``: a run's and its ancestors') put into
    ``model`` (the run's network), then ``x`` predicted. Damaged moments are left out."""
    updates, probabilities = [], []
    for run, u in moments:
        try:
            weights = _weights(run, u)
        except RunFileError:
            continue
        model.set_weights(weights)
        updates.append(u)
        probabilities.append(np.asarray(model.predict(x, verbose=0), dtype=np.float64))
    n_classes = model.layers[-1].units
    probs = np.array(probabilities).reshape(len(updates), len(x), n_classes)
    return PinnedHistory(np.array(updates, dtype=np.int64), probs, np.asarray(labels))


def _weights(run: RecordedRun, updates: int) -> list[np.ndarray]:
    """Only the weights of a moment (an npz entry is read only when asked for)."""
    path = run.moment_path(updates)
    try:
        with np.load(path, allow_pickle=False) as data:
            names = sorted(
                (n for n in data.files if n.startswith(_WEIGHTS)),
                key=lambda n: int(n[len(_WEIGHTS) :]),
            )
            return [data[n] for n in names]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise RunFileError(f"{path.name} is damaged ({exc}).") from exc
