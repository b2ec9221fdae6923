"""``nn-playground``: the desktop app with no arguments, or a headless sub-command.

Only the parser lives here. Command bodies are imported when they run, so ``--help`` is
instant, and commands provided by optional parts (the app's screenshots, exporters,
benchmarks) are imported only when named: a missing part disables its command alone.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from playground import __version__
from playground.commands import data_options
from playground.commands import options as opt
from playground.commands.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    CommandError,
)

PROG = "nn-playground"


class _Parser(argparse.ArgumentParser):
    """Usage mistakes end in one line on stderr and status 2, not a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


@dataclass(frozen=True)
class _External:
    """A sub-command whose arguments and body live in another module."""

    module: str
    add_arguments: str
    main: str
    help: str


EXTERNAL = {
    "screenshot": _External(
        "playground.gui.screenshot",
        "add_arguments",
        "main",
        "Save pictures of the app's window and views as PNG files.",
    ),
    "app-bench": _External(
        "playground.gui.benchmark",
        "add_arguments",
        "main",
        "Measure how fast the app redraws its views while training.",
    ),
    "bench": _External(
        "playground.benchmarks.cli",
        "add_arguments",
        "main",
        "Measure the engine's training speed for several batch sizes.",
    ),
    "regularization-demo": _External(
        "playground.commands.regularization_demo",
        "add_arguments",
        "main",
        "Show overfitting, and dropout and L2 narrowing the train/test gap.",
    ),
    "export-keras": _External(
        "playground.export.cli",
        "add_keras_arguments",
        "main_keras",
        "Write a Keras script that builds the same network as a saved model.",
    ),
    "export-torch": _External(
        "playground.commands.export_torch",
        "add_arguments",
        "main",
        "Write a PyTorch script that builds, loads and trains the same network as a model file.",
    ),
    "export-onnx": _External(
        "playground.export.cli",
        "add_onnx_arguments",
        "main_onnx",
        "Export a saved model to an ONNX file.",
    ),
}


def _command_body(module: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        return importlib.import_module(f"playground.commands.{module}").run(args)

    return run


def _add_train(sub) -> None:
    p = sub.add_parser(
        "train",
        help="Train a network on MNIST (or another IDX data set) and report its test score.",
        description="Train a multilayer perceptron, show a progress bar per epoch, then print "
        "the loss and accuracy on the test set as the lecture's Keras demo does.",
    )
    p.add_argument(
        "--hidden",
        type=opt.layer_sizes,
        default=(500, 500),
        metavar="N,N,...",
        help="Units of each hidden layer, comma-separated; 'none' for no hidden layer "
        "(default: 500,500, the 784-500-500-10 network).",
    )
    p.add_argument(
        "--activation",
        choices=opt.ACTIVATIONS,
        default="relu",
        help="Activation function of the hidden layers; the output layer is always softmax "
        "(default: relu).",
    )
    p.add_argument(
        "--elu-alpha",
        type=opt.elu_alpha,
        default=1.0,
        metavar="A",
        help="Value ELU approaches for very negative inputs, as -A (default: 1.0).",
    )
    p.add_argument(
        "--maxout-pieces",
        type=opt.maxout_pieces,
        default=2,
        metavar="K",
        help="Number of linear pieces each maxout unit takes the maximum of (default: 2).",
    )
    p.add_argument(
        "--initializer",
        choices=opt.INITIALIZERS,
        default="glorot_uniform",
        metavar="NAME",
        help="How the weights are initialised before training: "
        f"{', '.join(opt.INITIALIZERS)} (default: glorot_uniform).",
    )
    p.add_argument(
        "--loss",
        choices=opt.LOSSES,
        default="categorical_crossentropy",
        metavar="LOSS",
        help="Loss the optimizer minimises: categorical_crossentropy, "
        "sparse_categorical_crossentropy, or mse (mean_squared_error), the mean squared error "
        "(default: categorical_crossentropy).",
    )
    p.add_argument(
        "--optimizer",
        choices=opt.OPTIMIZERS,
        default="adam",
        help="Gradient-descent variant, with Keras' defaults for its other settings "
        "(default: adam).",
    )
    p.add_argument(
        "--learning-rate",
        type=opt.positive_float,
        default=None,
        metavar="LR",
        help="Step size of the optimizer (default: Keras' default for the optimizer, "
        "0.001 for adam, 0.01 for sgd).",
    )
    p.add_argument(
        "--schedule",
        choices=("constant", "cosine", "exponential"),
        default="constant",
        help="How the learning rate changes during the run: constant, cosine (Keras' "
        "CosineDecay from LR to 0 over all updates: big steps first, small ones at the end) or "
        "exponential (times 0.8 every epoch) (default: constant).",
    )
    p.add_argument(
        "--dropout",
        type=opt.fraction,
        default=0.0,
        metavar="RATE",
        help="Dropout after every hidden layer: in training each unit is switched off with "
        "probability RATE (default: 0, none).",
    )
    p.add_argument(
        "--l2",
        type=opt.non_negative_float,
        default=0.0,
        metavar="L",
        help="L2 weight penalty L * sum(W^2) on every layer's kernel, as Keras' "
        "regularizers.l2(L) (default: 0, none).",
    )
    p.add_argument(
        "--augment",
        type=opt.augment_settings,
        default={},
        metavar="rotation=DEG,shift=PX,noise=STD",
        help="Change every training batch at random: turn digits up to DEG degrees either "
        "way, move them up to PX pixels, add Gaussian noise of standard deviation STD "
        "(default: none).",
    )
    p.add_argument(
        "--batch-size",
        type=opt.positive_int,
        default=100,
        metavar="B",
        help="Training examples per weight update (mini-batch); at most the training-set "
        "size (default: 100).",
    )
    p.add_argument(
        "--epochs",
        type=opt.positive_int,
        default=opt.DEFAULTS.epochs,
        metavar="E",
        help="Passes over the whole training set, as in the window "
        f"(default: {opt.DEFAULTS.epochs}; 20 reach about 98%% on MNIST).",
    )
    p.add_argument(
        "--train-size",
        type=opt.positive_int,
        default=None,
        metavar="N",
        help="Train on N digits only, the same number from each class, for quick runs "
        "(default: the whole training set).",
    )
    p.add_argument(
        "--validation-split",
        type=opt.fraction,
        default=0.0,
        metavar="F",
        help="Hold out a fraction F of the training examples, chosen with the seed as the "
        "window does, and report the loss and accuracy on them after each epoch (default: 0).",
    )
    p.add_argument(
        "--test-every-epoch",
        action="store_true",
        help="Also measure the test-set loss and accuracy after every epoch, to watch "
        "over-fitting (costs a little time per epoch).",
    )
    p.add_argument(
        "--seed",
        type=opt.non_negative_int,
        default=0,
        metavar="S",
        help="Random seed for the initial weights, the subset and the shuffling; the same "
        "seed gives the same run (default: 0).",
    )
    p.add_argument(
        "--dataset",
        type=opt.user_path,
        default="mnist",
        metavar="mnist|PATH",
        help=data_options.DATASET_HELP,
    )
    data_options.add_image_size(p)
    p.add_argument(
        "--save",
        type=opt.output_file,
        default=None,
        metavar="PATH",
        help="Save the trained model to this .npz file (nothing is saved if training diverges).",
    )
    p.add_argument(
        "--csv",
        type=opt.output_file,
        default=None,
        metavar="PATH",
        help="Write one line per epoch (seconds, loss, accuracy and any validation or test "
        "figures) to this CSV file, like Keras' CSVLogger.",
    )
    p.set_defaults(func=_command_body("train"))


def _add_evaluate(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="Print a saved model's loss and accuracy on the test set.",
        description="Load a saved model and print its total loss and accuracy on the test "
        "set, as the lecture's model.evaluate slide does.",
    )
    p.add_argument(
        "model",
        type=opt.user_path,
        metavar="MODEL",
        help="A model file saved by train --save or the app, or a .keras, .h5 or .onnx file "
        "of Dense layers.",
    )
    p.add_argument(
        "--dataset",
        type=opt.user_path,
        default="mnist",
        metavar="mnist|PATH",
        help="Data set whose test part is used: " + data_options.DATASET_HELP,
    )
    data_options.add_image_size(p)
    p.add_argument(
        "--batch-size",
        type=opt.positive_int,
        default=1000,
        metavar="B",
        help="Examples evaluated at once; changes speed and memory, not the result "
        "(default: 1000).",
    )
    p.set_defaults(func=_command_body("evaluate"))


def _add_robustness(sub) -> None:
    p = sub.add_parser(
        "robustness",
        help="Print a saved model's accuracy on test digits damaged on purpose.",
        description="Damage the test digits with noise, rotation, shift and erased patches "
        "at growing strengths and print the accuracy for each as a table. With --threshold "
        "the network answers 'not sure' when its highest probability is below it.",
    )
    p.add_argument("model", metavar="MODEL", help="A model file saved by train --save or the app.")
    p.add_argument(
        "--dataset",
        default="mnist",
        metavar="mnist|PATH",
        help="Data set whose test part is damaged (default: mnist).",
    )
    p.add_argument(
        "--test-size",
        type=opt.positive_int,
        default=None,
        metavar="N",
        help="Use the first N test digits only, for a quicker table (default: all).",
    )
    p.add_argument(
        "--threshold",
        type=opt.probability,
        default=0.0,
        metavar="P",
        help="Answer 'not sure' below this top probability (default: 0, always answer).",
    )
    p.add_argument(
        "--seed",
        type=opt.non_negative_int,
        default=0,
        metavar="S",
        help="Random seed of the damage; the same seed gives the same table (default: 0).",
    )
    p.set_defaults(func=_command_body("robustness"))


def _add_predict(sub) -> None:
    p = sub.add_parser(
        "predict",
        help="Classify one test digit or a picture of a handwritten digit.",
        description="Load a saved model, classify one image and print the predicted class "
        "with the probability of every class.",
    )
    p.add_argument(
        "model",
        type=opt.user_path,
        metavar="MODEL",
        help="A model file saved by train --save or the app, or a .keras, .h5 or .onnx file "
        "of Dense layers.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--index",
        type=opt.non_negative_int,
        metavar="I",
        help="Classify test example number I (counting from 0) and show its true label.",
    )
    what.add_argument(
        "--image",
        type=opt.user_path,
        metavar="FILE",
        help="Classify a PNG or JPEG of a handwritten digit, converted the MNIST way: "
        "grayscale, inverted if the background is light, fitted into 20x20 and centred "
        "by its centre of mass in 28x28.",
    )
    data_options.add_unlabelled(what)
    p.add_argument(
        "--dataset",
        type=opt.user_path,
        default="mnist",
        metavar="mnist|PATH",
        help="Data set for --index and for the class names: " + data_options.DATASET_HELP,
    )
    data_options.add_image_size(p)
    p.add_argument(
        "--show",
        action="store_true",
        help="Also draw the 28x28 input the network sees, as text.",
    )
    p.set_defaults(func=_command_body("predict"))


def _unavailable(name: str, spec: _External, exc: Exception) -> Callable[..., int]:
    def run(args: argparse.Namespace) -> int:
        print(
            f"{PROG} {name}: not available in this installation "
            f"({spec.module} cannot be imported: {exc})",
            file=sys.stderr,
        )
        return EXIT_FAILURE

    return run


def _add_external(sub, name: str, spec: _External, load: bool) -> None:
    p = sub.add_parser(name, help=spec.help, description=spec.help)
    if not load:
        return
    try:
        module = importlib.import_module(spec.module)
        add_arguments = getattr(module, spec.add_arguments)
        body = getattr(module, spec.main)
    except (ImportError, AttributeError) as exc:
        # Whatever follows the name is ignored: the command cannot run anyway.
        p.set_defaults(func=_unavailable(name, spec, exc), unavailable=True)
        return
    add_arguments(p)
    p.set_defaults(func=body)


def _named_command(argv: Sequence[str]) -> str | None:
    """The sub-command named in argv (the global options take no values)."""
    for token in argv:
        if token == "--":
            return None
        if not token.startswith("-"):
            return token
    return None


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The full parser; an external command's module is imported only if argv names it."""
    parser = _Parser(
        prog=PROG,
        description="A neural-network playground for MNIST. Without a command, opens the "
        "desktop app; the commands below work without a display.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="Show the version."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    _add_train(sub)
    _add_evaluate(sub)
    _add_robustness(sub)
    _add_predict(sub)
    named = _named_command(argv)
    for name, spec in EXTERNAL.items():
        _add_external(sub, name, spec, load=name == named)
    return parser


def _run_app() -> int:
    try:
        from playground.gui.app import run_app
    except ImportError as exc:
        print(f"{PROG}: the desktop app cannot start ({exc})", file=sys.stderr)
        return EXIT_FAILURE
    return run_app([sys.argv[0] if sys.argv and sys.argv[0] else PROG])


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "unavailable", False):
        parser.parse_args(argv)  # reports the unrecognized arguments (status 2)
    if args.command is None:
        return _run_app()
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"{PROG} {args.command}: error: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print(f"{PROG} {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print(f"{PROG} {args.command}: error: out of memory", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (``... | head``): silence the final flush, as the Python docs
        # recommend, instead of printing a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except OSError as exc:  # a disk that filled up, a folder that vanished, ...
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{PROG} {args.command}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_FAILURE
