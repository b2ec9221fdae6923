"""The stage controls both backpropagation pages share."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from playground.gui.concepts.backprop_stages import StageControls
from playground.gui.concepts.backprop_tiny import TinyBackpropPage


def _key(key: Qt.Key) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)


def test_the_controls_step_within_the_stages(qtbot):
    controls = StageControls()
    qtbot.addWidget(controls)
    controls.reset(4)
    assert controls.label.text() == "Stage 1 of 4"
    assert not controls.back_button.isEnabled() and controls.next_button.isEnabled()
    seen = []
    controls.stageChanged.connect(seen.append)
    qtbot.mouseClick(controls.next_button, Qt.MouseButton.LeftButton)
    assert controls.step_for_key(_key(Qt.Key.Key_Right))
    assert not controls.step_for_key(_key(Qt.Key.Key_A))  # the page's to handle
    controls.go(99)
    assert seen == [1, 2, 3]
    assert controls.label.text() == "Stage 4 of 4" and not controls.next_button.isEnabled()
    controls.reset(3)  # a shorter trace keeps the stage where it can
    assert controls.index == 2 and controls.label.text() == "Stage 3 of 3"
    controls.reset(3, keep_stage=False)
    assert controls.index == 0
    controls.reset(0)
    assert controls.label.text() == ""
    assert not controls.back_button.isEnabled() and not controls.next_button.isEnabled()
    controls.go(1)  # nothing to step through
    assert seen == [1, 2, 3]


def test_a_page_steps_through_its_shared_controls(qtbot):
    page = TinyBackpropPage()
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.stageChanged) as changed:
        qtbot.mouseClick(page.stages.next_button, Qt.MouseButton.LeftButton)
    assert changed.args == [1] and page.index == 1
    assert page.stages.label.text() == f"Stage 2 of {len(page.stage_list)}"
    page.reset_numbers()
    assert page.index == 0
