"""Training in its own process, so drawing never competes with it for the interpreter lock.

``TrainerProcess`` starts the trainer (``multiprocessing`` spawn, as in the packaged app),
sends it commands and hands each message it streams back to ``on_message`` on a reader
thread: ``("ready", snapshot, weights)``, ``("event", event)``, ``("snapshot", snapshot,
weights)``, ``("run_ended",)``, ``("failed", Failure)``, ``("alive", t)``, ``("ended",)``.
A trainer that dies or stops answering is reported as ``("failed", Failure)`` too. Headless
commands train in-process instead.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

from playground.training.trainer_child import Failure, TrainerSpec, child_main

HANG_SECONDS = 10.0  # no sign of life for this long: the trainer is reported as hung

Message = tuple[Any, ...]


class TrainerProcess:
    """One trainer process: start it, command it, stop it within a second."""

    def __init__(
        self,
        spec: TrainerSpec,
        on_message: Callable[[Message], None],
        *,
        hang_seconds: float = HANG_SECONDS,
    ) -> None:
        self.spec = spec
        self._on_message = on_message
        self._hang_seconds = hang_seconds
        context = multiprocessing.get_context("spawn")
        self._conn, child_conn = context.Pipe(duplex=True)
        self.process = context.Process(
            target=child_main, args=(child_conn, spec), name="nn-playground trainer", daemon=True
        )
        self._child_conn = child_conn
        self._reader: threading.Thread | None = None
        self._stopping = False
        self._send_lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def start(self) -> None:
        self.process.start()
        self._child_conn.close()  # only the child holds its end: its death closes the pipe
        self._reader = threading.Thread(target=self._read, name="trainer reader", daemon=True)
        self._reader.start()

    def is_alive(self) -> bool:
        return self.process.is_alive()

    def send(self, *command: Any) -> bool:
        """A command for the trainer (see ``trainer_child._Child.obey``); False if it is gone."""
        try:
            with self._send_lock:
                self._conn.send(command)
        except (OSError, EOFError, ValueError):
            return False
        return True

    def stop(self, timeout: float = 1.0) -> bool:
        """Ask the trainer to stop and wait; end it by force if it does not within
        ``timeout`` seconds. True when it stopped by itself."""
        self._stopping = True
        self.send("quit")
        self.process.join(timeout)
        clean = not self.process.is_alive()
        if not clean:
            self.process.kill()
            self.process.join(1.0)
        # The reader sees the trainer's last message or the closed pipe, then ends.
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(1.0)
        with self._send_lock:
            self._conn.close()
        return clean

    # -- the reader thread -------------------------------------------------------------------
    def _read(self) -> None:
        conn, hung = self._conn, False
        while True:
            try:
                if not conn.poll(self._hang_seconds):
                    if not hung and not self._stopping:
                        hung = True
                        self._report("Hang", "The trainer has not answered for "
                                     f"{self._hang_seconds:g} seconds.")  # fmt: skip
                    continue
                message = conn.recv()
            except (OSError, EOFError):
                break
            hung = False
            self._on_message(message)
            if message[0] == "ended":
                return
        self.process.join(1.0)
        if not self._stopping:
            code = self.process.exitcode
            self._report(
                "TrainerDied", f"The trainer process ended unexpectedly (exit code {code})."
            )
        self._on_message(("ended",))

    def _report(self, kind: str, message: str) -> None:
        self._on_message(("failed", Failure(kind, message, message)))
