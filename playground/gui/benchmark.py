"""``nn-playground app-bench``: is the window fast enough while it trains?

Measures, on this machine, with the window training as the app does (in a trainer process):
- the time from launching a fresh process to the first painted window (target <= 1.0 s);
- the event-loop lag while training at batch sizes 1 and 100: a 10 ms timer probe records how
  late each tick comes (p50 / p99, target p99 <= 30 ms);
- the frames per second each plot view draws while the default network trains at batch size
  100 (targets: Loss >= 20, Weights and Predictions >= 10);
- the wall time of one epoch (by default of the whole training set, as the window trains)
  with the window open on the Loss view, against the fastest of the same epoch trained
  headless by the same session code (target <= +20 %); and the same with all three plot
  views redrawing, a worst case the window never draws (it draws the visible view only);
- optionally, the memory growth over repeated Start/Stop cycles, and that no trainer process
  or thread is left (target < 30 MB for 100).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import threading
import time

from playground import arguments
from playground.gui.benchmark_table import VIEWS, print_table

PROBE_MS = 10
LAG_TRAIN_SIZE = 6000  # the lag probe meets an epoch end (its evaluations) every ~0.6 s


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--hidden",
        type=arguments.layer_sizes,
        default="500,500",
        help="hidden layers (default 500,500)",
    )
    parser.add_argument(
        "--train-size",
        type=arguments.positive_int,
        default=None,
        help="training digits for the epoch comparison (default: the whole training set, as "
        "the window trains by default)",
    )
    parser.add_argument(
        "--lag-seconds",
        type=arguments.seconds,
        default=5.0,
        help="how long to probe the event loop per batch size (default 5)",
    )
    parser.add_argument(
        "--repeats",
        type=arguments.positive_int,
        default=5,
        help="epochs timed each way, in turns; the fastest counts (default 5: other programs' "
        "load moves a single epoch by 10-20 %%)",
    )
    parser.add_argument(
        "--cycles",
        type=arguments.non_negative_int,
        default=100,
        help="Start/Stop cycles for the memory figure (0 to skip; default 100)",
    )
    parser.add_argument(
        "--fps-seconds",
        type=arguments.seconds,
        default=5.0,
        help="how long to count frames per view (default 5)",
    )
    parser.add_argument(
        "--best-of",
        type=arguments.positive_int,
        default=3,
        help="lag, frame-rate and first-Start runs each, the best counting (default 3: a shared "
        "machine's other work moves single runs)",
    )
    parser.add_argument(
        "--trainer",
        choices=("process", "thread"),
        default="process",
        help="where the window trains: its trainer process (the app) or a thread of its own "
        "process (default: process)",
    )
    parser.add_argument(
        "--json", type=arguments.output_file, metavar="FILE", help="also write the figures as JSON"
    )


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


def _config(hidden: tuple[int, ...], batch_size: int, train_size: int | None):
    from playground.training import TrainingConfig

    return TrainingConfig(
        hidden=hidden,
        activation="relu",
        optimizer="adam",
        batch_size=batch_size,
        epochs=1000,
        train_size=train_size,
        seed=0,
    )


def _train_for(window, seconds: float) -> None:
    """Start, wait for the first updates, then let it train ``seconds`` (the event loop runs)."""
    from playground.gui.waiting import wait_until

    window.reset()
    window.start()
    wait_until(lambda: window.session.updates > 3, timeout=120)
    end = time.perf_counter() + seconds
    wait_until(lambda: time.perf_counter() >= end, timeout=seconds + 5)


def _lag(window, args, hidden) -> dict[str, dict[str, float]]:
    """Event-loop lag with the Loss tab showing, as in a lecture."""
    from playground.gui.waiting import wait_until

    window.show_view("loss")
    probe, results = LagProbe(), {}
    for bs in (1, 100):
        window.apply_config(_config(hidden, bs, args.train_size or LAG_TRAIN_SIZE))
        runs = []
        for _ in range(args.best_of):
            window.reset()
            window.start()
            wait_until(lambda: window.session.updates > 3, timeout=120)
            probe.start()
            end = time.perf_counter() + args.lag_seconds
            wait_until(lambda e=end: time.perf_counter() >= e, timeout=args.lag_seconds + 5)
            probe.stop()
            window.stop()
            runs.append(
                {
                    "p50_ms": _percentile(probe.lags, 50),
                    "p99_ms": _percentile(probe.lags, 99),
                    "max_ms": max(probe.lags) if probe.lags else float("nan"),
                    "ticks": len(probe.lags),
                    "samples_per_s": window.session.snapshot().samples_per_second,
                }
            )
        best = min(runs, key=lambda r: r["p99_ms"])
        results[f"lag_bs{bs}"] = {**best, "p99_ms_runs": [r["p99_ms"] for r in runs]}
    return results


def _first_start(window, args, hidden) -> dict[str, object]:
    """How long Start keeps the event loop from running when it makes a new session (its
    trainer process and the window's copy of the data): the window is frozen meanwhile."""
    from playground.gui.waiting import wait_until

    window.show_view("loss")
    blocked, first_update = [], []
    for i in range(args.best_of):
        window.apply_config(_config(hidden, 100, args.train_size).replace(seed=100 + i))
        t0 = time.perf_counter()
        window.start()
        blocked.append(time.perf_counter() - t0)
        wait_until(lambda: window.session.updates > 0, timeout=120)
        first_update.append(time.perf_counter() - t0)
        window.stop()
    return {
        "first_start_blocks_s": min(blocked),
        "first_start_blocks_runs_s": blocked,
        "first_update_s": min(first_update),
        # The window's very first Start (its first session, nothing warm): what a user meets.
        "first_start_cold_blocks_s": blocked[0],
        "first_update_cold_s": first_update[0],
    }


def _frames_per_second(window, args, hidden) -> dict[str, dict]:
    """Frames each plot view draws while it is the visible tab (the default batch size)."""
    window.apply_config(_config(hidden, 100, args.train_size))
    frames: dict[str, float] = {}
    every: dict[str, list[float]] = {}
    for key in VIEWS:
        window.show_view(key)
        drawn: list[int] = []
        window.views.snapshotDrawn.connect(drawn.append)
        runs = []
        try:
            for _ in range(args.best_of):
                _train_for(window, 0.5)  # past the first, costlier frames
                drawn.clear()
                t0 = time.perf_counter()
                _train_for_more(args.fps_seconds)
                runs.append(len(drawn) / (time.perf_counter() - t0))
                window.stop()
        finally:
            window.views.snapshotDrawn.disconnect(drawn.append)
            window.stop()
        frames[key] = max(runs)
        every[key] = runs
    return {"frames_per_s": frames, "frames_per_s_runs": every}


def _train_for_more(seconds: float) -> None:
    from playground.gui.waiting import wait_until

    end = time.perf_counter() + seconds
    wait_until(lambda: time.perf_counter() >= end, timeout=seconds + 5)


def _windowed_epoch(window, app, cfg) -> float:
    """One epoch with the window open, from +1 epoch until the window knows it ended."""
    from PySide6.QtCore import QEventLoop, QTimer

    window.apply_config(cfg)
    window.reset()
    window.show_view("loss")
    # The session (data subset, new model, its trainer) is made before the clock starts.
    window.controller.prepare(window.current_config(), window.data.dataset)
    _wait_for_trainer(window)
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
    window.stop()
    return ended[0] - t0


def _wait_for_trainer(window) -> None:
    """A trainer process starts its interpreter, reads the data and builds its session after
    ``prepare`` returns; the headless epochs are timed from a built session, so this one is too
    (the first Start's wait is measured on its own)."""
    from playground.gui.waiting import wait_until
    from playground.training.mirror_session import MirrorSession

    session = window.session
    if isinstance(session, MirrorSession):
        wait_until(lambda: session.heard_from_trainer, timeout=120)


def _epochs(window, app, dataset, args, hidden) -> dict[str, object]:
    """The windowed epoch against the fastest headless one (best of ``repeats`` each): with
    the Loss view drawing, as the window draws only the visible view, and in the worst case of
    every plot view redrawing (the hidden ones in turn)."""
    from playground.training import TrainingSession
    from playground.training.blas_threads import ThreadPlan, following, plan_beside_window

    window.views.update_all_views = True
    cfg = _config(hidden, 100, args.train_size)
    _windowed_epoch(window, app, cfg)  # untimed: the plots make their items on a first draw
    windowed: dict[str, list[float]] = {"visible": [], "all": []}
    # The fastest of NumPy's own BLAS threads, one thread, and the trainer's own plan (at
    # normal priority): the window is never compared with a slow setting.
    plans = {
        "numpy": ThreadPlan(blas_threads=None),
        "one thread": ThreadPlan(1),
        "trainer's plan": dataclasses.replace(plan_beside_window(), background_nice=0),
    }
    headless: dict[str, list[float]] = {name: [] for name in plans}
    for _ in range(max(1, args.repeats)):
        for name, plan in plans.items():
            session = TrainingSession(cfg, dataset=dataset)
            with following(plan):
                t0 = time.perf_counter()
                while session.epoch < 1:
                    session.step()
                headless[name].append(time.perf_counter() - t0)
        for views, every in (("visible", False), ("all", True)):
            window.views.update_all_views = every
            windowed[views].append(_windowed_epoch(window, app, cfg))
    window.views.update_all_views = False
    fastest = min(min(times) for times in headless.values())
    return {
        "epoch_headless_s": fastest,
        "epoch_headless_by_plan_s": {k: min(v) for k, v in headless.items()},
        "trainer_plan": plan_beside_window().describe(),
        "epoch_window_s": min(windowed["visible"]),
        "epoch_overhead_pct": 100 * (min(windowed["visible"]) / fastest - 1),
        "epoch_window_all_views_s": min(windowed["all"]),
        "epoch_all_views_overhead_pct": 100 * (min(windowed["all"]) / fastest - 1),
    }


def _cycles(window, args, hidden) -> dict[str, object]:
    """Memory over Start/Stop cycles, and what is left running after them."""
    import multiprocessing

    from playground.gui.waiting import wait_until

    window.apply_config(_config(hidden, 50, 1000))
    window.reset()

    def cycle() -> None:
        window.start()
        u = window.session.updates
        wait_until(lambda: window.session.updates > u, timeout=60)
        window.stop()

    for _ in range(10):
        cycle()
    before, threads = _rss_mb(), threading.active_count()
    for _ in range(args.cycles):
        cycle()
    grown = _rss_mb() - before
    window.shutdown()
    # The trainer's reader thread ends with its pipe: give it the second a stop allows.
    wait_until(lambda: threading.active_count() <= threads - 1, timeout=2)
    return {
        "cycles": args.cycles,
        "cycles_rss_growth_mb": grown,
        "run_left": window.runner.is_running(),
        "processes_left": len(multiprocessing.active_children()),
        "threads_left": max(0, threading.active_count() - (threads - 1)),
    }


def main(args: argparse.Namespace) -> int:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    hidden = tuple(args.hidden)
    results: dict[str, object] = {"hidden": list(hidden), "cpu_count": os.cpu_count()}
    results["trainer"] = args.trainer
    results["repeats"] = args.repeats
    results["best_of"] = args.best_of
    results["first_paint_s"] = min(_first_paint_seconds() for _ in range(max(2, args.best_of)))

    from playground.gui.app import make_application

    app = make_application(sys.argv[:1])
    from playground.data.datasets import load_dataset
    from playground.gui.main_window import MainWindow
    from playground.gui.waiting import wait_until
    from playground.training.dataset_cache import shared_datasets

    dataset = shared_datasets().put("mnist", load_dataset("mnist"))
    window = MainWindow(restore_settings=False, trainer=args.trainer)
    window.remember_settings = False
    window.resize(1400, 900)
    window.show()
    wait_until(lambda: window.data.dataset is not None, timeout=60)
    window.ensure_views()
    results.update(_first_start(window, args, hidden))
    results.update(_lag(window, args, hidden))
    results.update(_frames_per_second(window, args, hidden))
    results.update(_epochs(window, app, dataset, args, hidden))
    if args.cycles > 0:
        results.update(_cycles(window, args, hidden))
    window.shutdown()
    window.close()
    app.processEvents()
    results["load"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print_table(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    return 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(prog="nn-playground app-bench")
    add_arguments(p)
    raise SystemExit(main(p.parse_args()))
