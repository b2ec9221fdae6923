"""``nn-playground evaluate MODEL``: the lecture's ``score = model.evaluate(...)`` slide."""

from __future__ import annotations

import argparse

from playground.commands.common import (
    check_fits,
    dataset_or_fail,
    model_loss,
    model_or_fail,
    targets,
)
from playground.commands.errors import EXIT_OK
from playground.data.preprocessing import flatten_scale


def run(args: argparse.Namespace) -> int:
    model = model_or_fail(args.model)
    dataset = dataset_or_fail(args.dataset, args.image_size)
    check_fits(model, dataset)
    x = flatten_scale(dataset.x_test)
    y = targets(dataset.y_test, model_loss(model), model.layers[-1].units)
    loss, accuracy = model.evaluate(x, y, batch_size=args.batch_size)
    print(f"Total loss on Testing Set: {float(loss):.4f}")
    print(f"Accuracy of Testing Set: {float(accuracy):.4f}")
    return EXIT_OK
