"""One entry point for every data set the playground can train on."""

from __future__ import annotations

from pathlib import Path

from playground.data.dataset import Dataset, DatasetError
from playground.data.folders import is_idx_folder, load_idx_folder
from playground.data.loading import LoadOptions
from playground.data.mnist import load_mnist

# Short names for data sets that system packages install (Debian: dataset-fashion-mnist).
SYSTEM_FOLDERS = {"fashion-mnist": Path("/usr/share/datasets/fashion-mnist")}
# What --dataset and the Data panel accept, for help texts and messages.
FORMS = (
    "'mnist' (bundled), 'digits' (scikit-learn's 8x8 digits), a .csv file (label first), "
    "a .npz with x_train, y_train, x_test, y_test, a folder of IDX files, or a folder of "
    "pictures with one sub-folder per class"
)


def _named(key: str, options: LoadOptions) -> Dataset | None:
    from playground.data.sklearn_digits import NAMES as DIGITS_NAMES

    if key == "mnist":
        return load_mnist()
    if key in DIGITS_NAMES:
        from playground.data.sklearn_digits import load_sklearn_digits

        return load_sklearn_digits(options)
    if key in SYSTEM_FOLDERS:
        return load_idx_folder(SYSTEM_FOLDERS[key])
    return None


def _from_path(path: Path, options: LoadOptions) -> Dataset:
    suffix = path.suffix.lower()
    if path.is_dir():
        if is_idx_folder(path):
            return load_idx_folder(path)
        from playground.data.image_folder import load_image_folder

        return load_image_folder(path, options)
    if suffix == ".csv":
        from playground.data.csv_files import load_csv

        return load_csv(path, options)
    if suffix == ".npz":
        from playground.data.npz_files import load_npz

        return load_npz(path, options)
    if not path.exists():
        what = "file" if suffix else "folder"
        raise DatasetError(path, f"no such {what}; a data set is {FORMS}")
    raise DatasetError(path, f"not a data set the playground reads; use {FORMS}")


def load_dataset(spec: str | Path = "mnist", options: LoadOptions | None = None) -> Dataset:
    """A data set by name or path (see FORMS); ``options`` choose the image size and carry
    progress and cancelling. Raises DatasetError (LoadCancelledError when cancelled)."""
    options = options or LoadOptions()
    dataset = None
    if isinstance(spec, str):
        key = spec.strip().lower()
        if not Path(spec).exists():
            dataset = _named(key, options)
    if dataset is None:
        dataset = _from_path(Path(spec).expanduser(), options)
    if options.image_size is not None and dataset.image_shape != (options.image_size,) * 2:
        dataset = _resized(dataset, int(options.image_size), options, spec)
    return dataset


def _resized(dataset: Dataset, side: int, options: LoadOptions, spec: str | Path) -> Dataset:
    from playground.data.assemble import resize_all

    extra = dataset.x_predict
    return Dataset(
        dataset.name,
        resize_all(dataset.x_train, side, options, spec),
        dataset.y_train,
        resize_all(dataset.x_test, side, options, spec),
        dataset.y_test,
        dataset.class_names,
        None if extra is None else resize_all(extra, side, options, spec),
    )
