"""The training panel carries dropout, L2, the schedule and augmentation into the config."""

from __future__ import annotations

from playground.gui.panels.training_panel import TrainingPanel
from playground.training import TrainingConfig
from playground.training.presets import load_presets


def test_settings_round_trip_through_the_panel(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    assert panel.values()["dropout"] == 0.0 and panel.values()["schedule"] == "constant"
    preset = next(p for p in load_presets() if p.key == "08-overfitting-dropout")
    wanted = preset.variant_configs()[1].to_dict()
    with qtbot.waitSignal(panel.changed):
        panel.set_values({**wanted, "schedule": "cosine", "rotation": 15.0, "noise": 0.1})
    values = panel.values()
    assert (values["dropout"], values["schedule"], values["rotation"], values["noise"]) == (
        0.5, "cosine", 15.0, 0.1,
    )  # fmt: skip
    config = TrainingConfig(**values)
    assert config.validate() == []
    panel.set_running(True)  # dropout, L2 and noise stay live; the rest waits for the run
    regularization = panel.regularization
    live = (regularization.dropout, regularization.l2, regularization.noise, panel.batch_size)
    assert all(w.isEnabled() for w in live)
    assert not any(w.isEnabled() for w in (regularization.schedule, regularization.rotation))
    assert not panel.epochs.isEnabled()
    panel.set_running(False)
    assert regularization.schedule.isEnabled() and panel.epochs.isEnabled()
    panel.regularization.l2.setValue(0.001)
    assert panel.values()["l2"] == 0.001
