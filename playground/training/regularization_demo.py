"""Overfitting, and dropout, L2 and augmentation narrowing the gap
(``nn-playground regularization-demo``).

One run on few training digits with a wide network and many epochs learns its digits by
heart: training accuracy 100 %, test accuracy well below. The same run is repeated with dropout,
with an L2 penalty and with augmented data (alone and with each), from the same seed, and a
table compares them: the accuracies, their gap, and the data loss (cross-entropy without the
penalty) on both sets, plus the lowest test loss seen along the way: a test loss that climbs
again after its lowest point is overfitting as the loss curve shows it. The settings are
preset 08's, so the window shows the same runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.training.config import TrainingConfig

# Few digits, a wide network, many epochs: the setting in which a network memorises.
BASE = TrainingConfig(
    hidden=(500, 500),
    activation="relu",
    optimizer="sgd",
    optimizer_params={"momentum": 0.9},
    learning_rate=0.01,
    batch_size=20,
    epochs=60,
    train_size=1000,
    seed=0,
)
# Shifts up to 2 px and turns up to 15 degrees: new pictures of the same digits each epoch. On
# 1,000 digits the test accuracy has a ceiling near 92 % that dropout and L2 alone cannot lift;
# they close the accuracy gap only by pulling the training accuracy down. With the data
# augmented, L2 closes most of it at a higher test accuracy.
AUGMENTED = {"shift": 2.0, "rotation": 15.0}
VARIANTS: dict[str, dict] = {  # the first four are preset 08's variants, in its order
    "plain": {},
    "dropout 0.5": {"dropout": 0.5},
    "L2 0.005": {"l2": 0.005},
    "augmented + L2 0.005": {**AUGMENTED, "l2": 0.005},
    "augmented": dict(AUGMENTED),
    "augmented + dropout 0.5": {**AUGMENTED, "dropout": 0.5},
}
EVALUATIONS = 12  # test-loss checks along a run (each costs a pass over the test set)


@dataclass(frozen=True)
class GapResult:
    name: str
    train_accuracy: float
    test_accuracy: float
    train_loss: float  # cross-entropy of the data only, without the penalty
    test_loss: float
    best_test_loss: float
    best_epoch: int

    @property
    def gap(self) -> float:
        return self.train_accuracy - self.test_accuracy


def data_loss_and_accuracy(model, x: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Mean cross-entropy −ln p(right class) and accuracy, from the predictions alone."""
    p = model.predict(x, batch_size=1000)
    right = np.clip(p[np.arange(len(labels)), labels], 1e-12, 1.0)
    return float(-np.log(right).mean()), float(np.mean(p.argmax(axis=1) == labels))


def measure(name: str, config: TrainingConfig, data) -> GapResult:
    """Train ``config`` on the prepared ``data`` and measure both sets."""
    from playground.engine import callbacks
    from playground.training.model_builder import build_model

    x, labels = data.x_train, data.y_train_labels
    x_test, test_labels = data.x_test, data.y_test_labels
    model = build_model(config, data.input_dim, data.n_classes, len(x))
    every = max(1, config.epochs // EVALUATIONS)
    curve: list[tuple[float, int]] = []

    class TestLoss(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if (epoch + 1) % every == 0 or epoch + 1 == config.epochs:
                loss, _ = data_loss_and_accuracy(model, x_test, test_labels)
                curve.append((loss, epoch + 1))

    model.fit(x, data.targets(labels), batch_size=config.batch_size, epochs=config.epochs,
              shuffle=True, callbacks=[TestLoss()], verbose=0)  # fmt: skip
    train_loss, train_accuracy = data_loss_and_accuracy(model, x, labels)
    test_loss, test_accuracy = data_loss_and_accuracy(model, x_test, test_labels)
    best_loss, best_epoch = min(curve)
    return GapResult(
        name, train_accuracy, test_accuracy, train_loss, test_loss, best_loss, best_epoch
    )


def table(results: list[GapResult]) -> str:
    lines = [
        f"{'setting':<24}{'train acc':>10}{'test acc':>10}{'gap':>8}"
        f"{'train loss':>12}{'test loss':>11}{'lowest test loss':>20}"
    ]
    for r in results:
        best = f"{r.best_test_loss:.3f} (ep. {r.best_epoch})"
        lines.append(
            f"{r.name:<24}{100 * r.train_accuracy:>9.1f}%{100 * r.test_accuracy:>9.1f}%"
            f"{100 * r.gap:>7.1f}%{r.train_loss:>12.4f}{r.test_loss:>11.3f}{best:>20}"
        )
    return "\n".join(lines)


def describe(config: TrainingConfig, n_test: int) -> str:
    sizes = "-".join(map(str, (784, *config.hidden, 10)))
    momentum = config.optimizer_params.get("momentum")
    optimizer = f"{config.optimizer.upper()} lr {config.learning_rate:g}" + (
        f" momentum {momentum:g}" if momentum else ""
    )
    return (
        f"{config.train_size} MNIST training digits, {n_test} test digits; {sizes} "
        f"{config.activation}, {optimizer}, batch size {config.batch_size}, {config.epochs} "
        f"epochs, seed {config.seed}. Augmented: shifts up to {AUGMENTED['shift']:g} px and "
        f"turns up to {AUGMENTED['rotation']:g} degrees, new every epoch; accuracies and losses "
        "on the digits as they are."
    )
