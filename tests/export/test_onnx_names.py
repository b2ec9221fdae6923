"""Layer names from a model file never reach the ONNX graph unchecked: any names, one graph."""

from __future__ import annotations

import numpy as np
from export_support import require
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.engine import Dense, Sequential
from playground.export import describe
from playground.export.onnx_export import INPUT_NAME, OUTPUT_NAME, build_onnx_model

HOSTILE = [
    INPUT_NAME,
    OUTPUT_NAME,
    "dense",
    "dense_1",
    "a_out",
    'x"""; import os',
    "line\nbreak",
    "\ud800",
    "",
    "é",
    "class",
    "a" * 10_000,
]


def _model(names: list[str]) -> Sequential:
    layers = [Dense(3, "maxout", input_dim=4, pieces=2, name=names[0])]
    layers += [Dense(3, "elu", name=name) for name in names[1:-1]]
    layers.append(Dense(2, "softmax", name=names[-1]))
    model = Sequential(layers, seed=0)
    model.build()
    return model


def _graph_names(proto) -> list[str]:
    graph = proto.graph
    return [
        *(init.name for init in graph.initializer),
        *(out for node in graph.node for out in node.output),
    ]


def _check(names: list[str]) -> None:
    import onnxruntime

    model = _model(names)
    proto = build_onnx_model(describe(model))  # runs onnx.checker with full_check
    tensors = _graph_names(proto)
    assert len(tensors) == len(set(tensors))  # every tensor written once
    assert all(name.isidentifier() and name.isascii() for name in tensors)
    assert all(len(node.name) <= 100 for node in proto.graph.node)
    x = np.random.default_rng(0).random((5, 4), dtype=np.float32)
    session = onnxruntime.InferenceSession(
        proto.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    np.testing.assert_allclose(session.run(None, {INPUT_NAME: x})[0], model.predict(x), atol=1e-5)


def test_hostile_layer_names_give_a_valid_graph():
    require("onnx", "onnxruntime")
    _check(HOSTILE)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(max_size=12) | st.sampled_from(HOSTILE), min_size=2, max_size=5, unique=True)
)
def test_fuzzed_layer_names_give_a_valid_graph(names):
    require("onnx", "onnxruntime")
    _check(names)
