"""``python -m playground.commands.responsiveness``: how long a user waits for MNIST to load
and for Stop to end training.

- MNIST: a cold load (gunzip and SHA-256 of the bundled files) against a warm one (the
  per-user cache), best of ``--repeats`` each, in this process; the target is a warm load
  under 0.5 s.
- Stop: the time from ``RunControl.stop()`` to the end of the training thread, at moments
  spread over an epoch of the default network (including its end-of-epoch evaluation); the
  target is under 1 s.

These are the timings that unit tests must not assert; the figures vary with the machine's
load, so give the best (load) and the worst (stop) of several runs.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

from playground.data import mnist
from playground.data.dataset import Dataset


def load_times(repeats: int) -> tuple[float, float]:
    """(best cold load, best warm load) of the bundled MNIST, in seconds."""
    mnist.load_data()  # fills the cache entry if it is missing
    cold, warm = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        mnist.load_data(use_cache=False)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        mnist.load_data()
        warm.append(time.perf_counter() - start)
    return min(cold), min(warm)


def stop_times(dataset: Dataset, repeats: int) -> list[float]:
    """Seconds from Stop to the end of the training thread, ``repeats`` times."""
    from playground.training import RunControl, TrainingConfig, TrainingSession

    config = TrainingConfig(train_size=6000, test_size=10000, batch_size=100, epochs=1000)
    session = TrainingSession(config, dataset)
    times = []
    for i in range(repeats):
        control = RunControl()
        thread = threading.Thread(target=session.run, args=(control,), name="stop-bench")
        thread.start()
        time.sleep(0.2 + 0.37 * i)  # different moments of the epoch, evaluation included
        start = time.perf_counter()
        control.stop()
        thread.join()
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m playground.commands.responsiveness", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repeats", type=int, default=5, help="runs of each timing (default 5)")
    args = parser.parse_args(argv)
    repeats = max(1, args.repeats)
    cold, warm = load_times(repeats)
    stops = stop_times(mnist.load_mnist(), repeats)
    print("| what | time | target |")
    print("|---|---|---|")
    print(f"| MNIST cold load (best of {repeats}) | {cold:.3f} s | |")
    print(f"| MNIST warm load (best of {repeats}) | {warm:.3f} s | < 0.5 s |")
    print(f"| Stop to thread end (worst of {repeats}) | {max(stops):.3f} s | < 1 s |")
    print(f"| Stop to thread end (median) | {statistics.median(stops):.3f} s | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
