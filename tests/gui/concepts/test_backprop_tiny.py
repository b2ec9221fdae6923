"""The board example: every stage printed, its numbers are the trace's, and they agree with the
classic worked example of one backpropagation step (inputs 0.05, 0.10; targets 0.01, 0.99)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from playground.gui.concepts.backprop_tiny import TinyBackpropPage, number_names

NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def printed_numbers(page: TinyBackpropPage) -> list[float]:
    return [float(t.replace("−", "-")) for t in NUMBER.findall(page.printed_text())]


def assert_printed(page: TinyBackpropPage, values) -> None:
    printed = np.array(printed_numbers(page))
    for value in np.ravel(values):
        close = np.isclose(printed, value, rtol=6e-4, atol=6e-7)
        assert close.any(), f"{value} is not printed at stage {page.index + 1}"


def stage_values(page: TinyBackpropPage) -> list[np.ndarray]:
    """The trace's numbers that the current stage must show."""
    trace, stage = page.trace, page.stage_list[page.index]
    if stage.kind == "input":
        return [trace.layers[0].inputs]
    if stage.kind == "forward":
        step = trace.layers[stage.layer]
        return [step.z, step.a, step.kernel_before, step.bias_before]
    if stage.kind == "loss":
        return [trace.per_example, page.network.target]
    if stage.kind == "delta":
        return [trace.layers[stage.layer].delta]
    if stage.kind == "gradients":
        return [g for s in trace.layers for g in (s.grad_kernel, s.grad_bias)]
    return [w for s in trace.layers for w in (s.kernel_after, s.bias_after)]


@pytest.fixture
def page(qtbot):
    widget = TinyBackpropPage()
    widget.resize(1100, 650)
    widget.show()
    qtbot.addWidget(widget)
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("shape", ["2-2-2", "3-3-2"])
@pytest.mark.parametrize("loss", [0, 1])
def test_arrow_keys_walk_every_stage_printing_the_traces_numbers(page, qtbot, shape, loss):
    page.shape_box.setCurrentText(shape)
    page.loss_box.setCurrentIndex(loss)
    page.diagram.setFocus()
    kinds = []
    for expected in range(len(page.stage_list)):
        qtbot.waitUntil(lambda i=expected: page.index == i)
        kinds.append(page.stage_list[page.index].kind)
        for values in stage_values(page):
            assert_printed(page, values)
        with qtbot.waitSignal(page.stageChanged):
            qtbot.keyClick(page.diagram, Qt.Key.Key_Right)
    assert kinds == ["input", "forward", "forward", "loss", "delta", "delta", "gradients", "update"]
    assert not page.next_button.isEnabled()
    qtbot.keyClick(page.diagram, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: page.stage_list[page.index].kind == "gradients")


def test_the_classic_worked_example_comes_out(page, qtbot):
    """Numbers of the well-known hand-worked step (sigmoid, ½Σ(a − y)², η = 0.5), which the
    engine's mean squared error over two outputs equals."""
    expected = {
        1: [0.3775, 0.593269992],  # z and a of the first hidden neuron
        2: [0.75136507, 0.772928465],  # the outputs
        3: [0.298371109],  # the loss
        4: [0.138498562],  # δ of the first output
        6: [0.082167041],  # ∂C/∂w5
        7: [0.35891648, 0.511301270, 0.408666186, 0.561370121, 0.149780716],  # updated weights
    }
    for index, values in expected.items():
        page.go(index)
        assert_printed(page, values)
    assert "softmax" not in page.printed_text()


def test_softmax_cross_entropy_says_p_minus_y(page, qtbot):
    page.loss_box.setCurrentIndex(1)
    page.go(4)
    text = page.formula.toPlainText()
    assert "p − y" in text
    out = page.trace.layers[-1]
    np.testing.assert_allclose(out.delta[0], out.a[0] - page.network.target)


def test_editing_a_weight_recomputes_and_a_bad_value_is_refused(page, qtbot):
    rows = [key for _, key in number_names(page.network)]
    row = rows.index(("kernel", 1, 0, 0))
    page.go(6)
    before = page.trace.layers[1].grad_kernel.copy()
    with qtbot.waitSignal(page.stageChanged):
        page.table.item(row, 1).setText("-0.7")
    assert page.network.kernels[1][0, 0] == -0.7
    assert page.index == 6  # the stage stays
    assert not np.allclose(page.trace.layers[1].grad_kernel, before)
    assert_printed(page, page.trace.layers[1].grad_kernel)
    page.table.item(row, 1).setText("lots")
    assert page.network.kernels[1][0, 0] == -0.7
    assert page.message.text()
    assert page.table.item(row, 1).text() == "-0.7"
    page.table.item(row, 1).setText("1e9")
    assert "between" in page.message.text()


def test_gradient_check_agrees_with_backprop(page, qtbot):
    page.check_box.setCurrentIndex(page.check_box.count() - 1)
    numbers = NUMBER.findall(page.check_result.text())
    numeric, backprop = float(numbers[1]), float(numbers[2])  # after the "2" of 2ε
    assert backprop == pytest.approx(page.trace.layers[-1].grad_kernel[-1, -1], rel=1e-6)
    assert numeric == pytest.approx(backprop, rel=1e-6)


def test_continue_from_the_new_weights_takes_the_next_update(page, qtbot):
    page.optimizer_box.setCurrentText("adam")
    after = page.trace.layers[0].kernel_after.copy()
    page.apply_button.click()
    np.testing.assert_array_equal(page.network.kernels[0], after)
    assert page.trace.iteration == 2 and page.index == 0
    page.go(len(page.stage_list) - 1)
    assert "t = 2" in page.formula.toPlainText()


def test_the_texts_switch_language_live(page, qtbot):
    from PySide6.QtCore import QCoreApplication

    from playground.gui import i18n

    page.go(5)
    try:
        i18n.install_translators(QCoreApplication.instance(), "zh_TW")
        # Texts on screen switch at once; the page's own formulas on its LanguageChange event.
        qtbot.waitUntil(lambda: "反向傳播到第 1 層" in page.formula.toPlainText())
        assert page.apply_button.text() == "從新的權重繼續"
        assert page.diagram.titles[0] == "輸入"
    finally:
        i18n.install_translators(QCoreApplication.instance(), "en")
    qtbot.waitUntil(lambda: page.apply_button.text() == "Continue from the new weights")
