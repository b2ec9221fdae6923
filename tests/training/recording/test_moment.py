"""A session restored from a moment continues exactly as the one it was captured from."""

from __future__ import annotations

import numpy as np
import pytest

from playground.training import TrainingConfig
from playground.training.recording.moment import MomentError, capture, restore
from playground.training.session import TrainingSession


def _train(session: TrainingSession, n: int) -> list[float]:
    return [session.step().loss for _ in range(n)]


@pytest.mark.parametrize(("optimizer", "dropout"), [("adam", 0.0), ("sgd", 0.3), ("rmsprop", 0.0)])
def test_branch_without_change_is_bit_identical(synthetic, optimizer, dropout):
    config = TrainingConfig(
        hidden=(16,),
        optimizer=optimizer,
        learning_rate=0.01,
        batch_size=64,
        epochs=3,
        seed=7,
        dropout=dropout,
    )
    straight = TrainingSession(config, dataset=synthetic)
    _train(straight, 13)  # mid-epoch: the shuffled order and position matter
    moment = capture(straight)
    later = _train(straight, 20)  # across an epoch end: the next permutation too

    branch = TrainingSession(config.replace(seed=99), dataset=synthetic)  # other weights
    restore(branch, moment)
    assert _train(branch, 20) == later
    for a, b in zip(straight.model.get_weights(), branch.model.get_weights(), strict=True):
        assert np.array_equal(a, b)
    assert straight.snapshot().batch_loss.y.tolist() == branch.snapshot().batch_loss.y.tolist()
    assert branch.updates == straight.updates == 33


def test_moment_of_another_network_is_refused(synthetic):
    small = TrainingSession(TrainingConfig(hidden=(16,)), dataset=synthetic)
    other = TrainingSession(TrainingConfig(hidden=(8,)), dataset=synthetic)
    with pytest.raises(MomentError):
        restore(other, capture(small))
