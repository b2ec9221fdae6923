"""``nn-playground bench``: how fast the engine trains the default network, per batch size.

Prints, per optimizer, a Markdown table: seconds per epoch, samples per second, updates per
epoch, achieved GFLOP/s and the share of this machine's float32 matrix-multiply peak (measured
here), and with ``--compare-torch`` PyTorch's time on the CPU for the identical network,
initial weights, data order, batch size and optimizer, run in the same process, alternating
with ours.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from typing import Any

DEFAULT_BATCH_SIZES = (1, 10, 100, 1000)
DEFAULT_OPTIMIZERS = ("sgd", "sgd:momentum=0.9", "adam")
SMALL_BATCH_UPDATES = 1_000  # batch sizes below 100 time this many updates unless --samples
TORCH_INSTALL = "pip install torch==2.13.0"


def _positive_ints(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(v) for v in text.split(",") if v.strip())
    except ValueError:
        message = f"expected comma-separated integers, not {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError(f"expected integers of at least 1, not {text!r}")
    return values


def _names(text: str) -> tuple[str, ...]:
    return tuple(v.strip().lower() for v in text.split(",") if v.strip())


def _positive_int(text: str) -> int:
    (value,) = _positive_ints(text)
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = __doc__.split("\n\n")[0] if __doc__ else None
    parser.add_argument(
        "--optimizer",
        type=_names,
        default=DEFAULT_OPTIMIZERS,
        metavar="NAME[:ARG=VALUE...][,...]",
        help="optimizer(s) to time, Keras defaults unless ARG=VALUE says otherwise, e.g. "
        f"sgd:momentum=0.9:nesterov=true (default: {','.join(DEFAULT_OPTIMIZERS)})",
    )
    parser.add_argument(
        "--learning-rate", type=float, default=None, help="override the optimizer's default"
    )
    parser.add_argument(
        "--batch-sizes",
        type=_positive_ints,
        default=DEFAULT_BATCH_SIZES,
        metavar="N[,N]",
        help="default: 1,10,100,1000",
    )
    parser.add_argument(
        "--samples",
        type=_positive_int,
        default=None,
        metavar="N",
        help="time only the first N samples of the epoch at every batch size and scale up "
        f"(default: {SMALL_BATCH_UPDATES:,} updates' worth for batch sizes under 100, "
        "the whole epoch otherwise)",
    )
    parser.add_argument(
        "--repeats",
        type=_positive_int,
        default=3,
        metavar="N",
        help="runs per engine and batch size, alternating; the best counts (default: 3)",
    )
    _add_engine_arguments(parser)


def _add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """The options on what to compare, with what and what else to measure."""
    parser.add_argument(
        "--compare-torch",
        action="store_true",
        help=f"also time PyTorch on the CPU (needs `{TORCH_INSTALL}`)",
    )
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="random data of MNIST's shape instead of the MNIST training set",
    )
    parser.add_argument(
        "--threads",
        type=_positive_int,
        default=None,
        help="threads per engine: BLAS and the engine's second thread for ours, intra-op "
        "threads for PyTorch (default: as the libraries choose)",
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="also measure the peak memory of a full-data training run and MNIST's load time",
    )
    parser.add_argument(
        "--memory-epochs", type=_positive_int, default=1, metavar="N", help="default: 1"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one run of ours per batch size: the share of the step in matrix "
        "products, the optimizer update and the rest, and the products' %% of the peak",
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time runs by the wall clock (default) or by the CPU time of the process, which "
        "other programs on a shared machine disturb less (with --threads 1: the one core's "
        "work; with more threads it adds up every thread's)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def _value(text: str) -> Any:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number or true/false") from None


def parse_setting(spec: str, learning_rate: float | None) -> tuple[str, dict[str, Any]]:
    """``"sgd:momentum=0.9"`` -> ("sgd", every hyperparameter of that SGD); ValueError with
    the engine's message for an unknown name, argument or value."""
    from playground.engine import optimizers

    name, *assignments = spec.split(":")
    given: dict[str, Any] = {}
    for assignment in assignments:
        key, equals, text = assignment.partition("=")
        if not equals:
            raise ValueError(f"expected ARG=VALUE after {name!r}, not {assignment!r}")
        given[key] = _value(text)
    if learning_rate is not None:
        given["learning_rate"] = learning_rate
    optimizer = optimizers.get(name, **given)  # the engine checks names and values
    params = optimizer.get_config()
    del params["name"]
    return optimizer.name, params


def _describe(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def _progress(total: int, disable: bool):
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, disable=disable, leave=False, unit="run")


def main(args: argparse.Namespace) -> int:
    from playground.benchmarks import machine, ours, report, workload

    out = print
    if args.compare_torch:
        from playground.benchmarks import torch_mirror

        if not torch_mirror.available():
            print(
                f"nn-playground bench: --compare-torch needs PyTorch: {TORCH_INSTALL}",
                file=sys.stderr,
            )
            return 1
    settings = []
    for spec in args.optimizer:
        try:
            settings.append((spec, *parse_setting(spec, args.learning_rate)))
        except ValueError as exc:
            print(f"nn-playground bench: {spec}: {exc}", file=sys.stderr)
            return 2
    args.settings = settings

    limiter = None
    if args.threads:
        from playground.engine.fast import blas

        blas.scipy_available()  # loaded before the limit, so that the limit covers its BLAS
        try:
            from threadpoolctl import threadpool_limits

            limiter = threadpool_limits(args.threads, user_api="blas")
            from playground.engine.fast import threads

            threads.set_parallel(args.threads > 1)
        except ImportError:
            print("nn-playground bench: --threads needs threadpoolctl", file=sys.stderr)
            return 1
    try:
        return _run(args, out, machine, ours, report, workload)
    finally:
        if limiter is not None:
            limiter.restore_original_limits()
            from playground.engine.fast import threads

            threads.set_parallel(True)


def _run(args, out, machine, ours, report, workload) -> int:
    data = workload.load_workload(synthetic=args.synthetic)
    threads = args.threads or machine.blas_info().threads
    flops = workload.matmul_flops_per_sample()
    peaks = [machine.matmul_peak()]
    load_before = machine.load_average()
    _header(args, out, machine, workload, data, threads, flops)
    results = _time_settings(args, machine, ours, workload, data, threads, flops, peaks)
    peaks.append(machine.matmul_peak())
    peak = max(peaks)
    out(
        f"float32 matmul peak: {peak:.1f} GFLOP/s (np.matmul of 2048x2048 matrices, the best of "
        f"{5 * len(peaks)} measured before, between and after the runs)"
    )
    clock = "CPU time of the process" if args.clock == "cpu" else "wall clock"
    out(
        f"timing ({clock}): best of {args.repeats} runs per engine and batch size"
        + (", alternating ours and PyTorch" if args.compare_torch else "")
        + f"; load average before {load_before}, after {machine.load_average()}"
    )
    for name, params, rows in results.values():
        _report(args, out, report, data.epoch_size, name, params, rows, flops, peak)
    if args.memory:
        _memory(args, out)
    return 0


def _header(args, out, machine, workload, data, threads: int | None, flops: int) -> None:
    import numpy as np

    blas = machine.blas_info()
    sizes = "-".join(str(s) for s in workload.SIZES)
    out(f"nn-playground bench: {sizes} ReLU network, softmax + cross-entropy, float32")
    out(f"data: {data.source}, shuffled once; every run trains on the same order")
    out(
        f"machine: {machine.cpu_name()}, {os.cpu_count()} cores; NumPy {np.__version__}, "
        f"BLAS {blas.library}, "
        f"{blas.threads or '?'} threads; OPENBLAS_* environment: {machine.openblas_environment()}"
    )
    if args.compare_torch:
        import torch

        torch_threads = threads or torch.get_num_threads()
        out(f"PyTorch {torch.__version__} on the CPU, {torch_threads} threads")
    from playground.engine.fast import blas as fast_blas
    from playground.engine.fast import fused, mkl

    if mkl.available():
        out(f"large products: oneMKL ({mkl.library()})")
    else:
        why = "PLAYGROUND_NO_MKL is set" if os.environ.get("PLAYGROUND_NO_MKL") else "'mkl' extra"
        out(f"large products: NumPy's BLAS (no oneMKL: {why})")
    one_pass = "SciPy's BLAS" if fast_blas.scipy_available() else "NumPy (no SciPy: 'fast' extra)"
    out(f"one-pass updates (gemm into the weights, axpy): {one_pass}")
    compiled = f"Numba {fused.numba().__version__}" if fused.available() else "none (no Numba)"
    out(f"optimizer updates compiled to one pass: {compiled}")
    out(
        f"FLOPs counted: {flops:,} per sample = the matrix products of a training step "
        "(forward 2mn, kernel gradient 2mn, input gradient 2mn except for the first layer, "
        "per m-to-n layer); bias, activation, loss and update work not counted"
    )


def _time_settings(args, machine, ours, workload, data, threads, flops, peaks) -> dict:
    """Per optimizer setting: (name, params, [(batch size, samples, ours, PyTorch's, profile)])
    with every run's seconds; ``peaks`` gains one peak measurement per batch size."""
    runs_per_size = args.repeats * (2 if args.compare_torch else 1)
    total = len(args.settings) * len(args.batch_sizes) * runs_per_size
    results: dict[str, tuple] = {}
    with _progress(total, args.no_progress or not sys.stderr.isatty()) as bar:
        for spec, name, params in args.settings:
            engine = ours.EngineRun(name, params, data.x, data.y)
            engine.clock = _clock(args)
            engine.mkl_threads = _mkl_threads(threads)
            mirror = None
            if args.compare_torch:
                from playground.benchmarks.torch_mirror import TorchRun

                mirror = TorchRun(
                    engine.initial_weights, name, params, data.x, data.labels, threads
                )
                mirror.clock = _clock(args)
            rows = []
            for batch_size in args.batch_sizes:
                peaks.append(machine.matmul_peak())  # the best of all counts: a quiet moment
                cap = args.samples
                if cap is None and batch_size < 100:
                    cap = SMALL_BATCH_UPDATES * batch_size
                n = workload.timed_samples(batch_size, cap, data.epoch_size)
                mine, theirs = [], []
                for _ in range(args.repeats):  # alternate: ours, torch, ours, torch, ...
                    bar.set_description(f"{name} batch {batch_size} ours")
                    mine.append(engine.train(batch_size, n))
                    bar.update()
                    if mirror is not None:
                        bar.set_description(f"{name} batch {batch_size} PyTorch")
                        theirs.append(mirror.train(batch_size, n))
                        bar.update()
                profiled = None
                if args.profile:
                    from playground.benchmarks.profile import profile_run

                    profiled = profile_run(engine.train, batch_size, n, flops=flops * n)
                rows.append((batch_size, n, mine, theirs, profiled))
            results[spec] = (name, params, rows)
    return results


def _mkl_threads(threads: int | None) -> int:
    """oneMKL's threads for our runs (as the window's training uses it), 0 without it."""
    from playground.engine.fast import mkl

    return (threads or os.cpu_count() or 1) if mkl.available() else 0


def _clock(args) -> Any:
    import time

    return time.process_time if getattr(args, "clock", "wall") == "cpu" else time.perf_counter


def _report(args, out, report, epoch_size, name, params, rows, flops, peak) -> None:
    out("")
    out(f"optimizer: {name} ({_describe(params)})")
    out("")
    table_rows = [
        report.Row(
            batch_size=bs,
            timed_samples=n,
            epoch_size=epoch_size,
            seconds=min(mine),
            flops_per_sample=flops,
            peak_gflops=peak,
            torch_seconds=min(theirs) if theirs else None,
        )
        for bs, n, mine, theirs, _ in rows
    ]
    out(report.format_table(table_rows))
    if args.profile:
        from playground.benchmarks.profile import format_profiles

        out("")
        out("where our step's time goes (cProfile, own time per function, one more run):")
        out(format_profiles([(bs, prof) for bs, _, _, _, prof in rows], peak))
    if args.compare_torch and args.repeats > 1:
        medians = ", ".join(
            f"{bs}: {statistics.median(mine) / statistics.median(theirs):.2f}"
            for bs, _, mine, theirs, _ in rows
        )
        out(f"ours / PyTorch from the medians instead of the best runs: {medians}")


def _memory(args, out) -> None:
    from playground.benchmarks import memory

    out("")
    result = memory.measure_peak_memory(epochs=args.memory_epochs, synthetic=args.synthetic)
    accuracy = "" if result.test_accuracy is None else f", test accuracy {result.test_accuracy:.4f}"
    out(
        f"peak memory of a full-data training run without the window ({result.source}, "
        f"{result.epochs} epoch(s), batch {result.batch_size}, adam{accuracy}): "
        f"{result.peak_mb:.0f} MB (peak resident size, VmHWM, of a child process; target ≤ 350 MB)"
    )
    if not args.synthetic:
        times = memory.measure_load_times()
        out(
            f"MNIST training set, warm load: {times.load_seconds:.3f} s for load_data() "
            f"(target <= 0.3 s), +{times.prepare_seconds:.3f} s for flatten_scale + one_hot "
            f"(median of {times.runs})"
        )
