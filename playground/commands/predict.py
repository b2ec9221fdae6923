"""``nn-playground predict MODEL``: classify one digit and show every class's probability."""

from __future__ import annotations

import argparse

import numpy as np

from playground.commands.common import (
    check_fits,
    dataset_or_fail,
    finite_or_fail,
    model_or_fail,
)
from playground.commands.data_options import unlabelled_image
from playground.commands.errors import EXIT_OK, CommandError
from playground.data import DatasetError
from playground.data.images import fit_to_shape, load_image, to_mnist
from playground.data.mnist import CLASS_NAMES as DIGITS

_SHADES = " .:-=+*#%@"


def _as_text(image: np.ndarray) -> str:
    """A 28x28 image in [0, 1] as 28 lines of characters, darker characters for more ink."""
    levels = np.minimum((image * len(_SHADES)).astype(int), len(_SHADES) - 1)
    return "\n".join("".join(_SHADES[v] * 2 for v in row) for row in levels)


def run(args: argparse.Namespace) -> int:
    model = model_or_fail(args.model)
    unlabelled = getattr(args, "unlabelled", None)
    needs_data = (
        args.index is not None or unlabelled is not None or args.dataset.strip().lower() != "mnist"
    )
    dataset = dataset_or_fail(args.dataset, args.image_size) if needs_data else None
    if dataset is not None:
        check_fits(model, dataset)
    names = dataset.class_names if dataset is not None else DIGITS
    noun = "digit" if names == DIGITS else "class"

    if args.index is not None:
        if args.index >= len(dataset.x_test):
            raise CommandError(
                f"--index {args.index} is out of range: the {dataset.name} test set has "
                f"{len(dataset.x_test)} examples, numbered 0 to {len(dataset.x_test) - 1}"
            )
        image = dataset.x_test[args.index].astype(np.float32) / 255.0
        truth = int(dataset.y_test[args.index])
        print(f"Test example {args.index}: true {noun} {names[truth]}")
    elif unlabelled is not None:
        image = unlabelled_image(dataset, unlabelled)
        print(f"Unlabelled example {unlabelled} of {dataset.name}")
    else:
        try:
            image = to_mnist(load_image(args.image))
        except DatasetError as exc:
            raise CommandError(f"cannot use image {exc}") from None
        if not image.any():
            raise CommandError(f"{args.image}: the picture is blank, there is no digit to read")
        if dataset is not None:  # the data set's own picture size (8x8 digits, 40x40, ...)
            image = fit_to_shape(image, dataset.image_shape)
    if image.size != model.layers[0].input_dim:
        raise CommandError(
            f"the model takes {model.layers[0].input_dim} inputs, the image has {image.size} pixels"
        )
    if args.show:
        print(_as_text(image))
    with np.errstate(all="ignore"):  # an overflow is reported below, in one sentence
        probs = np.asarray(model.predict(image.reshape(1, -1), batch_size=1)[0], np.float64)
    finite_or_fail("a class probability", *probs)
    best = int(np.argmax(probs))
    label = names[best] if best < len(names) else str(best)
    print(f"Predicted {noun}: {label}")
    print("Probabilities:")
    width = max(len(names[i]) if i < len(names) else len(str(i)) for i in range(len(probs)))
    for i, p in enumerate(probs):
        name = names[i] if i < len(names) else str(i)
        mark = "  <-" if i == best else ""
        print(f"  {name:>{width}}: {p:.4f}{mark}")
    return EXIT_OK
