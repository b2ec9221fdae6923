"""The Data panel's picture size and the data set's unlabelled pictures, in the window: a set
read again at another size trains at that size; a test file without labels is shown with the
network's answers, page by page, and saved as Kaggle's ImageId,Label CSV."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtWidgets import QFileDialog

from playground.data.mnist import load_data
from playground.data.preprocessing import flatten_scale

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def digits():
    (x_train, y_train), (x_test, y_test) = load_data()
    return x_train[:200], y_train[:200], x_test[:25], y_test[:25]


def _choose_file(window, path) -> None:
    panel = window.data_panel
    panel.source.setCurrentIndex(panel.source.findData("file"))
    panel.folder.setText(str(path))
    panel.folder.editingFinished.emit()


def _kaggle_files(folder, x, y, x_unlabelled):
    pixels = ",".join(f"pixel{i}" for i in range(784))
    rows = [
        f"{int(label)}," + ",".join(map(str, image.ravel()))
        for image, label in zip(x, y, strict=True)
    ]
    (folder / "train.csv").write_text(f"label,{pixels}\n" + "\n".join(rows) + "\n")
    rows = [",".join(map(str, image.ravel())) for image in x_unlabelled]
    (folder / "test.csv").write_text(f"{pixels}\n" + "\n".join(rows) + "\n")
    return folder / "train.csv"


def _expected(window, pictures) -> list[str]:
    """What the window's own network says for ``pictures``, asked directly."""
    classes = window.session.model.predict(flatten_scale(pictures)).argmax(axis=1)
    return [window.data.dataset.class_names[int(c)] for c in classes]


def test_picture_size_reads_the_set_again_and_trains_at_that_size(
    window, dialogs_seen, tmp_path, qtbot, digits
):
    x, y, x_test, y_test = digits
    path = tmp_path / "mnist.npz"
    np.savez(path, x_train=x, y_train=y, x_test=x_test, y_test=y_test)
    _choose_file(window, path)
    panel = window.data_panel
    assert window.data.dataset.image_shape == (28, 28)
    assert panel.chosen_image_size() is None and panel.image_size.text() == "Own size"

    panel.image_size.setValue(14)
    assert not dialogs_seen
    dataset = window.data.dataset
    assert dataset.image_shape == (14, 14) and len(dataset.y_train) == 200
    # Area averaging: each new pixel is the mean of a 2x2 block of the source.
    block = x[5, 10:12, 6:8].astype(float).mean()
    assert abs(int(dataset.x_train[5, 5, 3]) - block) <= 1
    assert panel.classes.text().startswith("10 classes, 14×14 pictures")
    window.model_panel.set_hidden((8,))
    window.step()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.updates == 1, timeout=TIMEOUT
    )
    assert window.session.model.layers[0].input_dim == 196

    panel.image_size.setValue(panel.image_size.minimum())  # back to the data's own size
    assert window.data.dataset.image_shape == (28, 28)


def test_unlabelled_pictures_are_shown_with_the_networks_answers_and_saved(
    window, dialogs_seen, tmp_path, qtbot, monkeypatch, digits
):
    x, y, x_unlabelled, _ = digits
    _choose_file(window, _kaggle_files(tmp_path, x, y, x_unlabelled))
    box = window.data_panel.unlabelled
    assert not dialogs_seen and box.isVisible()
    assert box.title.text() == "25 unlabelled pictures, for predictions only"
    assert box.answers() == ["?"] * 10  # no network yet
    assert "Train or open a network" in box.message.text()
    assert not box.save.isEnabled()

    window.step()
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.updates == 1, timeout=TIMEOUT
    )
    # Answers are asked for when the run starts (the network before the step) and again
    # when it pauses: the paused network's weights arrive before the pause is announced.
    qtbot.waitUntil(lambda: not window.state.busy, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: box.answers() != ["?"] * 10, timeout=TIMEOUT)
    assert box.answers() == _expected(window, x_unlabelled[:10])
    assert not box.message.isVisible() and box.save.isEnabled()

    box.first.setValue(20)  # the last page: pictures 20 to 24
    assert list(box.page()) == [20, 21, 22, 23, 24]
    assert box.answers() == _expected(window, x_unlabelled[20:])

    out = tmp_path / "answers.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    box.save.click()
    assert not dialogs_seen
    with out.open(newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["ImageId", "Label"]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 26)]
    assert [r[1] for r in rows[1:]] == _expected(window, x_unlabelled)


def test_a_network_of_another_size_says_so(window, dialogs_seen, tmp_path, qtbot, digits):
    x, y, x_unlabelled, _ = digits
    window.step()  # a network for the bundled 28x28 digits
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.updates == 1, timeout=TIMEOUT
    )
    window.data_panel.image_size.setValue(20)
    _choose_file(window, _kaggle_files(tmp_path, x, y, x_unlabelled))
    box = window.data_panel.unlabelled
    qtbot.waitUntil(lambda: box.message.isVisible(), timeout=TIMEOUT)
    assert box.message.text() == "The network takes 784 inputs, but these pictures have 400 pixels."
    assert box.answers() == ["?"] * 10
