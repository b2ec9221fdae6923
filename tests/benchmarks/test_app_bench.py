"""``nn-playground app-bench`` runs end to end on a tiny network and reports every figure."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_app_bench_reports_every_figure(tmp_path):
    out = tmp_path / "app.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    args = ["--hidden", "16", "--train-size", "500", "--lag-seconds", "0.5", "--repeats", "1"]
    args += ["--cycles", "3", "--fps-seconds", "0.5", "--best-of", "2", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "playground", "app-bench", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    r = json.loads(out.read_text())
    assert 0 < r["first_paint_s"] < 60
    for bs in (1, 100):
        lag = r[f"lag_bs{bs}"]
        assert lag["ticks"] > 0 and 0 <= lag["p50_ms"] <= lag["p99_ms"] <= lag["max_ms"]
    assert r["epoch_headless_s"] == min(r["epoch_headless_by_plan_s"].values())
    assert r["epoch_window_s"] > 0 and r["epoch_window_all_views_s"] > 0
    for window, overhead in (
        ("epoch_window_s", "epoch_overhead_pct"),
        ("epoch_window_all_views_s", "epoch_all_views_overhead_pct"),
    ):
        assert abs(r[overhead] - 100 * (r[window] / r["epoch_headless_s"] - 1)) < 1e-6
    assert r["run_left"] is False and r["processes_left"] == 0 and r["threads_left"] == 0
    assert 0 < r["first_start_blocks_s"] <= r["first_update_s"]
    assert r["first_start_cold_blocks_s"] == r["first_start_blocks_runs_s"][0]
    assert r["first_start_blocks_s"] <= r["first_start_cold_blocks_s"] <= r["first_update_cold_s"]
    assert "the very first:" in done.stdout
    assert len(r["first_start_blocks_runs_s"]) == 2 and len(r["lag_bs1"]["p99_ms_runs"]) == 2
    assert all(len(runs) == 2 for runs in r["frames_per_s_runs"].values())
    assert set(r["frames_per_s"]) == {"loss", "weights", "predictions"}
    assert all(fps > 0 for fps in r["frames_per_s"].values())
    assert "one epoch, window on the Loss view" in done.stdout
    assert "one epoch, all three views redrawing" in done.stdout
    assert "first painted window" in done.stdout
    assert "loss view, batch 100" in done.stdout
    assert "first Start (new session)" in done.stdout and "best of 2 runs" in done.stdout
    # the trainer's own plan, as the trainer process follows it (oneMKL where installed)
    from playground.training.blas_threads import plan_beside_window

    assert r["trainer_plan"] == plan_beside_window().describe()
    assert "the trainer's thread plan" in done.stdout and r["trainer_plan"] in done.stdout
    assert "headless epoch by thread plan" in done.stdout
