"""The window's copy of a session trained by a trainer process: it reads what the trainer
streams, copies the streamed weights into its own model, and passes commands on."""

from __future__ import annotations

import dataclasses
import threading

import numpy as np
import pytest

from playground.training import TrainingConfig, TrainingSession, mirror_session
from playground.training.events import SettingChanged
from playground.training.mirror_session import MirrorSession
from playground.training.runs import SERIES_NAMES
from tests.training.conftest import make_synthetic

CONFIG = TrainingConfig(
    hidden=(8,), optimizer="adam", learning_rate=0.01, batch_size=20, epochs=2, seed=3
)


@pytest.fixture(scope="module")
def data():
    return make_synthetic(n_train=100, n_test=40, seed=1)


class Trainer:
    """What the mirror's commands reach: every message, and whether the trainer is alive."""

    def __init__(self) -> None:
        self.sent: list[tuple] = []
        self.alive = True

    def send(self, *message) -> bool:
        self.sent.append(message)
        return self.alive


@pytest.fixture
def trainer() -> Trainer:
    return Trainer()


@pytest.fixture
def mirror(data, trainer) -> MirrorSession:
    return MirrorSession(TrainingSession(CONFIG, data), trainer.send)


def trained(data, steps: int = 7) -> TrainingSession:
    """The trainer's own session: the same settings, some updates further."""
    session = TrainingSession(CONFIG, data)
    for _ in range(steps):
        session.step()
    return session


def test_the_data_and_model_are_the_local_copys(mirror) -> None:
    local = mirror.local
    for name in ("config", "dataset", "model", "x_train", "x_test", "y_train_labels",
                 "y_test_labels", "image_shape", "y_train", "class_names", "n_train",
                 "n_validation", "n_test"):  # fmt: skip
        assert getattr(mirror, name) is getattr(local, name), name
    assert (mirror.n_train, mirror.n_test) == (100, 40)


def test_before_the_trainer_speaks_the_figures_are_the_local_ones(mirror) -> None:
    assert mirror.alive is True and mirror.heard_from_trainer is False
    assert mirror.demand is None
    assert (mirror.updates, mirror.epoch, mirror.samples_seen) == (0, 0, 0)
    assert mirror.learning_rate == 0.01
    assert mirror.replies.empty()


def test_a_streamed_snapshot_gives_the_trainers_figures(mirror, data) -> None:
    snap = dataclasses.replace(trained(data).snapshot(), display=None)  # no digits: kept as is
    mirror.take(snap, None)
    assert mirror.heard_from_trainer
    assert mirror.snapshot() is snap
    assert (mirror.updates, mirror.epoch, mirror.samples_seen) == (7, 1, 140)
    assert mirror.elapsed == snap.elapsed > 0
    assert mirror.samples_per_second == snap.samples_per_second
    assert mirror.learning_rate == snap.learning_rate == 0.01
    curves = mirror.history_series()
    assert list(curves) == list(SERIES_NAMES)
    assert all(curves[name] is getattr(snap, name) for name in SERIES_NAMES)
    assert len(curves["batch_loss"]) == 7


def test_a_snapshot_without_weights_leaves_the_local_model_alone(mirror, data) -> None:
    before = [w.copy() for w in mirror.local.model.get_weights()]
    mirror.take(trained(data).snapshot(), None)
    for old, now in zip(before, mirror.local.model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, now)


def test_streamed_weights_and_optimizer_state_go_into_the_local_model(mirror, data) -> None:
    remote = trained(data)
    weights = remote.model.get_weights()
    scalars, arrays = remote.model.optimizer.get_state()
    mirror.take(remote.snapshot(), weights, (scalars, arrays))
    for theirs, ours in zip(weights, mirror.model.get_weights(), strict=True):
        np.testing.assert_array_equal(theirs, ours)
    assert mirror.model.optimizer.iterations == remote.model.optimizer.iterations == 7
    _, ours = mirror.model.optimizer.get_state()
    assert sorted(ours) == sorted(arrays)
    for key, array in arrays.items():
        np.testing.assert_array_equal(ours[key], array)
    # The next update from these weights is the trainer's next update.
    x = np.asarray(mirror.x_train[:20])
    y = np.asarray(mirror.y_train[:20])
    remote.model.train_on_batch(x, y)
    mirror.model.train_on_batch(x, y)
    for theirs, ours in zip(remote.model.get_weights(), mirror.model.get_weights(), strict=True):
        np.testing.assert_array_equal(theirs, ours)


def test_an_optimizer_state_that_does_not_fit_is_ignored(mirror, data) -> None:
    remote = trained(data)
    weights = remote.model.get_weights()
    mirror.take(remote.snapshot(), weights, ({"iterations": -1, "built": True}, {}))
    for theirs, ours in zip(weights, mirror.model.get_weights(), strict=True):
        np.testing.assert_array_equal(theirs, ours)
    assert mirror.model.optimizer.iterations == 0
    mirror.take(remote.snapshot(), weights, ({"iterations": 2}, {}))  # no 'built'
    assert mirror.model.optimizer.iterations == 0
    mirror.take(remote.snapshot(), weights, ({"iterations": 2, "built": False},))  # one part
    assert mirror.model.optimizer.iterations == 0


def test_the_display_digits_are_the_windows_own_pictures(mirror, data) -> None:
    snap = trained(data).snapshot()
    assert snap.display is not None
    mirror.take(snap, None)
    shown = mirror.snapshot().display
    assert shown.images is mirror.local.display_images
    np.testing.assert_array_equal(shown.pred, snap.display.pred)
    np.testing.assert_array_equal(shown.indices, snap.display.indices)


def test_the_views_demand_is_sent_only_when_it_changes(mirror, trainer) -> None:
    mirror.set_detail_demand()
    assert mirror.demand == (True, True, True, True)
    mirror.set_detail_demand(True, True, True, True)
    mirror.set_detail_demand(weights=0, predictions=[], gradients="yes", model=None)
    assert mirror.demand == (False, False, True, False)
    mirror.set_detail_demand(weights=False, predictions=False, gradients=True, model=False)
    assert trainer.sent == [
        ("details", True, True, True, True),
        ("details", False, False, True, False),
    ]
    assert all(type(flag) is bool for flag in trainer.sent[1][1:])


def test_a_confusion_matrix_is_asked_of_the_trainer(mirror, trainer) -> None:
    mirror.request_confusion()
    assert trainer.sent == [("confusion",)]


def test_a_new_learning_rate_goes_to_both_copies(mirror, trainer) -> None:
    mirror.set_learning_rate(0.5)
    assert mirror.local.learning_rate == 0.5
    assert trainer.sent == [("set_learning_rate", 0.5)]


def test_changed_settings_go_to_both_copies(mirror, trainer) -> None:
    changes = {"batch_size": 10}
    events = mirror.change_settings(changes)
    assert [(e.name, e.old, e.new) for e in events] == [("batch_size", 20, 10)]
    assert mirror.local.config.batch_size == 10
    assert trainer.sent == [("change_settings", {"batch_size": 10})]
    assert trainer.sent[0][1] is not changes  # a copy: later edits of the caller's dict stay


def test_a_refused_change_is_not_sent(mirror, trainer) -> None:
    with pytest.raises(ValueError):
        mirror.change_settings({"batch_size": 0})
    assert trainer.sent == []
    assert mirror.local.config.batch_size == 20


def test_the_local_copy_follows_the_trainers_changes(mirror, trainer) -> None:
    mirror.follow_change(SettingChanged(3, "batch_size", 20, 5))
    assert mirror.local.config.batch_size == 5
    mirror.follow_change(SettingChanged(4, "batch_size", 5, -1))  # it cannot: kept
    assert mirror.local.config.batch_size == 5
    assert trainer.sent == []  # the trainer made these changes: nothing goes back


def test_reset_gives_both_copies_the_same_new_seed(mirror, trainer, data) -> None:
    mirror.take(trained(data).snapshot(), None)
    mirror.reset(1234)
    assert mirror.local.config.seed == 1234
    assert trainer.sent == [("reset", 1234)]
    assert (mirror.updates, mirror.samples_seen) == (0, 0)
    fresh = TrainingSession(CONFIG.replace(seed=1234), data)
    for theirs, ours in zip(fresh.model.get_weights(), mirror.model.get_weights(), strict=True):
        np.testing.assert_array_equal(theirs, ours)


def test_reset_without_a_seed_draws_a_valid_one_and_sends_it(mirror, trainer) -> None:
    seeds = []
    for _ in range(20):
        mirror.reset()
        seeds.append(mirror.local.config.seed)
        assert mirror.local.config.validate() == []  # a seed the settings panel accepts
    assert trainer.sent == [("reset", seed) for seed in seeds]
    assert max(seeds) > 2**20  # drawn from the whole range of seeds, not a few small ones


def test_save_waits_for_the_trainers_answer(mirror, trainer, tmp_path) -> None:
    mirror.replies.put(None)
    mirror.save_model(tmp_path / "m.npz")
    assert trainer.sent == [("save", str(tmp_path / "m.npz"))]


def test_the_trainers_failure_to_save_is_an_oserror(mirror, trainer, tmp_path) -> None:
    mirror.replies.put("disk full")
    with pytest.raises(OSError, match=r"^disk full$"):
        mirror.save_model(tmp_path / "m.npz")


def test_an_ended_trainer_cannot_save(mirror, trainer, tmp_path) -> None:
    trainer.alive = False
    mirror.replies.put(None)  # a stale answer is not taken for this request
    with pytest.raises(OSError, match=r"^the trainer has ended; start training again to save$"):
        mirror.save_model(tmp_path / "m.npz")
    assert mirror.replies.get_nowait() is None


@pytest.mark.timeout(30)
def test_a_trainer_that_never_answers(mirror, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(mirror_session, "SAVE_SECONDS", 0.01)
    with pytest.raises(OSError, match=r"^the trainer did not answer in time$"):
        mirror.save_model(tmp_path / "m.npz")


def test_a_late_answer_is_waited_for(data, tmp_path) -> None:
    answered = threading.Event()
    mirror = MirrorSession(TrainingSession(CONFIG, data), lambda *message: answered.set() or True)

    def answer() -> None:
        answered.wait()
        mirror.replies.put("read-only folder")

    helper = threading.Thread(target=answer)
    helper.start()
    with pytest.raises(OSError, match=r"^read-only folder$"):
        mirror.save_model(tmp_path / "m.npz")  # the answer came after the request
    helper.join()


def test_the_views_read_the_local_model(mirror) -> None:
    assert mirror.with_model(lambda m: m) is mirror.local.model
    assert mirror.try_with_model(lambda m: len(m.layers)) == 2
    assert mirror.evaluate_test() == mirror.local.evaluate_test()
