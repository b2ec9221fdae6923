"""Small IDX data sets written by the tests, and a private cache folder for every test."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from playground.data.idx import write_idx
from playground.data.mnist import FILES, SUMS_FILE


@pytest.fixture(scope="session")
def shared_cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture(autouse=True)
def _test_cache(shared_cache_dir, monkeypatch) -> None:
    """Keep every test away from the user's real cache folder (one cache for the session)."""
    monkeypatch.setenv("NN_PLAYGROUND_CACHE_DIR", str(shared_cache_dir))


@pytest.fixture
def private_cache(tmp_path_factory, monkeypatch) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("NN_PLAYGROUND_CACHE_DIR", str(folder))
    return folder


def synthetic_arrays(n_train: int = 60, n_test: int = 20, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": (np.arange(n_test) % 10).astype(np.uint8),
    }


def write_folder(
    folder: Path, arrays: dict[str, np.ndarray], *, gz: bool = True, sums: bool = False
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for key, stem in FILES.items():
        path = write_idx(folder / (stem + (".gz" if gz else "")), arrays[key])
        raw = folder / "raw.tmp"
        write_idx(raw, arrays[key])
        lines.append(f"{hashlib.sha256(raw.read_bytes()).hexdigest()}  {stem}")
        raw.unlink()
        assert path.exists()
    if sums:
        (folder / SUMS_FILE).write_text("\n".join(lines) + "\n")
    return folder


@pytest.fixture
def small_mnist(tmp_path, monkeypatch, private_cache) -> tuple[Path, dict[str, np.ndarray]]:
    """The bundled-MNIST loader pointed at a small synthetic copy with its checksums."""
    arrays = synthetic_arrays()
    folder = write_folder(tmp_path / "mnist", arrays, sums=True)
    monkeypatch.setattr("playground.data.mnist.mnist_dir", lambda: folder)
    return folder, arrays


@pytest.fixture
def make_arrays():
    return synthetic_arrays


@pytest.fixture
def make_folder():
    return write_folder


@pytest.fixture
def deny_reading(monkeypatch):
    """``deny_reading(path)``: opening that one path raises PermissionError, as it would for a
    file the user may not read (the tests run as root, who reads everything)."""
    real_open = Path.open

    def deny(path: Path) -> None:
        def denied(self, *args, **kwargs):
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", denied)

    return deny
