"""Write a trained network as an ONNX model (opset 13), built with the ``onnx`` package.

Input ``pixels``: float32 (batch, 784) in [0, 1], as the engine takes them. Output
``probabilities``: float32 (batch, classes). Each Dense layer is a Gemm; the activations map to
Relu, LeakyRelu, Sigmoid, Tanh, Elu (with its alpha) and Softmax. Maxout has no ONNX operator:
its Gemm computes all pieces side by side, then Reshape to (batch, pieces, units) and ReduceMax
over the pieces give the same result. Dropout, noise and augmentation change training batches
only, so this inference graph leaves them out.

``onnx`` is an optional extra (``pip install 'nn-playground[export]'``); it is imported only
when an export runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from playground import __version__
from playground.atomic_file import write_atomically
from playground.export.network import ExportError, LayerSpec, NetworkSpec, describe, load

OPSET = 13
INPUT_NAME = "pixels"
OUTPUT_NAME = "probabilities"
INSTALL_HINT = "pip install 'nn-playground[export]'"


def onnx_available() -> bool:
    """Whether the optional ``onnx`` package is installed (the GUI greys its menu item out)."""
    try:
        import onnx  # noqa: F401
    except ImportError:
        return False
    return True


def _onnx():
    try:
        import onnx
    except ImportError as exc:
        raise ExportError(f"ONNX export needs the onnx package ({INSTALL_HINT})") from exc
    return onnx


def build_onnx_model(spec: NetworkSpec) -> Any:
    """The ``onnx.ModelProto`` of ``spec``, checked with ``onnx.checker``."""
    onnx = _onnx()
    from onnx import TensorProto, helper, numpy_helper

    nodes = []
    initializers = []
    x = INPUT_NAME
    for i, layer in enumerate(spec.layers):
        last = i == len(spec.layers) - 1
        out = OUTPUT_NAME if last else f"{layer.name}_out"
        initializers += [
            numpy_helper.from_array(layer.kernel.astype(np.float32), f"{layer.name}_kernel"),
            numpy_helper.from_array(layer.bias.astype(np.float32), f"{layer.name}_bias"),
        ]
        z = f"{layer.name}_z" if layer.activation != "linear" else out
        nodes.append(
            helper.make_node(
                "Gemm", [x, f"{layer.name}_kernel", f"{layer.name}_bias"], [z], name=layer.name
            )
        )
        if layer.activation != "linear":
            new_nodes, new_inits = _activation(layer, z, out)
            nodes += new_nodes
            initializers += new_inits
        x = out

    graph = helper.make_graph(
        nodes,
        "nn_playground",
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["batch", spec.input_dim])],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["batch", spec.output_dim])],
        initializer=initializers,
    )
    model = helper.make_model(
        graph,
        producer_name="nn-playground",
        producer_version=__version__,
        opset_imports=[helper.make_opsetid("", OPSET)],
        doc_string=f"{spec.shape_text()} multilayer perceptron trained in nn-playground "
        f"(loss {spec.loss}, optimizer {spec.optimizer}); input: pixels scaled to [0, 1].",
    )
    # Readers as old as onnxruntime 1.10 load IR version 8 with opset 13.
    model.ir_version = min(model.ir_version, 8)
    onnx.checker.check_model(model, full_check=True)
    return model


def _activation(layer: LayerSpec, z: str, out: str) -> tuple[list, list]:
    from onnx import helper, numpy_helper

    name = f"{layer.name}_{layer.activation}"
    if layer.activation == "relu":
        return [helper.make_node("Relu", [z], [out], name=name)], []
    if layer.activation == "leaky_relu":
        slope = float(layer.negative_slope)
        return [helper.make_node("LeakyRelu", [z], [out], name=name, alpha=slope)], []
    if layer.activation == "sigmoid":
        return [helper.make_node("Sigmoid", [z], [out], name=name)], []
    if layer.activation == "tanh":
        return [helper.make_node("Tanh", [z], [out], name=name)], []
    if layer.activation == "elu":
        return [helper.make_node("Elu", [z], [out], name=name, alpha=float(layer.alpha))], []
    if layer.activation == "softmax":
        return [helper.make_node("Softmax", [z], [out], name=name, axis=-1)], []
    if layer.activation == "maxout":
        shape = f"{layer.name}_pieces_shape"
        pieces = f"{layer.name}_pieces"
        shape_init = numpy_helper.from_array(
            np.array([-1, layer.pieces, layer.units], dtype=np.int64), shape
        )
        return [
            helper.make_node("Reshape", [z, shape], [pieces], name=f"{layer.name}_reshape"),
            helper.make_node("ReduceMax", [pieces], [out], name=name, axes=[1], keepdims=0),
        ], [shape_init]
    raise ExportError(f"no ONNX counterpart for the activation {layer.activation!r}")


def export_onnx(model: Any, out: str | Path) -> Path:
    """Write ``model`` (an engine ``Sequential`` or a saved model's path) to ``out``.

    Raises ExportError (also when ``onnx`` is missing) or OSError if the file cannot be written.
    """
    out = Path(out)
    proto = build_onnx_model(describe(load(model)))
    data = proto.SerializeToString()
    write_atomically(out, lambda tmp: tmp.write_bytes(data))
    return out
