"""Timing the playground's own engine on the benchmark workload."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from playground.benchmarks.workload import build_model
from playground.engine.fast import mkl


class EngineRun:
    """Our model, its initial weights and the epoch's arrays, ready to be timed."""

    def __init__(self, optimizer: str, hyperparameters: dict[str, Any], x: np.ndarray, y):
        self.optimizer = optimizer
        self.hyperparameters = hyperparameters
        self.x, self.y = x, y
        self.clock = time.perf_counter  # or time.process_time: `bench --clock cpu`
        self.mkl_threads = 0  # >0: large products in oneMKL on this many threads
        model = build_model(optimizer, hyperparameters)
        self.initial_weights = [w.copy() for w in model.get_weights()]

    def fresh_model(self):
        """A new model with the initial weights and a new optimizer (no state carried over)."""
        model = build_model(self.optimizer, self.hyperparameters)
        model.set_weights(self.initial_weights)
        return model

    def train(self, batch_size: int, n_samples: int) -> float:
        """Seconds for ``model.fit`` over the first ``n_samples`` samples, in their order."""
        model = self.fresh_model()
        x, y = self.x[:n_samples], self.y[:n_samples]
        with mkl.products(self.mkl_threads):  # 0 threads: NumPy's BLAS, as before
            start = self.clock()
            model.fit(x, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
            return self.clock() - start
