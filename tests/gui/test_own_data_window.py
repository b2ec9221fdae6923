"""The window with a user's own data and models: the Data panel's picker, preview and class
counts, training a few batches on pictures of another size, cancelling a load, opening ONNX,
exporting PyTorch."""

from __future__ import annotations

import ast

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from playground.data.loading import LoadCancelledError
from playground.data.mnist import load_data

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def digits():
    (x_train, y_train), (x_test, y_test) = load_data()
    return x_train[:200], y_train[:200], x_test[:60], y_test[:60]


def _picture_folder(root, x, y, scale=2):
    for i, (image, label) in enumerate(zip(x, y, strict=True)):
        (root / str(int(label))).mkdir(parents=True, exist_ok=True)
        big = np.kron(image, np.ones((scale, scale), np.uint8))
        Image.fromarray(big).save(root / str(int(label)) / f"{i:04d}.png")
    return root


def _choose(window, kind: str, path) -> None:
    panel = window.data_panel
    panel.source.setCurrentIndex(panel.source.findData(kind))
    panel.folder.setText(str(path))
    panel.folder.editingFinished.emit()


def test_picture_folder_preview_counts_and_a_few_batches(
    window, dialogs_seen, tmp_path, qtbot, digits
):
    x, y, _, _ = digits
    root = _picture_folder(tmp_path / "pictures", x, y)
    _choose(window, "folder", root)
    assert not dialogs_seen
    dataset = window.data.dataset
    assert dataset.image_shape == (56, 56)
    text = window.data_panel.classes.text()
    counts = np.bincount(dataset.y_train, minlength=10)
    assert text.startswith("10 classes, 56×56 pictures: 0 (")
    assert f"7 ({counts[7]:,})" in text
    pixmap = window.data_panel._sample_labels[3].pixmap()
    assert pixmap.width() == 56  # shown at its own size (scale 1)

    window.model_panel.set_hidden((12,))
    window.step()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.updates == 1, timeout=TIMEOUT
    )
    window.step()
    qtbot.waitUntil(lambda: window.session.updates == 2, timeout=TIMEOUT)
    assert window.session.model.layers[0].input_dim == 56 * 56
    assert window.session.image_shape == (56, 56)


@pytest.mark.parametrize("name", ["train.csv", "mnist_train.csv", "mnist.npz"])
def test_csv_and_npz_files_through_the_file_picker(
    name, window, dialogs_seen, tmp_path, qtbot, digits
):
    x, y, x_test, y_test = digits
    path = tmp_path / name
    if name.endswith(".csv"):
        # Kaggle's layout has a header line; the plain one (mnist_train.csv) starts with data.
        lines = (
            ["label," + ",".join(f"pixel{i}" for i in range(784))] if name == "train.csv" else []
        )
        lines += [
            f"{int(label)}," + ",".join(map(str, image.ravel()))
            for image, label in zip(x, y, strict=True)
        ]
        path.write_text("\n".join(lines) + "\n")
    else:
        np.savez(path, x_train=x, y_train=y, x_test=x_test[:30], y_test=y_test[:30])
    _choose(window, "file", path)
    assert not dialogs_seen
    # A seventh of the CSV's rows is held out for testing; the .npz has a test set.
    assert len(window.data.dataset.y_train) == (
        200 - round(200 / 7) if name.endswith(".csv") else 200
    )
    assert window.data_panel.values()["dataset"] == str(path)
    assert window.action_start.isEnabled(), window.action_start.toolTip()
    window.step()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.updates == 1, timeout=TIMEOUT
    )


def test_a_bad_picture_is_one_dialog_naming_the_file(window, dialogs_seen, tmp_path, digits):
    x, y, _, _ = digits
    root = _picture_folder(tmp_path / "pictures", x[:30], y[:30])
    (root / "4" / "notes.png").write_text("not a picture")
    _choose(window, "folder", root)
    assert len(dialogs_seen) == 1 and str(root / "4" / "notes.png") in dialogs_seen[0][1]
    assert not window.action_start.isEnabled()


def test_loading_can_be_cancelled_from_its_dialog(
    window, dialogs_seen, tmp_path, monkeypatch, digits
):
    from playground.gui.data_loading import load_with_progress

    x, y, _, _ = digits
    root = _picture_folder(tmp_path / "many", np.concatenate([x] * 3), np.concatenate([y] * 3), 8)
    monkeypatch.setattr("playground.gui.data_loading.SHOW_AFTER_MS", 0)
    pressed = []

    def press_cancel() -> None:
        # As soon as the dialog is up (the worker is reading pictures meanwhile).
        dialogs = window.findChildren(QProgressDialog)
        if dialogs:
            dialogs[0].findChild(QPushButton).click()  # the dialog's Cancel button
            pressed.append(dialogs[0].value())
        else:
            QTimer.singleShot(5, press_cancel)

    QTimer.singleShot(0, press_cancel)
    with pytest.raises(LoadCancelledError):
        load_with_progress(window, str(root))

    # Through the Data panel: no error dialog, the panel says why there is no data.
    QTimer.singleShot(0, press_cancel)
    _choose(window, "folder", root)
    assert len(pressed) == 2 and not dialogs_seen
    assert ("dataset", "Loading was cancelled.") in window.data_panel.problems()
    assert not window.action_start.isEnabled()
    assert pressed
    assert (
        not window.findChildren(QProgressDialog)
        or not window.findChildren(QProgressDialog)[0].isVisible()
    )


def test_open_onnx_and_export_pytorch_from_the_window(window, dialogs_seen, tmp_path, qtbot):
    from playground.engine import Dense, Sequential
    from playground.export import export_onnx

    model = Sequential([Dense(20, "tanh", input_dim=784), Dense(10, "softmax")], seed=3)
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    export_onnx(model, tmp_path / "net.onnx")
    assert window.files.open_model(tmp_path / "net.onnx", "evaluate")
    assert not dialogs_seen
    x = window.session.x_test[:50]
    np.testing.assert_allclose(window.session.model.predict(x), model.predict(x), atol=1e-6)

    out = tmp_path / "net_torch.py"
    assert window.files.export_network(out, "torch")
    tree = ast.parse(out.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.FunctionDef) and n.name == "build_model" for n in tree.body)
    weights = np.load(tmp_path / "net_torch_weights.npz")
    np.testing.assert_array_equal(weights["dense_kernel"], model.layers[0].kernel)
    assert "net_torch.py" in window.statusBar().currentMessage()


def test_draw_a_digit_converts_to_the_data_size(qtbot):
    from playground.gui.concepts.draw_digit import DrawDigitView

    class Session:
        image_shape = (8, 8)
        dataset = None
        model = None

    view = DrawDigitView()
    qtbot.addWidget(view)
    view.canvas.image.fill(0)
    view.set_session(Session())
    assert view.mnist_input().shape == (8, 8)
    assert "8×8" in view.preview_label.text()
