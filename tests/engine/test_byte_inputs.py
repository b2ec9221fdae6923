"""Inputs kept as bytes: the same numbers as the float array, a batch at a time."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.engine.byte_inputs import ByteInputs, as_rows

SCALE = 1.0 / 255.0


def _bytes(n: int = 120, width: int = 12, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, width), dtype=np.uint8)


def _floats(raw: np.ndarray) -> np.ndarray:
    return raw.astype(np.float32) * np.float32(SCALE)


def _model(seed: int = 3) -> Sequential:
    model = Sequential([Dense(7, activation="relu"), Dense(4, activation="softmax")], seed=seed)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def _targets(n: int, seed: int = 1) -> np.ndarray:
    return np.eye(4, dtype=np.float32)[np.random.default_rng(seed).integers(0, 4, n)]


def test_every_way_of_taking_rows_gives_the_float_arrays_numbers_bit_for_bit():
    raw = _bytes()
    x, floats = ByteInputs(raw, SCALE), _floats(raw)
    rows = np.array([5, 0, 119, 5])
    assert x.shape == floats.shape and len(x) == 120 and x.dtype == np.float32
    assert x.nbytes * 4 == floats.nbytes
    assert (
        repr(x) == f"ByteInputs(shape=(120, 12), scale={float(np.float32(SCALE))!r}, dtype=float32)"
    )
    np.testing.assert_array_equal(x[10:20], floats[10:20])
    np.testing.assert_array_equal(x[rows], floats[rows])
    np.testing.assert_array_equal(x[3], floats[3])
    out = np.full((4, 12), np.nan, np.float32)
    assert np.take(x, rows, axis=0, out=out) is out
    np.testing.assert_array_equal(out, floats[rows])
    whole = np.asarray(x)
    assert whole.dtype == np.float32
    assert whole.tobytes() == floats.tobytes()
    np.testing.assert_array_equal(x.rows(slice(100, None))[:], floats[100:])


def test_read_as_float64_the_bytes_give_the_float32_value_widened():
    raw = _bytes()
    wide = ByteInputs(raw, SCALE).with_dtype(np.float64)
    expected = _floats(raw).astype(np.float64)
    assert wide[2:9].dtype == np.float64
    np.testing.assert_array_equal(wide[2:9], expected[2:9])
    out = np.empty((3, 12), np.float64)
    np.take(wide, [1, 2, 3], axis=0, out=out)
    np.testing.assert_array_equal(out, expected[1:4])
    assert wide.rows(slice(0, 4)).dtype == np.float64  # rows keep what they read as
    whole = np.asarray(ByteInputs(raw, SCALE), dtype=np.float64)
    assert whole.dtype == np.float64
    np.testing.assert_array_equal(whole, expected)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_any_float_dtype_reads_the_float32_value_rounded_to_it(dtype):
    raw = _bytes()
    for start in (np.float16, np.float32, np.float64):
        x = ByteInputs(raw, SCALE, start).with_dtype(dtype)
        assert x.dtype == dtype and x[:].dtype == dtype
        np.testing.assert_array_equal(x[:], _floats(raw).astype(dtype))
    same = ByteInputs(raw, SCALE, dtype)
    assert same.with_dtype(dtype) is same


def test_rows_are_taken_without_ever_making_the_whole_float_array(monkeypatch):
    # np.take falls back to np.asarray(x) when x.take raises TypeError: a broken take would
    # still give the right rows, by making all of them first.
    raw, y = _bytes(), _targets(120)
    x = ByteInputs(raw, SCALE)

    def whole(*_args, **_kwargs):
        raise AssertionError("the whole float array was made")

    monkeypatch.setattr(ByteInputs, "__array__", whole)
    rows = np.array([7, 3, 3])
    out = np.empty((3, 12), np.float32)
    np.take(x, rows, axis=0, out=out, mode="clip")
    np.testing.assert_array_equal(out, _floats(raw)[rows])
    np.testing.assert_array_equal(x.take(rows), _floats(raw)[rows])  # its own defaults
    with pytest.raises(IndexError):
        x.take([120])  # rows out of range are an error, as np.take's default says
    clipped = np.take(x, [500, -9], axis=0, mode="clip")  # unless the mode says otherwise
    np.testing.assert_array_equal(clipped, _floats(raw)[[119, 0]])
    model = _model()
    model.fit(x, y, batch_size=16, epochs=1, validation_split=0.2)
    model.evaluate(x, y, batch_size=50)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"shuffle": True},
        {"shuffle": False},
        {"shuffle": True, "validation_split": 0.25},
        {"shuffle": True, "validation_data": "bytes"},
    ],
)
def test_fit_on_bytes_trains_exactly_as_on_floats(kwargs):
    raw, y = _bytes(), _targets(120)
    held_out = _bytes(30, seed=9)
    runs = []
    for x, validation in (
        (_floats(raw), _floats(held_out)),
        (ByteInputs(raw, SCALE), ByteInputs(held_out, SCALE)),
    ):
        model = _model()
        args = dict(kwargs)
        if args.get("validation_data") == "bytes":
            args["validation_data"] = (validation, _targets(30, seed=2))
        history = model.fit(x, y, batch_size=16, epochs=3, **args)
        runs.append((history.history, [w.copy() for w in model.get_weights()]))
    (history_floats, weights_floats), (history_bytes, weights_bytes) = runs
    assert history_bytes == history_floats
    if "validation_split" in kwargs or "validation_data" in kwargs:
        assert "val_loss" in history_bytes
    for ours, theirs in zip(weights_bytes, weights_floats, strict=True):
        assert ours.tobytes() == theirs.tobytes()


def test_evaluate_predict_and_single_batches_take_bytes_as_floats():
    raw, y = _bytes(50), _targets(50)
    x, floats = ByteInputs(raw, SCALE), _floats(raw)
    model = _model()
    model.fit(floats, y, batch_size=10, epochs=1)
    assert model.evaluate(x, y, batch_size=7) == model.evaluate(floats, y, batch_size=7)
    np.testing.assert_array_equal(model.predict(x, batch_size=8), model.predict(floats, 8))
    traces = model.forward_pass(x)
    np.testing.assert_array_equal(traces[0].inputs, floats)
    twin = _model()
    twin.build(12)
    twin.set_weights(model.get_weights())
    twin.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    assert model.train_on_batch(x, y) == twin.train_on_batch(floats, y)


def test_a_model_of_another_width_says_so():
    model = _model()
    model.fit(_floats(_bytes()), _targets(120), batch_size=40, epochs=1)
    with pytest.raises(ValueError, match="x has 5 features per example, but the model expects 12"):
        model.predict(ByteInputs(_bytes(width=5), SCALE))


@pytest.mark.parametrize(
    ("raw", "dtype", "message"),
    [
        (np.zeros((3, 4), np.float32), np.float32, "uint8"),
        (np.zeros(4, np.uint8), np.float32, "2-D"),
        (np.zeros((3, 4), np.uint8), np.int32, "floats"),
    ],
)
def test_only_2d_bytes_read_as_floats(raw, dtype, message):
    with pytest.raises(ValueError, match=message):
        ByteInputs(raw, SCALE, dtype)


def test_take_reads_rows_only():
    with pytest.raises(ValueError, match=r"^ByteInputs\.take takes rows \(axis=0\) only$"):
        np.take(ByteInputs(_bytes(), SCALE), [0], axis=1)


def test_as_rows_leaves_bytes_as_bytes_and_makes_arrays_of_the_rest():
    x = ByteInputs(_bytes(), SCALE)
    assert as_rows(x) is x
    listed = as_rows([[1, 2], [3, 4]])
    assert isinstance(listed, np.ndarray) and listed.shape == (2, 2)
