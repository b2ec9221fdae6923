"""Opening Keras (.keras, .h5) and ONNX models as engine networks: round trips through our
exporters, a model built by Keras 3 itself, and refusals that name what is unsupported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
from export_support import VARIANTS, require

from playground.cli import main
from playground.data.preprocessing import flatten_scale
from playground.export import export_onnx, write_keras_script
from playground.export.foreign import ModelImportError, open_model

# Keras round trip: the exported script builds the network and loads our weights, then Keras
# saves it in both of its formats. argv: x.npy, then (script, stem) pairs.
SAVE_FROM_SCRIPT = textwrap.dedent(
    """
    import importlib.util, sys
    import numpy as np
    x = np.load(sys.argv[1])
    for script, stem in zip(sys.argv[2::2], sys.argv[3::2]):
        spec = importlib.util.spec_from_file_location("exported", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = module.build_model()
        module.load_trained_weights(model)
        model.save(stem + ".keras")
        model.save(stem + ".h5")
        np.save(stem + "_keras.npy", np.asarray(model.predict(x, verbose=0)))
    """
)

# A network built the way a Keras user writes it: Input of 28x28, Flatten, Dense, Dropout,
# a separate Activation; trained for a few steps so that the weights are its own.
KERAS_NATIVE = textwrap.dedent(
    """
    import sys
    import keras
    import numpy as np
    keras.utils.set_random_seed(0)
    x, y = np.load(sys.argv[1]), np.load(sys.argv[2])
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(32, activation="tanh"),
        keras.layers.Dropout(0.25),
        keras.layers.Dense(16),
        keras.layers.ELU(alpha=0.7),
        keras.layers.Dense(10, use_bias=False),
        keras.layers.Activation("softmax"),
    ])
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.RMSprop(learning_rate=0.003), metrics=["accuracy"])
    model.fit(x, y, batch_size=50, epochs=1, verbose=0)
    model.save(sys.argv[3] + ".keras")
    model.save(sys.argv[3] + ".h5")
    np.save(sys.argv[3] + "_keras.npy", np.asarray(model.predict(x, verbose=0)))
    """
)


def _keras(tmp_path, code: str, *args) -> None:
    env = dict(os.environ, KERAS_BACKEND="torch", KERAS_HOME=str(tmp_path / "keras-home"))
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.slow
def test_keras_export_opened_back_predicts_as_the_original(saved_models, mnist_small, tmp_path):
    require("keras", "torch", "h5py")
    x = flatten_scale(mnist_small[2][:300])
    np.save(tmp_path / "x.npy", x)
    args = []
    # Every variant: maxout (Dense, Reshape, MaxPooling1D, Flatten in Keras), leaky ReLU with
    # its own slope, and augmentation (Reshape, RandomRotation, ..., Flatten) included.
    keys = list(VARIANTS)
    for key in keys:
        script = write_keras_script(saved_models[key].path, tmp_path / f"{key}.py").script
        args += [script, tmp_path / key]
    _keras(tmp_path, SAVE_FROM_SCRIPT, tmp_path / "x.npy", *args)
    for key in keys:
        ours = saved_models[key].model.predict(x)
        for suffix in (".keras", ".h5"):
            opened = open_model(tmp_path / f"{key}{suffix}")
            assert np.abs(opened.predict(x) - ours).max() <= 1e-5, (key, suffix)
            assert opened.loss == saved_models[key].model.loss
            want = saved_models[key].model.optimizer.get_config()
            assert opened.optimizer.get_config() == want, (key, suffix)


@pytest.mark.slow
def test_a_keras_3_model_opens_and_predicts_as_keras(mnist_small, tmp_path, capsys):
    require("keras", "torch", "h5py")
    x_train, y_train = mnist_small[0][:200], mnist_small[1][:200]
    np.save(tmp_path / "x.npy", x_train.astype(np.float32) / 255)
    np.save(tmp_path / "y.npy", y_train)
    _keras(tmp_path, KERAS_NATIVE, tmp_path / "x.npy", tmp_path / "y.npy", tmp_path / "native")
    theirs = np.load(tmp_path / "native_keras.npy")
    x = flatten_scale(x_train)
    for suffix in (".keras", ".h5"):
        model = open_model(tmp_path / f"native{suffix}")
        assert [layer.activation for layer in model.layers] == ["tanh", "elu", "softmax"]
        assert model.layers[1].alpha == pytest.approx(0.7)
        assert not model.layers[2].bias.any()  # use_bias=False
        assert np.abs(model.predict(x) - theirs).max() <= 1e-5, suffix
        assert model.loss == "sparse_categorical_crossentropy"
        assert model.optimizer.get_config()["name"] == "rmsprop"
        assert model.optimizer.learning_rate == pytest.approx(0.003)
    # The command line opens it too, and scores it on the bundled MNIST.
    assert main(["evaluate", str(tmp_path / "native.keras")]) == 0
    assert "Accuracy of Testing Set:" in capsys.readouterr().out


@pytest.mark.parametrize("key", VARIANTS)
def test_onnx_export_opened_back_predicts_as_the_original(key, saved_models, mnist_small, tmp_path):
    require("onnx")
    saved = saved_models[key]
    path = export_onnx(saved.model, tmp_path / f"{key}.onnx")
    x = flatten_scale(mnist_small[2])
    opened = open_model(path)
    assert np.abs(opened.predict(x) - saved.model.predict(x)).max() <= 1e-5
    # Maxout comes back as maxout (Gemm, Reshape to pieces, ReduceMax), ELU with its alpha.
    for ours, theirs in zip(opened.layers, saved.model.layers, strict=True):
        assert (ours.activation, ours.units, ours.pieces) == (
            theirs.activation,
            theirs.units,
            theirs.pieces,
        )
        assert ours.alpha == pytest.approx(theirs.alpha)


def _onnx_graph(tmp_path, nodes, initializers, name="m.onnx", input_shape=("batch", 4)):
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(input_shape))],
        [helper.make_tensor_value_info(nodes[-1].output[0], TensorProto.FLOAT, None)],
        initializer=[numpy_helper.from_array(v, k) for k, v in initializers.items()],
    )
    path = tmp_path / name
    path.write_bytes(helper.make_model(graph).SerializeToString())
    return path


def test_onnx_matmul_add_and_gemm_with_transposed_weights(tmp_path):
    require("onnx")
    from onnx import helper

    rng = np.random.default_rng(0)
    w1, b1 = rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=3).astype(np.float32)
    w2, b2 = rng.normal(size=(2, 3)).astype(np.float32), rng.normal(size=2).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["h"]),
        helper.make_node("Add", ["b1", "h"], ["z"]),
        helper.make_node("Sigmoid", ["z"], ["a"]),
        helper.make_node("Dropout", ["a"], ["d"]),
        helper.make_node("Gemm", ["d", "w2", "b2"], ["o"], transB=1, alpha=0.5, beta=2.0),
        helper.make_node("Softmax", ["o"], ["p"], axis=1),
    ]
    path = _onnx_graph(tmp_path, nodes, {"w1": w1, "b1": b1, "w2": w2, "b2": b2})
    model = open_model(path)
    x = rng.random((5, 4)).astype(np.float32)
    hidden = 1 / (1 + np.exp(-(x @ w1 + b1)))
    logits = 0.5 * hidden @ w2.T + 2.0 * b2
    want = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert np.abs(model.predict(x) - want).max() <= 1e-6


@pytest.mark.parametrize(
    ("op", "attrs", "match"),
    [
        ("Selu", {}, r"node 2 \(Selu 'bad'\): the operator Selu is not supported"),
        ("Conv", {}, "operator Conv is not supported"),
        ("Softmax", {"axis": 0}, "softmax must run over the classes"),
        ("ReduceMax", {"axes": [1]}, "operator ReduceMax is not supported"),
    ],
)
def test_onnx_unsupported_operators_are_named(tmp_path, op, attrs, match):
    require("onnx")
    from onnx import helper

    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["h"], name="dense"),
        helper.make_node(op, ["h"], ["y"], name="bad", **attrs),
    ]
    path = _onnx_graph(tmp_path, nodes, {"w": np.ones((4, 2), np.float32)})
    with pytest.raises(ModelImportError, match=match) as info:
        open_model(path)
    assert str(path) in str(info.value)


def test_onnx_reshape_that_is_not_maxout_is_refused(tmp_path):
    require("onnx")
    from onnx import helper

    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["h"]),
        helper.make_node("Reshape", ["h", "shape"], ["y"], name="odd"),
    ]
    weights = {"w": np.ones((4, 6), np.float32), "shape": np.array([-1, 6], np.int64)}
    with pytest.raises(ModelImportError, match=r"node 2 \(Reshape 'odd'\).*Reshape is not"):
        open_model(_onnx_graph(tmp_path, nodes, weights))


def test_onnx_external_weights_and_junk_are_refused(tmp_path):
    require("onnx")
    import onnx
    from onnx import TensorProto, helper

    nodes = [helper.make_node("MatMul", ["x", "w"], ["y"])]
    path = _onnx_graph(tmp_path, nodes, {"w": np.ones((4, 2), np.float32)})
    proto = onnx.load(path)
    tensor = proto.graph.initializer[0]
    tensor.data_location = TensorProto.EXTERNAL
    entry = tensor.external_data.add()
    entry.key, entry.value = "location", "/etc/passwd"
    tensor.ClearField("raw_data")
    path.write_bytes(proto.SerializeToString())
    with pytest.raises(ModelImportError, match="stored in another file"):
        open_model(path)
    path.write_bytes(b"\x08\x07" + os.urandom(300))
    with pytest.raises(ModelImportError, match=str(path)):
        open_model(path)


def _keras_zip(tmp_path, layers, weights=None, name="m.keras"):
    """A .keras file written by hand: config.json and (if given) an h5 of weights."""
    import h5py

    path = tmp_path / name
    config = {"class_name": "Sequential", "config": {"name": "s", "layers": layers}}
    h5_path = tmp_path / "w.h5"
    with h5py.File(h5_path, "w") as store:
        for layer, arrays in (weights or {}).items():
            for i, array in enumerate(arrays):
                store[f"layers/{layer}/vars/{i}"] = array
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("config.json", json.dumps(config))
        z.writestr("metadata.json", "{}")
        z.write(h5_path, "model.weights.h5")
    return path


def _dense(name, units, activation="linear"):
    return {
        "class_name": "Dense",
        "config": {"name": name, "units": units, "activation": activation},
    }


def test_keras_refusals_name_the_first_unsupported_layer(tmp_path):
    require("h5py")
    inp = {"class_name": "InputLayer", "config": {"batch_shape": [None, 4]}}
    conv = {"class_name": "Conv2D", "config": {"name": "conv"}}
    path = _keras_zip(tmp_path, [inp, conv, _dense("d", 2)])
    with pytest.raises(ModelImportError, match=r"layer 2 \(Conv2D 'conv'\) is not supported"):
        open_model(path)
    path = _keras_zip(tmp_path, [inp, _dense("d", 2, "gelu")], {"d": [np.ones((4, 2)), np.ones(2)]})
    with pytest.raises(ModelImportError, match="activation 'gelu' is not supported"):
        open_model(path)
    path = _keras_zip(tmp_path, [inp, _dense("d", 2)], {"d": [np.ones((5, 2)), np.ones(2)]})
    with pytest.raises(ModelImportError, match=r"kernel of layer 2 .* expected float \(4, 2\)"):
        open_model(path)
    path = _keras_zip(tmp_path, [inp, _dense("d", 2)], {})
    with pytest.raises(ModelImportError, match="has no weights in the file"):
        open_model(path)
    functional = tmp_path / "f.keras"
    with zipfile.ZipFile(functional, "w") as z:
        z.writestr("config.json", json.dumps({"class_name": "Functional", "config": {}}))
        z.writestr("model.weights.h5", b"")
    with pytest.raises(ModelImportError, match="only a Sequential model"):
        open_model(functional)


def test_keras_without_h5py_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "m.keras"
    path.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(ModelImportError, match=r"needs the h5py package \(pip install"):
        open_model(path)


def test_damaged_keras_and_h5_files(tmp_path):
    require("h5py")
    for name, blob in (("a.keras", b"not a zip"), ("b.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 50)):
        (tmp_path / name).write_bytes(blob)
        with pytest.raises(ModelImportError, match=name):
            open_model(tmp_path / name)


def test_cli_names_the_refusal_without_a_traceback(tmp_path, capsys):
    (tmp_path / "broken.onnx").write_bytes(b"\xff" * 64)
    assert main(["evaluate", str(tmp_path / "broken.onnx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nn-playground evaluate: error: cannot open model ")
    assert "broken.onnx" in err and "Traceback" not in err


def _mutate(rng, blob: bytes) -> bytes:
    data = bytearray(blob)
    choice = rng.randrange(4)
    if choice == 0:
        return bytes(data[: rng.randrange(len(data))])
    if choice == 1:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    start = rng.randrange(len(data))
    if choice == 2:
        del data[start : start + rng.randint(1, 64)]
        return bytes(data)
    data[start:start] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def test_a_file_that_makes_hdf5_loop_is_refused_in_bounded_time(monkeypatch):
    """Found by the fuzz test: nine bytes inserted into an attribute make libhdf5 loop inside
    C code, where no signal reaches it. The reader's child process is stopped instead."""
    require("h5py")
    monkeypatch.setattr("playground.export.h5_child.TIME_LIMIT", 5.0)
    path = Path(__file__).parent / "data" / "attribute_loop.h5"
    with pytest.raises(ModelImportError, match="damaged") as info:
        open_model(path)
    assert str(path) in str(info.value)


def test_fuzzed_model_files_only_ever_raise_model_import_error(saved_models, tmp_path, monkeypatch):
    require("onnx", "h5py")
    monkeypatch.setattr("playground.export.h5_child.TIME_LIMIT", 10.0)
    import random

    import h5py

    rng = random.Random(11)
    small = {
        "m.onnx": export_onnx(saved_models["relu_adam"].model, tmp_path / "src.onnx").read_bytes()
    }
    inp = {"class_name": "InputLayer", "config": {"batch_shape": [None, 6]}}
    layers = [inp, _dense("d", 3, "relu"), _dense("d_1", 2, "softmax")]
    weights = {"d": [np.ones((6, 3), "f4"), np.ones(3, "f4")], "d_1": [np.ones((3, 2)), np.ones(2)]}
    small["m.keras"] = _keras_zip(tmp_path, layers, weights, "src.keras").read_bytes()
    with h5py.File(tmp_path / "src.h5", "w") as store:
        config = {"class_name": "Sequential", "config": {"layers": layers}}
        store.attrs["model_config"] = json.dumps(config)
        for name, (kernel, bias) in weights.items():
            store[f"model_weights/{name}/{name}/kernel:0"] = kernel
            store[f"model_weights/{name}/{name}/bias:0"] = bias
    small["m.h5"] = (tmp_path / "src.h5").read_bytes()
    outcomes = {"rejected": 0, "loaded": 0}
    for name, blob in small.items():
        assert (
            open_model(tmp_path / f"src{name[1:]}")
            .predict(np.ones((1, 6 if "onnx" not in name else 784)))
            .shape[0]
            == 1
        )
        path = tmp_path / name
        # Each HDF5 case starts a reader process: fewer of them.
        for _ in range(250 if name.endswith(".onnx") else 40):
            path.write_bytes(_mutate(rng, blob))
            try:
                model = open_model(path)
            except ModelImportError as error:
                assert str(path) in str(error)
                outcomes["rejected"] += 1
                continue
            assert all(np.isfinite(w).all() for w in model.get_weights())
            outcomes["loaded"] += 1
    assert outcomes["rejected"] > 250, outcomes


def test_keras_leaky_relu_keeps_keras_slopes(tmp_path):
    """The activation string means a slope of 0.2, the LeakyReLU layer's default is 0.3."""
    require("h5py")
    inp = {"class_name": "InputLayer", "config": {"batch_shape": [None, 3]}}
    leaky_layer = {"class_name": "LeakyReLU", "config": {"name": "b_leaky"}}
    rng = np.random.default_rng(5)
    ka, kb = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    weights = {"a": [ka, np.zeros(4)], "b": [kb, np.zeros(2)]}
    path = _keras_zip(tmp_path, [inp, _dense("a", 4, "leaky_relu"), _dense("b", 2), leaky_layer],
                      weights)  # fmt: skip
    model = open_model(path)
    assert [layer.negative_slope for layer in model.layers] == [0.2, 0.3]
    x = rng.normal(size=(20, 3)).astype(np.float32)
    h = x @ ka
    h = np.where(h > 0, h, 0.2 * h) @ kb
    np.testing.assert_allclose(model.predict(x), np.where(h > 0, h, 0.3 * h), atol=1e-5)
