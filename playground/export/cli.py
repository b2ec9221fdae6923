"""``nn-playground export-keras MODEL OUT.py`` and ``nn-playground export-onnx MODEL OUT.onnx``.

``playground.cli`` imports this module only when one of the two commands is named.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from playground import arguments
from playground.export.keras_script import DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS, write_keras_script
from playground.export.network import ExportError

# The command line's exit statuses: 2 for a mistake in the command, 1 for anything else.
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _CommandError(Exception):
    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


def _reported(command: str, body: Callable[[argparse.Namespace], int]):
    """Run ``body``; a _CommandError ends it with one line on stderr and its status."""

    def run(args: argparse.Namespace) -> int:
        try:
            return body(args)
        except _CommandError as exc:
            print(f"nn-playground {command}: error: {exc}", file=sys.stderr)
            return exc.status

    return run


def _int_at_least(low: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {value}")
        return value

    return parse


def _model(path: str):
    from playground.engine import ModelFileError, load_model

    try:  # the loader names what is wrong: missing, a folder, a FIFO, a device, too large...
        return load_model(_checked(arguments.user_path, path))
    except ModelFileError as exc:
        raise _CommandError(str(exc)) from None


def _checked(check: Callable[[str], str], path: str) -> str:
    try:
        return check(path)
    except argparse.ArgumentTypeError as exc:
        raise _CommandError(str(exc)) from None


def _output(path: str, suffix: str) -> Path:
    if Path(path).suffix.lower() != suffix:
        raise _CommandError(f"{path}: the output file's name must end in {suffix}")
    return Path(_checked(arguments.output_file, path))  # ~user, special files, writable


def add_keras_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Write a runnable Keras 3 script that builds, compiles and trains the same network as "
        "a saved model, and the model's trained weights beside it (OUT_weights.npz), which the "
        "script loads with --weights."
    )
    p.add_argument("model", metavar="MODEL", help="A model file saved by train --save or the app.")
    p.add_argument("out", metavar="OUT.py", help="The Python script to write.")
    p.add_argument(
        "--batch-size",
        type=_int_at_least(1),
        default=DEFAULT_BATCH_SIZE,
        metavar="B",
        help=f"Batch size the script trains with (default: {DEFAULT_BATCH_SIZE}).",
    )
    p.add_argument(
        "--epochs",
        type=_int_at_least(0),
        default=DEFAULT_EPOCHS,
        metavar="E",
        help=f"Epochs the script trains for (default: {DEFAULT_EPOCHS}).",
    )
    p.add_argument(
        "--dataset",
        choices=("mnist", "fashion_mnist"),
        default="mnist",
        help="Which keras.datasets loader the script calls (default: mnist).",
    )
    p.add_argument(
        "--no-weights",
        action="store_true",
        help="Write the script only, without the trained weights beside it.",
    )


def _keras(args: argparse.Namespace) -> int:
    out = _output(args.out, ".py")
    model = _model(args.model)
    try:
        written = write_keras_script(
            model,
            out,
            batch_size=args.batch_size,
            epochs=args.epochs,
            weights=not args.no_weights,
            dataset=args.dataset,
            source=args.model,
        )
    except ExportError as exc:
        raise _CommandError(f"cannot export {args.model}: {exc}") from None
    except OSError as exc:
        raise _CommandError(f"cannot write {out}: {exc}", EXIT_FAILURE) from None
    print(f"Wrote the Keras script {written.script}")
    if written.weights is not None:
        print(f"Wrote the trained weights {written.weights} (run the script with --weights)")
    return EXIT_OK


def add_onnx_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Export a saved model's trained network as an ONNX model (opset 13): input 'pixels' "
        "(batch, 784) scaled to [0, 1], output 'probabilities'. Needs the onnx package "
        "(pip install 'nn-playground[export]')."
    )
    p.add_argument("model", metavar="MODEL", help="A model file saved by train --save or the app.")
    p.add_argument("out", metavar="OUT.onnx", help="The ONNX file to write.")


def _onnx(args: argparse.Namespace) -> int:
    from playground.export.onnx_export import export_onnx, onnx_available

    out = _output(args.out, ".onnx")
    model = _model(args.model)
    if not onnx_available():
        raise _CommandError(
            "ONNX export needs the onnx package: pip install 'nn-playground[export]'",
            EXIT_FAILURE,
        )
    try:
        export_onnx(model, out)
    except ExportError as exc:
        raise _CommandError(f"cannot export {args.model}: {exc}") from None
    except OSError as exc:
        raise _CommandError(f"cannot write {out}: {exc}", EXIT_FAILURE) from None
    print(f"Wrote the ONNX model {out}")
    return EXIT_OK


main_keras = _reported("export-keras", _keras)
main_onnx = _reported("export-onnx", _onnx)
