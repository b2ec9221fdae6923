"""``nn-playground train``: the lecture's Keras demo, from the command line."""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
import time
from pathlib import Path

import numpy as np

from playground.atomic_file import write_text_atomically
from playground.commands.common import dataset_or_fail, targets
from playground.commands.errors import EXIT_DIVERGED, EXIT_FAILURE, EXIT_OK, CommandError
from playground.data.preprocessing import flatten_scale, split_validation, stratified_subset


def _check_output_path(option: str, path: str | None) -> None:
    """Refuse before training, not after, a file that could never be written."""
    if path is None:
        return
    target = Path(path)
    if target.is_dir():
        raise CommandError(f"{option} {path}: is a folder, not a file name")
    if not target.parent.is_dir():
        raise CommandError(f"{option} {path}: the folder {target.parent} does not exist")


def _build_model(args: argparse.Namespace, input_dim: int, num_classes: int, n_train: int):
    """The same network the desktop app builds for these settings."""
    from playground.engine import optimizers
    from playground.training import TrainingConfig
    from playground.training.model_builder import build_model

    lr = args.learning_rate
    if lr is None:  # Keras' default for the chosen optimizer
        lr = optimizers.get(args.optimizer).learning_rate
    config = TrainingConfig(
        hidden=tuple(args.hidden),
        activation=args.activation,
        elu_alpha=args.elu_alpha,
        maxout_pieces=args.maxout_pieces,
        initializer=args.initializer,
        loss=args.loss,
        optimizer=args.optimizer,
        learning_rate=float(lr),
        batch_size=args.batch_size,
        epochs=args.epochs,
        seed=args.seed,
        dropout=args.dropout,
        l2=args.l2,
        schedule=args.schedule,
        rotation=args.augment.get("rotation", 0.0),
        shift=args.augment.get("shift", 0.0),
        noise=args.augment.get("noise", 0.0),
    )
    problems = config.validate()
    if problems:
        raise ValueError("; ".join(str(problem) for problem in problems))
    return build_model(config, input_dim, num_classes, n_train)


def _describe(args: argparse.Namespace, model, dataset, n_train: int, n_val: int) -> str:
    sizes = [model.layers[0].input_dim, *(layer.units for layer in model.layers)]
    shape = "-".join(map(str, sizes))
    lr = model.optimizer.learning_rate
    val = f", {n_val} held out for validation" if n_val else ""
    schedule = f" ({args.schedule} schedule)" if args.schedule != "constant" else ""
    extras = [f"dropout {args.dropout:g}"] if args.dropout else []
    extras += [f"L2 {args.l2:g}"] if args.l2 else []
    extras += [f"{k} {v:g}" for k, v in args.augment.items() if v]
    added = f"; {', '.join(extras)}" if extras else ""
    return (
        f"Training {shape} ({args.activation}, softmax output, {model.count_params():,} "
        f"parameters) on {n_train} {dataset.name} examples{val}; {args.loss}, "
        f"{args.optimizer} lr {lr:g}{schedule}, batch size {args.batch_size}, {args.epochs} "
        f"epoch{'s' if args.epochs != 1 else ''}{added}."
    )


def _progress_callback(model, n_train: int, batch_size: int, epochs: int, test, csv_path):
    """A callback drawing one tqdm bar per epoch (samples/s, loss, accuracy)."""
    from tqdm import tqdm

    from playground.engine import callbacks

    class Progress(callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.bar = None
            self.started = 0.0
            self.rows: list[dict[str, float]] = []
            self.epoch = 0
            self.batch = 0

        def on_batch_begin(self, batch, logs=None):
            self.batch = batch

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
            self.sums: dict[str, float] = {}
            self.started = time.perf_counter()
            self.bar = tqdm(
                total=n_train,
                desc=f"Epoch {epoch + 1}/{epochs}",
                unit=" samples",
                unit_scale=True,
                dynamic_ncols=True,
                file=sys.stderr,
                leave=True,
            )

        def on_batch_end(self, batch, logs=None):
            # Batch logs hold that batch's figures; the bar shows the epoch's running means.
            logs = logs or {}
            done = min((batch + 1) * batch_size, n_train)
            size = done - self.bar.n
            for key, value in logs.items():
                if _is_number(value):
                    self.sums[key] = self.sums.get(key, 0.0) + float(value) * size
            self.bar.set_postfix(
                _postfix({k: v / done for k, v in self.sums.items()}), refresh=False
            )
            self.bar.update(size)

        def on_epoch_end(self, epoch, logs=None):
            logs = dict(logs or {})
            seconds = time.perf_counter() - self.started
            if test is not None:
                loss, acc = model.evaluate(*test, batch_size=1000)
                logs["test_loss"], logs["test_accuracy"] = float(loss), float(acc)
            self.bar.set_postfix(_postfix(logs), refresh=False)
            self.bar.update(n_train - self.bar.n)
            self.close()
            row = {"epoch": epoch + 1, "seconds": round(seconds, 3)}
            row.update({k: float(v) for k, v in logs.items() if _is_number(v)})
            self.rows.append(row)
            if csv_path:
                _write_csv(csv_path, self.rows)

        def close(self):
            if self.bar is not None:
                self.bar.close()
                self.bar = None

    return Progress()


def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.floating, np.integer))


def _figure(value: float) -> str:
    """Four decimals for ordinary losses and accuracies; exponent form for exploding ones."""
    return f"{value:.4f}" if value == 0 or 1e-3 <= abs(value) < 1e4 else f"{value:.4g}"


def _postfix(logs: dict) -> dict[str, str]:
    return {k: _figure(float(v)) for k, v in logs.items() if _is_number(v) and k != "size"}


def _write_csv(path: str, rows: list[dict[str, float]]) -> None:
    fields = list(dict.fromkeys(k for row in rows for k in row))
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomically(path, text.getvalue(), newline="")


def _diverged(exc: Exception, epoch: int, batch: int) -> str:
    where = f"training diverged in epoch {epoch + 1}, batch {batch + 1}"
    quantity, value = getattr(exc, "quantity", None), getattr(exc, "value", None)
    lr = getattr(exc, "learning_rate", None)
    if quantity is None or value is None or lr is None:
        return f"{where}: {exc} No model was saved."
    shown = "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return (
        f"{where}: {quantity} became {shown} at learning rate {lr:g}; try a smaller one, "
        f"such as {lr / 10:g}. No model was saved."
    )


def run(args: argparse.Namespace) -> int:
    from playground.engine import NonFiniteError

    _check_output_path("--save", args.save)
    _check_output_path("--csv", args.csv)
    dataset = dataset_or_fail(args.dataset)
    x, y = dataset.x_train, dataset.y_train
    if args.train_size is not None:
        if args.train_size > len(x):
            raise CommandError(
                f"--train-size {args.train_size} is more than the {len(x)} training examples "
                f"of {dataset.name}"
            )
        if args.train_size < len(x):
            try:
                x, y = stratified_subset(x, y, args.train_size, seed=args.seed)
            except ValueError as exc:  # a class too small for an equal share
                print(f"note: {exc}; taking a random subset instead", file=sys.stderr)
                idx = np.sort(
                    np.random.default_rng(args.seed).permutation(len(x))[: args.train_size]
                )
                x, y = x[idx], y[idx]
    validation = None
    if args.validation_split > 0:
        try:
            (x, y), validation = split_validation(x, y, args.validation_split)
        except ValueError as exc:
            raise CommandError(f"--validation-split: {exc}") from None
    if args.batch_size > len(x):
        raise CommandError(
            f"--batch-size {args.batch_size} is larger than the {len(x)} training examples"
        )

    k = dataset.num_classes
    x_train, y_train = flatten_scale(x), targets(y, args.loss, k)
    x_test, y_test = flatten_scale(dataset.x_test), targets(dataset.y_test, args.loss, k)
    if validation is not None:
        validation = (flatten_scale(validation[0]), targets(validation[1], args.loss, k))
    try:
        model = _build_model(args, x_train.shape[1], k, len(x_train))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    n_val = 0 if validation is None else len(validation[0])
    print(_describe(args, model, dataset, len(x_train), n_val), flush=True)

    test = (x_test, y_test) if args.test_every_epoch else None
    progress = _progress_callback(model, len(x_train), args.batch_size, args.epochs, test, args.csv)
    try:
        model.fit(
            x_train,
            y_train,
            batch_size=args.batch_size,
            epochs=args.epochs,
            shuffle=True,
            validation_data=validation,
            callbacks=[progress],
            verbose=0,
        )
    except NonFiniteError as exc:
        progress.close()
        raise CommandError(_diverged(exc, progress.epoch, progress.batch), EXIT_DIVERGED) from None
    finally:
        progress.close()

    loss, accuracy = model.evaluate(x_test, y_test, batch_size=1000)
    if not (math.isfinite(loss) and math.isfinite(accuracy)):
        raise CommandError("the test loss is not finite; no model was saved", EXIT_DIVERGED)
    print(f"Total loss on Testing Set: {float(loss):.4f}")
    print(f"Accuracy of Testing Set: {float(accuracy):.4f}")
    if args.save:
        try:
            model.save(args.save)
        except OSError as exc:
            raise CommandError(
                f"cannot save the model to {args.save}: {exc}", EXIT_FAILURE
            ) from None
        print(f"Saved the model to {args.save}")
    return EXIT_OK
