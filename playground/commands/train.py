"""``nn-playground train``: the lecture's Keras demo, from the command line."""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
import time

import numpy as np
from tqdm import tqdm

from playground.atomic_file import write_text_atomically
from playground.commands.common import dataset_or_fail
from playground.commands.errors import EXIT_DIVERGED, EXIT_FAILURE, EXIT_OK, CommandError
from playground.engine import callbacks


def _config(args: argparse.Namespace):
    """The run's settings in the form the window uses, so both prepare the same data."""
    from playground.engine import optimizers
    from playground.training import TrainingConfig

    lr = args.learning_rate
    if lr is None:  # Keras' default for the chosen optimizer
        lr = optimizers.get(args.optimizer).learning_rate
    return TrainingConfig(
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
        dataset=str(args.dataset),
        train_size=args.train_size,
        validation_split=args.validation_split,
        dropout=args.dropout,
        l2=args.l2,
        schedule=args.schedule,
        rotation=args.augment.get("rotation", 0.0),
        shift=args.augment.get("shift", 0.0),
        noise=args.augment.get("noise", 0.0),
    )


def _prepare(args: argparse.Namespace, config, dataset):
    """The window's data pipeline; the settings the data cannot take, as one sentence each."""
    from playground.training.preparation import prepare

    n_available = len(dataset.y_train)
    if args.train_size is not None and args.train_size > n_available:
        raise CommandError(
            f"--train-size {args.train_size} is more than the {n_available} training examples "
            f"of {dataset.name}"
        )
    n_val, n_train = config.n_validation(n_available), config.n_train(n_available)
    if args.validation_split > 0 and not (n_val >= 1 and n_train >= 1):
        raise CommandError(
            f"--validation-split: a fraction of {args.validation_split} of "
            f"{config.n_examples(n_available)} examples leaves a part empty"
        )
    if args.batch_size > n_train:
        raise CommandError(
            f"--batch-size {args.batch_size} is larger than the {n_train} training examples"
        )
    return prepare(dataset, config, note=lambda text: print(f"note: {text}", file=sys.stderr))


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


class EpochProgress(callbacks.Callback):
    """One tqdm bar per epoch (samples/s, loss, accuracy), the test figures at each epoch's
    end, and the ``--csv`` log rewritten after every epoch."""

    def __init__(self, model, n_train: int, batch_size: int, epochs: int, test, csv_path) -> None:
        super().__init__()
        self.evaluated = model  # the model the test figures are taken from
        self.n_train, self.batch_size, self.epochs = n_train, batch_size, epochs
        self.test, self.csv_path = test, csv_path
        self.bar = None
        self.started = 0.0
        self.rows: list[dict[str, float]] = []
        self.epoch = 0
        self.batch = 0
        self.csv_failed = False

    def on_batch_begin(self, batch, logs=None):
        self.batch = batch

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        self.sums: dict[str, float] = {}
        self.started = time.perf_counter()
        self.bar = tqdm(
            total=self.n_train,
            desc=f"Epoch {epoch + 1}/{self.epochs}",
            unit=" samples",
            unit_scale=True,
            dynamic_ncols=True,
            file=sys.stderr,
            leave=True,
        )

    def on_batch_end(self, batch, logs=None):
        # Batch logs hold that batch's figures; the bar shows the epoch's running means.
        logs = logs or {}
        done = min((batch + 1) * self.batch_size, self.n_train)
        size = done - self.bar.n
        for key, value in logs.items():
            if _is_number(value):
                self.sums[key] = self.sums.get(key, 0.0) + float(value) * size
        self.bar.set_postfix(_postfix({k: v / done for k, v in self.sums.items()}), refresh=False)
        self.bar.update(size)

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        seconds = time.perf_counter() - self.started
        if self.test is not None:
            loss, acc = self.evaluated.evaluate(*self.test, batch_size=1000)
            logs["test_loss"], logs["test_accuracy"] = float(loss), float(acc)
        self.bar.set_postfix(_postfix(logs), refresh=False)
        self.bar.update(self.n_train - self.bar.n)
        self.close()
        row = {"epoch": epoch + 1, "seconds": round(seconds, 3)}
        row.update({k: float(v) for k, v in logs.items() if _is_number(v)})
        self.rows.append(row)
        self._log_csv()

    def _log_csv(self) -> None:
        if not self.csv_path or self.csv_failed:
            return
        try:
            _write_csv(self.csv_path, self.rows)
        except OSError as exc:  # a full or read-only disk costs the log, not the run
            self.csv_failed = True
            print(
                f"warning: cannot write --csv {self.csv_path} "
                f"({exc.strerror or exc}); training goes on without it",
                file=sys.stderr,
            )

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None


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

    dataset = dataset_or_fail(args.dataset, args.image_size)
    config = _config(args)
    data = _prepare(args, config, dataset)
    x_train, y_train = data.x_train, data.targets(data.y_train_labels)
    x_test, y_test = data.x_test, data.targets(data.y_test_labels)
    validation = None
    if data.x_val is not None and data.y_val_labels is not None:
        validation = (data.x_val, data.targets(data.y_val_labels))
    from playground.engine import limits
    from playground.training.model_builder import build_model

    pieces = args.maxout_pieces if args.activation == "maxout" else 1
    try:  # from the sizes alone, before a single weight is allocated
        limits.check_hidden(data.input_dim, args.hidden, data.n_classes, pieces)
    except limits.LimitError as exc:
        raise CommandError(f"--hidden {','.join(map(str, args.hidden))}: {exc}") from None
    try:
        model = build_model(config, data.input_dim, data.n_classes, len(x_train))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    n_val = 0 if validation is None else len(validation[0])
    print(_describe(args, model, dataset, len(x_train), n_val), flush=True)

    test = (x_test, y_test) if args.test_every_epoch else None
    progress = EpochProgress(model, len(x_train), args.batch_size, args.epochs, test, args.csv)
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
            reason = exc.strerror or str(exc)
            raise CommandError(
                f"cannot save the model to {args.save}: {reason}", EXIT_FAILURE
            ) from None
        print(f"Saved the model to {args.save}")
    return EXIT_OK
