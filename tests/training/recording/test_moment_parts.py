"""A moment's parts: the last epoch's results, the recorded settings or a branch's own, the
rate changes a branch notes, the safety net's weights, the refusals and their reasons, a
branch that switches dropout, a layer with a seed of its own, and the JSON-able numbers."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Dropout, Sequential
from playground.training import TrainingConfig
from playground.training.checkpoint import INTERVAL
from playground.training.recording.moment import Moment, MomentError, _plain, capture, restore
from playground.training.session import TrainingSession

# 600 synthetic examples in batches of 50: 12 updates an epoch.
CONFIG = TrainingConfig(
    hidden=(8,), optimizer="sgd", learning_rate=0.1, batch_size=50, epochs=3, seed=3
)


def _session(synthetic, **changes) -> TrainingSession:
    return TrainingSession(CONFIG.replace(**changes), dataset=synthetic)


def _trained(synthetic, steps: int, **changes) -> TrainingSession:
    session = _session(synthetic, **changes)
    for _ in range(steps):
        session.step()
    return session


def _losses(session: TrainingSession, n: int = 3) -> list[float]:
    return [session.step().loss for _ in range(n)]


def test_a_moment_keeps_the_last_epochs_results_or_their_absence(synthetic) -> None:
    past_an_epoch = _trained(synthetic, 13)
    assert past_an_epoch.last_epoch_end is not None
    fresh = _session(synthetic)
    restore(fresh, capture(past_an_epoch))
    assert fresh.last_epoch_end == past_an_epoch.last_epoch_end
    restore(fresh, capture(_trained(synthetic, 3)))  # before the first epoch ended
    assert fresh.last_epoch_end is None


def test_a_restored_session_takes_the_recorded_settings(synthetic) -> None:
    moment = capture(_trained(synthetic, 3))
    other = _session(synthetic, learning_rate=0.05, batch_size=25)
    restore(other, moment)
    assert other.config == CONFIG
    assert other.learning_rate == 0.1


def test_a_branch_notes_a_rate_change_only_when_its_rate_differs(synthetic) -> None:
    moment = capture(_trained(synthetic, 3))
    same_rate = _session(synthetic, batch_size=25)
    restore(same_rate, moment, branch=True)
    assert same_rate.config.batch_size == 25
    assert same_rate.snapshot().learning_rate_changes == [(0, 0.1)]
    slower = _session(synthetic, learning_rate=0.02)
    restore(slower, moment, branch=True)
    assert slower.learning_rate == 0.02 and slower.config.learning_rate == 0.02
    assert slower.snapshot().learning_rate_changes == [(0, 0.1), (3, 0.02)]


def test_the_safety_net_goes_back_to_the_restored_weights(synthetic) -> None:
    trained = _trained(synthetic, 5)
    moment = capture(trained)
    fresh = _session(synthetic)
    taken_at = fresh.checkpoint.taken_at
    restore(fresh, moment)
    assert fresh.checkpoint.updates == 5
    # The next checkpoint is due when it was: INTERVAL seconds after the last one was taken.
    assert fresh.checkpoint.taken_at == taken_at
    assert fresh.checkpoint.due(taken_at + INTERVAL + 1e-3)
    fresh.model.set_weights([np.full_like(w, np.nan) for w in fresh.model.get_weights()])
    assert fresh.checkpoint.restore_if_not_finite(fresh.model)
    for a, b in zip(trained.model.get_weights(), fresh.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_weights_of_another_network_are_refused_with_the_reason(synthetic) -> None:
    moment = capture(_session(synthetic, hidden=(16,)))
    with pytest.raises(MomentError) as caught:
        restore(_session(synthetic), moment)
    assert str(caught.value).startswith("the recorded weights do not fit this network: ")
    assert len(str(caught.value)) > len("the recorded weights do not fit this network: ")


def test_a_curve_of_another_size_is_refused_by_name(synthetic) -> None:
    moment = capture(_trained(synthetic, 2))
    arrays = dict(moment.arrays)
    arrays["history/_sum"] = np.zeros(len(arrays["history/_sum"]) + 1)
    with pytest.raises(MomentError) as caught:
        restore(_session(synthetic), Moment(moment.updates, moment.meta, arrays))
    assert str(caught.value) == "the recorded curve history has another size"


@pytest.mark.parametrize(("recorded", "branch"), [(0.3, 0.0), (0.0, 0.3)])
def test_a_branch_may_switch_dropout_on_or_off(synthetic, recorded, branch) -> None:
    trained = _trained(synthetic, 3, dropout=recorded)
    moment = capture(trained)
    other = _session(synthetic, dropout=branch)
    restore(other, moment, branch=True)
    assert other.updates == 3 and other.config.dropout == branch
    for a, b in zip(trained.model.get_weights(), other.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def _seeded_dropout_model() -> Sequential:
    return Sequential(
        [Dense(8, activation="relu", input_dim=784), Dropout(0.5, seed=11),
         Dense(10, activation="softmax")],
        seed=1,
    )  # fmt: skip


def test_a_layer_with_its_own_seed_is_captured_before_it_draws(synthetic) -> None:
    straight = TrainingSession(CONFIG, dataset=synthetic, model=_seeded_dropout_model())
    moment = capture(straight)  # its Dropout has not drawn yet
    later = _losses(straight)
    branch = TrainingSession(CONFIG, dataset=synthetic, model=_seeded_dropout_model())
    restore(branch, moment)
    assert _losses(branch) == later


def test_numpy_numbers_become_plain_ones_inside_lists_and_dicts() -> None:
    plain = _plain({"a": [np.int64(2), (np.float32(0.5), 3)], "b": np.float64(1.5)})
    assert plain == {"a": [2, [0.5, 3]], "b": 1.5}
    assert type(plain["a"][0]) is int and type(plain["a"][1][0]) is float
