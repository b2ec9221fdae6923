"""Turn a TrainingConfig into a compiled engine model."""

from __future__ import annotations

from typing import Any

from playground.training.config import EXPONENTIAL_DECAY_PER_EPOCH, TrainingConfig

# Keras' class names for the optimizer names the config uses.
OPTIMIZER_CLASSES = {
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "adam": "Adam",
    "adamax": "Adamax",
    "nadam": "Nadam",
}
MNIST_TRAIN = 60_000  # the training-set size assumed when the caller does not give one


def learning_rate(config: TrainingConfig, n_train: int | None = None):
    """The configured rate, or the schedule it starts: cosine over the whole run, or
    exponential decay by EXPONENTIAL_DECAY_PER_EPOCH each epoch."""
    from playground.engine.optimizers import schedules

    lr = float(config.learning_rate)
    if config.schedule == "constant":
        return lr
    per_epoch = config.updates_per_epoch(MNIST_TRAIN if n_train is None else n_train)
    if config.schedule == "cosine":
        return schedules.CosineDecay(lr, decay_steps=per_epoch * config.epochs)
    return schedules.ExponentialDecay(lr, per_epoch, EXPONENTIAL_DECAY_PER_EPOCH)


def make_optimizer(config: TrainingConfig, n_train: int | None = None):
    """The configured optimizer with its learning rate (or schedule) and own settings."""
    from playground.engine import optimizers

    cls = getattr(optimizers, OPTIMIZER_CLASSES[config.optimizer.lower()])
    return cls(learning_rate=learning_rate(config, n_train), **dict(config.optimizer_params))


def hidden_layer_kwargs(config: TrainingConfig) -> dict:
    kwargs: dict = {"activation": config.activation, "kernel_initializer": config.initializer}
    if config.activation == "elu":
        kwargs["alpha"] = float(config.elu_alpha)
    elif config.activation == "maxout":
        kwargs["pieces"] = int(config.maxout_pieces)
    return kwargs


def augmentation_layers(config: TrainingConfig, input_dim: int) -> list:
    """RandomRotation / RandomTranslation (images only) and GaussianNoise, as configured."""
    from playground.engine import GaussianNoise, RandomRotation, RandomTranslation
    from playground.engine.augmentation import image_side

    layers: list = []
    if config.rotation > 0:
        layers.append(RandomRotation(config.rotation / 360.0, fill_mode="constant"))
    if config.shift > 0:
        fraction = config.shift / image_side(input_dim)
        layers.append(RandomTranslation(fraction, fraction, fill_mode="constant"))
    if config.noise > 0:
        layers.append(GaussianNoise(float(config.noise)))
    return layers


def build_model(config: TrainingConfig, input_dim: int, n_classes: int, n_train: int | None = None):
    """A compiled Sequential: augmentation, the configured hidden layers (each followed by
    Dropout when set) and a softmax output layer; ``n_train`` sizes a schedule's steps."""
    from playground.engine import Dense, Dropout, Sequential, limits, regularizers

    pieces = config.maxout_pieces if config.activation == "maxout" else 1
    limits.check_hidden(input_dim, config.hidden, n_classes, pieces)  # LimitError, nothing built
    penalty: dict[str, Any] = (
        {"kernel_regularizer": regularizers.l2(config.l2)} if config.l2 > 0 else {}
    )
    layers: list = augmentation_layers(config, input_dim)
    for i, units in enumerate(config.hidden):
        extra: dict[str, Any] = {"input_dim": input_dim} if i == 0 else {}
        layers.append(Dense(int(units), **hidden_layer_kwargs(config), **extra, **penalty))
        if config.dropout > 0:
            layers.append(Dropout(float(config.dropout)))
    out_extra: dict[str, Any] = {"input_dim": input_dim} if not config.hidden else {}
    layers.append(
        Dense(
            n_classes,
            activation="softmax",
            kernel_initializer=config.initializer,
            **out_extra,
            **penalty,
        )
    )
    model = Sequential(layers, seed=config.seed)
    optimizer = make_optimizer(config, n_train)
    model.compile(loss=config.loss, optimizer=optimizer, metrics=["accuracy"])
    return model


def adopt_model(model, config: TrainingConfig, input_dim: int, n_classes: int, n_train: int):
    """An already built model (e.g. opened from a file), checked against the data and compiled
    with the configured loss and optimizer; ConfigError when its shape does not fit."""
    from playground.training.config import ConfigError

    if model.layers[0].input_dim != input_dim or model.layers[-1].units != n_classes:
        raise ConfigError(
            f"The model takes {model.layers[0].input_dim} inputs and gives "
            f"{model.layers[-1].units} outputs; the data need {input_dim} and {n_classes}."
        )
    model.compile(loss=config.loss, optimizer=make_optimizer(config, n_train), metrics=["accuracy"])
    return model
