"""Fixtures shared by the tests of the engine's fast paths."""

from __future__ import annotations

import pytest

from playground.engine.fast import fused


@pytest.fixture(params=["compiled", "numpy kernels"])
def update_path(request, monkeypatch):
    """The optimizer updates compiled to one pass (Numba, a test dependency) and the blocked
    NumPy kernels they replace where Numba is missing."""
    if request.param == "compiled":
        assert fused.numba() is not None, "Numba is part of the test dependencies"
    else:
        monkeypatch.setattr(fused, "enabled", False)
    return request.param
