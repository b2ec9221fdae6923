"""The headless commands' options as tables: each option written once, added by name.

``train`` (and any command that trains, such as ``race``) takes ``TRAIN_OPTIONS`` through
``add_train_options``; ``evaluate``, ``predict`` and ``robustness`` share ``MODEL``,
``DATASET`` and ``IMAGE_SIZE``. Kept free of NumPy so that ``--help`` stays instant.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from playground.commands import data_options
from playground.commands import options as opt


@dataclass(frozen=True)
class Option:
    """One ``add_argument`` call: its flags (or positional name) and its keyword settings."""

    flags: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    def add_to(self, parser: Any) -> None:
        """Add to a parser, an argument group or a mutually exclusive group."""
        parser.add_argument(*self.flags, **self.settings)

    def with_help(self, help: str) -> Option:
        return replace(self, settings={**self.settings, "help": help})


def option(*flags: str, **settings: Any) -> Option:
    return Option(flags, settings)


def add_options(parser: Any, options: Iterable[Option]) -> None:
    for each in options:
        each.add_to(parser)


MODEL = option(
    "model",
    type=opt.user_path,
    metavar="MODEL",
    help="A model file saved by train --save or the app, or a .keras, .h5 or .onnx file of "
    "Dense layers.",
)
DATASET = option(
    "--dataset",
    type=opt.user_path,
    default="mnist",
    metavar="mnist|PATH",
    help=data_options.DATASET_HELP,
)
IMAGE_SIZE = option(
    "--image-size",
    type=data_options.image_size,
    default=None,
    metavar="N",
    help="Convert the data set's images to N x N pixels (grey). Default: the data's own "
    "size; pictures of mixed or large sizes become 28 x 28.",
)
UNLABELLED = option(
    "--unlabelled",
    type=opt.non_negative_int,
    metavar="I",
    help="Classify picture number I (from 0) of the data set's unlabelled test file, such as "
    "Kaggle's test.csv beside train.csv.",
)

TRAIN_OPTIONS = (
    option(
        "--hidden",
        type=opt.layer_sizes,
        default=(500, 500),
        metavar="N,N,...",
        help="Units of each hidden layer, comma-separated; 'none' for no hidden layer "
        "(default: 500,500, the 784-500-500-10 network).",
    ),
    option(
        "--activation",
        choices=opt.ACTIVATIONS,
        default="relu",
        help="Activation function of the hidden layers; the output layer is always softmax "
        "(default: relu).",
    ),
    option(
        "--elu-alpha",
        type=opt.elu_alpha,
        default=1.0,
        metavar="A",
        help="Value ELU approaches for very negative inputs, as -A (default: 1.0).",
    ),
    option(
        "--maxout-pieces",
        type=opt.maxout_pieces,
        default=2,
        metavar="K",
        help="Number of linear pieces each maxout unit takes the maximum of (default: 2).",
    ),
    option(
        "--initializer",
        choices=opt.INITIALIZERS,
        default="glorot_uniform",
        metavar="NAME",
        help="How the weights are initialised before training: "
        f"{', '.join(opt.INITIALIZERS)} (default: glorot_uniform).",
    ),
    option(
        "--loss",
        choices=opt.LOSSES,
        default="categorical_crossentropy",
        metavar="LOSS",
        help="Loss the optimizer minimises: categorical_crossentropy, "
        "sparse_categorical_crossentropy, or mse (mean_squared_error), the mean squared error "
        "(default: categorical_crossentropy).",
    ),
    option(
        "--optimizer",
        choices=opt.OPTIMIZERS,
        default="adam",
        help="Gradient-descent variant, with Keras' defaults for its other settings "
        "(default: adam).",
    ),
    option(
        "--learning-rate",
        type=opt.positive_float,
        default=None,
        metavar="LR",
        help="Step size of the optimizer (default: Keras' default for the optimizer, "
        "0.001 for adam, 0.01 for sgd).",
    ),
    option(
        "--schedule",
        choices=("constant", "cosine", "exponential"),
        default="constant",
        help="How the learning rate changes during the run: constant, cosine (Keras' "
        "CosineDecay from LR to 0 over all updates: big steps first, small ones at the end) or "
        "exponential (times 0.8 every epoch) (default: constant).",
    ),
    option(
        "--dropout",
        type=opt.fraction,
        default=0.0,
        metavar="RATE",
        help="Dropout after every hidden layer: in training each unit is switched off with "
        "probability RATE (default: 0, none).",
    ),
    option(
        "--l2",
        type=opt.non_negative_float,
        default=0.0,
        metavar="L",
        help="L2 weight penalty L * sum(W^2) on every layer's kernel, as Keras' "
        "regularizers.l2(L) (default: 0, none).",
    ),
    option(
        "--augment",
        type=opt.augment_settings,
        default={},
        metavar="rotation=DEG,shift=PX,noise=STD",
        help="Change every training batch at random: turn digits up to DEG degrees either "
        "way, move them up to PX pixels, add Gaussian noise of standard deviation STD "
        "(default: none).",
    ),
    option(
        "--batch-size",
        type=opt.positive_int,
        default=100,
        metavar="B",
        help="Training examples per weight update (mini-batch); at most the training-set "
        "size (default: 100).",
    ),
    option(
        "--epochs",
        type=opt.positive_int,
        default=opt.DEFAULTS.epochs,
        metavar="E",
        help="Passes over the whole training set, as in the window "
        f"(default: {opt.DEFAULTS.epochs}; 20 reach about 98%% on MNIST).",
    ),
    option(
        "--train-size",
        type=opt.positive_int,
        default=None,
        metavar="N",
        help="Train on N digits only, the same number from each class, for quick runs "
        "(default: the whole training set).",
    ),
    option(
        "--validation-split",
        type=opt.fraction,
        default=0.0,
        metavar="F",
        help="Hold out a fraction F of the training examples, chosen with the seed as the "
        "window does, and report the loss and accuracy on them after each epoch (default: 0).",
    ),
    option(
        "--test-every-epoch",
        action="store_true",
        help="Also measure the test-set loss and accuracy after every epoch, to watch "
        "over-fitting (costs a little time per epoch).",
    ),
    option(
        "--seed",
        type=opt.non_negative_int,
        default=0,
        metavar="S",
        help="Random seed for the initial weights, the subset and the shuffling; the same "
        "seed gives the same run (default: 0).",
    ),
    DATASET,
    IMAGE_SIZE,
    option(
        "--save",
        type=opt.output_file,
        default=None,
        metavar="PATH",
        help="Save the trained model to this .npz file (nothing is saved if training diverges).",
    ),
    option(
        "--csv",
        type=opt.output_file,
        default=None,
        metavar="PATH",
        help="Write one line per epoch (seconds, loss, accuracy and any validation or test "
        "figures) to this CSV file, like Keras' CSVLogger.",
    ),
)

EVALUATE_OPTIONS = (
    MODEL,
    DATASET.with_help("Data set whose test part is used: " + data_options.DATASET_HELP),
    IMAGE_SIZE,
    option(
        "--batch-size",
        type=opt.positive_int,
        default=1000,
        metavar="B",
        help="Examples evaluated at once; changes speed and memory, not the result "
        "(default: 1000).",
    ),
)

ROBUSTNESS_OPTIONS = (
    MODEL,
    DATASET.with_help("Data set whose test part is damaged: " + data_options.DATASET_HELP),
    IMAGE_SIZE,
    option(
        "--test-size",
        type=opt.positive_int,
        default=None,
        metavar="N",
        help="Use the first N test digits only, for a quicker table (default: all).",
    ),
    option(
        "--threshold",
        type=opt.probability,
        default=0.0,
        metavar="P",
        help="Answer 'not sure' below this top probability (default: 0, always answer).",
    ),
    option(
        "--seed",
        type=opt.non_negative_int,
        default=0,
        metavar="S",
        help="Random seed of the damage; the same seed gives the same table (default: 0).",
    ),
)

# predict classifies exactly one of these.
PREDICT_CHOICES = (
    option(
        "--index",
        type=opt.non_negative_int,
        metavar="I",
        help="Classify test example number I (counting from 0) and show its true label.",
    ),
    option(
        "--image",
        type=opt.user_path,
        metavar="FILE",
        help="Classify a PNG or JPEG of a handwritten digit, converted the MNIST way: "
        "grayscale, inverted if the background is light, fitted into 20x20 and centred "
        "by its centre of mass in 28x28.",
    ),
    UNLABELLED,
)
PREDICT_OPTIONS = (
    DATASET.with_help("Data set for --index and for the class names: " + data_options.DATASET_HELP),
    IMAGE_SIZE,
    option(
        "--show",
        action="store_true",
        help="Also draw the 28x28 input the network sees, as text.",
    ),
)


def add_train_options(parser: argparse.ArgumentParser) -> None:
    """Every option of ``train``: the network, its training and the data set."""
    add_options(parser, TRAIN_OPTIONS)


def add_predict_options(parser: argparse.ArgumentParser) -> None:
    MODEL.add_to(parser)
    add_options(parser.add_mutually_exclusive_group(required=True), PREDICT_CHOICES)
    add_options(parser, PREDICT_OPTIONS)
