"""The table ``nn-playground app-bench`` prints: each figure beside its target."""

from __future__ import annotations

VIEWS = ("loss", "weights", "predictions")


def print_table(r: dict) -> None:
    hidden = "-".join(str(u) for u in [784, *r["hidden"], 10])
    rows = [
        ("network", hidden, ""),
        ("first painted window", f"{r['first_paint_s']:.2f} s", "<= 1.0 s"),
    ]
    rows.append(
        (
            "first Start (new session)",
            f"blocks {r['first_start_blocks_s']:.2f} s, first update after "
            f"{r['first_update_s']:.2f} s (the very first: {r['first_start_cold_blocks_s']:.2f} "
            f"s, {r['first_update_cold_s']:.2f} s)",
            "",
        )
    )
    for bs in (1, 100):
        lag = r[f"lag_bs{bs}"]
        text = f"p50 {lag['p50_ms']:.1f} ms, p99 {lag['p99_ms']:.1f} ms (max {lag['max_ms']:.0f})"
        rows.append((f"event-loop lag, batch {bs}", text, "p99 <= 30 ms"))
    for key, target in zip(VIEWS, (">= 20", ">= 10", ">= 10"), strict=True):
        rows.append((f"{key} view, batch 100", f"{r['frames_per_s'][key]:.1f} frames/s", target))
    rows += _epoch_rows(r)
    if "cycles" in r:
        left = (
            f"run left: {r['run_left']}, trainer processes left: {r['processes_left']}, "
            f"threads left: {r['threads_left']}"
        )
        rows.append(
            (
                f"{r['cycles']} Start/Stop cycles",
                f"{r['cycles_rss_growth_mb']:+.1f} MB, {left}",
                "< 30 MB, nothing left",
            )
        )
    w0 = max(len(a) for a, _, _ in rows)
    w1 = max(len(b) for _, b, _ in rows)
    print(f"{'measure':<{w0}}  {'result':<{w1}}  target")
    print(f"{'-' * w0}  {'-' * w1}  ------")
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:<{w1}}  {c}")
    print(
        f"({r['cpu_count']} CPUs, load {r['load']}; the window trains in a {r['trainer']}; "
        f"batch 100 for epochs; lag, frame rates and Start the best of {r['best_of']} runs, "
        f"epochs the fastest of {r['repeats']})"
    )


def _epoch_rows(r: dict) -> list[tuple[str, str, str]]:
    """The windowed epochs against the fastest headless one, and the plans behind them."""
    rows: list[tuple[str, str, str]] = []
    fastest = f"{r['epoch_headless_s']:.2f} s fastest headless"
    rows.append(
        (
            "one epoch, window on the Loss view",
            f"{r['epoch_window_s']:.2f} s vs {fastest} ({r['epoch_overhead_pct']:+.1f} %)",
            "<= +20 %",
        )
    )
    by_plan = ", ".join(f"{k} {v:.2f} s" for k, v in r["epoch_headless_by_plan_s"].items())
    rows.append(("headless epoch by thread plan", by_plan, ""))
    rows.append(("the trainer's thread plan", r["trainer_plan"], ""))
    rows.append(
        (
            "one epoch, all three views redrawing",
            f"{r['epoch_window_all_views_s']:.2f} s vs {fastest} "
            f"({r['epoch_all_views_overhead_pct']:+.1f} %)",
            "(worst case)",
        )
    )
    return rows
