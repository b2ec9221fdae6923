"""Reading a Keras Sequential's layer list: maxout as the export writes it from stock layers,
layers that do nothing when predicting, and refusals that name the layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.export.foreign import ModelImportError
from playground.export.keras_plan import plan

PATH = Path("net.keras")


def _model(*layers):
    inputs = {"class_name": "InputLayer", "config": {"batch_shape": [None, 16]}}
    return {"class_name": "Sequential", "config": {"layers": [inputs, *layers]}}


def _layer(kind, name, **config):
    return {"class_name": kind, "config": {"name": name, **config}}


def _maxout(name, units, pieces, pool=None, flatten=True):
    layers = [
        _layer("Dense", name, units=units * pieces, activation="linear"),
        _layer("Reshape", f"{name}_pieces", target_shape=[pieces, units]),
        _layer("MaxPooling1D", f"{name}_max", pool_size=[pool or pieces], padding="valid"),
    ]
    return layers + ([_layer("Flatten", f"{name}_units")] if flatten else [])


def test_maxout_from_dense_reshape_and_max_pooling():
    entries, width = plan(PATH, _model(*_maxout("m", 6, 3), _layer("Dense", "out", units=4)))
    assert width == 16
    assert [(e["name"], e["activation"], e.get("pieces")) for e in entries] == [
        ("m", "maxout", 3),
        ("out", "linear", None),
    ]


def test_augmentation_between_reshape_and_flatten_and_noise_are_skipped():
    layers = [
        _layer("Reshape", "r", target_shape=[4, 4, 1]),
        _layer("RandomRotation", "rot", factor=0.1),
        _layer("RandomTranslation", "shift", height_factor=0.1, width_factor=0.1),
        _layer("Flatten", "f"),
        _layer("GaussianNoise", "noise", stddev=0.1),
        _layer("Dense", "d", units=8),
        _layer("LeakyReLU", "d_leaky", negative_slope=0.1),
        _layer("Dropout", "drop", rate=0.3),
        _layer("Dense", "e", units=3, activation="leaky_relu"),
    ]
    entries, _ = plan(PATH, _model(*layers))
    assert [(e["name"], e["activation"], e.get("alpha")) for e in entries] == [
        ("d", "leaky_relu", 0.1),
        ("e", "leaky_relu", None),  # the activation string: the reader gives it Keras's 0.2
    ]
    keras_default = plan(PATH, _model(_layer("Dense", "d", units=8), _layer("LeakyReLU", "l")))
    assert keras_default[0][0]["alpha"] == 0.3  # the LeakyReLU layer's own default


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        (
            [_layer("Dense", "d", units=6), _layer("Lambda", "fn", function="...")],
            r"layer 3 \(Lambda 'fn'\) is not supported; the playground opens Dense",
        ),
        (
            _maxout("m", 6, 3, pool=2),
            r"layer 4 \(MaxPooling1D 'm_max'\): MaxPooling1D is supported only as maxout",
        ),
        (
            [*_maxout("m", 6, 3)[:2], _layer("Dense", "x", units=2)],
            r"layer 4 \(Dense 'x'\): a Reshape to maxout pieces must be followed by MaxPooling1D",
        ),
        (_maxout("m", 6, 3)[:2], "the model ends inside a maxout layer"),
        (
            [_layer("Dense", "d", units=6, activation="relu"), *_maxout("m", 3, 2)[1:]],
            r"layer 3 \(Reshape 'm_pieces'\): only a Reshape to a square picture or to maxout",
        ),
        (
            [_layer("MaxPooling1D", "p", pool_size=[2])],
            r"layer 2 \(MaxPooling1D 'p'\): MaxPooling1D is supported only as maxout",
        ),
        (
            [_layer("Reshape", "r", target_shape=[4, 4, 1]), _layer("Dense", "d", units=2)],
            r"layer 3 \(Dense 'd'\): only random picture changes can sit between a Reshape",
        ),
        (
            [_layer("Reshape", "r", target_shape=[5, 5, 1])],
            r"layer 2 \(Reshape 'r'\): a Reshape of 16 values to 25",
        ),
        ([_layer("Reshape", "r", target_shape="x")], "the Reshape has no target shape"),
    ],
)
def test_refusals_name_the_layer(layers, message):
    with pytest.raises(ModelImportError, match=message):
        plan(PATH, _model(*layers))
