"""``nn-playground bench`` end to end on a tiny configuration (no timing is asserted)."""

from __future__ import annotations

import argparse

import pytest

from playground.benchmarks import cli, report, workload


def run_bench(capsys, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    code = cli.main(parser.parse_args(list(argv)))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def table_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_bench_prints_a_table_per_optimizer(capsys):
    code, out, _ = run_bench(
        capsys,
        "--synthetic",
        "--samples", "2000",
        "--batch-sizes", "10,100",
        "--repeats", "1",
        "--optimizer", "sgd,adam",
        "--no-progress",
    )  # fmt: skip
    assert code == 0
    assert "784-500-500-10" in out
    assert "float32 matmul peak:" in out
    assert "optimizer: sgd (learning_rate=0.01" in out
    assert "optimizer: adam (learning_rate=0.001" in out
    rows = table_rows(out)
    headers = [row for row in rows if row[0] == "batch size"]
    assert len(headers) == 2
    assert headers[0] == list(report.COLUMNS)
    data = [row for row in rows if row[0].replace(",", "").isdigit()]
    assert [row[0] for row in data] == ["10", "100", "10", "100"]
    for row in data:
        assert row[1] == "2,000 *"  # timed on 2,000 samples, scaled to the epoch
        assert float(row[2]) > 0  # seconds per epoch
        assert row[4] == f"{60_000 // int(row[0]):,}"  # updates per epoch
        assert row[6].endswith("%")
    assert "scaled up to 60,000 samples" in out


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("adamw", "Unknown optimizer 'adamw'"),
        ("sgd:mom=0.9", "Unknown argument(s) mom"),
        ("sgd:momentum=2", "momentum must be between 0 and 1"),
        ("sgd:momentum", "expected ARG=VALUE"),
        ("adam:amsgrad=maybe", "not a number or true/false"),
    ],
)
def test_unknown_optimizer_settings_are_usage_errors(capsys, spec, message):
    code, _, err = run_bench(capsys, "--synthetic", "--optimizer", spec)
    assert code == 2
    assert message in err


def test_optimizer_settings_take_the_engines_defaults_for_the_rest():
    assert cli.parse_setting("sgd:momentum=0.9:nesterov=true", None) == (
        "sgd",
        {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True},
    )
    name, params = cli.parse_setting("adam", 0.003)
    assert name == "adam" and params["learning_rate"] == 0.003 and params["beta_2"] == 0.999
    assert cli.DEFAULT_OPTIMIZERS == ("sgd", "sgd:momentum=0.9", "adam")


def test_bench_times_sgd_with_momentum(capsys):
    code, out, _ = run_bench(
        capsys,
        "--synthetic",
        "--samples", "200",
        "--batch-sizes", "100",
        "--repeats", "1",
        "--optimizer", "sgd:momentum=0.9",
        "--no-progress",
    )  # fmt: skip
    assert code == 0
    assert "optimizer: sgd (learning_rate=0.01, momentum=0.9, nesterov=False)" in out


@pytest.mark.parametrize("bad", ["0", "1,x", ""])
def test_batch_sizes_must_be_positive_integers(bad):
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["--batch-sizes", bad])


def test_flops_count_the_matrix_products_of_a_step():
    # 784-500-500-10: forward and kernel gradients 2 * 647,000 each, input gradients of the
    # second and third layer 2 * 255,000.
    assert workload.matmul_flops_per_sample() == 4 * 647_000 + 2 * 255_000


def test_timed_samples_are_whole_batches():
    assert workload.timed_samples(1000, None, 60_000) == 60_000
    assert workload.timed_samples(100, 2050, 60_000) == 2000
    assert workload.timed_samples(1000, 500, 60_000) == 1000  # at least one batch


def test_rows_scale_partial_epochs():
    row = report.Row(
        batch_size=10,
        timed_samples=6000,
        epoch_size=60_000,
        seconds=2.0,
        flops_per_sample=1_000_000,
        peak_gflops=10.0,
        torch_seconds=4.0,
    )
    assert row.seconds_per_epoch == pytest.approx(20.0)
    assert row.samples_per_second == pytest.approx(3000.0)
    assert row.updates_per_epoch == 6000
    assert row.gflops == pytest.approx(3.0)
    assert row.percent_of_peak == pytest.approx(30.0)
    assert row.ratio == pytest.approx(0.5)
    (cells,) = [r for r in table_rows(report.format_table([row])) if r[0] == "10"]
    assert cells == ["10", "6,000 *", "20.00", "3,000", "6,000", "3.0", "30%", "40.00", "0.50"]


def test_profile_splits_the_step_into_parts(capsys):
    code, out, _ = run_bench(
        capsys,
        "--synthetic",
        "--samples", "300",
        "--batch-sizes", "100",
        "--repeats", "1",
        "--optimizer", "adam",
        "--profile",
        "--no-progress",
    )  # fmt: skip
    assert code == 0
    assert "where our step's time goes" in out
    header = next(row for row in table_rows(out) if "matrix products" in row)
    (data,) = [row for row in table_rows(out) if row[0] == "100" and row[-1].endswith("%")][1:]
    shares = dict(zip(header, data, strict=True))
    parts = ["matrix products", "optimizer update", "activations", "loss and metrics", "other"]
    assert 98 <= sum(int(shares[p].rstrip("%")) for p in parts) <= 102
    assert int(shares["matrix products"].rstrip("%")) > 10  # the products are found
    assert int(shares["optimizer update"].rstrip("%")) > 0  # and Adam's update
    assert float(shares["products GFLOP/s"]) > 0


def test_profile_parts_name_the_engines_functions():
    from playground.benchmarks.profile import _part

    assert _part("/x/playground/engine/fast/threads.py", "matmul") == "matrix products"
    assert _part("/x/playground/engine/fast/mkl.py", "matmul") == "matrix products"
    assert _part("/x/playground/engine/fast/mkl.py", "products") == "other"
    assert _part("/x/playground/engine/fast/updates.py", "_adam") == "optimizer update"
    assert _part("/x/playground/engine/fast/fused.py", "_adam") == "optimizer update"
    assert _part("/x/playground/engine/fast/layer_passes.py", "_bias_relu") == "activations"
    assert _part("/x/playground/engine/optimizers/adam.py", "update_step") == "optimizer update"
    assert _part("/x/playground/engine/activations.py", "forward") == "activations"
    assert _part("/x/playground/engine/fast/activations.py", "_relu_forward") == "activations"
    assert _part("/x/playground/engine/model.py", "_train_step") == "other"


def test_bench_can_time_by_cpu_time(capsys, monkeypatch):
    import time

    calls, process_time = [], time.process_time

    def counting_clock():
        calls.append(1)
        return process_time()

    monkeypatch.setattr(time, "process_time", counting_clock)
    code, out, _ = run_bench(
        capsys,
        "--synthetic",
        "--samples", "100",
        "--batch-sizes", "100",
        "--repeats", "2",
        "--optimizer", "sgd",
        "--clock", "cpu",
        "--no-progress",
    )  # fmt: skip
    assert code == 0
    assert "timing (CPU time of the process): best of 2 runs" in out
    assert len(calls) == 4  # start and end of each of our two runs


def _one_thread_run(capsys, monkeypatch) -> tuple[str, list[tuple[bool, int]]]:
    """A one-thread bench run's output, and (oneMKL in use, its threads) at each of our fits."""
    from playground.engine import Sequential
    from playground.engine.fast import mkl

    seen, fit = [], Sequential.fit

    def recording_fit(self, *args, **kwargs):
        seen.append((mkl.in_use(), getattr(mkl._on, "threads", 0)))
        return fit(self, *args, **kwargs)

    monkeypatch.setattr(Sequential, "fit", recording_fit)
    code, out, _ = run_bench(
        capsys,
        "--synthetic",
        "--samples", "200",
        "--batch-sizes", "100",
        "--repeats", "1",
        "--optimizer", "sgd",
        "--threads", "1",
        "--no-progress",
    )  # fmt: skip
    assert code == 0
    return out, seen


def test_our_runs_take_onemkl_on_the_threads_asked_for(capsys, monkeypatch):
    from playground.engine.fast import mkl

    out, seen = _one_thread_run(capsys, monkeypatch)
    assert f"large products: oneMKL ({mkl.library()})" in out
    assert seen == [(True, 1)]


def test_the_header_says_when_onemkl_is_switched_off(capsys, monkeypatch):
    from playground.engine.fast import mkl

    monkeypatch.setenv("PLAYGROUND_NO_MKL", "1")
    monkeypatch.setattr(mkl, "available", lambda: False)  # as a fresh process would find it
    out, seen = _one_thread_run(capsys, monkeypatch)
    assert "large products: NumPy's BLAS (no oneMKL: PLAYGROUND_NO_MKL is set)" in out
    assert seen == [(False, 0)]
