"""The responsiveness benchmark runs and reports each of its figures (their size is not tested)."""

from __future__ import annotations

import re

from playground.commands import responsiveness


def test_reports_load_and_stop_times(capsys):
    assert responsiveness.main(["--repeats", "1"]) == 0
    out = capsys.readouterr().out
    for what in ("MNIST cold load", "MNIST warm load", "Stop to thread end (worst of 1)"):
        row = next(line for line in out.splitlines() if what in line)
        seconds = float(re.search(r"\| ([0-9.]+) s \|", row).group(1))
        assert seconds >= 0
