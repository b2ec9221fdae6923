"""The products benchmark times the same arithmetic in both engines (no timing is asserted)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.benchmarks import products
from playground.engine.fast import threads


@pytest.mark.parametrize("batch", [1, 10, 150])
def test_both_engines_compute_the_same_products(batch):
    ours, arrays, outputs = products.our_products(batch, sizes=(30, 20, 20, 5))
    theirs, their_outputs = products.torch_products(arrays)
    ours()
    theirs()
    kernels, inputs, dz = arrays["kernels"], arrays["inputs"], arrays["dz"]
    expected = {
        "z": [a @ k for a, k in zip(inputs, kernels, strict=True)],
        "grads": [a.T @ d for a, d in zip(inputs, dz, strict=True)],
        "da": [d @ k.T for d, k in zip(dz[1:], kernels[1:], strict=True)],
    }
    for name, arrays_expected in expected.items():
        for mine, other, want in zip(
            outputs[name], their_outputs()[name], arrays_expected, strict=True
        ):
            np.testing.assert_allclose(mine, want, rtol=1e-4, atol=1e-4)
            np.testing.assert_allclose(other, want, rtol=1e-4, atol=1e-4)


def test_the_command_prints_a_row_per_batch_size(capsys):
    assert products.main(["--batch-sizes", "2,3", "--repeats", "1"]) == 0
    # Timed on one thread, the command gives the engine its second thread back.
    assert threads._enabled
    out = capsys.readouterr().out
    # ours as `bench` times them: large products in oneMKL (the test extra installs it)
    assert "one thread, CPU time, ours in oneMKL" in out
    rows = [line for line in out.splitlines() if line.startswith("| ")][1:]
    assert [row.split("|")[1].strip() for row in rows] == ["2", "3"]
    for row in rows:
        cells = [float(c.replace(",", "")) for c in row.strip("| ").split("|")[1:]]
        assert all(c > 0 for c in cells)


def test_bad_batch_sizes_get_one_message(capsys):
    with pytest.raises(SystemExit) as stop:
        products.main(["--batch-sizes", "ten"])
    assert stop.value.code == 2
    assert "whole numbers" in capsys.readouterr().err


def test_the_profile_counts_the_input_gradient_as_a_product():
    from playground.benchmarks.profile import _part

    assert _part("/x/playground/engine/fast/network.py", "input_gradient") == "matrix products"
    assert _part("/x/playground/engine/fast/network.py", "backward") == "other"


def test_whole_steps_add_pytorchs_step_and_our_products_share_of_it(capsys):
    assert products.main(["--batch-sizes", "50", "--repeats", "1", "--whole-steps", "sgd"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert lines[0].endswith("| PyTorch sgd step µs | ours / it |")
    cells = [float(c.replace(",", "")) for c in lines[1].strip("| ").split("|")]
    ours, their_step, share = cells[1], cells[6], cells[7]
    assert their_step > 0 and share == pytest.approx(ours / their_step, abs=0.006)


def test_whole_steps_take_only_the_optimizers_they_know(capsys):
    with pytest.raises(SystemExit) as stop:
        products.main(["--whole-steps", "sgd,lion"])
    assert stop.value.code == 2
    assert "--whole-steps takes sgd, momentum, adam" in capsys.readouterr().err
