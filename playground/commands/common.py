"""What the commands share: loading data and models, turning their errors into one line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import numpy as np

from playground.commands.errors import EXIT_DIVERGED, CommandError
from playground.data import Dataset, DatasetError
from playground.data.datasets import load_dataset
from playground.data.preprocessing import one_hot
from playground.regular_files import describe_special

SPARSE_LOSS = "sparse_categorical_crossentropy"


def dataset_or_fail(spec: str, image_size: int | None = None) -> Dataset:
    from playground.commands.data_progress import loading_options

    try:
        with loading_options(image_size) as options:
            return load_dataset(spec, options)
    except DatasetError as exc:
        raise CommandError(f"cannot use data set {exc}") from None


def model_or_fail(path: str):
    from playground.engine import ModelFileError, load_model
    from playground.export.foreign import SUFFIXES, ModelImportError, open_model

    if Path(path).suffix.lower() in SUFFIXES:  # Keras or ONNX: a network from elsewhere
        _check_regular(path)
        try:
            return open_model(path)
        except ModelImportError as exc:
            raise CommandError(f"cannot open model {exc}") from None
    try:  # the loader names what is wrong: missing, a folder, a FIFO, a device, too large...
        return load_model(path)
    except ModelFileError as exc:
        raise CommandError(str(exc)) from None


def _check_regular(path: str) -> None:
    """Only a regular file is opened: a folder, FIFO or device is named for what it is."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        raise CommandError(f"{path}: no such model file") from None
    if stat.S_ISDIR(mode):
        raise CommandError(f"{path}: this is a folder, not a model file")
    if not stat.S_ISREG(mode):
        raise CommandError(f"{path}: this is {describe_special(mode)}, not a model file")


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
