"""Views' reads of a model that trains on another thread: left here by the view, run by the
training thread in the gap between two mini-batches, the answer picked up on the next ask."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Read = Callable[[Any], Any]  # fn(model) -> what the view draws


@dataclass(frozen=True)
class FailedRequest:
    error: Exception


class ModelMailbox:
    """One pending read per call site; its answer waits until that call site asks again."""

    def __init__(self) -> None:
        self._requests: dict[Any, Read] = {}
        self._answers: dict[Any, Any] = {}

    def ask(self, fn: Read) -> Any:
        """Leave ``fn`` to be run; the answer to this call site's previous request (or None).
        A read that raised raises here, in the view's own thread."""
        key = getattr(fn, "__code__", fn)  # one pending request per call site
        self._requests[key] = fn
        answer = self._answers.pop(key, None)
        if isinstance(answer, FailedRequest):
            raise answer.error
        return answer

    def answer(self, run: Callable[[Read], Any]) -> None:
        """Run every pending read with ``run(fn)`` (the training thread, between batches)."""
        while self._requests:
            try:
                key, fn = self._requests.popitem()
            except KeyError:  # emptied by another thread in between
                return
            try:
                self._answers[key] = run(fn)
            except Exception as exc:  # handed back to the view's own thread
                self._answers[key] = FailedRequest(exc)
