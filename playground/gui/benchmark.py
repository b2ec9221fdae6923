"""``nn-playground app-bench``: is the window fast enough while it trains?

Measures, on this machine:
- the time from launching a fresh process to the first painted window (target <= 1.5 s);
- the event-loop lag while training at batch sizes 1 and 100: a 10 ms timer probe records how
  late each tick comes (p50 / p99, target p99 <= 50 ms);
- the extra wall time of one epoch (by default of the whole training set, as the window trains)
  trained with the window open and all three views redrawing,
  against the same epoch trained headless by the same session code (target <= 10 %);
- optionally, the memory growth over repeated Start/Stop cycles (target < 30 MB for 100).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time

PROBE_MS = 10
LAG_TRAIN_SIZE = 6000  # the lag probe meets an epoch end (its evaluations) every ~0.6 s


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hidden", default="500,500", help="hidden layers (default 500,500)")
    parser.add_argument(
        "--train-size",
        type=int,
        default=None,
        help="training digits for the epoch comparison (default: the whole training set, as "
        "the window trains by default)",
    )
    parser.add_argument(
        "--lag-seconds",
        type=float,
        default=5.0,
        help="how long to probe the event loop per batch size (default 5)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=5,
        help="epochs timed each way, in turns; the fastest counts (default 5: other programs' "
        "load moves a single epoch by 10-20 %%)",
    )
    parser.add_argument(
        "--cycles",
        type=int,
        default=100,
        help="Start/Stop cycles for the memory figure (0 to skip; default 100)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")


def _rss_mb() -> float:
    try:
        with open(f"/proc/{os.getpid()}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux: fall back to the peak figure
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _first_paint_seconds() -> float:
    """Launch a fresh interpreter that opens the window; wall time until its first paint."""
    code = (
        "import time, sys\n"
        "from playground.gui.benchmark import _child_first_paint\n"
        "_child_first_paint()\n"
    )
    env = dict(os.environ)
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    for line in out.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - t0
    raise RuntimeError(f"the window did not paint: {out.stderr.strip()[-500:]}")


def _child_first_paint() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    from playground.gui.app import make_application

    app = make_application(sys.argv[:1])
    from playground.gui.main_window import MainWindow

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                print(f"PAINTED {time.time():.6f}", flush=True)
                QTimer.singleShot(0, app.quit)
                app.removeEventFilter(self)
            return False

    window = MainWindow(restore_settings=False)
    window.remember_settings = False
    watch = PaintWatch()
    app.installEventFilter(watch)
    window.show()
    app.exec()
    window.shutdown()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


class LagProbe:
    """A repeating timer; each tick's lateness beyond its interval is the event-loop lag."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.lags: list[float] = []
        self._last = None
        self.timer = QTimer()
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.lags.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lags.append(max(0.0, (now - self._last) * 1000 - PROBE_MS))
        self._last = now


def main(args: argparse.Namespace) -> int:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    hidden = tuple(int(u) for u in args.hidden.split(",") if u.strip())
    results: dict[str, object] = {"hidden": list(hidden), "cpu_count": os.cpu_count()}

    paint = min(_first_paint_seconds() for _ in range(2))
    results["first_paint_s"] = paint

    from playground.gui.app import make_application

    app = make_application(sys.argv[:1])
    from PySide6.QtCore import QEventLoop, QTimer

    from playground.data.datasets import load_dataset
    from playground.gui.main_window import MainWindow
    from playground.gui.waiting import wait_until
    from playground.training import TrainingConfig, TrainingSession
    from playground.training.blas_threads import ThreadPlan, following
    from playground.training.dataset_cache import shared_datasets

    dataset = load_dataset("mnist")
    shared_datasets().put("mnist", dataset)
    window = MainWindow(restore_settings=False)
    window.remember_settings = False
    window.resize(1400, 900)
    window.show()
    wait_until(lambda: window.data.dataset is not None, timeout=60)
    plan = window.runner.thread_plan
    results["thread_plan"] = "NumPy's own" if plan is None else plan.describe()

    def config(batch_size: int, train_size: int) -> TrainingConfig:
        return TrainingConfig(
            hidden=hidden,
            activation="relu",
            optimizer="adam",
            batch_size=batch_size,
            epochs=1000,
            train_size=train_size,
            seed=0,
        )

    # -- event-loop lag while training (the Loss tab showing, as in a lecture) ---------------
    window.show_view("loss")
    probe = LagProbe()
    for bs in (1, 100):
        window.apply_config(config(bs, args.train_size or LAG_TRAIN_SIZE))
        window.reset()
        window.start()
        wait_until(lambda: window.session.updates > 3, timeout=120)
        probe.start()
        end = time.perf_counter() + args.lag_seconds
        wait_until(lambda e=end: time.perf_counter() >= e, timeout=args.lag_seconds + 5)
        probe.stop()
        window.stop()
        rate = window.session.snapshot().samples_per_second
        results[f"lag_bs{bs}"] = {
            "p50_ms": _percentile(probe.lags, 50),
            "p99_ms": _percentile(probe.lags, 99),
            "max_ms": max(probe.lags) if probe.lags else float("nan"),
            "ticks": len(probe.lags),
            "samples_per_s": rate,
        }

    # -- one epoch: window with all views vs headless --------------------------------------
    window.views.update_all_views = True
    cfg = config(100, args.train_size)

    def windowed_epoch() -> float:
        window.apply_config(cfg)
        window.reset()
        window.show_view("loss")
        # The session (data subset, new model) is built before the clock starts, as headless.
        window.controller.prepare(window.current_config(), window.data.dataset)
        app.processEvents()
        done = QEventLoop()
        ended: list[float] = []

        def on_state(state: str) -> None:
            # The clock stops when the window knows the epoch is over (no polling delay).
            if state == "paused" and window.session.epoch >= 1 and not ended:
                ended.append(time.perf_counter())
                done.quit()
            elif state in ("error", "diverged", "stopped"):
                done.quit()

        window.trainingStateChanged.connect(on_state)
        give_up = QTimer(singleShot=True, interval=600_000)
        give_up.timeout.connect(done.quit)
        give_up.start()
        try:
            t0 = time.perf_counter()
            window.add_epoch()
            if not ended:
                done.exec()
        finally:
            give_up.stop()
            window.trainingStateChanged.disconnect(on_state)
        if not ended:
            raise RuntimeError(f"the timed epoch did not end (the window is {window.state})")
        seconds = ended[0] - t0
        window.stop()
        return seconds

    # Untimed: the Weights and Predictions views create their plot items on their first draw.
    windowed_epoch()
    windowed: list[float] = []
    headless: dict[str, list[float]] = {"numpy": [], "one thread": []}
    headless_plans = {"numpy": ThreadPlan(blas_threads=None), "one thread": ThreadPlan(1)}
    if plan is not None:
        # the window's own plan, at normal priority: what the views alone cost
        headless_plans["window's plan"] = dataclasses.replace(plan, background_nice=0)
        headless["window's plan"] = []
    for _ in range(max(1, args.repeats)):
        # The baseline is the fastest of headless training with NumPy's own BLAS threads,
        # with one thread, and with the window's plan, so the window is never compared with a
        # slow setting.
        for name, headless_plan in headless_plans.items():
            session = TrainingSession(cfg, dataset=dataset)
            with following(headless_plan):
                t0 = time.perf_counter()
                while session.epoch < 1:
                    session.step()
                headless[name].append(time.perf_counter() - t0)

        windowed.append(windowed_epoch())
    fastest = min(min(times) for times in headless.values())
    results["epoch_headless_s"] = fastest
    results["epoch_headless_by_plan_s"] = {k: min(v) for k, v in headless.items()}
    results["epoch_window_s"] = min(windowed)
    results["epoch_overhead_pct"] = 100 * (min(windowed) / fastest - 1)
    if "window's plan" in headless:
        same = min(headless["window's plan"])
        results["epoch_same_plan_headless_s"] = same
        results["epoch_same_plan_overhead_pct"] = 100 * (min(windowed) / same - 1)

    # -- Start/Stop cycles ------------------------------------------------------------------
    if args.cycles > 0:
        window.views.update_all_views = False
        window.apply_config(config(50, 1000))
        window.reset()

        def cycle() -> None:
            window.start()
            u = window.session.updates
            wait_until(lambda: window.session.updates > u, timeout=60)
            window.stop()

        for _ in range(10):
            cycle()
        before = _rss_mb()
        for _ in range(args.cycles):
            cycle()
        results["cycles"] = args.cycles
        results["cycles_rss_growth_mb"] = _rss_mb() - before
        results["thread_left"] = window.runner.is_running()

    window.shutdown()
    window.close()
    app.processEvents()
    _print_table(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return 0


def _print_table(r: dict) -> None:
    hidden = "-".join(str(u) for u in [784, *r["hidden"], 10])
    rows = [
        ("network", hidden, ""),
        ("first painted window", f"{r['first_paint_s']:.2f} s", "<= 1.5 s"),
    ]
    for bs in (1, 100):
        lag = r[f"lag_bs{bs}"]
        rows.append(
            (
                f"event-loop lag, batch {bs}",
                f"p50 {lag['p50_ms']:.1f} ms, p99 {lag['p99_ms']:.1f} ms (max {lag['max_ms']:.0f})",
                "p99 <= 50 ms",
            )
        )
    rows.append(
        (
            "one epoch, window + all views",
            f"{r['epoch_window_s']:.2f} s vs {r['epoch_headless_s']:.2f} s fastest headless "
            f"({r['epoch_overhead_pct']:+.1f} %)",
            "<= +10 %",
        )
    )
    if "epoch_same_plan_overhead_pct" in r:
        rows.append(
            (
                "  against the same thread plan",
                f"{r['epoch_same_plan_headless_s']:.2f} s headless "
                f"({r['epoch_same_plan_overhead_pct']:+.1f} %: what the views cost)",
                "",
            )
        )
    if "cycles" in r:
        rows.append(
            (
                f"{r['cycles']} Start/Stop cycles",
                f"{r['cycles_rss_growth_mb']:+.1f} MB, thread left: {r['thread_left']}",
                "< 30 MB, no thread",
            )
        )
    w0 = max(len(a) for a, _, _ in rows)
    w1 = max(len(b) for _, b, _ in rows)
    print(f"{'measure':<{w0}}  {'result':<{w1}}  target")
    print(f"{'-' * w0}  {'-' * w1}  ------")
    for a, b, c in rows:
        print(f"{a:<{w0}}  {b:<{w1}}  {c}")
    print(
        f"({r['cpu_count']} CPUs; while the window trains: {r['thread_plan']}; "
        "batch 100 for the epoch comparison)"
    )


if __name__ == "__main__":
    p = argparse.ArgumentParser(prog="nn-playground app-bench")
    add_arguments(p)
    raise SystemExit(main(p.parse_args()))
