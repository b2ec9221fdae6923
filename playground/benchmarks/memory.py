"""Peak memory of a full-data training run, and the warm load time of MNIST's training set.

The training run happens in a child process (``python -m playground.benchmarks.memory``), so
that its peak resident size counts the playground alone: not this process's benchmark
arrays, nor PyTorch.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class MemoryResult:
    peak_mb: float
    epochs: int
    batch_size: int
    source: str
    test_accuracy: float | None


@dataclass(frozen=True)
class LoadTimes:
    load_seconds: float  # playground.data.mnist.load_data(), median of warm calls
    prepare_seconds: float  # flatten_scale + one_hot of the training set, median
    runs: int


def peak_rss_mb() -> float:
    """This process's peak resident size. On Linux from VmHWM: ru_maxrss survives exec, so a
    child started by a big parent would report the parent's size after fork."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return kb / 1024 / 1024 if sys.platform == "darwin" else kb / 1024


def measure_peak_memory(
    *, epochs: int = 1, batch_size: int = 100, synthetic: bool = False
) -> MemoryResult:
    cmd = [sys.executable, "-m", "playground.benchmarks.memory", str(epochs), str(batch_size)]
    if synthetic:
        cmd.append("--synthetic")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the memory run failed: {done.stderr.strip().splitlines()[-1:]}")
    return MemoryResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def measure_load_times(runs: int = 5) -> LoadTimes:
    """Warm load times: the first call fills the cache (and the OS's file cache) and is not
    counted."""
    from playground.data.mnist import load_data
    from playground.data.preprocessing import flatten_scale, one_hot

    load_data()
    loads, prepares = [], []
    for _ in range(runs):
        start = time.perf_counter()
        (x, y), _ = load_data()
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        flatten_scale(x), one_hot(y)
        prepares.append(time.perf_counter() - start)
    return LoadTimes(statistics.median(loads), statistics.median(prepares), runs)


def _train(epochs: int, batch_size: int, synthetic: bool) -> MemoryResult:
    """What ``nn-playground train`` does without the window: load, prepare, fit, evaluate."""
    import numpy as np

    from playground.benchmarks.workload import EPOCH_SIZE, build_model

    if synthetic:
        rng = np.random.default_rng(0)
        x = rng.random((EPOCH_SIZE, 784), dtype=np.float32)
        y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, EPOCH_SIZE)]
        x_test, y_test = x[:10_000], y[:10_000]
        source = "random data of MNIST's shape"
    else:
        from playground.data.mnist import load_data
        from playground.data.preprocessing import flatten_scale, flatten_scale_rows, one_hot

        (x_raw, y_raw), (xt_raw, yt_raw) = load_data()
        # As the training command prepares it: the training images stay bytes.
        x, y = flatten_scale_rows(x_raw), one_hot(y_raw)
        x_test, y_test = flatten_scale(xt_raw), one_hot(yt_raw)
        source = "MNIST"
    model = build_model("adam", {})
    model.fit(
        x, y, batch_size=batch_size, epochs=epochs, validation_data=(x_test, y_test), verbose=0
    )
    _, accuracy = model.evaluate(x_test, y_test, batch_size=1000)
    return MemoryResult(peak_rss_mb(), epochs, batch_size, source, float(accuracy))


if __name__ == "__main__":
    args = sys.argv[1:]
    result = _train(int(args[0]), int(args[1]), "--synthetic" in args)
    print(json.dumps(result.__dict__))
