"""Views' reads of a model that trains on another thread: asked now, answered between two
mini-batches, picked up on the next ask from the same place."""

from __future__ import annotations

import functools

import pytest

from playground.training.model_mailbox import ModelMailbox


def _run_on(model):
    return lambda fn: fn(model)


def test_an_answer_comes_on_the_next_ask_from_the_same_place():
    box = ModelMailbox()

    def read():
        return box.ask(lambda m: m * 2)

    assert read() is None  # nothing answered yet
    box.answer(_run_on(21))
    assert read() == 42
    assert read() is None  # taken; the read is pending again
    box.answer(_run_on(5))
    assert read() == 10


def test_one_pending_read_per_place_and_each_place_its_own_answer():
    box, runs = ModelMailbox(), []

    def run(fn):
        runs.append(fn)
        return fn("model")

    for _ in range(3):
        box.ask(lambda m: f"diagram of {m}")  # the same place three times: one read
    box.ask(lambda m: f"matrix of {m}")  # another place
    box.answer(run)
    assert len(runs) == 2
    assert box.ask(lambda m: f"matrix of {m}") is None  # a new place: nothing for it
    assert box.ask(lambda m: f"diagram of {m}") is None


def test_places_are_told_apart_by_their_code_or_by_the_callable():
    box = ModelMailbox()

    def shape(model, what):
        return f"{what} of {model}"

    weights = functools.partial(shape, what="weights")  # no __code__: the object is the key
    biases = functools.partial(shape, what="biases")
    box.ask(weights)
    box.ask(biases)
    box.answer(_run_on("m"))
    assert box.ask(weights) == "weights of m" and box.ask(biases) == "biases of m"


def test_answering_with_nothing_asked_runs_nothing():
    box = ModelMailbox()
    box.answer(lambda fn: pytest.fail("nothing was asked"))


def test_a_read_that_failed_raises_in_the_asking_thread_once():
    box = ModelMailbox()

    def broken(model):
        raise ValueError(f"cannot read {model}")

    box.ask(broken)
    box.answer(_run_on("m"))  # the training thread never sees the error
    with pytest.raises(ValueError, match=r"^cannot read m$"):
        box.ask(broken)
    assert box.ask(broken) is None  # the failure was handed over; asked anew
