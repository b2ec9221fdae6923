"""Small data sets for the training tests: a synthetic one and a 1,000-digit MNIST subset."""

from __future__ import annotations

import dataclasses
import queue
import threading
import time
from collections.abc import Callable

import numpy as np
import pytest

from playground.data import Dataset
from playground.training import TrainingConfig
from tests.patience import patience


def make_synthetic(n_train: int = 600, n_test: int = 200, seed: int = 0) -> Dataset:
    """Ten classes, each a fixed random 28x28 pattern plus noise: quick to learn."""
    rng = np.random.default_rng(seed)
    prototypes = rng.uniform(0, 255, size=(10, 28, 28))

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % 10
        rng.shuffle(y)
        x = prototypes[y] + rng.normal(0, 60, size=(n, 28, 28))
        return np.clip(x, 0, 255).astype(np.uint8), y.astype(np.uint8)

    x_train, y_train = draw(n_train)
    x_test, y_test = draw(n_test)
    return Dataset("Synthetic", x_train, y_train, x_test, y_test, tuple(str(d) for d in range(10)))


@pytest.fixture(scope="session")
def synthetic() -> Dataset:
    return make_synthetic()


@pytest.fixture
def synthetic_factory() -> Callable[..., Dataset]:
    return make_synthetic


@pytest.fixture(scope="session")
def mnist() -> Dataset:
    from playground.data.datasets import load_dataset

    return load_dataset("mnist")


@pytest.fixture
def small_config() -> TrainingConfig:
    return TrainingConfig(
        hidden=(32,), activation="relu", optimizer="sgd", learning_rate=0.1, batch_size=50, epochs=3
    )


class EventLog:
    """Collects a run's events (from the training thread) and waits for conditions on them."""

    def __init__(self) -> None:
        self.events: list = []
        self._changed = threading.Condition()
        self.queue: queue.Queue = queue.Queue()

    def __call__(self, event) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def of(self, kind: type) -> list:
        with self._changed:
            return [e for e in self.events if isinstance(e, kind)]

    def wait_for(self, predicate: Callable[[list], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + patience(timeout)
        with self._changed:
            while not predicate(self.events):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"condition not met; events: {self.events[-5:]}")
                self._changed.wait(remaining)


class RunThread:
    """session.run(control, log) on a thread, joined at the end of the test."""

    def __init__(self, session, control) -> None:
        self.log = EventLog()
        self.thread = threading.Thread(
            target=session.run, args=(control, self.log), name="training-test"
        )
        self.control = control
        self.thread.start()

    def finish(self, timeout: float = 10.0) -> None:
        self.control.stop()
        self.thread.join(patience(timeout))
        assert not self.thread.is_alive()


@pytest.fixture
def start_run():
    threads: list[RunThread] = []

    def start(session, control) -> RunThread:
        rt = RunThread(session, control)
        threads.append(rt)
        return rt

    yield start
    for rt in threads:
        rt.finish()


@pytest.fixture
def plan_at_normal_priority(monkeypatch):
    """The trainer's own thread plan, at normal priority: the plan lowers the engine's shared
    second thread for the life of the process, which would slow every later test."""
    from playground.training import blas_threads

    plan = dataclasses.replace(blas_threads.plan_beside_window(), background_nice=0)
    monkeypatch.setattr(blas_threads, "plan_beside_window", lambda cpus=None: plan)
