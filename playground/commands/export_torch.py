"""``nn-playground export-torch MODEL OUT.py``: a runnable PyTorch script of a network."""

from __future__ import annotations

import argparse
from pathlib import Path

from playground.commands.errors import EXIT_FAILURE, EXIT_OK, CommandError


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


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Write a runnable PyTorch script: the network as an nn.Sequential, the trained "
        "weights beside it (OUT_weights.npz, loaded with --weights), the same loss, the "
        "equivalent torch.optim optimizer and settings, a training loop with the same batch "
        "size, evaluate and predict. MODEL may be the playground's .npz, a .keras, .h5 or "
        ".onnx file."
    )
    p.add_argument("model", metavar="MODEL", help="A saved model file.")
    p.add_argument("out", metavar="OUT.py", help="The Python script to write.")
    p.add_argument(
        "--batch-size", type=_int_at_least(1), default=100, metavar="B",
        help="Batch size the script trains with (default: 100).",
    )  # fmt: skip
    p.add_argument(
        "--epochs", type=_int_at_least(0), default=20, metavar="E",
        help="Epochs the script trains for (default: 20).",
    )  # fmt: skip


def main(args: argparse.Namespace) -> int:
    from playground.commands.common import model_or_fail
    from playground.export.network import ExportError
    from playground.export.torch_script import write_torch_script

    out = Path(args.out)
    if out.suffix.lower() != ".py":
        raise CommandError(f"{args.out}: the output file's name must end in .py")
    if out.is_dir():
        raise CommandError(f"{args.out}: is a folder, not a file name")
    if not out.parent.is_dir():
        raise CommandError(f"{args.out}: the folder {out.parent} does not exist")
    model = model_or_fail(args.model)
    try:
        written = write_torch_script(
            model, out, batch_size=args.batch_size, epochs=args.epochs, source=args.model
        )
    except ExportError as exc:
        raise CommandError(f"cannot export {args.model}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc}", EXIT_FAILURE) from None
    print(f"Wrote the PyTorch script {written.script}")
    print(f"Wrote the trained weights {written.weights} (run the script with --weights)")
    return EXIT_OK
