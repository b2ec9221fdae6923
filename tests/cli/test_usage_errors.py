"""Impossible settings and unusable files: status 2 and one clear line, never a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from playground.data.idx import write_idx

REPO = Path(__file__).resolve().parents[2]


def _check_one_line(result, *words):
    assert result.status == 2, (result.status, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.error_lines) == 1, result.stderr
    line = result.error_lines[0]
    assert line.startswith("nn-playground")
    for word in words:
        assert word in line, line
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["train", "--batch-size", "0"], ["--batch-size", "at least 1"]),
        (["train", "--batch-size", "-5"], ["--batch-size", "at least 1"]),
        (["train", "--learning-rate", "-0.1"], ["--learning-rate", "above 0"]),
        (["train", "--learning-rate", "0"], ["--learning-rate", "above 0"]),
        (["train", "--learning-rate", "nan"], ["--learning-rate", "finite"]),
        (["train", "--learning-rate", "inf"], ["--learning-rate", "finite"]),
        (["train", "--learning-rate", "fast"], ["--learning-rate", "expected a number"]),
        (["train", "--optimizer", "adamw"], ["--optimizer", "invalid choice", "nadam"]),
        (["train", "--activation", "gelu"], ["--activation", "invalid choice"]),
        (["train", "--epochs", "0"], ["--epochs", "at least 1"]),
        (["train", "--hidden", "500,0"], ["--hidden", "at least 1 unit"]),
        (["train", "--hidden", "big"], ["--hidden", "500,500"]),
        (["train", "--validation-split", "1"], ["--validation-split", "below 1"]),
        (["train", "--train-size", "0"], ["--train-size", "at least 1"]),
        (["train", "--no-such-option"], ["unrecognized arguments"]),
        (["fly"], ["invalid choice"]),
        (
            ["predict", "model.npz"],
            ["one of the arguments --index --image", "is required"],
        ),
        (["predict", "m.npz", "--index", "1", "--image", "x.png"], ["not allowed with"]),
        (["evaluate"], ["MODEL"]),
    ],
)
def test_bad_options(run_cli, args, words):
    _check_one_line(run_cli(*args), *words)


def test_settings_that_need_the_data(run_cli, tmp_path):
    _check_one_line(
        run_cli("train", "--train-size", "100", "--batch-size", "101"),
        "--batch-size 101",
        "100 training examples",
    )
    _check_one_line(run_cli("train", "--train-size", "60001"), "60000 training examples")
    _check_one_line(
        run_cli("train", "--train-size", "10", "--validation-split", "0.5", "--batch-size", "6"),
        "--batch-size 6",
        "5 training examples",
    )


def test_missing_and_unusable_data_sets(run_cli, tmp_path):
    _check_one_line(run_cli("train", "--dataset", tmp_path / "nowhere"), "no such folder")
    (tmp_path / "notes.txt").write_text("no digits here")
    _check_one_line(run_cli("train", "--dataset", tmp_path), "not a data set")
    broken = tmp_path / "broken"
    broken.mkdir()
    write_idx(broken / "train-images-idx3-ubyte", np.zeros((5, 28, 28), np.uint8))
    (broken / "train-labels-idx1-ubyte").write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x05\x01")
    _check_one_line(run_cli("train", "--dataset", broken), "train-labels-idx1-ubyte", "truncated")


def test_output_paths_checked_before_training(run_cli, tmp_path):
    _check_one_line(
        run_cli("train", "--save", tmp_path / "no" / "such" / "m.npz"), "--save", "does not exist"
    )
    _check_one_line(run_cli("train", "--csv", tmp_path), "--csv", "is a folder")


def test_missing_and_corrupt_model_files(run_cli, tmp_path):
    _check_one_line(run_cli("evaluate", tmp_path / "none.npz"), "none.npz", "does not exist")
    _check_one_line(run_cli("predict", tmp_path, "--index", "0"), "is a folder")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 this is not a real zip file")
    _check_one_line(run_cli("evaluate", bad), "bad.npz")
    text = tmp_path / "notes.npz"
    text.write_text("hello")
    _check_one_line(run_cli("predict", text, "--index", "3"), "notes.npz")


def test_ctrl_c_ends_training_with_status_130_and_one_line(cli_env):
    """Ctrl-C in a long training run: the shell's status for SIGINT and no traceback."""
    env = {**cli_env, "PYTHONUNBUFFERED": "1"}
    args = ["train", "--train-size", "1000", "--epochs", "100000", "--hidden", "16"]
    with subprocess.Popen(
        [sys.executable, "-m", "playground", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    ) as proc:
        assert proc.stdout.readline().startswith("Training ")  # the run has begun
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.rstrip().endswith("nn-playground train: interrupted")
