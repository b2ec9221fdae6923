"""What the views and a run's record ask of an idle session between runs: a reset's seed, a live
setting refused, an edit or a confusion matrix seen at once, calls that never wait for a batch,
the model handed to a view, a run's place at its very start, and the views' demand."""

from __future__ import annotations

import threading
import types

import numpy as np
import pytest

from playground.training import ConfigError, TrainingSession
from playground.training import session as session_module
from playground.training import session_details as details
from playground.training.config import MAX_SEED
from playground.training.session_details import build_snapshot
from tests.patience import patience


def _spy_batches(session) -> list:
    """The inputs of every mini-batch the model trains on from now on."""
    seen = []
    original = session.model.train_on_batch

    def spy(x, y, return_dict=False):
        seen.append(x.copy())
        return original(x, y, return_dict=return_dict)

    session.model.train_on_batch = spy
    return seen


def _published(session):
    """The snapshot the training thread publishes after a batch (the views' demand holds)."""
    return build_snapshot(session, fresh=False)


def test_a_reset_draws_any_seed_the_settings_accept(synthetic, small_config, monkeypatch):
    bounds = []

    def largest(n: int) -> int:  # the random source at its largest draw below n
        bounds.append(n)
        return n - 1

    monkeypatch.setattr(session_module, "secrets", types.SimpleNamespace(randbelow=largest))
    s = TrainingSession(small_config, synthetic)
    s.reset()
    assert s.config.seed == MAX_SEED == 2**31 - 1
    assert s.config.validate(s.n_train) == []
    assert len(bounds) == 1
    s.reset(seed=5)  # a seed given is used as it is
    assert s.config.seed == 5 and len(bounds) == 1


def test_a_live_setting_the_data_cannot_take_is_refused_and_nothing_changes(
    synthetic, small_config
):
    s = TrainingSession(small_config, synthetic)
    with pytest.raises(ConfigError) as refused:
        s.change_settings({"batch_size": 601})
    assert str(refused.value) == "Batch size 601 is larger than the 600 training examples."
    assert s.config.batch_size == 50 and s.setting_changes == []
    assert s.step().batch_size == 50


def test_an_edit_after_training_is_seen_at_once_and_the_next_batch_after_it(
    synthetic, small_config
):
    s = TrainingSession(small_config, synthetic)
    s.step()
    s.snapshot()
    with s.between_batches():  # a view edits the weights
        s.model.layers[1].kernel[:] = 0.5
        s.mark_changed()
    h = s.snapshot().weight_histograms[1]
    # all 32 × 10 weights equal: one bin in the middle of a window of one around them
    assert h.counts[20] == h.counts.sum() == 320
    with s.between_batches():  # a second edit, then a batch
        s.model.layers[1].bias[:] = 0.25
        s.mark_changed()
    s.step()
    assert _published(s).updates == 2  # the training thread's next snapshot shows it


def test_a_confusion_asked_for_after_training_is_seen_at_once(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.step()
    assert s.snapshot().confusion is None
    s.request_confusion()
    snap = s.snapshot()
    assert snap.confusion is not None and snap.confusion.sum() == 200
    assert snap.confusion_updates == 1
    s.request_confusion()  # asked again, then a batch: the next published snapshot shows it
    s.step()
    assert _published(s).updates == 2


@pytest.mark.parametrize("call", ["snapshot", "request_confusion"])
def test_a_view_never_waits_for_the_batch_in_progress(synthetic, small_config, call):
    s = TrainingSession(small_config, synthetic)
    before = s.snapshot()
    answered = []
    view = threading.Thread(target=lambda: answered.append(getattr(s, call)()), name="view")
    with s.between_batches():  # a mini-batch holds the session
        view.start()
        view.join(patience(10))
        returned = not view.is_alive()
    view.join(patience(10))
    assert returned
    if call == "snapshot":
        assert answered[0] is before  # the newest published snapshot
    else:
        s.step()  # answered right after the batch
        assert s.snapshot().confusion_updates == 1


def test_an_idle_session_hands_its_model_to_a_view(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    assert s.try_with_model(lambda model: model) is s.model
    assert s.try_with_model(lambda model: model.layers[0].kernel.shape) == (784, 32)


def test_a_runs_place_at_its_very_start_is_kept_and_put_back(synthetic, small_config):
    s = TrainingSession(small_config.replace(batch_size=100), synthetic)
    start = s.position()  # no order drawn and no confusion matrix yet
    assert start.order is None and start.confusion is None
    assert start.counters["updates"] == 0 and start.lr_changes == ((0, 0.1),)
    seen = _spy_batches(s)
    for _ in range(3):
        s.step()
    first = list(seen)
    s.request_confusion()
    s.restore_position(start)
    s.forget_snapshots()
    assert (s.updates, s.epoch, s.samples_seen, s.epoch_progress) == (0, 0, 0, 0.0)
    snap = s.snapshot()
    assert snap.confusion is None and snap.confusion_updates is None
    seen.clear()
    for _ in range(3):
        s.step()
    for a, b in zip(first, seen, strict=True):
        np.testing.assert_array_equal(a, b)  # the same examples in the same order


def test_weights_put_back_at_the_start_are_drawn_anew(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    with s.between_batches():  # a run's record puts weights back
        s.model.layers[1].kernel[:] = 0.5
        s.forget_snapshots()
    snap = s.snapshot()
    h = snap.weight_histograms[1]
    assert h.counts[20] == h.counts.sum() == 320
    x = s.display_images.reshape(len(s.display_images), -1)
    np.testing.assert_allclose(snap.display.probabilities, s.model.predict(x), rtol=1e-5)


def test_views_that_ask_again_for_everything_get_everything(synthetic, small_config, monkeypatch):
    s = TrainingSession(small_config, synthetic)
    later = types.SimpleNamespace(perf_counter=lambda: 1e12)  # every costly part long due
    monkeypatch.setattr(details, "time", later)
    s.set_detail_demand(weights=False, predictions=False)
    s.step()
    shown = _published(s)
    assert (shown.updates, shown.details_updates, shown.display_updates) == (1, 0, 0)
    s.set_detail_demand()  # every view shown again
    s.step()
    shown = _published(s)
    assert (shown.updates, shown.details_updates, shown.display_updates) == (2, 2, 2)
