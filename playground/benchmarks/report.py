"""The benchmark's table, as plain Markdown that can be pasted into the README."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    batch_size: int
    timed_samples: int
    epoch_size: int
    seconds: float  # best run of ours, for timed_samples
    flops_per_sample: int
    peak_gflops: float
    torch_seconds: float | None = None  # best run of PyTorch, same samples

    @property
    def scaled(self) -> bool:
        return self.timed_samples < self.epoch_size

    @property
    def seconds_per_epoch(self) -> float:
        return self.seconds * self.epoch_size / self.timed_samples

    @property
    def samples_per_second(self) -> float:
        return self.timed_samples / self.seconds

    @property
    def updates_per_epoch(self) -> int:
        return -(-self.epoch_size // self.batch_size)

    @property
    def gflops(self) -> float:
        return self.samples_per_second * self.flops_per_sample / 1e9

    @property
    def percent_of_peak(self) -> float:
        return 100.0 * self.gflops / self.peak_gflops

    @property
    def torch_seconds_per_epoch(self) -> float | None:
        if self.torch_seconds is None:
            return None
        return self.torch_seconds * self.epoch_size / self.timed_samples

    @property
    def ratio(self) -> float | None:
        """Our time divided by PyTorch's: below 1 means the NumPy engine is faster."""
        if self.torch_seconds is None:
            return None
        return self.seconds / self.torch_seconds


COLUMNS = (
    "batch size",
    "timed samples",
    "s / epoch",
    "samples / s",
    "updates / epoch",
    "GFLOP/s",
    "% of peak",
)
TORCH_COLUMNS = ("PyTorch s / epoch", "ours / PyTorch")


def _seconds(value: float) -> str:
    return f"{value:.2f}" if value >= 1 else f"{value:.3f}"


def format_table(rows: list[Row]) -> str:
    with_torch = any(row.torch_seconds is not None for row in rows)
    header = COLUMNS + (TORCH_COLUMNS if with_torch else ())
    lines = []
    for row in rows:
        cells = [
            f"{row.batch_size:,}",
            f"{row.timed_samples:,}" + (" *" if row.scaled else ""),
            _seconds(row.seconds_per_epoch),
            f"{row.samples_per_second:,.0f}",
            f"{row.updates_per_epoch:,}",
            f"{row.gflops:.1f}",
            f"{row.percent_of_peak:.0f}%",
        ]
        if with_torch:
            if row.torch_seconds is None:
                cells += ["-", "-"]
            else:
                cells += [_seconds(row.torch_seconds_per_epoch), f"{row.ratio:.2f}"]
        lines.append(cells)
    widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(header)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    out.append("|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    for cells in lines:
        out.append("| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)) + " |")
    scaled = [row for row in rows if row.scaled]
    if scaled:
        out.append("")
        out.append(
            f"* timed on the first samples of the epoch only; seconds per epoch are scaled up to "
            f"{scaled[0].epoch_size:,} samples"
        )
    return "\n".join(out)
