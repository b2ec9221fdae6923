"""Settings changed while training: each takes effect at the next mini-batch, exactly, is
reported as a SettingChanged event, and changes what the engine computes."""

from __future__ import annotations

import pickle
import queue
from types import MappingProxyType

import numpy as np
import pytest

from playground.training import ConfigError, ConfigProblem, Paused, RunControl, TrainingSession
from playground.training.events import SettingChanged
from playground.training.live_settings import checked, live_changes
from playground.training.model_builder import build_model, make_optimizer


def paused_at(n: int):
    return lambda events: any(isinstance(e, Paused) and e.updates == n for e in events)


def _next_batch(session: TrainingSession) -> tuple[np.ndarray, np.ndarray]:
    """The examples the session's next step trains on (its epoch permutation, in order)."""
    if session._perm is None:
        session._perm = session._rng.permutation(session.n_train)
    m = min(len(session._xbuf), session.n_train - session._pos)
    idx = session._perm[session._pos : session._pos + m]
    return session.x_train[idx], session.y_train[idx]


def test_a_learning_rate_change_applies_from_the_next_update(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    twin = TrainingSession(small_config, synthetic)
    for _ in range(3):
        s.step()
        twin.step()
    events = s.change_settings({"learning_rate": 0.02})
    assert events == [SettingChanged(3, "learning_rate", 0.1, 0.02)]
    twin.model.optimizer.learning_rate = 0.02  # the engine's own way of changing it
    s.step()
    twin.step()
    rates = s.learning_rate_history.series().y
    np.testing.assert_array_equal(rates, [0.1, 0.1, 0.1, 0.02])
    for a, b in zip(s.model.get_weights(), twin.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert s.snapshot().setting_changes == tuple(events)


def test_changes_through_the_run_loop_take_effect_at_the_next_batch(
    synthetic, small_config, start_run
):
    s = TrainingSession(small_config, synthetic)
    control = RunControl(paused=True)
    rt = start_run(s, control)
    control.request_steps(3)
    rt.log.wait_for(paused_at(3))
    control.set_settings({"batch_size": 20, "learning_rate": 0.05})
    control.request_steps(1)
    rt.log.wait_for(paused_at(4))
    changes = rt.log.of(SettingChanged)
    assert changes == [
        SettingChanged(3, "learning_rate", 0.1, 0.05),
        SettingChanged(3, "batch_size", 50, 20),
    ]
    # The change is emitted before the step that uses it.
    kinds = [type(e).__name__ for e in rt.log.events]
    assert kinds.index("SettingChanged") < len(kinds) - 1 - kinds[::-1].index("Paused")
    np.testing.assert_array_equal(s.learning_rate_history.series().y, [0.1, 0.1, 0.1, 0.05])
    assert s.samples_seen == 3 * 50 + 20 and s.config.batch_size == 20


def test_a_switched_optimizer_starts_with_fresh_slots(synthetic, small_config):
    cfg = small_config.replace(optimizer_params={"momentum": 0.9})
    s = TrainingSession(cfg, synthetic)
    for _ in range(4):
        s.step()
    weights = s.model.get_weights()
    x, y = _next_batch(s)
    (event,) = s.change_settings(
        {"optimizer": "adam", "optimizer_params": {}, "learning_rate": 1e-3}
    )[1:2]
    assert event == SettingChanged(4, "optimizer", "sgd", "adam")
    optimizer = s.model.optimizer
    assert type(optimizer).__name__ == "Adam" and optimizer.iterations == 0
    assert not optimizer.built
    s.step()
    # A freshly compiled Adam on the same weights takes the same step.
    ref = build_model(
        cfg.replace(optimizer="adam", optimizer_params={}, learning_rate=1e-3), 784, 10
    )
    ref.set_weights(weights)
    ref.train_on_batch(x, y)
    for a, b in zip(s.model.get_weights(), ref.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert s.model.optimizer.iterations == 1


def test_a_changed_hyperparameter_keeps_the_slots(synthetic, small_config):
    s = TrainingSession(small_config.replace(optimizer_params={"momentum": 0.9}), synthetic)
    for _ in range(4):
        s.step()
    before = {k: v.copy() for k, v in s.model.optimizer.get_state()[1].items()}
    s.change_settings({"optimizer_params": {"momentum": 0.5}})
    optimizer = s.model.optimizer
    assert optimizer.momentum == 0.5 and optimizer.iterations == 4
    after = optimizer.get_state()[1]
    assert before.keys() == after.keys() and before
    for key in before:
        np.testing.assert_array_equal(before[key], after[key])


@pytest.mark.parametrize(("name", "value"), [("dropout", 0.5), ("l2", 0.01), ("noise", 0.3)])
def test_dropout_l2_and_noise_change_the_next_step_as_the_engine_computes(
    synthetic, small_config, name, value
):
    s = TrainingSession(small_config, synthetic)
    for _ in range(3):
        s.step()
    weights = s.model.get_weights()
    x, y = _next_batch(s)
    s.change_settings({name: value})
    loss = s.step().loss
    # The engine's model built with the setting from the start, on the same weights and batch.
    ref = build_model(small_config.replace(**{name: value}), 784, 10)
    ref.set_weights(weights)
    assert loss == pytest.approx(ref.train_on_batch(x, y, return_dict=True)["loss"], rel=1e-6)
    for a, b in zip(s.model.get_weights(), ref.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    plain = build_model(small_config, 784, 10)
    plain.set_weights(weights)
    assert plain.train_on_batch(x, y, return_dict=True)["loss"] != pytest.approx(loss, rel=1e-4)
    penalty = s.snapshot().regularization_loss.y
    assert (penalty[-1] > 0) == (name == "l2") and penalty[0] == 0


def test_settings_switched_off_again_leave_a_plain_model(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.change_settings({"dropout": 0.3, "noise": 0.2, "l2": 0.001})
    assert len(s.model.stack) == 4 and s.model.regularized
    s.step()
    s.change_settings({"dropout": 0.0, "noise": 0.0, "l2": 0.0})
    assert s.model.stack == s.model.layers and not s.model.regularized
    assert s.model._fast_path_runs()
    s.step()
    assert s.penalty_history.series().y[-1] == 0


def test_a_loss_change_recompiles_and_changes_the_targets(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.step()
    weights = s.model.get_weights()
    x, _ = _next_batch(s)
    labels = s.y_train_labels[s._perm[s._pos : s._pos + 50]]
    s.change_settings({"loss": "mean_squared_error"})
    loss = s.step().loss
    ref = build_model(small_config.replace(loss="mean_squared_error"), 784, 10)
    ref.set_weights(weights)
    assert loss == pytest.approx(
        ref.train_on_batch(x, np.eye(10)[labels], return_dict=True)["loss"], rel=1e-6
    )


def test_impossible_changes_are_refused_and_change_nothing(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    for bad in ({"dropout": 1.5}, {"batch_size": 601}, {"hidden": (8,)}, {"optimizer": "x"}):
        with pytest.raises(ConfigError):
            s.change_settings(bad)
    assert s.config == small_config and s.setting_changes == []
    assert type(s.model.optimizer) is type(make_optimizer(small_config))


def test_a_change_sent_to_the_trainer_process_applies_at_the_next_batch(synthetic, small_config):
    from playground.training.trainer_child import TrainerSpec
    from playground.training.trainer_process import TrainerProcess

    messages: queue.Queue = queue.Queue()
    seen: list = []

    def wait_for(accept):
        while True:
            message = messages.get(timeout=60)  # a spawned interpreter imports NumPy first
            seen.append(message)
            if accept(message):
                return message

    trainer = TrainerProcess(TrainerSpec(small_config, synthetic, paused=True), messages.put)
    trainer.start()
    try:
        wait_for(lambda m: m[0] == "ready")
        trainer.send("steps", 2)
        wait_for(lambda m: m[0] == "event" and m[1] == Paused(2, 0, "steps"))
        trainer.send("settings", {"optimizer": "adam", "learning_rate": 0.001})
        trainer.send("steps", 1)
        wait_for(lambda m: m[0] == "event" and m[1] == Paused(3, 0, "steps"))
        changes = [m[1] for m in seen if m[0] == "event" and isinstance(m[1], SettingChanged)]
        assert changes == [
            SettingChanged(2, "learning_rate", 0.1, 0.001),
            SettingChanged(2, "optimizer", "sgd", "adam"),
        ]
        trainer.send("snapshot")
        snap = wait_for(lambda m: m[0] == "snapshot" and m[1].updates == 3)[1]
        np.testing.assert_array_equal(snap.learning_rate_history.y, [0.1, 0.1, 0.001])
        assert snap.setting_changes == tuple(changes)
    finally:
        trainer.stop()


def test_a_schedule_goes_on_from_a_changed_rate(synthetic, small_config):
    from playground.engine.optimizers import schedules

    s = TrainingSession(small_config.replace(schedule="cosine"), synthetic)
    for _ in range(5):
        s.step()
    s.change_settings({"learning_rate": 0.05})
    s.step()
    # CosineDecay over the whole run (12 updates an epoch, 3 epochs), now from 0.05.
    expected = schedules.CosineDecay(0.05, decay_steps=36)(5)
    assert s.learning_rate_history.series().y[-1] == pytest.approx(expected)
    assert s.learning_rate_history.series().y[4] == pytest.approx(
        schedules.CosineDecay(0.1, decay_steps=36)(4)
    )


def test_preset_7_gets_the_total_loss_after_every_update(mnist):
    from playground.training.presets import load_presets

    preset = next(p for p in load_presets() if p.key.startswith("07"))
    s = TrainingSession(preset.training_config(), mnist)
    assert s.n_train == 2000 and s.config.batch_size == 10
    for _ in range(12):
        s.step()
    total = s.total_loss.series()
    np.testing.assert_array_equal(total.updates, np.arange(1, 13))
    # Each point is L = sum of C^n over the training set, as the engine evaluates it.
    x, labels = s.x_train, s.y_train_labels
    mean = s.model.evaluate(x, np.eye(10, dtype=np.float32)[labels])[0]
    assert total.y[-1] == pytest.approx(mean * 2000, rel=1e-4)


def test_larger_sets_keep_four_points_an_epoch(synthetic_factory, small_config):
    s = TrainingSession(small_config.replace(batch_size=10), synthetic_factory(n_train=2500))
    assert s.updates_per_epoch == 250  # more batches than an every-update L is worth
    for _ in range(250):
        s.step()
    np.testing.assert_array_equal(s.total_loss.series().updates, [63, 125, 188, 250])


def test_only_the_live_settings_that_differ_are_changes(small_config):
    new = small_config.replace(learning_rate=0.05, batch_size=20, hidden=(8,), epochs=9)
    assert live_changes(small_config, new) == {"learning_rate": 0.05, "batch_size": 20}
    assert live_changes(small_config, small_config) == {}


def test_refusals_name_every_setting_and_every_problem(small_config):
    with pytest.raises(ConfigError) as fixed:
        checked(small_config, {"hidden": (8,), "epochs": 3, "l2": 0.1}, 600)
    assert str(fixed.value) == "These settings cannot change while training: epochs, hidden."
    with pytest.raises(ConfigError) as bad:
        checked(small_config, {"dropout": 1.5, "l2": -1.0}, 600)
    dropout = ConfigProblem("dropout", "Dropout rate must be at least 0 and below 1.")
    l2 = ConfigProblem("l2", "L2 strength must be a finite number, 0 or more.")
    assert bad.value.problems == [dropout, l2]
    assert str(bad.value) == f"{dropout.message} {l2.message}"


def test_a_loss_change_keeps_the_optimizer_and_metrics_and_sets_the_targets(
    synthetic, small_config
):
    s = TrainingSession(small_config, synthetic)
    s.step()
    optimizer, metrics = s.model.optimizer, list(s.model.metrics)
    s.change_settings({"loss": "sparse_categorical_crossentropy"})
    assert s.model.optimizer is optimizer and list(s.model.metrics) == metrics
    assert s.y_train.dtype.kind == "i"
    np.testing.assert_array_equal(s.y_train, s.y_train_labels)
    s.change_settings({"loss": "mse"})
    np.testing.assert_array_equal(s.y_train, np.eye(10)[s.y_train_labels])
    s.change_settings({"optimizer_params": {"momentum": 0.5}})
    assert list(s.model.metrics) == metrics


def test_a_new_batch_size_sets_the_updates_of_an_epoch(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)  # 600 training examples
    s.change_settings({"batch_size": 70})
    assert s.updates_per_epoch == 9
    s.change_settings({"learning_rate": 0.05})
    assert s.learning_rate == 0.05 and s.config.learning_rate == 0.05


def test_a_setting_sent_again_unchanged_is_no_change(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.change_settings({"batch_size": 50, "optimizer_params": {}})
    assert s.setting_changes == [] and s.config == small_config


def test_dropout_switched_on_follows_every_hidden_layer_and_is_named(synthetic, small_config):
    from playground.engine import Dense, Dropout

    s = TrainingSession(small_config.replace(hidden=(8, 8)), synthetic)
    s.change_settings({"dropout": 0.5})
    kinds = [type(layer) for layer in s.model.stack if isinstance(layer, (Dense, Dropout))]
    assert kinds == [Dense, Dropout, Dense, Dropout, Dense]  # none after the output layer
    names = [layer.name for layer in s.model.stack]
    assert all(isinstance(name, str) and name for name in names)
    assert len(set(names)) == len(names)


def test_a_changed_mapping_is_reported_as_a_plain_dict_another_process_can_take(
    synthetic, small_config
):
    s = TrainingSession(small_config, synthetic)
    events = s.change_settings({"optimizer_params": MappingProxyType({"momentum": 0.5})})
    assert [(e.name, e.new) for e in events] == [("optimizer_params", {"momentum": 0.5})]
    assert pickle.loads(pickle.dumps(events)) == events  # sent to the window's process


def test_a_rate_change_is_kept_for_the_runs_record(synthetic, small_config):
    s = TrainingSession(small_config, synthetic)
    s.step()
    s.step()
    s.change_settings({"learning_rate": 0.05})
    s.step()
    assert s.position().lr_changes == ((0, 0.1), (2, 0.05))


def test_a_switched_optimizer_keeps_the_schedule_over_this_training_set(synthetic, small_config):
    from playground.engine.optimizers import schedules

    s = TrainingSession(small_config.replace(schedule="cosine"), synthetic)
    for _ in range(3):
        s.step()
    s.change_settings({"optimizer": "adam", "learning_rate": 0.01})
    s.step()
    s.step()
    # The new optimizer counts its own steps from 0; the cosine spans the run's 36 updates
    # (600 examples, batches of 50, 3 epochs), not a run over the whole of MNIST.
    cosine = schedules.CosineDecay(0.01, decay_steps=36)
    np.testing.assert_allclose(
        s.learning_rate_history.series().y[3:], [cosine(0), cosine(1)], rtol=1e-6
    )


def test_a_loss_change_gives_targets_as_wide_as_the_data_sets_classes(synthetic, small_config):
    from playground.data import Dataset

    def first_three(x, y):
        keep = y < 3
        return x[keep], y[keep]

    three = Dataset(
        "Three",
        *first_three(synthetic.x_train, synthetic.y_train),
        *first_three(synthetic.x_test, synthetic.y_test),
        ("a", "b", "c"),
    )
    cfg = small_config.replace(loss="sparse_categorical_crossentropy")
    s = TrainingSession(cfg, three)
    s.change_settings({"loss": "categorical_crossentropy"})
    np.testing.assert_array_equal(s.y_train, np.eye(3)[s.y_train_labels])
    assert np.isfinite(s.step().loss)
