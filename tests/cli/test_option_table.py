"""The commands' options come from one table: a command that trains takes train's options."""

from __future__ import annotations

import argparse
from collections import Counter

import pytest

from playground.cli import build_parser
from playground.commands import option_table


def test_another_command_gets_trains_options_in_one_call():
    other = argparse.ArgumentParser(prog="other")
    option_table.add_train_options(other)
    argv = ["--hidden", "32,16", "--optimizer", "sgd", "--dataset", "digits", "--image-size", "8"]
    ours = vars(other.parse_args(argv))
    train = vars(build_parser(["train"]).parse_args(["train", *argv]))
    assert train.pop("command") == "train" and callable(train.pop("func"))
    assert ours == train
    assert ours["hidden"] == (32, 16) and ours["image_size"] == 8 and ours["dataset"] == "digits"
    with pytest.raises(SystemExit):
        other.parse_args(["--image-size", "1"])


@pytest.mark.parametrize(
    "table",
    [
        option_table.TRAIN_OPTIONS,
        option_table.EVALUATE_OPTIONS,
        option_table.ROBUSTNESS_OPTIONS,
        option_table.PREDICT_CHOICES + option_table.PREDICT_OPTIONS,
    ],
)
def test_each_flag_appears_once_per_command(table):
    counts = Counter(flag for each in table for flag in each.flags)
    assert [flag for flag, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("command", ["train", "evaluate", "predict", "robustness"])
def test_shared_data_options_mean_the_same_everywhere(command):
    parser = build_parser([command])
    argv = [command] if command == "train" else [command, "m.npz"]
    if command == "predict":
        argv += ["--index", "0"]
    args = parser.parse_args([*argv, "--dataset", "~/own.csv", "--image-size", "20"])
    assert args.image_size == 20 and not args.dataset.startswith("~")


def test_the_largest_picture_size_is_the_readers_own():
    from playground.commands.data_options import MAX_IMAGE_SIZE
    from playground.data.loading import MAX_SIDE

    # Kept apart so that --help need not import NumPy; they must agree.
    assert MAX_IMAGE_SIZE == MAX_SIDE
