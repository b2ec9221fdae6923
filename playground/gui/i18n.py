"""Languages: English (the source strings) and Traditional Chinese (zh_TW) through Qt's translators.

The app's strings are wrapped in ``self.tr`` / ``QCoreApplication.translate``; their Chinese
lives in ``resources/translations/nn_playground_zh_TW.ts`` (edit it with Qt Linguist or by hand)
and is compiled to the ``.qm`` the app loads. After changing user-visible strings, refresh both:

    python -m playground.gui.i18n --update     # lupdate the .ts from playground/gui, lrelease
    python -m playground.gui.i18n --check      # list strings still without a translation

Qt's own dialogs (file dialogs, message-box buttons) use ``qtbase_zh_TW.qm`` shipped with
PySide6.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from playground.resources import resource_path

LANGUAGES = {"en": "English", "zh_TW": "繁體中文"}
DEFAULT_LANGUAGE = "en"
SETTINGS_KEY = "ui/language"
CATALOG = "nn_playground"
QT_CATALOGS = ("qtbase",)  # Qt's own strings: standard dialogs and buttons

_installed: list[QTranslator] = []
_current = [DEFAULT_LANGUAGE]


def current_language() -> str:
    """The language last installed with ``install_translators``."""
    return _current[0]


def translations_dir() -> Path:
    return resource_path("translations")


def ts_path(language: str = "zh_TW") -> Path:
    return translations_dir() / f"{CATALOG}_{language}.ts"


def qm_path(language: str = "zh_TW") -> Path:
    return translations_dir() / f"{CATALOG}_{language}.qm"


def normalise(language: str | None) -> str:
    """A language code we ship: zh_TW for Traditional Chinese locales, otherwise English."""
    if not language:
        return DEFAULT_LANGUAGE
    code = language.replace("-", "_")
    if code in LANGUAGES:
        return code
    if code.startswith(("zh_TW", "zh_HK", "zh_MO", "zh_Hant")):
        return "zh_TW"
    return DEFAULT_LANGUAGE


def system_language() -> str:
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese and (
        locale.script() == QLocale.Script.TraditionalHanScript
        or locale.territory() in (QLocale.Country.Taiwan, QLocale.Country.HongKong)
    ):
        return "zh_TW"
    return DEFAULT_LANGUAGE


def saved_language() -> str:
    """The language chosen last time (QSettings), else the system's if we ship it."""
    value = QSettings().value(SETTINGS_KEY, None)
    return normalise(str(value)) if value else system_language()


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Replace the installed translators with those of ``language``; returns them.

    Installing sends LanguageChange to every widget, so views that build their texts in
    ``retranslate_ui()`` switch language live; every other text already on screen (menus,
    tabs, panels, status, plot labels) is switched from the catalogue (``retranslate``).
    """
    language = normalise(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current[0] = language
    QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
    if language != DEFAULT_LANGUAGE:
        _install(app, language)
    if isinstance(app, QApplication) and app.topLevelWidgets():
        from playground.gui.retranslate import retranslate_widgets

        retranslate_widgets()
    return list(_installed)


def _install(app: QCoreApplication, language: str) -> None:
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"{catalog}_{language}", qt_dir) for catalog in QT_CATALOGS]
    candidates.append((f"{CATALOG}_{language}", str(translations_dir())))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)


def has_cjk_font() -> bool:
    """Whether any installed font can show Traditional Chinese."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.TraditionalChinese)
    return bool(families)


def missing_font_message() -> str:
    # In English on purpose: without a CJK font, Chinese text would show as empty boxes.
    return (
        "No Chinese font found: Chinese text may show as boxes. Install one, e.g. "
        "'sudo apt install fonts-noto-cjk' (Linux); Windows and macOS include one."
    )


def set_language(app: QCoreApplication, language: str, window=None) -> str:
    """Switch language now, remember it, and warn (status bar) when no CJK font is installed."""
    language = normalise(language)
    install_translators(app, language)
    QSettings().setValue(SETTINGS_KEY, language)
    if language == "zh_TW" and not has_cjk_font():
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(missing_font_message(), 15000)
        else:
            print(missing_font_message(), file=sys.stderr)
    return language


# -- keeping the .ts up to date ----------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    finished: bool  # a translation that is non-empty and not marked unfinished or obsolete


def gui_sources() -> list[Path]:
    gui = Path(__file__).resolve().parent
    return sorted(p for p in gui.rglob("*.py") if "__pycache__" not in p.parts)


def _tool(name: str) -> str:
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (folder / name, folder / f"{name}.exe", folder / "Qt" / "libexec" / name):
        if candidate.is_file():
            return str(candidate)
    raise FileNotFoundError(f"{name} not found next to PySide6 in {folder}")


def run_lupdate(ts_file: Path, sources: list[Path] | None = None) -> None:
    """Extract the strings of ``sources`` (default: all of playground/gui) into ``ts_file``.

    Existing translations in ``ts_file`` are kept; strings no longer in the code are dropped.
    """
    files = [str(p) for p in (sources or gui_sources())]
    cmd = [_tool("lupdate"), "-silent", "-locations", "none", "-no-obsolete"]
    cmd += ["-source-language", "en", "-target-language", ts_file.stem.removeprefix(f"{CATALOG}_")]
    subprocess.run([*cmd, *files, "-ts", str(ts_file)], check=True, capture_output=True)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    cmd = [_tool("lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)]
    subprocess.run(cmd, check=True, capture_output=True)


def read_ts(ts_file: Path) -> list[Message]:
    messages = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            kind = tr.get("type", "") if tr is not None else "unfinished"
            if tr is not None and tr.findall("numerusform"):
                texts = [n.text or "" for n in tr.findall("numerusform")]
            else:
                texts = [(tr.text or "") if tr is not None else ""]
            finished = kind not in ("unfinished", "obsolete", "vanished") and all(
                t.strip() for t in texts
            )
            messages.append(
                Message(name, message.findtext("source", ""), " | ".join(texts), finished)
            )
    return messages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m playground.gui.i18n",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--update", action="store_true", help="lupdate the .ts, then lrelease")
    parser.add_argument("--check", action="store_true", help="list untranslated strings")
    args = parser.parse_args(argv)
    if not (args.update or args.check):
        parser.print_help()
        return 2
    for language in LANGUAGES:
        if language == DEFAULT_LANGUAGE:
            continue
        ts, qm = ts_path(language), qm_path(language)
        if args.update:
            run_lupdate(ts)
            run_lrelease(ts, qm)
        missing = [m for m in read_ts(ts) if not m.finished]
        print(f"{ts.name}: {len(read_ts(ts))} strings, {len(missing)} without a translation")
        if args.check:
            for m in missing:
                print(f"  [{m.context}] {m.source!r}")
        if args.check and missing:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
