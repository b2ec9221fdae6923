"""What the commands share: loading data and models, turning their errors into one line."""

from __future__ import annotations

import numpy as np

from playground.commands.errors import EXIT_DIVERGED, CommandError
from playground.data import Dataset, DatasetError
from playground.data.datasets import load_dataset
from playground.data.preprocessing import one_hot

SPARSE_LOSS = "sparse_categorical_crossentropy"


def dataset_or_fail(spec: str) -> Dataset:
    try:
        return load_dataset(spec)
    except DatasetError as exc:
        raise CommandError(f"cannot use data set {exc}") from None


def model_or_fail(path: str):
    from playground.engine import ModelFileError, load_model

    try:  # the loader names what is wrong: missing, a folder, a FIFO, a device, too large...
        return load_model(path)
    except ModelFileError as exc:
        raise CommandError(str(exc)) from None


def finite_or_fail(what: str, *values: float) -> None:
    """Huge but finite weights can overflow to nan or inf: say so, never print it as a result."""
    if not all(np.isfinite(values)):
        shown = ", ".join(f"{float(v):g}" for v in values)
        raise CommandError(
            f"{what} is not a finite number ({shown}): the model's weights are so large that "
            "its outputs overflow; train it again, with a smaller learning rate",
            EXIT_DIVERGED,
        )


def model_loss(model) -> str:
    loss = getattr(model, "loss", None)
    name = getattr(loss, "name", loss)
    if not isinstance(name, str):
        name = model.get_config().get("loss", "")
    return str(name)


def targets(y: np.ndarray, loss: str, num_classes: int) -> np.ndarray:
    """Labels in the form ``loss`` expects: integers for the sparse loss, one-hot otherwise."""
    if loss == SPARSE_LOSS:
        return y.astype(np.int64)
    return one_hot(y, num_classes)


def check_fits(model, dataset: Dataset) -> None:
    """The model's input and output sizes must match the data set's images and classes."""
    n_in = model.layers[0].input_dim
    n_out = model.layers[-1].units
    if (
        n_in != dataset.input_dim
        or n_out < int(max(dataset.y_test.max(), dataset.y_train.max())) + 1
    ):
        raise CommandError(
            f"the model takes {n_in} inputs and has {n_out} outputs, but {dataset.name} has "
            f"{dataset.input_dim} pixels per image and {dataset.num_classes} classes"
        )
