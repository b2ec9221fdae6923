"""Turn a TrainingConfig into a compiled engine model."""

from __future__ import annotations

from typing import Any

from playground.training.config import TrainingConfig

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


def make_optimizer(config: TrainingConfig):
    """The configured optimizer with its learning rate and own settings."""
    from playground.engine import optimizers

    cls = getattr(optimizers, OPTIMIZER_CLASSES[config.optimizer.lower()])
    return cls(learning_rate=float(config.learning_rate), **dict(config.optimizer_params))


def hidden_layer_kwargs(config: TrainingConfig) -> dict:
    kwargs: dict = {"activation": config.activation, "kernel_initializer": config.initializer}
    if config.activation == "elu":
        kwargs["alpha"] = float(config.elu_alpha)
    elif config.activation == "maxout":
        kwargs["pieces"] = int(config.maxout_pieces)
    return kwargs


def build_model(config: TrainingConfig, input_dim: int, n_classes: int):
    """A compiled Sequential: the configured hidden layers and a softmax output layer."""
    from playground.engine import Dense, Sequential, limits

    pieces = config.maxout_pieces if config.activation == "maxout" else 1
    limits.check_hidden(input_dim, config.hidden, n_classes, pieces)  # LimitError, nothing built
    layers = []
    for i, units in enumerate(config.hidden):
        extra: dict[str, Any] = {"input_dim": input_dim} if i == 0 else {}
        layers.append(Dense(int(units), **hidden_layer_kwargs(config), **extra))
    out_extra: dict[str, Any] = {"input_dim": input_dim} if not config.hidden else {}
    layers.append(
        Dense(n_classes, activation="softmax", kernel_initializer=config.initializer, **out_extra)
    )
    model = Sequential(layers, seed=config.seed)
    model.compile(loss=config.loss, optimizer=make_optimizer(config), metrics=["accuracy"])
    return model
