"""File > Export network: a Keras script with its weights, and ONNX, from the window."""

from __future__ import annotations

import ast

import numpy as np

TIMEOUT = 30_000


def _trained(window, qtbot):
    window.model_panel.set_hidden((16,))
    window.step()
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 1, timeout=TIMEOUT
    )


def test_keras_script_and_weights_are_written_from_the_window(
    window, dialogs_seen, tmp_path, qtbot
):
    _trained(window, qtbot)
    assert window.export_menu.isEnabled()
    out = tmp_path / "digits.py"
    assert window.files.export_network(out, "keras")
    source = out.read_text(encoding="utf-8")
    tree = ast.parse(source)  # a runnable Python file, not a template
    dense_units = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "Dense"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    assert dense_units == [16, 10]
    weights = np.load(tmp_path / "digits_weights.npz")
    for layer in window.session.model.layers:
        np.testing.assert_array_equal(weights[f"{layer.name}_kernel"], layer.kernel)
    assert "digits.py" in window.statusBar().currentMessage()
    assert not dialogs_seen


def test_onnx_export_matches_the_engine(window, dialogs_seen, tmp_path, qtbot):
    import onnxruntime

    _trained(window, qtbot)
    out = tmp_path / "digits.onnx"
    assert window.files.export_network(out, "onnx")
    x = np.random.default_rng(0).random((20, 784), dtype=np.float32)
    sess = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    (ours_onnx,) = sess.run(None, {sess.get_inputs()[0].name: x})
    np.testing.assert_allclose(ours_onnx, window.session.model.predict(x), atol=1e-5)
    assert not dialogs_seen


def test_a_failed_export_is_a_dialog_and_the_app_keeps_running(
    window, dialogs_seen, qtbot, tmp_path
):
    _trained(window, qtbot)
    target = tmp_path / "no-such-folder" / "digits.py"
    assert not window.files.export_network(target, "keras")
    assert len(dialogs_seen) == 1
    assert "no-such-folder" in str(dialogs_seen[0])
    window.step()  # still trains
    qtbot.waitUntil(
        lambda: window.state == "paused" and window.session.updates == 2, timeout=TIMEOUT
    )
