"""The window's reader of a trainer's pipe, without a trainer process: a trainer that stops
answering and one whose pipe closes are reported as failures the window can show."""

from __future__ import annotations

import multiprocessing
import queue
import threading
from types import SimpleNamespace

from playground.training import TrainingConfig
from playground.training.trainer_child import Failure, TrainerSpec
from playground.training.trainer_process import TrainerProcess
from tests.patience import patience


def test_a_silent_trainer_is_reported_once_and_a_closed_pipe_as_its_death(synthetic):
    inbox: queue.Queue = queue.Queue()
    trainer = TrainerProcess(TrainerSpec(TrainingConfig(), synthetic), inbox.put, hang_seconds=0.05)
    trainer._conn.close()
    trainer._child_conn.close()
    trainer._conn, child_end = multiprocessing.Pipe()
    trainer.process = SimpleNamespace(join=lambda timeout=None: None, exitcode=-9)
    reader = threading.Thread(target=trainer._read, name="trainer reader", daemon=True)
    reader.start()
    try:
        first = inbox.get(timeout=patience(30))
    finally:
        child_end.close()
        reader.join(patience(30))
    hang = "The trainer has not answered for 0.05 seconds."
    assert first == ("failed", Failure("Hang", hang, hang))
    assert not reader.is_alive()
    died = "The trainer process ended unexpectedly (exit code -9)."
    messages = [inbox.get_nowait() for _ in range(inbox.qsize())]
    assert messages == [("failed", Failure("TrainerDied", died, died)), ("ended",)]
    trainer._conn.close()
