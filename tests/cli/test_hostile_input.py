"""Huge sizes, special files, odd paths and overflowing models: one line, a status, no trace."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from playground import cli
from playground.commands import train
from playground.engine import Dense, Sequential


def _one_line(result, status: int, *words: str) -> str:
    assert result.status == status, (result.status, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.error_lines
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["train", "--hidden", "1000000"], ["--hidden", "1,000,000", "limit of 65,536"]),
        (["train", "--hidden", ",".join(["1"] * 1000)], ["--hidden", "1,001 layers"]),
        (["train", "--activation", "maxout", "--maxout-pieces", "100000"], ["limit of 64"]),
        (["train", "--elu-alpha", "1e308"], ["--elu-alpha", "at most 100"]),
        (["train", "--seed", "9" * 5000], ["--seed", "whole number"]),
        (["evaluate", "~nosuchuser/m.npz"], ["no user named 'nosuchuser'"]),
        (["evaluate", "x" * 300 + ".npz"], ["304 bytes long", "255"]),
        (["evaluate", "/a" * 2100], ["4,200 bytes long"]),
        (["train", "--dataset", "~nosuchuser/digits"], ["--dataset", "no user named"]),
        (["train", "--save", "/dev/null"], ["--save", "character device"]),
        (["train", "--csv", "/dev/null"], ["--csv", "character device"]),
        (["screenshot", "--size", "100000x100000", "x.png"], ["--size", "7680x4320"]),
        (["screenshot", "--size", "wide", "x.png"], ["--size", "1400x900"]),
        (["app-bench", "--repeats", "0"], ["--repeats", "at least 1"]),
        (["app-bench", "--hidden", "99999999"], ["--hidden", "limit"]),
        (["app-bench", "--lag-seconds", "nan"], ["--lag-seconds", "finite"]),
        (["app-bench", "--cycles", "-1"], ["--cycles", "0 or more"]),
        (["app-bench", "--json", "/dev/null"], ["--json", "character device"]),
    ],
)
def test_impossible_values_are_refused_when_parsed(run_cli, args, words):
    _one_line(run_cli(*args), 2, *words)


def test_a_network_over_the_parameter_limit_is_refused_before_allocating(run_cli):
    result = run_cli("train", "--hidden", "5000,5000", "--train-size", "100")
    line = _one_line(result, 2, "--hidden 5000,5000", "28,980,010 parameters", "20,000,000")
    assert "Training" not in result.stdout, line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_special_files_are_named_for_what_they_are(run_cli, tmp_path: Path):
    fifo = tmp_path / "model.npz"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.npz"
    zero.symlink_to("/dev/zero")
    _one_line(run_cli("evaluate", fifo, timeout=60), 2, "model.npz", "FIFO (named pipe)")
    _one_line(run_cli("predict", zero, "--index", "0", timeout=60), 2, "character device")
    _one_line(run_cli("train", "--save", fifo, timeout=60), 2, "--save", "FIFO")
    model = Sequential([Dense(10, "softmax", input_dim=784)], seed=0)
    model.build()
    model.save(tmp_path / "small.npz")
    _one_line(run_cli("predict", tmp_path / "small.npz", "--image", fifo), 2, "FIFO", "image")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_folder_nobody_may_write_is_refused_before_training(run_cli):
    _one_line(run_cli("train", "--save", "/proc/model.npz"), 2, "--save", "not writable")


def test_a_model_whose_outputs_overflow_is_reported_not_printed_as_nan(run_cli, tmp_path: Path):
    model = Sequential([Dense(10, "softmax", input_dim=784)], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    model.build()
    model.layers[0].kernel[:] = np.float32(3e38)
    model.layers[0].kernel[:, ::2] = np.float32(-3e38)
    path = tmp_path / "huge.npz"
    model.save(path)
    for args in (["evaluate", path], ["predict", path, "--index", "0"]):
        result = run_cli(*args)
        _one_line(result, 3, "not a finite number", "smaller learning rate")
        assert "nan" not in result.stdout


def test_a_failing_csv_log_costs_the_log_not_the_run(monkeypatch, tmp_path: Path, capsys):
    calls = []

    def disk_full(path, rows):
        calls.append(path)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(train, "_write_csv", disk_full)
    model_path = tmp_path / "m.npz"
    status = cli.main(
        [
            "train",
            "--train-size", "200",
            "--epochs", "2",
            "--hidden", "8",
            "--batch-size", "50",
            "--csv", str(tmp_path / "log.csv"),
            "--save", str(model_path),
        ]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 0, err
    assert len(calls) == 1  # tried once, then left alone
    assert "cannot write --csv" in err and "No space left on device" in err
    assert "Traceback" not in err
    assert model_path.is_file()


def test_save_onto_a_device_node_is_refused_and_the_node_kept(run_cli, tmp_path: Path):
    import stat

    node = tmp_path / "model.npz"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("creating device nodes needs root")
    _one_line(run_cli("train", "--save", node), 2, "--save", "character device")
    assert stat.S_ISCHR(node.lstat().st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_exporters_name_special_files_and_odd_paths(run_cli, tmp_path: Path):
    model = Sequential([Dense(10, "softmax", input_dim=784)], seed=0)
    model.compile(loss="categorical_crossentropy", optimizer="adam")
    model.build()
    saved = tmp_path / "small.npz"
    model.save(saved)
    fifo = tmp_path / "pipe.onnx"
    os.mkfifo(fifo)
    null = tmp_path / "null.py"
    null.symlink_to("/dev/null")
    _one_line(run_cli("export-onnx", fifo, tmp_path / "x.onnx", timeout=60), 2, "FIFO", "model")
    _one_line(run_cli("export-onnx", saved, fifo, timeout=60), 2, "cannot write", "FIFO")
    _one_line(run_cli("export-keras", saved, null), 2, "cannot write", "character device")
    _one_line(run_cli("export-keras", saved, "~nosuchuser/x.py"), 2, "no user named")
    assert stat_is_char(null)


def stat_is_char(path: Path) -> bool:
    import stat

    return stat.S_ISCHR(path.stat().st_mode)
