"""How long a test waits for another thread to reach a state.

Under mutation testing (`tests/mutation/run.py` sets PLAYGROUND_TEST_PATIENCE) a mutant that
never stops a run loop should fail in seconds rather than after the full wait: every such
mutant would otherwise cost a group the longest wait of its tests.
"""

from __future__ import annotations

import os

_SCALE = float(os.environ.get("PLAYGROUND_TEST_PATIENCE", "1"))


def patience(seconds: float) -> float:
    """``seconds``, scaled by PLAYGROUND_TEST_PATIENCE (1 unless set)."""
    return seconds * _SCALE
