"""The regularization demo's details: when it looks for the lowest test loss, that its runs
train as their settings say (batch size, shuffled epochs, a schedule over the demo's own data),
a certain wrong answer's finite loss, and the table and the sentence it prints."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from playground.engine import Dense, Sequential
from playground.training import regularization_demo as demo
from playground.training.preparation import PreparedData

# Softmax regression on two inputs, one example per update: a run of a few milliseconds.
TINY = replace(demo.BASE, hidden=(), optimizer="sgd", optimizer_params={}, learning_rate=0.1,
               batch_size=1, epochs=40, train_size=None)  # fmt: skip


def _data(x_train, labels, x_test, test_labels) -> PreparedData:
    return PreparedData(
        x_train=np.asarray(x_train, np.float32),
        y_train_labels=np.asarray(labels),
        x_val=None,
        y_val_labels=None,
        x_test=np.asarray(x_test, np.float32),
        y_test_labels=np.asarray(test_labels),
        image_shape=(2,),
        n_classes=2,
        sparse=False,
    )


# One example learnt, the same picture with the other label as the test set: every update makes
# the test loss worse, so its lowest point is the first check.
RISING = _data([[1.0, 0.0]], [0], [[1.0, 0.0]], [1])
# The same picture with the same label: every update makes the test loss better.
FALLING = _data([[1.0, 0.0]], [0], [[1.0, 0.0]], [0])


@pytest.mark.parametrize(
    ("epochs", "first_check"),
    [(40, 3), (6, 1)],  # 12 checks: every 40 // 12 = 3 epochs; at least every epoch
)
def test_a_rising_test_loss_is_lowest_at_the_first_check(epochs, first_check, capsys) -> None:
    result = demo.measure("rising", replace(TINY, epochs=epochs), RISING)
    assert result.name == "rising"
    assert result.best_epoch == first_check
    assert result.best_test_loss < result.test_loss
    assert isinstance(result.train_loss, float) and result.train_loss < result.test_loss
    assert capsys.readouterr().out == ""  # no progress lines among the command's table


def test_a_falling_test_loss_is_lowest_after_the_last_epoch() -> None:
    result = demo.measure("falling", TINY, FALLING)  # checks at 3, 6, ..., 39 and at 40
    assert result.best_epoch == 40
    assert result.best_test_loss == result.test_loss


def test_the_runs_use_the_settings_batch_size() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2))
    labels = (x[:, 0] > 0).astype(int)
    data = _data(x, labels, x, labels)
    singles = demo.measure("1", replace(TINY, epochs=1, batch_size=1), data)  # 40 updates
    whole = demo.measure("40", replace(TINY, epochs=1, batch_size=40), data)  # 1 update
    assert singles.train_loss < whole.train_loss


def test_each_epoch_sees_the_examples_in_a_new_order() -> None:
    # Two contradicting examples and big steps: the one seen last wins the test example.
    data = _data([[1.0, 0.0], [1.0, 0.0]], [0, 1], [[1.0, 0.0]], [1])
    accuracies = {
        demo.measure("", replace(TINY, epochs=1, learning_rate=5.0, seed=seed), data).test_accuracy
        for seed in range(10)
    }
    assert accuracies == {0.0, 1.0}


def test_a_schedule_counts_epochs_of_the_demos_own_data() -> None:
    constant = demo.measure("constant", TINY, FALLING)
    decayed = demo.measure("exponential", replace(TINY, schedule="exponential"), FALLING)
    # the rate falls by 0.8 an epoch, here after every update: far less is learnt
    assert decayed.train_loss > 2 * constant.train_loss


def test_a_certain_wrong_answer_has_a_large_but_finite_loss() -> None:
    model = Sequential([Dense(2, activation="softmax", input_dim=1)], seed=0)
    model.set_weights([np.array([[200.0, -200.0]], np.float32), np.zeros(2, np.float32)])
    x = np.ones((1, 1), np.float32)
    assert model.predict(x)[0, 1] == 0.0
    loss, accuracy = demo.data_loss_and_accuracy(model, x, np.array([1]))
    assert np.isfinite(loss) and loss > 20
    assert accuracy == 0.0


def test_the_table_has_its_column_names_and_percentages() -> None:
    rows = [demo.GapResult("plain", 0.95, 0.8, 0.01, 0.5, 0.4, 12),
            demo.GapResult("L2 0.005", 0.875, 0.85, 0.2, 0.3, 0.3, 60)]  # fmt: skip
    lines = demo.table(rows).split("\n")
    assert len(lines) == 3
    header = "setting train acc test acc gap train loss test loss lowest test loss"
    assert lines[0].split() == header.split()
    assert lines[1].split() == [
        *("plain", "95.0%", "80.0%", "15.0%"),
        *("0.0100", "0.500", "0.400", "(ep.", "12)"),
    ]
    assert lines[2].split()[2:5] == ["87.5%", "85.0%", "2.5%"]


def test_the_demo_describes_its_run() -> None:
    text = demo.describe(demo.BASE, 10000)
    assert text.startswith(
        "1000 MNIST training digits, 10000 test digits; 784-500-500-10 relu, "
        "SGD lr 0.01 momentum 0.9, batch size 20, 60 epochs, seed 0. "
    )
    assert "shifts up to 2 px and turns up to 15 degrees, new every epoch" in text
    assert text.endswith("accuracies and losses on the digits as they are.")
    adam = replace(demo.BASE, hidden=(64,), optimizer="adam", optimizer_params={},
                   learning_rate=0.001, train_size=500, seed=3)  # fmt: skip
    assert demo.describe(adam, 200).startswith(
        "500 MNIST training digits, 200 test digits; 784-64-10 relu, ADAM lr 0.001, "
        "batch size 20, 60 epochs, seed 3. "
    )
