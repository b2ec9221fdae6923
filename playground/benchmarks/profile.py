"""Where a training step of ours spends its time: products, optimizer update, the rest.

``nn-playground bench --profile`` runs our engine once more per batch size under cProfile and
sums each function's own time into a few parts of the step. It answers "why not faster": the
products' share and their speed against the measured matmul peak bound what any rearranging
of the elementwise work can gain.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from dataclasses import dataclass

PARTS = ("matrix products", "optimizer update", "activations", "loss and metrics", "other")


def _part(filename: str, function: str) -> str:
    path = filename.replace("\\", "/")
    if function in ("matmul", "outer_products") and path.endswith("fast/threads.py"):
        return "matrix products"
    if function == "matmul" and path.endswith("fast/mkl.py"):
        return "matrix products"  # a large product in oneMKL
    if function == "add_outer_products" and path.endswith("fast/blas.py"):
        return "matrix products"  # the kernel gradient's product, added into the weights
    if function == "input_gradient" and path.endswith("fast/network.py"):
        return "matrix products"  # dz @ W.T as (W @ dz.T).T, and the transposed copy
    if "method 'dot'" in function or "numpy._core.multiarray.dot" in function:
        return "matrix products"
    if path.endswith(("fast/updates.py", "fast/fused.py")) or "/engine/optimizers/" in path:
        return "optimizer update"  # fused.py: the compiled one-pass updates
    if path.endswith(("engine/activations.py", "fast/activations.py", "fast/layer_passes.py")):
        return "activations"
    if path.endswith("engine/losses.py"):
        return "loss and metrics"
    return "other"


@dataclass(frozen=True)
class Profile:
    """Seconds per part of the profiled run, and the run's FLOPs in the products."""

    seconds: dict[str, float]
    flops: float

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def share(self, part: str) -> float:
        return self.seconds[part] / self.total if self.total else 0.0

    def product_gflops(self) -> float:
        products = self.seconds["matrix products"]
        return self.flops / products / 1e9 if products else 0.0


def profile_run(train: Callable[..., object], *args: object, flops: float) -> Profile:
    """Profile ``train(*args)`` (one run) whose matrix products do ``flops`` operations."""
    profiler = cProfile.Profile()
    profiler.runcall(train, *args)
    seconds = dict.fromkeys(PARTS, 0.0)
    for (filename, _, function), row in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        seconds[_part(filename, function)] += row[2]  # the function's own time
    return Profile(seconds, flops)


def format_profiles(rows: list[tuple[int, Profile]], peak_gflops: float) -> str:
    """A Markdown table: per batch size, each part's share and the products' speed."""
    header = ["batch size", *PARTS, "products GFLOP/s", "products % of peak"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    for batch_size, profile in rows:
        cells = [f"{batch_size:,}"]
        cells += [f"{100 * profile.share(part):.0f}%" for part in PARTS]
        gflops = profile.product_gflops()
        cells += [f"{gflops:.1f}", f"{100 * gflops / peak_gflops:.0f}%"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
