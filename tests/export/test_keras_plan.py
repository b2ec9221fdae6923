"""Reading a Keras Sequential's layer list: maxout as the export writes it from stock layers,
layers that do nothing when predicting, and refusals that name the layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


_KINDS = ["Dense", "Reshape", "MaxPooling1D", "Flatten", "Dropout", "RandomRotation",
          "Activation", "LeakyReLU", "ELU", "ReLU", "InputLayer", "Lambda", "Conv2D"]  # fmt: skip
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.lists(
        st.one_of(st.none(), st.integers(-2, 40), st.booleans(), st.text(max_size=3)), max_size=4
    ),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
_CONFIG = st.dictionaries(
    st.sampled_from(
        [
            "units",
            "activation",
            "target_shape",
            "pool_size",
            "strides",
            "padding",
            "data_format",
            "negative_slope",
            "alpha",
            "batch_shape",
            "max_value",
            "name",
        ]
    ),
    _VALUES,
    max_size=5,
)
_LAYER = st.one_of(
    st.builds(
        lambda kind, cfg: {"class_name": kind, "config": cfg}, st.sampled_from(_KINDS), _CONFIG
    ),
    _VALUES,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LAYER, max_size=8), _VALUES)
def test_any_layer_list_is_planned_or_refused_with_a_model_import_error(layers, build_shape):
    config = {
        "class_name": "Sequential",
        "config": {"layers": layers, "build_input_shape": build_shape},
    }
    try:
        entries, width = plan(PATH, config)
    except ModelImportError as error:
        assert str(PATH) in str(error)
        return
    assert entries and all(entry["activation"] for entry in entries)
    assert width is None or width > 0


def test_huge_shapes_do_not_wrap_around():
    # (2**60 + 1) * 16 = 2**64 + 16: in 64-bit arithmetic that would be 16 inputs.
    huge = {"class_name": "InputLayer", "config": {"batch_shape": [None, 2**60 + 1, 16]}}
    model = {
        "class_name": "Sequential",
        "config": {"layers": [huge, _layer("Dense", "d", units=2)]},
    }
    assert plan(PATH, model)[1] is None  # unknown, not 0: the weights' shape decides
