"""Shared test fixtures: Qt runs offscreen, the user's own folders are out of reach, and no
test may leave a thread running."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _private_home() -> Path:
    """Point HOME, the XDG folders, LOCALAPPDATA and the playground's cache at a temporary
    folder, before Qt or any test starts, so that nothing a test runs (nor a command it starts
    as a subprocess) reads or writes the user's cache, settings, presets or run library."""
    # pip's cache stays where it is: the wheel-install test takes dependencies from it.
    pip_cache = os.environ.get("PIP_CACHE_DIR") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip"
    )
    home = Path(tempfile.mkdtemp(prefix="nn-playground-tests-"))
    folders = {
        "HOME": home,
        "USERPROFILE": home,
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local" / "share",
        "XDG_STATE_HOME": home / ".local" / "state",
        "LOCALAPPDATA": home / "AppData" / "Local",
        "APPDATA": home / "AppData" / "Roaming",
        "NN_PLAYGROUND_CACHE_DIR": home / ".cache" / "nn-playground",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(folder)
    os.environ["PIP_CACHE_DIR"] = pip_cache
    return home


PRIVATE_HOME = _private_home()


def pytest_unconfigure(config) -> None:
    shutil.rmtree(PRIVATE_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def private_home() -> Path:
    """The temporary folder that stands in for the user's home during the tests."""
    return PRIVATE_HOME


@pytest.fixture(autouse=True)
def _no_leaked_threads():
    """Fail any test that leaves a Python thread running (QThreads are checked in tests/gui)."""
    before = set(threading.enumerate())
    yield
    leaked = []
    for thread in set(threading.enumerate()) - before:
        # A QThread that called threading.current_thread() shows up as a dummy entry that
        # cannot be joined; QThreads are checked by tests/gui/conftest.py instead.
        # Daemon threads (the engine's second thread sleeps between jobs for the life of the
        # process) are allowed to stay: waiting for them cost 2 s after the first test that
        # started one, in every mutant's run too.
        if isinstance(thread, threading._DummyThread) or thread.daemon:
            continue
        thread.join(timeout=2.0)
        if thread.is_alive():
            leaked.append(thread.name)
    if leaked:
        pytest.fail(f"test left threads running: {leaked}")
