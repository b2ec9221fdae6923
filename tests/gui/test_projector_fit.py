"""Every view at projector sizes, in English and Traditional Chinese, normal and presentation
mode, after real training steps: the window fits its screen, no text is cut off, and while
presenting no text (pyqtgraph's and painted text included) is smaller than the body font.

A screen's size is fixed when Qt starts, so each size is rendered by ``projector_check.py``
in a process of its own; the cases below read its report.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from playground.gui.concepts import concept_views
from playground.gui.live_views import PLOT_KEYS

HERE = Path(__file__).resolve().parent
# Every view the window hosts, read from its tables: a view added there is checked here too.
VIEWS = PLOT_KEYS + tuple(spec.key for spec in concept_views())
LANGUAGES = ("en", "zh_TW")
# (screen, modes): the lecture's projectors in both modes; the old 4:3 one when presenting.
SCREENS = {
    (1280, 720): ("normal", "presentation"),
    (1920, 1080): ("normal", "presentation"),
    (1024, 768): ("presentation",),
}
CASES = [
    pytest.param(size, language, mode, view, id=f"{size[0]}x{size[1]}-{language}-{mode}-{view}")
    for size, modes in SCREENS.items()
    for language in LANGUAGES
    for mode in modes
    for view in VIEWS
]


@functools.cache
def report(width: int, height: int) -> dict[tuple[str, str, str], list[str]]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    modes = ",".join(SCREENS[(width, height)])
    script = str(HERE / "projector_check.py")
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", script, str(width), str(height), modes],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    found = {}
    finished = False
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            if row.get("done"):
                finished = True
                continue
            found[row["language"], row["mode"], row["view"]] = row["problems"]
    if done.returncode != 0 or not found or not finished:
        raise AssertionError(f"the render failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return found


@pytest.mark.parametrize(("size", "language", "mode", "view"), CASES)
def test_view_fits_and_reads_at_projector_size(size, language, mode, view):
    found = report(*size)
    assert (language, mode, view) in found, f"{view} was not rendered: {sorted(found)}"
    problems = found[language, mode, view]
    assert not problems, "\n".join(problems)


def test_every_tab_the_window_shows_is_a_view_of_the_table():
    rendered = {view for _language, _mode, view in report(1280, 720)}
    assert rendered == set(VIEWS), f"tabs outside the view table: {rendered - set(VIEWS)}"
