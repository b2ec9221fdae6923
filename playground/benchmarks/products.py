"""A step's matrix products alone, ours and PyTorch's: ``python -m playground.benchmarks.products``.

``nn-playground bench`` compares whole training steps. Where ours / PyTorch misses a target,
the question is what the products allow: both engines compute the same ones, with the same
FLOPs. This times, per batch size, one step's products of the default network, forward
``x @ W``, kernel gradients ``x.T @ dz`` and input gradients ``dz @ W.T`` (none for the first
layer), as our fast path calls them when it writes the gradients out and as PyTorch's
``Linear`` layers do (``mm`` on weights kept as (out, in)), one thread each, alternating, best of
``--repeats``. Our products divided by PyTorch's whole step is the lowest ratio our engine could
reach if everything else in its step were free; ``--whole-steps sgd,momentum,adam`` times those
steps in the same process, alternating with the products, and prints that ratio. (On batches
of up to 16 rows SGD's fast path adds the kernel gradient's product straight into the weights or
the momentum instead, so there the figures say less.)
"""

from __future__ import annotations

import argparse
import functools
import itertools
import time
from collections.abc import Callable

import numpy as np

from playground.benchmarks import workload
from playground.engine.fast import blas, mkl, network, threads

Step = Callable[[], None]


def our_products(n: int, sizes: tuple[int, ...] = workload.SIZES, seed: int = 0):
    """A function computing one step's products as the fast path does, and its outputs."""
    rng = np.random.default_rng(seed)
    pairs = list(itertools.pairwise(sizes))
    kernels = [rng.standard_normal((m, k)).astype(np.float32) for m, k in pairs]
    inputs = [rng.random((n, m), dtype=np.float32) for m, _ in pairs]
    dz = [rng.standard_normal((n, k)).astype(np.float32) for _, k in pairs]
    z = [np.empty((n, k), np.float32) for _, k in pairs]
    grads = [np.empty_like(w) for w in kernels]
    da = [np.empty((n, m), np.float32) for m, _ in pairs]
    scratch: dict = {}

    def step() -> None:
        for i, kernel in enumerate(kernels):
            threads.matmul(inputs[i], kernel, out=z[i])
            blas.outer_products(inputs[i], dz[i], out=grads[i])
            if i > 0:
                network.input_gradient(dz[i], kernel, da[i], scratch)

    arrays = {"kernels": kernels, "inputs": inputs, "dz": dz}
    return step, arrays, {"z": z, "grads": grads, "da": da[1:]}


def torch_products(arrays: dict[str, list[np.ndarray]]):
    """The same products as PyTorch's ``Linear`` computes them, on copies of ``arrays``."""
    import torch

    weights = [torch.from_numpy(np.ascontiguousarray(k.T)) for k in arrays["kernels"]]
    inputs = [torch.from_numpy(a) for a in arrays["inputs"]]
    dz = [torch.from_numpy(d) for d in arrays["dz"]]
    z = [torch.empty(len(a), len(w)) for a, w in zip(inputs, weights, strict=True)]
    grads = [torch.empty_like(w) for w in weights]
    da = [torch.empty(len(a), a.shape[1]) for a in inputs]

    def step() -> None:
        with torch.no_grad():
            for i, weight in enumerate(weights):
                torch.mm(inputs[i], weight.t(), out=z[i])
                torch.mm(dz[i].t(), inputs[i], out=grads[i])
                if i > 0:
                    torch.mm(dz[i], weight, out=da[i])

    def outputs() -> dict[str, list[np.ndarray]]:
        return {
            "z": [t.numpy() for t in z],
            "grads": [t.numpy().T for t in grads],
            "da": [t.numpy() for t in da[1:]],
        }

    return step, outputs


def best_seconds(step: Step, steps: int, repeats: int) -> float:
    """The best, over ``repeats`` runs of ``steps`` calls, of the CPU seconds per call."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(steps):
            step()
        best = min(best, (time.process_time() - start) / steps)
    return best


# PyTorch's whole training steps that ``--whole-steps`` times beside the products (Keras's
# defaults otherwise, as in ``nn-playground bench``).
WHOLE_STEPS = {"sgd": ("sgd", {}), "momentum": ("sgd", {"momentum": 0.9}), "adam": ("adam", {})}
Row = tuple[int, float, float, dict[str, float]]


def torch_whole_steps(names: tuple[str, ...]) -> dict[str, Callable[[int, int], float]]:
    """Per name of ``WHOLE_STEPS``: a function of (batch size, steps) giving the CPU seconds of
    one PyTorch training step (forward, loss, backward, update) on MNIST, the best of one run."""
    from playground.benchmarks import torch_mirror

    work = workload.load_workload()
    weights = workload.build_model("sgd", {}).get_weights()
    timers: dict[str, Callable[[int, int], float]] = {}
    for name in names:
        optimizer, hyperparameters = WHOLE_STEPS[name]
        run = torch_mirror.TorchRun(weights, optimizer, hyperparameters, work.x, work.labels)
        run.clock = time.process_time
        timers[name] = functools.partial(_per_step, run)
    return timers


def _per_step(run, n: int, steps: int) -> float:
    return run.train(n, n * steps) / steps


def measure(batch_sizes: tuple[int, ...], repeats: int, whole: tuple[str, ...] = ()) -> list[Row]:
    """Per batch size: (batch size, our products' seconds per step, PyTorch's, and PyTorch's
    whole step per name in ``whole``)."""
    rows = []
    steppers = torch_whole_steps(whole) if whole else {}
    for n in batch_sizes:
        ours, arrays, _ = our_products(n)
        theirs, _ = torch_products(arrays)
        steps = max(5, 5_000 // n)
        mine, other = float("inf"), float("inf")
        steps_of = dict.fromkeys(whole, float("inf"))
        # as in ``bench``: a whole epoch (at most 2,000 steps), after a warm-up
        whole_steps = min(2_000, max(20, workload.EPOCH_SIZE // n))
        for per_step in steppers.values():
            per_step(n, 5)
        for _ in range(repeats):  # alternating, so that a busy moment hits all
            mine = min(mine, best_seconds(ours, steps, 1))
            other = min(other, best_seconds(theirs, steps, 1))
            for name, per_step in steppers.items():
                steps_of[name] = min(steps_of[name], per_step(n, whole_steps))
        rows.append((n, mine, other, steps_of))
    return rows


def format_rows(rows: list[Row]) -> str:
    """The table; with whole steps, each as µs and as the share our products alone take of it
    (the lowest ours / PyTorch our step could reach if all else in it were free)."""
    flops = workload.matmul_flops_per_sample()
    whole = list(rows[0][3]) if rows else []
    extra = "".join(f" PyTorch {w} step µs | ours / it |" for w in whole)
    lines = [
        "| batch size | ours µs / step | GFLOP/s | PyTorch µs / step | GFLOP/s | ours / PyTorch |"
        + extra,
        "|---:|---:|---:|---:|---:|---:|" + "---:|---:|" * len(whole),
    ]
    for n, mine, theirs, steps_of in rows:
        cells = "".join(f" {t * 1e6:,.0f} | {mine / t:.2f} |" for t in steps_of.values())
        lines.append(
            f"| {n:,} | {mine * 1e6:,.0f} | {flops * n / mine / 1e9:.1f} "
            f"| {theirs * 1e6:,.0f} | {flops * n / theirs / 1e9:.1f} | {mine / theirs:.2f} |"
            + cells
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m playground.benchmarks.products", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--batch-sizes", default="1,10,100,1000", help="default: 1,10,100,1000")
    parser.add_argument("--repeats", type=int, default=5, help="best of (default: 5)")
    parser.add_argument(
        "--whole-steps",
        default="",
        metavar="NAME[,NAME]",
        help="also time PyTorch's whole training step on MNIST with these optimizers ("
        + ", ".join(WHOLE_STEPS)
        + ") and print the share of it our products alone take",
    )
    args = parser.parse_args(argv)
    whole = tuple(w for w in args.whole_steps.split(",") if w)
    if any(w not in WHOLE_STEPS for w in whole):
        parser.error(f"--whole-steps takes {', '.join(WHOLE_STEPS)}")
    try:
        sizes = tuple(int(s) for s in args.batch_sizes.split(","))
    except ValueError:
        parser.error("--batch-sizes takes whole numbers separated by commas")
    if any(s < 1 for s in sizes) or args.repeats < 1:
        parser.error("batch sizes and --repeats must be at least 1")
    from playground.benchmarks import torch_mirror

    if not torch_mirror.available():
        print("needs PyTorch: pip install torch==2.13.0")
        return 1
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(1)
    threads.set_parallel(False)
    try:  # ours as in ``nn-playground bench``: large products in oneMKL where installed
        with threadpool_limits(1, user_api="blas"), mkl.products(1) as in_mkl:
            rows = measure(sizes, args.repeats, whole)
    finally:
        threads.set_parallel(True)  # a caller in the same process keeps its second thread
    ours = "oneMKL" if in_mkl else "NumPy's BLAS"
    print(f"one step's matrix products, 784-500-500-10, one thread, CPU time, ours in {ours}")
    print(format_rows(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
