"""export-keras: the generated script's text, and the script run by Keras 3 on PyTorch."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from export_support import VARIANTS, require

from playground.cli import main
from playground.data.preprocessing import flatten_scale, one_hot
from playground.export import ExportError, describe, keras_script, write_keras_script


def _export(saved, tmp_path, *extra: str):
    out = tmp_path / f"{saved.key}_keras.py"
    assert main(["export-keras", str(saved.path), str(out), *extra]) == 0
    return out


@pytest.mark.parametrize("key", VARIANTS)
def test_script_builds_the_same_network(key, saved_models, tmp_path, capsys):
    saved = saved_models[key]
    out = _export(saved, tmp_path)
    text = out.read_text()
    assert f"Wrote the Keras script {out}" in capsys.readouterr().out
    ast.parse(text)  # valid Python

    spec = describe(saved.model)
    assert "keras.Input(shape=(784,))" in text
    assert f"loss={json.dumps(spec.loss)}" in text
    assert "BATCH_SIZE = 100" in text and "EPOCHS = 20" in text
    assert "keras.datasets.mnist.load_data()" in text
    assert 'print("Total loss on Testing Set:", score[0])' in text
    assert 'print("Accuracy of Testing Set:", score[1])' in text
    for layer in spec.layers:
        init = f'kernel_initializer="{layer.kernel_initializer}"'
        assert init in text
        if layer.activation == "maxout":
            assert f'*maxout({layer.units}, {layer.pieces}, "{layer.name}"' in text
        elif layer.activation == "elu" and layer.alpha != 1.0:
            assert f"layers.ELU(alpha={layer.alpha!r}" in text
        elif layer.activation == "leaky_relu" and layer.negative_slope != 0.2:
            assert f"layers.LeakyReLU(negative_slope={layer.negative_slope!r}" in text
        else:
            assert re.search(
                rf'layers\.Dense\(\s*{layer.units},\s*activation="{layer.activation}"', text
            )
    # Optimizer with every one of its settings.
    opt = saved.model.optimizer.get_config()
    name = {"adam": "Adam", "sgd": "SGD", "nadam": "Nadam"}[opt.pop("name")]
    assert f"keras.optimizers.{name}(" in text
    for arg, value in opt.items():
        if isinstance(value, dict):  # a learning-rate schedule
            assert f"schedule = keras.optimizers.schedules.{value['class_name']}(" in text
            assert f"{arg}=schedule" in text
        else:
            assert f"{arg}={value!r}" in text

    # The weights beside it hold the trained kernels and biases, layer by layer.
    with np.load(tmp_path / f"{saved.key}_keras_weights.npz") as weights:
        for layer, engine_layer in zip(spec.layers, saved.model.layers, strict=True):
            np.testing.assert_array_equal(weights[f"{layer.name}_kernel"], engine_layer.kernel)
            np.testing.assert_array_equal(weights[f"{layer.name}_bias"], engine_layer.bias)


def test_maxout_is_explained_and_built_from_keras_parts(saved_models):
    text = keras_script(describe(saved_models["maxout_elu_sgd"].model))
    assert "Keras has no maxout layer" in text
    assert "layers.Reshape((pieces, units)" in text
    assert "layers.MaxPooling1D(pool_size=pieces" in text and "Lambda" not in text
    plain = keras_script(describe(saved_models["relu_adam"].model))
    assert "maxout" not in plain


def test_sparse_loss_keeps_integer_labels(saved_models):
    text = keras_script(describe(saved_models["sigmoid_tanh_nadam"].model))
    assert "to_categorical" not in text
    assert "to_categorical" in keras_script(describe(saved_models["relu_adam"].model))


def test_script_is_lint_clean(saved_models, tmp_path):
    """Readable means what the project's own linter would accept."""
    paths = [_export(saved_models[key], tmp_path) for key in VARIANTS]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--line-length", "100",
         "--select", "E,F,W,I,B,UP", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_batch_size_epochs_and_no_weights(saved_models, tmp_path):
    out = _export(saved_models["relu_adam"], tmp_path, "--batch-size", "32", "--epochs", "3",
                  "--no-weights")  # fmt: skip
    text = out.read_text()
    assert "BATCH_SIZE = 32" in text and "EPOCHS = 3" in text
    assert "--weights" not in text and "WEIGHTS_FILE" not in text
    assert not (tmp_path / "relu_adam_keras_weights.npz").exists()


def test_fashion_mnist_loader(saved_models, tmp_path):
    out = _export(saved_models["relu_adam"], tmp_path, "--dataset", "fashion_mnist")
    assert "keras.datasets.fashion_mnist.load_data()" in out.read_text()


def _status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        return int(exc.code)


def test_usage_mistakes_exit_2_with_one_line(saved_models, tmp_path, capsys):
    model = str(saved_models["relu_adam"].path)
    cases = [
        [str(tmp_path / "missing.npz"), str(tmp_path / "a.py")],
        [str(tmp_path), str(tmp_path / "a.py")],
        [model, str(tmp_path / "a.txt")],
        [model, str(tmp_path / "no-such-folder" / "a.py")],
        [model, str(tmp_path / "a.py"), "--batch-size", "0"],
        [model, str(tmp_path / "a.py"), "--dataset", "cifar10"],
    ]
    for args in cases:
        capsys.readouterr()
        status = _status(["export-keras", *args])
        err = capsys.readouterr().err
        assert status == 2, (args, err)
        assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "a.py").exists()


def test_never_overwrites_the_model_file(saved_models, tmp_path, capsys):
    model = tmp_path / "digits_weights.npz"
    model.write_bytes(saved_models["relu_adam"].path.read_bytes())
    before = model.read_bytes()
    assert _status(["export-keras", str(model), str(tmp_path / "digits.py")]) == 2
    assert "overwrite the model file" in capsys.readouterr().err
    assert model.read_bytes() == before


def test_script_names_its_source(saved_models, tmp_path):
    out = _export(saved_models["relu_adam"], tmp_path)
    assert f"from {saved_models['relu_adam'].path.name}." in out.read_text()


def test_unbuilt_or_non_mnist_models_are_refused():
    from playground.engine import Dense, Sequential

    with pytest.raises(ExportError, match="no weights"):
        describe(Sequential([Dense(10, activation="softmax")]))
    tiny = Sequential([Dense(3, activation="softmax", input_dim=5)], seed=0)
    tiny.compile(loss="categorical_crossentropy", optimizer="sgd")
    tiny.predict(np.zeros((1, 5), np.float32))
    with pytest.raises(ExportError, match="784"):
        keras_script(describe(tiny))


# -- With Keras 3 on PyTorch ------------------------------------------------------------------

# One Keras process for all variants (importing Keras on PyTorch takes seconds): it saves
# each script's predictions with the trained weights, then runs the first script's main() to
# evaluate those weights on the local subset without training.
PREDICT = textwrap.dedent(
    """
    import importlib.util, sys
    import numpy as np
    x_path, data_path, *pairs = sys.argv[1:]
    x = np.load(x_path)
    modules = []
    for script, out in zip(pairs[::2], pairs[1::2]):
        spec = importlib.util.spec_from_file_location(f"exported{len(modules)}", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = module.build_model()
        module.load_trained_weights(model)
        np.save(out, np.asarray(model.predict(x, batch_size=1000, verbose=0)))
        modules.append(module)
    modules[0].main(["--data", data_path, "--weights", "--epochs", "0"])
    """
)


def _keras_env(tmp_path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, KERAS_BACKEND="torch", KERAS_HOME=str(tmp_path / "keras-home"))
    env.pop("NN_PLAYGROUND_MNIST", None)
    env.update(extra)
    return env


@pytest.mark.slow
def test_keras_predictions_and_score_match_the_engine(
    saved_models, mnist_small, mnist_npz, tmp_path
):
    require("keras", "torch")
    x = flatten_scale(mnist_small[2])  # 1,000 test digits
    np.save(tmp_path / "x.npy", x)
    args = []
    for key in VARIANTS:  # relu_adam first: its main() is run
        script = write_keras_script(saved_models[key].path, tmp_path / f"{key}.py").script
        args += [str(script), str(tmp_path / f"{key}_keras.npy")]
    result = subprocess.run(
        [sys.executable, "-c", PREDICT, str(tmp_path / "x.npy"), str(mnist_npz), *args],
        env=_keras_env(tmp_path), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    for key in VARIANTS:
        ours = saved_models[key].model.predict(x)
        theirs = np.load(tmp_path / f"{key}_keras.npy")
        assert theirs.shape == ours.shape
        np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-4, err_msg=key)

    # The lecture's two lines, from the trained weights, agree with the engine's evaluate().
    loss, acc = _score(result.stdout)
    first = saved_models[VARIANTS[0]].model
    our_loss, our_acc = first.evaluate(x, one_hot(mnist_small[3]), batch_size=1000)
    assert loss == pytest.approx(our_loss, abs=1e-4)
    assert acc == pytest.approx(our_acc, abs=1e-6)


def _run_script(script, tmp_path, *args: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, str(script), *args],
        env=_keras_env(tmp_path, **env), capture_output=True, text=True, timeout=300,
        check=False, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _score(stdout: str) -> tuple[float, float]:
    loss = re.search(r"^Total loss on Testing Set: (\S+)$", stdout, re.M)
    acc = re.search(r"^Accuracy of Testing Set: (\S+)$", stdout, re.M)
    assert loss and acc, stdout[-2000:]
    return float(loss.group(1)), float(acc.group(1))


@pytest.mark.slow
def test_script_trains_from_scratch(saved_models, mnist_npz, tmp_path):
    """The maxout network (Dense + Reshape + MaxPooling1D + Flatten) trains in Keras and
    reports its score."""
    require("keras", "torch")
    out = _export(saved_models["maxout_elu_sgd"], tmp_path, "--epochs", "1", "--batch-size", "50")
    # The variable the script reads instead of downloading MNIST.
    stdout = _run_script(out, tmp_path, NN_PLAYGROUND_MNIST=str(mnist_npz))
    loss, acc = _score(stdout)
    assert np.isfinite(loss) and 0.0 <= acc <= 1.0
    for part in ("dense_pieces", "dense_max", "dense_units"):  # maxout's parts in the summary
        assert part in stdout


def test_dropout_penalties_augmentation_and_schedule_are_written(saved_models):
    text = keras_script(describe(saved_models["dropout_l2_leaky_cosine"].model))
    for code in (
        "layers.Reshape((28, 28, 1))",
        "layers.RandomRotation(",
        "factor=(-0.04, 0.04),",
        "height_factor=(-0.07, 0.07),",
        "layers.Flatten()",
        "layers.GaussianNoise(stddev=0.1)",
        "layers.Dropout(rate=0.3)",
        "kernel_regularizer=keras.regularizers.L2(l2=0.001)",
        "kernel_regularizer=keras.regularizers.L1L2(l1=1e-05, l2=0.0001)",
        "bias_regularizer=keras.regularizers.L2(l2=0.0001)",
        "layers.LeakyReLU(negative_slope=0.1",
        'activation="leaky_relu"',
        "schedule = keras.optimizers.schedules.CosineDecay(",
        "initial_learning_rate=0.01, decay_steps=100",
        "learning_rate=schedule",
    ):
        assert code in text, code
    order = ["layers.Reshape(", "layers.RandomRotation(", "layers.Flatten()", "GaussianNoise("]
    assert [text.index(code) for code in order] == sorted(text.index(code) for code in order)


@pytest.mark.slow
def test_script_with_dropout_and_augmentation_trains(saved_models, mnist_npz, tmp_path):
    """Keras builds and trains the Dropout / penalty / augmentation / schedule network."""
    require("keras", "torch")
    saved = saved_models["dropout_l2_leaky_cosine"]
    out = _export(saved, tmp_path, "--epochs", "1", "--batch-size", "50")
    stdout = _run_script(out, tmp_path, NN_PLAYGROUND_MNIST=str(mnist_npz))
    loss, acc = _score(stdout)
    assert np.isfinite(loss) and 0.0 <= acc <= 1.0
    assert "random_rotation" in stdout and "dropout" in stdout
