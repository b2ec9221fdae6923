"""Reset in the middle of a run keeps the run in Run comparison, named by its settings."""

from __future__ import annotations

TIMEOUT = 60_000


def test_reset_mid_run_keeps_the_run(make_window, qtbot):
    from playground.gui.concepts.run_comparison import RunComparisonView

    window = make_window(host_extras=True, trainer="thread")
    window.ensure_extras()
    runs = window.findChild(RunComparisonView)
    assert runs is not None
    before = len(runs.library)
    window.step()
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 2, timeout=TIMEOUT
    )
    window.reset()
    assert len(runs.library) == before + 1
    kept = runs.library[len(runs.library) - 1]
    assert kept.final["updates"] == 2 and len(kept.series["batch_loss"]) == 2
    assert kept.name.startswith("32 relu, cross-entropy, adam lr 0.001, batch 50")
    assert kept.name in runs.checked_names()
    assert window.session is None or window.session.updates == 0  # the reset still happened
