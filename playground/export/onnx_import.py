"""ONNX files as engine networks: a chain of MatMul (+ Add) or Gemm nodes with Relu, Sigmoid,
Tanh, Elu, LeakyRelu or Softmax after them (Flatten before the first, Identity and Dropout
anywhere), and
maxout as the playground's own export writes it (Gemm, Reshape to pieces, ReduceMax).

The file is parsed with the ``onnx`` package (``pip install 'nn-playground[models]'``); weights
stored outside the file are refused, so opening a model never reads another file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from playground.export.foreign import (
    MAX_PARAMETERS,
    DenseLayer,
    ModelImportError,
    Network,
    weight_array,
)

_ACTIVATIONS = {
    "Relu": "relu",
    "Sigmoid": "sigmoid",
    "Tanh": "tanh",
    "Elu": "elu",
    "LeakyRelu": "leaky_relu",
    "Softmax": "softmax",
}
_PASS_THROUGH = ("Identity", "Dropout")
SUPPORTED = (
    "MatMul, Add, Gemm, Relu, Sigmoid, Tanh, Elu, LeakyRelu, Softmax, Flatten, Identity, "
    "Dropout, and Reshape with ReduceMax for maxout"
)


def _parse(path: Path) -> Any:
    try:
        import onnx
        from google.protobuf.message import DecodeError
    except ImportError:
        raise ModelImportError(
            path, "opening ONNX files needs the onnx package (pip install 'nn-playground[models]')"
        ) from None
    try:
        return onnx.load_model_from_string(path.read_bytes())
    except (DecodeError, ValueError, RuntimeError, RecursionError) as exc:
        raise ModelImportError(path, f"not a readable ONNX model ({exc})") from None
    except OSError as exc:
        raise ModelImportError(path, f"cannot read ({exc.strerror or exc})") from None


def _attributes(node: Any) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _initializers(path: Path, graph: Any) -> dict[str, np.ndarray]:
    from onnx import TensorProto, numpy_helper

    arrays = {}
    for tensor in graph.initializer:
        if tensor.data_location == TensorProto.EXTERNAL:
            raise ModelImportError(path, f"the weights {tensor.name!r} are stored in another file")
        if int(np.prod(tensor.dims, dtype=np.int64)) > MAX_PARAMETERS:
            raise ModelImportError(path, f"the weights {tensor.name!r} are too large")
        try:
            arrays[tensor.name] = numpy_helper.to_array(tensor)
        except (ValueError, TypeError, RuntimeError, KeyError) as exc:
            raise ModelImportError(
                path, f"the weights {tensor.name!r} are damaged ({exc})"
            ) from None
    return arrays


def _input_dim(path: Path, graph: Any, weights: dict) -> tuple[str, int | None]:
    inputs = [v for v in graph.input if v.name not in weights]
    if len(inputs) != 1:
        raise ModelImportError(path, f"the graph has {len(inputs)} inputs; one is needed")
    dims = inputs[0].type.tensor_type.shape.dim
    sizes = [d.dim_value for d in list(dims)[1:]]
    dim = int(np.prod(sizes)) if sizes and all(s > 0 for s in sizes) else None
    return inputs[0].name, dim


class _Walker:
    """Follows the one tensor that flows from the input to the output, node by node."""

    def __init__(self, path: Path, weights: dict[str, np.ndarray], current: str) -> None:
        self.path, self.weights, self.current = path, weights, current
        self.net = Network()
        self._pending: int | None = None  # maxout pieces after a Reshape, until ReduceMax

    def _weight(self, name: str, what: str) -> np.ndarray:
        if name not in self.weights:
            raise ModelImportError(
                self.path, f"{what} takes {name!r}, which is not a stored weight"
            )
        return self.weights[name]

    def _dense(self, node: Any, what: str, kernel: np.ndarray, bias: np.ndarray | None) -> None:
        if kernel.ndim != 2:
            raise ModelImportError(self.path, f"{what}: the weight matrix has shape {kernel.shape}")
        rows, units = kernel.shape
        k = weight_array(self.path, f"the weights of {what}", kernel, (rows, units))
        self.net.layers.append(
            DenseLayer(
                node.name or f"dense_{len(self.net.layers) + 1}", k, np.zeros(units, np.float32)
            )
        )
        if bias is not None:
            self._set_bias(what, bias)

    def step(self, node: Any, index: int) -> None:
        what = f"node {index} ({node.op_type} {node.name!r})"
        inputs = list(node.input)
        if not inputs or (inputs[0] != self.current and node.op_type != "Add"):
            raise ModelImportError(self.path, f"{what} is not part of a chain of layers")
        op = node.op_type
        if node.domain not in ("", "ai.onnx"):
            raise ModelImportError(
                self.path, f"{what}: operators of {node.domain!r} are not supported"
            )
        attrs = _attributes(node)
        if op == "MatMul":
            self._dense(node, what, self._weight(inputs[1], what), None)
        elif op == "Gemm":
            if attrs.get("transA", 0):
                raise ModelImportError(self.path, f"{what}: a transposed input is not supported")
            b = self._weight(inputs[1], what)
            b = b.T if attrs.get("transB", 0) else b
            c = self._weight(inputs[2], what) if len(inputs) > 2 and inputs[2] else None
            alpha, beta = float(attrs.get("alpha", 1.0)), float(attrs.get("beta", 1.0))
            self._dense(node, what, alpha * b, None if c is None else beta * c)
        elif op == "Add":
            self._add_bias(what, inputs)
        elif op in _ACTIVATIONS:
            if op == "Softmax" and attrs.get("axis", -1) not in (-1, 1):
                raise ModelImportError(self.path, f"{what}: softmax must run over the classes")
            default = 0.01 if op == "LeakyRelu" else 1.0  # ONNX's own defaults
            self.net.set_activation(
                self.path, what, _ACTIVATIONS[op], float(attrs.get("alpha", default))
            )
        elif op == "Flatten" and not self.net.layers:
            pass
        elif op == "Reshape" and self.net.layers:
            self._maxout_pieces(what, inputs)
        elif op == "ReduceMax" and self._pending is not None:
            self._maxout(what, attrs)
        elif op not in _PASS_THROUGH:
            raise ModelImportError(
                self.path, f"{what}: the operator {op} is not supported ({SUPPORTED})"
            )
        if op != "Reshape":
            self._pending = None
        self.current = node.output[0]

    def _maxout_pieces(self, what: str, inputs: list[str]) -> None:
        """Reshape (batch, units * pieces) -> (batch, pieces, units): the first half of a
        maxout layer, as the playground's own ONNX export writes it."""
        layer = self.net.layers[-1]
        shape = self._weight(inputs[1], what).reshape(-1) if len(inputs) > 1 else np.zeros(0)
        width = layer.kernel.shape[1]
        if (
            layer.activation != "linear"
            or len(shape) != 3
            or shape[0] not in (-1, 0)
            or shape[1] < 2
            or shape[1] * shape[2] != width
        ):
            raise ModelImportError(self.path, f"{what}: the operator Reshape is not supported")
        self._pending = int(shape[1])

    def _maxout(self, what: str, attrs: dict) -> None:
        if list(attrs.get("axes", [])) != [1] or attrs.get("keepdims", 1) != 0:
            raise ModelImportError(
                self.path, f"{what}: only a maximum over maxout pieces is supported"
            )
        layer = self.net.layers[-1]
        layer.activation, layer.pieces = "maxout", int(self._pending)

    def _add_bias(self, what: str, inputs: list[str]) -> None:
        if self.current not in inputs or len(inputs) != 2:
            raise ModelImportError(self.path, f"{what} is not part of a chain of layers")
        other = inputs[1] if inputs[0] == self.current else inputs[0]
        layer = self.net.layers[-1] if self.net.layers else None
        if layer is None or layer.activation != "linear" or layer.bias.any():
            raise ModelImportError(self.path, f"{what}: an addition must follow a MatMul")
        self._set_bias(what, self._weight(other, what))

    def _set_bias(self, what: str, bias: np.ndarray) -> None:
        units = self.net.layers[-1].kernel.shape[1]
        if bias.size not in (1, units):
            raise ModelImportError(self.path, f"{what}: {bias.size} bias values for {units} units")
        flat = np.broadcast_to(bias.reshape(-1), (units,))
        self.net.layers[-1].bias = weight_array(self.path, f"the bias of {what}", flat, (units,))


def read_onnx(path: Path) -> tuple[Network, int | None]:
    """An ONNX file: the network and its input width."""
    model = _parse(path)
    graph = model.graph
    weights = _initializers(path, graph)
    current, input_dim = _input_dim(path, graph, weights)
    walker = _Walker(path, weights, current)
    for index, node in enumerate(graph.node, start=1):
        if not node.output:
            raise ModelImportError(path, f"node {index} ({node.op_type}) has no output")
        walker.step(node, index)
    outputs = [v.name for v in graph.output]
    if outputs != [walker.current]:
        raise ModelImportError(path, "the graph's output is not the end of its chain of layers")
    return walker.net, input_dim
