"""``nn-playground evaluate MODEL``: the lecture's ``score = model.evaluate(...)`` slide."""

from __future__ import annotations

import argparse

import numpy as np

from playground.commands.common import (
    check_fits,
    dataset_or_fail,
    finite_or_fail,
    model_loss,
    model_or_fail,
    targets,
)
from playground.commands.errors import EXIT_OK, CommandError
from playground.data.preprocessing import flatten_scale


def run(args: argparse.Namespace) -> int:
    model = model_or_fail(args.model)
    dataset = dataset_or_fail(args.dataset, args.image_size)
    check_fits(model, dataset)
    x = flatten_scale(dataset.x_test)
    y = targets(dataset.y_test, model_loss(model), model.layers[-1].units)
    if getattr(model, "loss", None) is None:
        raise CommandError(
            f"{args.model}: the model was saved before it was compiled, so it has no loss to "
            "evaluate; use predict, or train it first"
        )
    with np.errstate(all="ignore"):  # an overflow is reported below, in one sentence
        logs = model.evaluate(x, y, batch_size=args.batch_size, return_dict=True)
    loss = logs["loss"]
    finite_or_fail("the test loss", loss)
    accuracy = logs.get("accuracy")
    if accuracy is None:  # a model compiled without the accuracy metric
        predicted = np.argmax(model.predict(x, batch_size=args.batch_size), axis=1)
        accuracy = float(np.mean(predicted == dataset.y_test))
    print(f"Total loss on Testing Set: {float(loss):.4f}")
    print(f"Accuracy of Testing Set: {float(accuracy):.4f}")
    return EXIT_OK
