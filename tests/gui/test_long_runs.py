"""A million updates through the session and the loss view: memory and drawing stay bounded."""

from __future__ import annotations

import numpy as np

from playground.data import Dataset
from playground.gui.views.loss_view import LossView
from playground.training import TrainingConfig, TrainingSession

N_UPDATES = 1_000_000


def _tiny_dataset() -> Dataset:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 255, size=(200, 28, 28), dtype=np.uint8)
    y = (np.arange(200) % 10).astype(np.uint8)
    return Dataset("Synthetic", x, y, x[:50], y[:50], tuple(str(d) for d in range(10)))


def test_a_million_updates_keep_the_loss_view_bounded_with_spikes_visible(qtbot):
    config = TrainingConfig(hidden=(8,), optimizer="sgd", learning_rate=0.1, batch_size=20)
    session = TrainingSession(config, dataset=_tiny_dataset())
    session.step()  # one real update, then a million recorded ones
    history = session.history
    size_before = history.nbytes
    rng = np.random.default_rng(1)
    values = 1.0 + 0.1 * rng.standard_normal(N_UPDATES)
    spike_at = 612_345
    values[spike_at] = 50.0  # one exploding mini-batch among a million ordinary ones
    for i, v in enumerate(values.tolist(), start=2):
        history.append(v, i, i / 10, i * 0.001)
    assert history.nbytes == size_before

    view = LossView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    snapshot = session.snapshot()
    # A merged bucket sits at the mean of its updates: the last one ends the run.
    assert snapshot.batch_loss.updates[-1] > 0.999 * N_UPDATES
    view.update_snapshot(snapshot)

    # The curve holds a bounded number of points, however long the run...
    assert 0 < view.points_drawn() <= 4096
    # ...and the spike survives the merging: the drawn envelope still reaches it.
    _, band_y = view.batch_band.getData()
    assert np.nanmax(band_y) == 50.0
    x, _ = view.batch_loss.getData()
    assert x[-1] > 0.999 * N_UPDATES
