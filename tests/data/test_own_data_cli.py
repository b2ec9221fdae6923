"""Each data form, built from the bundled MNIST, trained for a few batches through the command
line, then scored and used for predictions by the saved model."""

from __future__ import annotations

import re

import numpy as np
import pytest
from data_forms import mnist_slice, write_csv, write_image_folder, write_npz
from PIL import Image

from playground.cli import main


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    x_train, y_train, x_test, y_test = mnist_slice(210, 70)
    root = tmp_path_factory.mktemp("forms")
    write_csv(root / "train.csv", x_train, y_train, header=True)
    write_csv(root / "test.csv", x_test, None, header=True)  # Kaggle's: no labels
    (root / "plain").mkdir()
    write_csv(root / "plain" / "mnist_train.csv", x_train, y_train, header=False)
    write_csv(root / "plain" / "mnist_test.csv", x_test, y_test, header=False)
    write_npz(root / "mnist.npz", x_train, y_train, x_test, y_test)
    write_image_folder(root / "pictures" / "train", x_train, y_train, scale=2)
    write_image_folder(root / "pictures" / "test", x_test, y_test, scale=2)
    return {
        "kaggle-csv": (root / "train.csv", [], 784),
        "plain-csv": (root / "plain" / "mnist_train.csv", [], 784),
        "npz": (root / "mnist.npz", [], 784),
        "pictures-56": (root / "pictures", [], 56 * 56),
        "pictures-as-20": (root / "pictures", ["--image-size", "20"], 400),
    }


@pytest.mark.parametrize(
    "form", ["kaggle-csv", "plain-csv", "npz", "pictures-56", "pictures-as-20"]
)
def test_train_evaluate_predict_on_each_form(form, forms, tmp_path, capsys):
    path, extra, inputs = forms[form]
    model = tmp_path / "m.npz"
    argv = ["train", "--dataset", str(path), *extra, "--hidden", "16", "--epochs", "1"]
    assert main([*argv, "--batch-size", "30", "--save", str(model)]) == 0
    out = capsys.readouterr().out
    assert f"({inputs}-16-10" in out or f"{inputs}-16-10" in out, out
    assert re.search(r"Accuracy of Testing Set: 0\.\d{4}", out)

    assert main(["evaluate", str(model), "--dataset", str(path), *extra]) == 0
    assert "Total loss on Testing Set:" in capsys.readouterr().out
    assert main(["predict", str(model), "--dataset", str(path), *extra, "--index", "0"]) == 0
    assert "Predicted digit:" in capsys.readouterr().out


def test_a_model_of_another_size_is_refused_with_one_line(forms, tmp_path, capsys):
    path, _, _ = forms["pictures-56"]
    model = tmp_path / "m.npz"
    assert main(["train", "--dataset", str(path), "--hidden", "8", "--epochs", "1",
                 "--save", str(model)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["evaluate", str(model)]) == 2  # MNIST's 784 pixels, not 3136
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "takes 3136 inputs" in err and "784 pixels" in err


def test_bad_data_and_bad_size_are_one_line(tmp_path, capsys):
    (tmp_path / "d.csv").write_text("1,2,3,4,5\n")
    assert main(["train", "--dataset", str(tmp_path / "d.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nn-playground train: error: cannot use data set ")
    assert "d.csv" in err and err.count("\n") == 1
    with pytest.raises(SystemExit) as info:
        main(["train", "--image-size", "1000"])
    assert info.value.code == 2
    assert "--image-size: must lie between 2 and 256" in capsys.readouterr().err


def test_help_names_the_forms(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for word in (".csv", ".npz", "one sub-folder per class", "--image-size", "'digits'"):
        assert word in text


def test_unlabelled_pictures_and_drawn_images_of_the_data_size(forms, tmp_path, capsys):
    path, _, _ = forms["kaggle-csv"]
    model = tmp_path / "m.npz"
    assert main(["train", "--dataset", str(path), "--hidden", "8", "--epochs", "1",
                 "--save", str(model)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["predict", str(model), "--dataset", str(path), "--unlabelled", "69"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Unlabelled example 69 of train\nPredicted digit: ")
    assert main(["predict", str(model), "--dataset", str(path), "--unlabelled", "70"]) == 2
    assert "70 unlabelled pictures, numbered 0 to 69" in capsys.readouterr().err
    npz, _, _ = forms["npz"]
    assert main(["predict", str(model), "--dataset", str(npz), "--unlabelled", "0"]) == 2
    assert "has no unlabelled pictures" in capsys.readouterr().err

    # A picture file is converted the MNIST way, then to the data set's own size (20x20).
    pictures, extra, _ = forms["pictures-as-20"]
    small = tmp_path / "small.npz"
    assert main(["train", "--dataset", str(pictures), *extra, "--hidden", "8", "--epochs", "1",
                 "--save", str(small)]) == 0  # fmt: skip
    drawn = tmp_path / "drawn.png"
    canvas = np.zeros((100, 100), np.uint8)
    canvas[20:80, 45:55] = 255  # a one
    Image.fromarray(canvas).save(drawn)
    capsys.readouterr()
    args = ["predict", str(small), "--dataset", str(pictures), *extra, "--image", str(drawn)]
    assert main([*args, "--show"]) == 0
    out = capsys.readouterr().out
    assert len(out.split("Predicted")[0].strip("\n").splitlines()) == 20  # 20 rows drawn


def test_robustness_takes_the_data_size_too(forms, tmp_path, capsys):
    pictures, extra, _ = forms["pictures-as-20"]
    model = tmp_path / "small.npz"
    assert main(["train", "--dataset", str(pictures), *extra, "--hidden", "8", "--epochs", "1",
                 "--save", str(model)]) == 0  # fmt: skip
    capsys.readouterr()
    argv = ["robustness", str(model), "--dataset", str(pictures), "--test-size", "20"]
    assert main([*argv, *extra]) == 0
    assert capsys.readouterr().out.startswith("20 pictures test digits")
    assert main(argv) == 2  # at the pictures' own 56x56 they do not fit the 400 inputs
    assert "takes 400 inputs" in capsys.readouterr().err
