"""Write a saved network as a readable, runnable PyTorch script.

The script builds the same layers as an ``nn.Sequential``, loads the trained weights from an
``.npz`` written beside it, trains with the same loss, the equivalent ``torch.optim`` optimizer
with the same settings and the same batch size, then evaluates and can save its predictions.
Maxout becomes a small module (a Linear with ``units * pieces`` outputs and a maximum).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np

from playground import __version__
from playground.atomic_file import write_atomically, write_text_atomically
from playground.export.codegen import (
    assign_call,
    checked,
    docstring,
    literal,
    prose,
    usage_lines,
    visible,
)
from playground.export.keras_script import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_EPOCHS,
    MNIST_ENV,
    KerasExport,
    keras_weights,
    weights_path_for,
)
from playground.export.network import (
    ExportError,
    LayerSpec,
    NetworkSpec,
    describe,
    load,
    refuse_overwriting,
)

# torch.optim class and the engine's arguments as its own, per engine optimizer.
TORCH_OPTIMIZERS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "sgd": ("SGD", (("momentum", "momentum"), ("nesterov", "nesterov"))),
    "rmsprop": (
        "RMSprop",
        (("rho", "alpha"), ("epsilon", "eps"), ("momentum", "momentum"), ("centered", "centered")),
    ),
    "adagrad": (
        "Adagrad",
        (("initial_accumulator_value", "initial_accumulator_value"), ("epsilon", "eps")),
    ),
    "adadelta": ("Adadelta", (("rho", "rho"), ("epsilon", "eps"))),
    "adam": ("Adam", (("epsilon", "eps"), ("amsgrad", "amsgrad"))),
    "adamax": ("Adamax", (("epsilon", "eps"),)),
    "nadam": ("NAdam", (("epsilon", "eps"),)),
}
_BETAS = ("adam", "adamax", "nadam")
_ACTIVATION_MODULES = {
    "relu": "nn.ReLU()",
    "sigmoid": "nn.Sigmoid()",
    "tanh": "nn.Tanh()",
    "softmax": "nn.Softmax(dim=1)",
}


def write_torch_script(
    model: Any,
    out: str | Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    epochs: int = DEFAULT_EPOCHS,
    source: str | Path | None = None,
) -> KerasExport:
    """Write ``out`` (a .py file) and the trained weights beside it (``OUT_weights.npz``).

    Raises ExportError if the model cannot be expressed, OSError if a file cannot be written.
    """
    out = Path(out)
    if source is None and isinstance(model, (str, Path)):
        source = model
    spec = describe(load(model))
    weights_file = weights_path_for(out)
    refuse_overwriting(source, out, weights_file)
    text = torch_script(
        spec,
        batch_size=batch_size,
        epochs=epochs,
        weights_file=weights_file.name,
        source=Path(source).name if source is not None else None,
        script_name=out.name,
    )
    arrays = keras_weights(spec)
    write_atomically(weights_file, lambda tmp: np.savez(tmp, **arrays))
    write_text_atomically(out, text)
    return KerasExport(out, weights_file)


def torch_script(
    spec: NetworkSpec,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    epochs: int = DEFAULT_EPOCHS,
    weights_file: str = "network_torch_weights.npz",
    source: str | None = None,
    script_name: str = "network_torch.py",
) -> str:
    """The text of the PyTorch script for ``spec`` (see the module docstring)."""
    if batch_size < 1 or epochs < 0:
        raise ExportError(f"batch size must be >= 1 and epochs >= 0, got {batch_size}, {epochs}")
    if spec.optimizer not in TORCH_OPTIMIZERS:
        raise ExportError(f"no torch.optim counterpart for the optimizer {spec.optimizer!r}")
    parts = [
        _header(spec, batch_size, epochs, source, script_name)
        + "\n\n"
        + _settings(spec, batch_size, epochs, weights_file),
    ]
    if any(layer.activation == "maxout" for layer in spec.layers):
        parts.append(MAXOUT_MODULE)
    parts += [
        _build_model(spec),
        LOAD_WEIGHTS,
        _loss_code(spec.loss),
        _optimizer_code(spec),
        _load_data(spec),
        TRAIN_AND_EVALUATE,
        MAIN,
    ]
    return checked("\n\n\n".join(part.strip("\n") for part in parts) + "\n")


def _header(spec: NetworkSpec, batch_size: int, epochs: int, source, script: str) -> str:
    origin = f" from {visible(source)}" if source else ""
    script = visible(script)
    cls = TORCH_OPTIMIZERS[spec.optimizer][0]
    doc = [
        "PyTorch version of a network built in nn-playground.",
        "",
        textwrap.fill(
            f"Network: {spec.shape_text()}; loss {spec.loss}; optimizer torch.optim.{cls}; "
            f"batch size {batch_size}, {epochs} epoch{'s' if epochs != 1 else ''}.",
            width=92,
        ),
        "",
        textwrap.fill(
            f"Written by nn-playground {__version__}{origin}. The trained weights are in the "
            ".npz beside this script (WEIGHTS_FILE); the data is a .npz holding x_train, "
            "y_train, x_test, y_test as keras.datasets.mnist gives them.",
            width=92,
        ),
        "",
        *usage_lines(
            [
                (f"python {script} --data mnist.npz", "train from scratch"),
                (f"python {script} --data mnist.npz --weights", "start from the trained weights"),
                (f"python {script} --data mnist.npz --weights --epochs 0", "only evaluate"),
                (f"python {script} --data mnist.npz --predictions p.npy", "also save predictions"),
            ]
        ),
    ]
    lines = [
        docstring("\n".join(doc)),
        "",
        "import argparse",
        "import os",
        "",
        "import numpy as np",
        "import torch",
        "from torch import nn",
    ]
    return "\n".join(lines)


def _settings(spec: NetworkSpec, batch_size: int, epochs: int, weights_file: str) -> str:
    names = ", ".join(literal(layer.name) for layer in spec.layers)
    return "\n".join(
        [
            f"BATCH_SIZE = {batch_size}",
            f"EPOCHS = {epochs}",
            f"INPUT_DIM = {spec.input_dim}",
            f"NUM_CLASSES = {spec.output_dim}",
            "# The playground's trained weights, written beside this script.",
            *assign_call(
                "WEIGHTS_FILE",
                "os.path.join",
                ["os.path.dirname(os.path.abspath(__file__))", literal(weights_file)],
            ),
            "# The layer names in the weights file, in the order of the Linear layers.",
            f"LAYER_NAMES = [{names}]",
        ]
    )


MAXOUT_MODULE = '''
class Maxout(nn.Module):
    """A maxout layer: a Linear with units * pieces outputs (the pieces side by side:
    [piece 0 | piece 1 | ...]), then the largest piece of each unit."""

    def __init__(self, in_features, units, pieces):
        super().__init__()
        self.units, self.pieces = units, pieces
        self.linear = nn.Linear(in_features, units * pieces)

    def forward(self, x):
        return self.linear(x).view(-1, self.pieces, self.units).amax(dim=1)
'''


def _layer_code(layer: LayerSpec) -> list[str]:
    name = prose(visible(layer.name))
    if layer.activation == "maxout":
        return [f"        Maxout({layer.input_dim}, {layer.units}, {layer.pieces}),  # {name}"]
    lines = [f"        nn.Linear({layer.input_dim}, {layer.units}),  # {name}"]
    if layer.activation == "elu":
        lines.append(f"        nn.ELU(alpha={literal(float(layer.alpha))}),")
    elif layer.activation == "leaky_relu":
        slope = literal(float(layer.negative_slope))
        lines.append(f"        nn.LeakyReLU(negative_slope={slope}),")
    elif layer.activation in _ACTIVATION_MODULES:
        lines.append(f"        {_ACTIVATION_MODULES[layer.activation]},")
    elif layer.activation != "linear":
        raise ExportError(f"no PyTorch counterpart for the activation {layer.activation!r}")
    return lines


def _build_model(spec: NetworkSpec) -> str:
    body = [line for layer in spec.layers for line in _layer_code(layer)]
    return "\n".join(
        [
            "def build_model():",
            f'    """{prose(spec.shape_text())}: the same layers and activations."""',
            "    return nn.Sequential(",
            *body,
            "    )",
        ]
    )


LOAD_WEIGHTS = '''
def load_trained_weights(model, path=None):
    """Copy the playground's kernels (inputs x units) and biases into the Linear layers."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    with np.load(path or WEIGHTS_FILE) as weights, torch.no_grad():
        for name, linear in zip(LAYER_NAMES, linears, strict=True):
            linear.weight.copy_(torch.from_numpy(weights[f"{name}_kernel"].T.copy()))
            linear.bias.copy_(torch.from_numpy(weights[f"{name}_bias"]))
'''

_LOSSES = {
    "categorical_crossentropy": (
        "    # categorical_crossentropy on the softmax output, clipped as Keras does.",
        "    p = probabilities.clamp(1e-7, 1 - 1e-7)",
        "    return -(targets * torch.log(p)).sum(dim=1).mean()",
    ),
    "sparse_categorical_crossentropy": (
        "    # sparse_categorical_crossentropy: the targets are class numbers.",
        "    p = probabilities.clamp(1e-7, 1 - 1e-7)",
        "    return nn.functional.nll_loss(torch.log(p), targets)",
    ),
    "mean_squared_error": (
        "    # mean_squared_error against one-hot targets.",
        "    return ((probabilities - targets) ** 2).mean()",
    ),
}


def _loss_code(loss: str) -> str:
    if loss not in _LOSSES:
        raise ExportError(f"no PyTorch counterpart for the loss {loss!r}")
    return "\n".join(["def loss_fn(probabilities, targets):", *_LOSSES[loss]])


def _first_rate(value: Any) -> tuple[float, str | None]:
    """The learning rate, or a schedule's starting rate and its class name."""
    if not isinstance(value, dict):
        return float(value), None
    config = value.get("config") or {}
    start = config.get("initial_learning_rate")
    if start is None:  # PiecewiseConstantDecay: the first of its values
        start = (config.get("values") or [None])[0]
    if not isinstance(start, (int, float)) or isinstance(start, bool):
        raise ExportError(f"cannot read the learning-rate schedule {value!r}")
    return float(start), str(value.get("class_name", "learning-rate"))


def _optimizer_code(spec: NetworkSpec) -> str:
    cls, renames = TORCH_OPTIMIZERS[spec.optimizer]
    params = spec.optimizer_params
    args = ["model.parameters()"]
    schedule_note: list[str] = []
    if "learning_rate" in params:
        rate, schedule = _first_rate(params["learning_rate"])
        args.append(f"lr={literal(rate)}")
        if schedule:  # said in the script: the rate stays where the schedule started
            schedule_note = [
                f"    # The playground trained with a {prose(schedule)} learning-rate schedule",
                "    # starting at this rate; here the rate stays constant.",
            ]
    if spec.optimizer in _BETAS:
        betas = (float(params.get("beta_1", 0.9)), float(params.get("beta_2", 0.999)))
        args.append(f"betas={literal(betas)}")
    for ours, theirs in renames:
        if ours in params:
            value = params[ours]
            args.append(
                f"{theirs}={literal(bool(value) if isinstance(value, bool) else float(value))}"
            )
    note = []
    if spec.optimizer == "nadam":
        args.append("momentum_decay=1.0")  # Keras' schedule: mu_t = beta_1 (1 - 0.96^t / 2)
    if spec.optimizer in ("rmsprop", "adagrad", "adam", "adamax", "nadam"):
        note = [
            "    # The same settings as in the playground; PyTorch adds epsilon at a slightly",
            "    # different place in the formula, a difference too small to see in training.",
        ]
    return "\n".join(
        [
            "def make_optimizer(model):",
            *schedule_note,
            *note,
            f"    return torch.optim.{cls}(",
            *(f"        {arg}," for arg in args),
            "    )",
        ]
    )


def _load_data(spec: NetworkSpec) -> str:
    sparse = spec.loss == "sparse_categorical_crossentropy"
    targets = (
        "torch.from_numpy(y.astype(np.int64))"
        if sparse
        else "nn.functional.one_hot(torch.from_numpy(y.astype(np.int64)), NUM_CLASSES).float()"
    )
    return "\n".join(
        [
            "def load_data(path=None):",
            f'    """x_train, y_train, x_test, y_test from a .npz (or ${MNIST_ENV}), as tensors:',
            '    pixels flattened and scaled to [0, 1], labels as the loss expects them."""',
            f'    path = path or os.environ.get("{MNIST_ENV}")',
            "    if not path:",
            "        raise SystemExit(",
            '            "Give the data: --data FILE.npz with x_train, y_train, "',
            '            "x_test, y_test (keras.datasets.mnist layout)"',
            "        )",
            "    with np.load(path) as data:",
            '        arrays = [data[k] for k in ("x_train", "y_train", "x_test", "y_test")]',
            "",
            "    def pixels(x):",
            '        return torch.from_numpy(x.reshape(len(x), INPUT_DIM).astype("float32") / 255)',
            "",
            "    def labels(y):",
            f"        return {targets}",
            "",
            "    x_train, y_train, x_test, y_test = arrays",
            "    return (pixels(x_train), labels(y_train)), (pixels(x_test), labels(y_test))",
        ]
    )


TRAIN_AND_EVALUATE = '''
def train(model, x, y, batch_size=BATCH_SIZE, epochs=EPOCHS, seed=0):
    """Mini-batch training: each epoch goes through the examples in a new random order."""
    optimizer = make_optimizer(model)
    order_rng = torch.Generator().manual_seed(seed)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=order_rng)
        total = 0.0
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        print(f"Epoch {epoch + 1}/{epochs}: loss {total / len(x):.4f}")


def predict(model, x, batch_size=1000):
    """Class probabilities for every row of x, as a NumPy array."""
    model.eval()
    with torch.no_grad():
        parts = [model(x[i : i + batch_size]) for i in range(0, len(x), batch_size)]
    return torch.cat(parts).numpy()


def evaluate(model, x, y):
    """(loss, accuracy) on x, y."""
    probabilities = torch.from_numpy(predict(model, x))
    with torch.no_grad():
        loss = loss_fn(probabilities, y).item()
    truth = y if y.dim() == 1 else y.argmax(dim=1)
    accuracy = (probabilities.argmax(dim=1) == truth).float().mean().item()
    return loss, accuracy
'''

MAIN = """
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", metavar="NPZ", help="x_train, y_train, x_test, y_test")
    parser.add_argument("--weights", action="store_true", help="start from the trained weights")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="0 only evaluates")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--predictions", metavar="NPY", help="save the test-set probabilities")
    args = parser.parse_args(argv)

    (x_train, y_train), (x_test, y_test) = load_data(args.data)
    torch.manual_seed(0)
    model = build_model()
    print(model)
    if args.weights:
        load_trained_weights(model)
    if args.epochs > 0:
        train(model, x_train, y_train, args.batch_size, args.epochs)

    loss, accuracy = evaluate(model, x_test, y_test)
    print("Total loss on Testing Set:", loss)
    print("Accuracy of Testing Set:", accuracy)
    if args.predictions:
        np.save(args.predictions, predict(model, x_test))


if __name__ == "__main__":
    main()
"""
