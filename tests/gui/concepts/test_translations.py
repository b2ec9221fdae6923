"""Every user-visible string has a Traditional Chinese translation, and the .ts is current."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QCoreApplication

from playground.gui import i18n


def test_every_message_is_translated():
    messages = i18n.read_ts(i18n.ts_path("zh_TW"))
    assert messages, "the zh_TW catalogue is empty"
    missing = [f"[{m.context}] {m.source!r}" for m in messages if not m.finished]
    assert not missing, (
        "strings without a zh_TW translation (run `python -m playground.gui.i18n --update`, "
        "then translate them in resources/translations/nn_playground_zh_TW.ts):\n"
        + "\n".join(missing)
    )


def test_ts_is_up_to_date_with_the_sources(tmp_path):
    fresh = tmp_path / "nn_playground_zh_TW.ts"
    shutil.copy(i18n.ts_path("zh_TW"), fresh)
    i18n.run_lupdate(fresh)
    shipped = {(m.context, m.source) for m in i18n.read_ts(i18n.ts_path("zh_TW"))}
    current = {(m.context, m.source) for m in i18n.read_ts(fresh)}
    assert current - shipped == set(), "strings in the code but not in the .ts: run --update"
    assert shipped - current == set(), "strings in the .ts no longer in the code: run --update"


def test_placeholders_survive_translation():
    import re

    for m in i18n.read_ts(i18n.ts_path("zh_TW")):
        fields = sorted(re.findall(r"\{[^}]*\}", m.source))
        assert sorted(re.findall(r"\{[^}]*\}", m.translation)) == fields, m.source


def test_qm_is_built_from_the_current_ts(tmp_path):
    qm = tmp_path / "zh_TW.qm"
    i18n.run_lrelease(i18n.ts_path("zh_TW"), qm)
    assert qm.read_bytes() == i18n.qm_path("zh_TW").read_bytes(), "run --update to rebuild the .qm"


def test_switching_language_translates_live(qtbot):
    from playground.gui.concepts.neuron import NeuronView

    app = QCoreApplication.instance()
    view = NeuronView()
    qtbot.addWidget(view)
    try:
        i18n.install_translators(app, "zh_TW")
        qtbot.waitUntil(lambda: view.activation_label.text() == "激活函數")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        i18n.install_translators(app, "en")
    qtbot.waitUntil(lambda: view.activation_label.text() == "Activation")


@pytest.mark.parametrize(
    ("code", "expected"), [("zh-TW", "zh_TW"), ("zh_Hant_HK", "zh_TW"), ("fr", "en"), (None, "en")]
)
def test_language_codes(code, expected):
    assert i18n.normalise(code) == expected
