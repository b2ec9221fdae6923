"""A TrainingConfig turned into the model the lecture writes in Keras: the layers in order
with their settings, the loss, the optimizer and its learning rate or schedule."""

from __future__ import annotations

import pytest

from playground.engine import optimizers, regularizers
from playground.engine.optimizers import schedules
from playground.training import ConfigError, TrainingConfig
from playground.training.config import EXPONENTIAL_DECAY_PER_EPOCH
from playground.training.model_builder import (
    adopt_model,
    build_model,
    learning_rate,
    make_optimizer,
)


def _stack(model) -> list[tuple[str, dict]]:
    """Each layer's class and settings, without its generated name and seed."""
    out = []
    for layer in model.stack:
        config = {k: v for k, v in layer.get_config().items() if k not in ("name", "seed")}
        out.append((type(layer).__name__, config))
    return out


def _dense(units, activation, input_dim, initializer="he_normal", **extra):
    return (
        "Dense",
        {
            "units": units,
            "activation": activation,
            "input_dim": input_dim,
            "kernel_initializer": initializer,
            "bias_initializer": "zeros",
            **extra,
        },
    )


def test_hidden_layers_with_dropout_after_each_and_l2_on_every_kernel():
    cfg = TrainingConfig(
        hidden=(8, 4),
        activation="elu",
        elu_alpha=0.5,
        initializer="he_normal",
        dropout=0.25,
        l2=0.001,
        seed=7,
        loss="mse",
    )
    model = build_model(cfg, input_dim=784, n_classes=10)
    l2 = {"kernel_regularizer": regularizers.l2(0.001).serialize()}
    assert _stack(model) == [
        _dense(8, "elu", 784, alpha=0.5, **l2),
        ("Dropout", {"rate": 0.25}),
        _dense(4, "elu", 8, alpha=0.5, **l2),
        ("Dropout", {"rate": 0.25}),
        _dense(10, "softmax", 4, **l2),  # the output layer: no dropout after it
    ]
    assert model.seed == 7
    assert model.loss == "mean_squared_error" and list(model.metrics) == ["accuracy"]


def test_maxout_pieces_and_no_penalty_or_dropout_when_off():
    cfg = TrainingConfig(hidden=(6,), activation="maxout", maxout_pieces=3, initializer="he_normal")
    assert _stack(build_model(cfg, 20, 3)) == [
        _dense(6, "maxout", 20, pieces=3),
        _dense(3, "softmax", 6),
    ]


def test_without_hidden_layers_the_output_layer_takes_the_input():
    cfg = TrainingConfig(hidden=(), initializer="he_normal")
    assert _stack(build_model(cfg, 784, 10)) == [_dense(10, "softmax", 784)]


def test_augmentation_comes_first_in_the_lectures_units():
    cfg = TrainingConfig(hidden=(5,), initializer="he_normal", rotation=18, shift=2, noise=0.1)
    fill = {"fill_mode": "constant", "interpolation": "bilinear", "fill_value": 0.0}
    stack = _stack(build_model(cfg, 784, 10))
    assert stack[0] == ("RandomRotation", {"factor": [-0.05, 0.05], **fill})  # 18 of 360 degrees
    shift = 2 / 28  # two pixels of a 28-pixel side
    assert stack[1] == (
        "RandomTranslation",
        {"height_factor": [-shift, shift], "width_factor": [-shift, shift], **fill},
    )
    assert stack[2] == ("GaussianNoise", {"stddev": 0.1})
    assert stack[3:] == [_dense(5, "relu", 784), _dense(10, "softmax", 5)]


def test_the_learning_rate_or_the_schedule_over_the_run():
    cfg = TrainingConfig(learning_rate=0.05, batch_size=50, epochs=3)
    assert learning_rate(cfg, 600) == 0.05
    cosine = learning_rate(cfg.replace(schedule="cosine"), 600)  # 12 updates an epoch
    assert isinstance(cosine, schedules.CosineDecay)
    assert cosine.get_config() == schedules.CosineDecay(0.05, decay_steps=36).get_config()
    decay = learning_rate(cfg.replace(schedule="exponential"), 600)
    expected = schedules.ExponentialDecay(0.05, 12, EXPONENTIAL_DECAY_PER_EPOCH)
    assert isinstance(decay, schedules.ExponentialDecay)
    assert decay.get_config() == expected.get_config()
    # without a training-set size, MNIST's 60,000 examples: 1,200 updates an epoch
    assert learning_rate(cfg.replace(schedule="cosine")).decay_steps == 3600


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("sgd", optimizers.SGD),
        ("SGD", optimizers.SGD),
        ("rmsprop", optimizers.RMSprop),
        ("adagrad", optimizers.Adagrad),
        ("adadelta", optimizers.Adadelta),
        ("adam", optimizers.Adam),
        ("adamax", optimizers.Adamax),
        ("nadam", optimizers.Nadam),
    ],
)
def test_each_optimizer_by_its_name(name, cls):
    opt = make_optimizer(TrainingConfig(optimizer=name, learning_rate=0.02))
    assert type(opt) is cls and opt.learning_rate == 0.02


def test_the_optimizers_own_settings_and_schedule_reach_it():
    cfg = TrainingConfig(
        optimizer="sgd", optimizer_params={"momentum": 0.9, "nesterov": True}, schedule="cosine"
    )
    opt = make_optimizer(cfg, 1000)
    assert opt.momentum == 0.9 and opt.nesterov is True
    assert opt.schedule.decay_steps == 10 * cfg.epochs  # 1,000 examples in batches of 100
    model = build_model(cfg, 784, 10, 1000)
    assert model.optimizer.schedule.decay_steps == 10 * cfg.epochs


def test_an_opened_model_must_fit_the_data():
    model = build_model(TrainingConfig(hidden=(4, 3)), 784, 10)  # the last layer is the third
    with pytest.raises(ConfigError) as info:
        adopt_model(model, TrainingConfig(), 100, 10, 500)
    assert str(info.value) == (
        "The model takes 784 inputs and gives 10 outputs; the data need 100 and 10."
    )
    with pytest.raises(ConfigError, match="gives 10 outputs; the data need 784 and 3"):
        adopt_model(model, TrainingConfig(), 784, 3, 500)


def test_an_opened_model_trains_with_the_settings_chosen_now():
    model = build_model(TrainingConfig(hidden=(4,)), 784, 10)
    cfg = TrainingConfig(loss="mse", optimizer="sgd", learning_rate=0.3, schedule="cosine")
    adopted = adopt_model(model, cfg, 784, 10, 500)
    assert adopted is model
    assert model.loss == "mean_squared_error" and list(model.metrics) == ["accuracy"]
    assert type(model.optimizer) is optimizers.SGD
    assert model.optimizer.schedule.decay_steps == 5 * cfg.epochs  # 500 in batches of 100
