"""export-onnx: the ONNX model, checked by onnx and run by onnxruntime against the engine."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from export_support import VARIANTS, require

from playground.cli import main
from playground.data.preprocessing import flatten_scale
from playground.export import ExportError, describe, export_onnx, onnx_available
from playground.export.onnx_export import INPUT_NAME, OPSET, OUTPUT_NAME, build_onnx_model


@pytest.mark.parametrize("key", VARIANTS)
def test_onnxruntime_matches_the_engine_on_1000_test_digits(
    key, saved_models, mnist_small, tmp_path, capsys
):
    require("onnx", "onnxruntime")
    import onnx
    import onnxruntime

    saved = saved_models[key]
    out = tmp_path / f"{key}.onnx"
    assert main(["export-onnx", str(saved.path), str(out)]) == 0
    assert f"Wrote the ONNX model {out}" in capsys.readouterr().out

    proto = onnx.load(out)
    onnx.checker.check_model(proto, full_check=True)
    assert max(op.version for op in proto.opset_import if op.domain in ("", "ai.onnx")) >= 13
    assert [i.name for i in proto.graph.input] == [INPUT_NAME]
    assert [o.name for o in proto.graph.output] == [OUTPUT_NAME]

    x = flatten_scale(mnist_small[2])
    assert len(x) == 1000
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    theirs = session.run(None, {INPUT_NAME: x})[0]
    ours = saved.model.predict(x)
    assert theirs.shape == ours.shape == (1000, 10)
    np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-5)
    # Any batch size: the first dimension is symbolic.
    np.testing.assert_allclose(session.run(None, {INPUT_NAME: x[:7]})[0], ours[:7], atol=1e-5)


def test_graph_uses_the_documented_operators(saved_models):
    require("onnx")
    graphs = {key: build_onnx_model(describe(saved_models[key].model)).graph for key in VARIANTS}
    ops = {key: [node.op_type for node in graph.node] for key, graph in graphs.items()}
    assert ops["relu_adam"] == ["Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax"]
    assert ops["maxout_elu_sgd"][:3] == ["Gemm", "Reshape", "ReduceMax"]
    assert ops["maxout_elu_sgd"].count("Elu") == 2
    assert ops["sigmoid_tanh_nadam"] == ["Gemm", "Sigmoid", "Gemm", "Tanh", "Gemm", "Softmax"]
    model = build_onnx_model(describe(saved_models["maxout_elu_sgd"].model))
    alphas = [
        attr.f for node in model.graph.node if node.op_type == "Elu" for attr in node.attribute
    ]
    assert alphas == [pytest.approx(0.5), pytest.approx(1.0)]
    assert model.opset_import[0].version == OPSET


def test_missing_onnx_package_is_explained(saved_models, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    assert not onnx_available()
    with pytest.raises(ExportError, match=r"nn-playground\[export\]"):
        export_onnx(saved_models["relu_adam"].model, tmp_path / "x.onnx")
    status = main(["export-onnx", str(saved_models["relu_adam"].path), str(tmp_path / "x.onnx")])
    err = capsys.readouterr().err
    assert status == 1 and "pip install" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.onnx").exists()


def test_usage_mistakes_exit_2(saved_models, tmp_path, capsys):
    model = str(saved_models["relu_adam"].path)
    for args in ([str(tmp_path / "missing.npz"), str(tmp_path / "a.onnx")],
                 [model, str(tmp_path / "a.py")]):  # fmt: skip
        capsys.readouterr()
        assert main(["export-onnx", *args]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_training_only_layers_are_left_out_of_the_graph(saved_models):
    require("onnx")
    model = build_onnx_model(describe(saved_models["dropout_l2_leaky_cosine"].model))
    ops = [node.op_type for node in model.graph.node]
    assert ops == ["Gemm", "LeakyRelu", "Gemm", "LeakyRelu", "Gemm", "Softmax"]
    slopes = [a.f for n in model.graph.node if n.op_type == "LeakyRelu" for a in n.attribute]
    assert slopes == [pytest.approx(0.1), pytest.approx(0.2)]
