"""Write a saved network as a readable, runnable Keras 3 script.

The script builds the same layers (units, activations, initializers), compiles them with the
same loss, optimizer and optimizer settings, loads MNIST with ``keras.datasets.mnist``, trains
with the same batch size and number of epochs, evaluates, and prints the lecture's two lines.
The trained weights go into an ``.npz`` beside the script, which ``--weights`` loads.

Maxout has no Keras layer; the script says so and builds the exact equivalent from a Dense
layer with ``units * pieces`` outputs, a Reshape to ``(pieces, units)`` and a maximum.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from playground import __version__
from playground.atomic_file import write_atomically, write_text_atomically
from playground.export import keras_layers
from playground.export.codegen import (
    LINE_LENGTH,
    CodegenError,
    assign_call,
    checked,
    docstring,
    identifier,
    literal,
    prose,
    usage_lines,
    visible,
)
from playground.export.network import (
    KERAS_OPTIMIZERS,
    ExportError,
    LayerSpec,
    NetworkSpec,
    describe,
    load,
    refuse_overwriting,
)

DEFAULT_BATCH_SIZE = 100
DEFAULT_EPOCHS = 20
# Environment variable the generated script reads for a local MNIST .npz (tests, offline use).
MNIST_ENV = "NN_PLAYGROUND_MNIST"


@dataclass(frozen=True)
class KerasExport:
    script: Path
    weights: Path | None  # None when the weights were not written


def weights_path_for(script: str | Path) -> Path:
    """``digits.py`` -> ``digits_weights.npz`` (never the model file itself)."""
    script = Path(script)
    return script.with_name(f"{script.stem}_weights.npz")


def keras_weights(spec: NetworkSpec) -> dict[str, np.ndarray]:
    """The arrays the script's ``load_trained_weights`` reads: ``dense_1_kernel``, ..."""
    arrays: dict[str, np.ndarray] = {}
    for layer in spec.layers:
        arrays[f"{layer.name}_kernel"] = np.ascontiguousarray(layer.kernel, dtype=np.float32)
        arrays[f"{layer.name}_bias"] = np.ascontiguousarray(layer.bias, dtype=np.float32)
    return arrays


def write_keras_script(
    model: Any,
    out: str | Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    epochs: int = DEFAULT_EPOCHS,
    weights: bool = True,
    dataset: str = "mnist",
    source: str | Path | None = None,
) -> KerasExport:
    """Write ``out`` (a .py file) and, if ``weights``, the trained weights beside it.

    ``model`` is an engine ``Sequential`` or the path of a saved model. ``batch_size`` and
    ``epochs`` are what the script trains with (a saved model does not record them).
    ``dataset`` is "mnist" or "fashion_mnist" (which ``keras.datasets`` loader to call).
    ``source`` is the model file's path, if any, named in the script's docstring.
    Raises ExportError if the model cannot be expressed, OSError if a file cannot be written.
    """
    out = Path(out)
    if source is None and isinstance(model, (str, Path)):
        source = model
    spec = describe(load(model))
    weights_file = weights_path_for(out) if weights else None
    refuse_overwriting(source, out, weights_file)
    text = keras_script(
        spec,
        batch_size=batch_size,
        epochs=epochs,
        weights_file=weights_file.name if weights_file else None,
        source=Path(source).name if source is not None else None,
        dataset=dataset,
        script_name=out.name,
    )
    if weights_file is not None:  # the weights first: the script names them
        arrays = keras_weights(spec)
        write_atomically(weights_file, lambda tmp: np.savez(tmp, **arrays))
    write_text_atomically(out, text)
    return KerasExport(out, weights_file)


def keras_script(
    spec: NetworkSpec,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    epochs: int = DEFAULT_EPOCHS,
    weights_file: str | None = None,
    source: str | None = None,
    dataset: str = "mnist",
    script_name: str = "network_keras.py",
) -> str:
    """The text of the Keras script for ``spec`` (see the module docstring)."""
    if batch_size < 1 or epochs < 0:
        raise ExportError(f"batch size must be >= 1 and epochs >= 0, got {batch_size}, {epochs}")
    if dataset not in ("mnist", "fashion_mnist"):
        raise ExportError(f"dataset must be 'mnist' or 'fashion_mnist', not {dataset!r}")
    if spec.input_dim != 784:
        raise ExportError(
            f"the script loads 28x28 images (784 inputs); the model has {spec.input_dim}"
        )
    has_maxout = any(layer.activation == "maxout" for layer in spec.layers)
    sparse = spec.loss == "sparse_categorical_crossentropy"
    # One blank line between the imports and the settings, two before each function.
    parts = [
        _header(spec, batch_size, epochs, weights_file, source, dataset, script_name)
        + "\n\n"
        + _settings(spec, batch_size, epochs, weights_file),
        _load_data(spec, sparse, dataset),
    ]
    if has_maxout:
        parts.append(MAXOUT_HELPER)
    parts.append(_build_model(spec))
    if weights_file:
        parts.append(LOAD_WEIGHTS)
    parts.append(_main(weights_file is not None))
    return checked("\n\n\n".join(part.strip("\n") for part in parts) + "\n")


def _py(value: Any) -> str:
    """A Python literal for a config value (floats keep their shortest exact form)."""
    return literal(value)


def _header(spec, batch_size, epochs, weights_file, source, dataset, script) -> str:
    data_name = "MNIST" if dataset == "mnist" else "Fashion-MNIST"
    hidden = ", ".join(_describe_activation(layer) for layer in spec.layers[:-1]) or "none"
    lr = spec.optimizer_params.get("learning_rate")
    rate = f" ({keras_layers.describe_rate(lr)})" if lr is not None else ""
    opt = KERAS_OPTIMIZERS[spec.optimizer] + rate
    origin = f" from {visible(source)}" if source else ""
    script = visible(script)
    about = textwrap.fill(
        f"Written by nn-playground {__version__}{origin}. It builds the same layers, compiles "
        f"them with the same loss and optimizer, trains on {data_name} and prints the loss and "
        "accuracy on the test set, as the lecture's Keras demo does.",
        width=92,
    )
    usage = [(f"python {script}", f"train from scratch (Keras downloads {data_name} once)")]
    if weights_file:
        usage += [
            (f"python {script} --weights", "start from the trained weights (see WEIGHTS_FILE)"),
            (f"python {script} --weights --epochs 0", "only evaluate the trained network"),
        ]
    usage.append(
        (f"python {script} --data local.npz", "x_train, y_train, x_test, y_test from a file")
    )
    doc = [
        "Keras 3 version of a network built in nn-playground.",
        "",
        textwrap.fill(
            f"Network: {spec.shape_text()}; hidden layers: {hidden}; output: "
            f"{spec.layers[-1].activation}.",
            width=96,
        ),
        textwrap.fill(
            f"Loss {spec.loss}, optimizer {opt}; batch size {batch_size}, "
            f"{epochs} epoch{'s' if epochs != 1 else ''}.",
            width=96,
        ),
        "",
        about,
        "",
        *usage_lines(usage),
        "",
        "Keras 3 runs on TensorFlow, JAX or PyTorch: set KERAS_BACKEND to choose one.",
    ]
    lines = [
        docstring("\n".join(doc)),
        "",
        "import argparse",
        "import os",
        "",
        "import keras",
        "import numpy as np",
        "from keras import layers",
    ]
    return "\n".join(lines)


def _describe_activation(layer: LayerSpec) -> str:
    if layer.activation == "elu" and layer.alpha != 1.0:
        return f"elu (alpha {layer.alpha:g})"
    if layer.activation == "maxout":
        return f"maxout ({layer.pieces} pieces)"
    if layer.activation == "leaky_relu" and layer.negative_slope != 0.2:
        return f"leaky_relu (negative slope {layer.negative_slope:g})"
    return layer.activation


def _q(text: str) -> str:
    """A Python string literal of ``text`` (it cannot end the string it sits in)."""
    return literal(str(text))


def _call(func: str, args: list[str], indent: str) -> list[str]:
    """``func(args),`` on one line if it fits, else one argument per line."""
    one = f"{indent}{func}({', '.join(args)}),"
    if len(one) <= LINE_LENGTH:
        return [one]
    return [f"{indent}{func}(", *(f"{indent}    {arg}," for arg in args), f"{indent}),"]


def _settings(spec: NetworkSpec, batch_size: int, epochs: int, weights_file: str | None) -> str:
    lines = [
        f"BATCH_SIZE = {batch_size}",
        f"EPOCHS = {epochs}",
        f"NUM_CLASSES = {spec.output_dim}",
    ]
    if weights_file:
        lines += [
            "# The playground's trained weights, written beside this script.",
            *assign_call(
                "WEIGHTS_FILE",
                "os.path.join",
                ["os.path.dirname(os.path.abspath(__file__))", _q(weights_file)],
            ),
        ]
    return "\n".join(lines)


def _load_data(spec: NetworkSpec, sparse: bool, dataset: str) -> str:
    loader = f"keras.datasets.{dataset}.load_data()"
    if sparse:
        labels = [
            "    # sparse_categorical_crossentropy takes the class numbers as they are.",
        ]
    else:
        labels = [
            "    # One output per class: each label becomes a one-hot vector.",
            "    y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)",
            "    y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)",
        ]
    lines = [
        "def load_data(path=None):",
        f'    """The data as the lecture prepares it; ``path`` (or ${MNIST_ENV}) names a local',
        '    .npz with x_train, y_train, x_test, y_test to use instead of the download."""',
        f'    path = path or os.environ.get("{MNIST_ENV}")',
        "    if path:",
        "        with np.load(path) as data:",
        '            x_train, y_train = data["x_train"], data["y_train"]',
        '            x_test, y_test = data["x_test"], data["y_test"]',
        "    else:",
        f"        (x_train, y_train), (x_test, y_test) = {loader}",
        "    # Flatten each 28x28 image to 784 inputs and scale the pixels to [0, 1].",
        '    x_train = x_train.reshape(len(x_train), 784).astype("float32") / 255',
        '    x_test = x_test.reshape(len(x_test), 784).astype("float32") / 255',
        *labels,
        "    return (x_train, y_train), (x_test, y_test)",
    ]
    return "\n".join(lines)


MAXOUT_HELPER = """
# Keras has no maxout layer. A maxout unit outputs the largest of its `pieces` linear pieces,
# so a maxout layer is built here from four stock layers that compute exactly that: a Dense
# layer with units * pieces outputs (all pieces side by side: [piece 0 | piece 1 | ...]), a
# Reshape to (pieces, units), the maximum over the pieces (MaxPooling1D with a pool of all
# `pieces` rows) and a Flatten back to `units` values. Only stock layers, so the saved model
# opens again anywhere, the playground included, without running code from the file.
def maxout(units, pieces, name, **dense_args):
    return [
        layers.Dense(units * pieces, name=name, **dense_args),
        layers.Reshape((pieces, units), name=f"{name}_pieces"),
        layers.MaxPooling1D(pool_size=pieces, name=f"{name}_max"),
        layers.Flatten(name=f"{name}_units"),
    ]
"""


def _layer_code(layer: LayerSpec) -> list[str]:
    """Lines (indented for the Sequential's list) that build one layer."""
    ind = " " * 12
    init = [
        f"kernel_initializer={_q(layer.kernel_initializer)}",
        f"bias_initializer={_q(layer.bias_initializer)}",
        *keras_layers.regularizer_arguments(layer),
    ]
    if layer.activation == "maxout":
        return _call("*maxout", [str(layer.units), str(layer.pieces), _q(layer.name), *init], ind)
    if layer.activation == "elu" and layer.alpha != 1.0:
        # The "elu" string means alpha = 1; another alpha needs the ELU layer after a linear Dense.
        dense = _call("layers.Dense", [str(layer.units), *init, f"name={_q(layer.name)}"], ind)
        elu = [f"alpha={_py(layer.alpha)}", f"name={_q(layer.name + '_elu')}"]
        return dense + _call("layers.ELU", elu, ind)
    if layer.activation == "leaky_relu" and layer.negative_slope != 0.2:
        # The "leaky_relu" string means a slope of 0.2; another needs the LeakyReLU layer.
        dense = _call("layers.Dense", [str(layer.units), *init, f"name={_q(layer.name)}"], ind)
        leaky = [f"negative_slope={_py(layer.negative_slope)}", f"name={_q(layer.name + '_leaky')}"]
        return dense + _call("layers.LeakyReLU", leaky, ind)
    known = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax")
    if layer.activation not in known:
        raise ExportError(f"no Keras counterpart for the activation {layer.activation!r}")
    args = [str(layer.units), f"activation={_q(layer.activation)}", *init, f"name={_q(layer.name)}"]
    return _call("layers.Dense", args, ind)


def _optimizer_code(spec: NetworkSpec) -> list[str]:
    cls = KERAS_OPTIMIZERS[spec.optimizer]
    params = dict(spec.optimizer_params)
    for name in params:
        try:
            identifier(name)
        except CodegenError:
            raise ExportError(f"optimizer argument {name!r} cannot be written") from None
    ordered = ["learning_rate"] if "learning_rate" in params else []
    ordered += [k for k in params if k != "learning_rate"]
    schedule = keras_layers.schedule_call(params.get("learning_rate"))
    args = [
        f"{k}={'schedule' if k == 'learning_rate' and schedule else _py(params[k])}"
        for k in ordered
    ]
    return _call(f"optimizer=keras.optimizers.{cls}", args, " " * 8)


def _build_model(spec: NetworkSpec) -> str:
    body: list[str] = []
    for layer in spec.layers:
        for call, args in keras_layers.training_layers(layer.before, layer.input_dim):
            body += _call(call, args, " " * 12)
        body += _layer_code(layer)
    schedule = keras_layers.schedule_call(spec.optimizer_params.get("learning_rate"))
    lines = [
        "def build_model():",
        f'    """{prose(spec.shape_text())}: the same layers, activations and initializers,',
        '    compiled with the same loss and optimizer settings."""',
        *(["    " + line for line in assign_call("schedule", *schedule)] if schedule else []),
        "    model = keras.Sequential(",
        "        [",
        f"            keras.Input(shape=({spec.input_dim},)),",
        *body,
        "        ],",
        '        name="nn_playground",',
        "    )",
        "    model.compile(",
        f"        loss={_q(spec.loss)},",
        *_optimizer_code(spec),
        '        metrics=["accuracy"],',
        "    )",
        "    return model",
    ]
    return "\n".join(lines)


LOAD_WEIGHTS = '''
def load_trained_weights(model, path=None):
    """Copy the playground's trained kernels and biases into the Dense layers."""
    with np.load(path or WEIGHTS_FILE) as weights:
        for layer in model.layers:
            if f"{layer.name}_kernel" in weights:
                layer.set_weights([weights[f"{layer.name}_kernel"], weights[f"{layer.name}_bias"]])
'''


def _main(with_weights: bool) -> str:
    lines = [
        "def main(argv=None):",
        "    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])",
    ]
    if with_weights:
        lines += [
            '    parser.add_argument("--weights", action="store_true", help="start trained")',
        ]
    lines += [
        '    parser.add_argument("--epochs", type=int, default=EPOCHS, help="0 only evaluates")',
        '    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)',
        '    parser.add_argument("--data", metavar="NPZ", help="a local .npz to use")',
        "    args = parser.parse_args(argv)",
        "",
        "    (x_train, y_train), (x_test, y_test) = load_data(args.data)",
        "    model = build_model()",
        "    model.summary()",
    ]
    if with_weights:
        lines += [
            "    if args.weights:",
            "        load_trained_weights(model)",
        ]
    lines += [
        "    if args.epochs > 0:",
        "        model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs)",
        "",
        "    score = model.evaluate(x_test, y_test, batch_size=1000)",
        '    print("Total loss on Testing Set:", score[0])',
        '    print("Accuracy of Testing Set:", score[1])',
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
    ]
    return "\n".join(lines)
