"""The tests run away from the user's own cache and settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playground.data import cache


def test_the_cache_and_home_are_private(private_home: Path):
    assert Path.home() == private_home
    assert cache.user_cache_dir().is_relative_to(private_home)
    # a command started by a test inherits the same private folders
    found = subprocess.run(
        [sys.executable, "-c", "from playground.data import cache; print(cache.user_cache_dir())"],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    ).stdout.strip()
    assert Path(found).is_relative_to(private_home)
