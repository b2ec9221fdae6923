"""Optimizer settings and saved state: Keras's ranges, one clear message, what a reload keeps."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import optimizers

# (optimizer, argument, a value outside its range, the message's range)
OUT_OF_RANGE = [
    (name, arg, bad, between)
    for name in ("adam", "adamax", "nadam")
    for arg in ("beta_1", "beta_2")
    for bad, between in ((1.5, "between 0 and 1"), (-0.1, "between 0 and 1"))
] + [
    ("sgd", "momentum", 1.01, "between 0 and 1"),
    ("rmsprop", "momentum", -0.5, "between 0 and 1"),
    ("rmsprop", "rho", 1.2, "between 0 and 1"),
    ("adadelta", "rho", 2.0, "between 0 and 1"),
    ("adagrad", "initial_accumulator_value", -0.1, "between 0 and inf"),
    ("adam", "epsilon", -1e-7, "between 0 and inf"),
]


@pytest.mark.parametrize(("name", "arg", "bad", "between"), OUT_OF_RANGE)
def test_a_value_out_of_range_is_refused_naming_the_argument_and_range(
    name, arg, bad, between
) -> None:
    with pytest.raises(ValueError, match=f"^{arg} must be {between}, got {bad!r}$"):
        optimizers.get(name, **{arg: bad})


@pytest.mark.parametrize("name", ["adam", "adamax", "nadam"])
def test_betas_at_the_ends_of_their_range_are_accepted(name) -> None:
    for beta in (0.0, 1.0):
        optimizer = optimizers.get(name, beta_1=beta, beta_2=beta)
        assert (optimizer.beta_1, optimizer.beta_2) == (beta, beta)


def test_a_value_that_is_not_a_number_is_refused_naming_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^initial_accumulator_value must be a number"):
        optimizers.Adagrad(initial_accumulator_value="lots")
    with pytest.raises(ValueError, match=r"^beta_2 must be a number"):
        optimizers.Adamax(beta_2=True)
    with pytest.raises(ValueError, match=r"^epsilon must be greater than 0"):
        optimizers.RMSprop(epsilon=0.0)


def test_repr_reads_like_the_call_that_makes_it() -> None:
    assert repr(optimizers.SGD(learning_rate=0.1, momentum=0.5)) == (
        "SGD(learning_rate=0.1, momentum=0.5, nesterov=False)"
    )
    assert repr(optimizers.Adagrad()) == (
        "Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)"
    )


def _steps(optimizer, w, grads) -> None:
    for g in grads:
        optimizer.apply_gradients([(g, w)])


@pytest.mark.parametrize("beta_1", [0.0, 0.9])
def test_nadam_state_round_trips_from_fresh_and_with_no_momentum(beta_1) -> None:
    # beta_1 = 0 makes Nadam's momentum product exactly 0; a fresh one's is exactly 1.
    grads = [np.full(3, v, np.float32) for v in (0.5, -1.0, 2.0, 0.25)]
    w_a = np.ones(3, np.float32)
    _steps(optimizers.Nadam(beta_1=beta_1), w_a, grads)
    for done in (0, 2):
        w_b = np.ones(3, np.float32)
        b = optimizers.Nadam(beta_1=beta_1)
        _steps(b, w_b, grads[:done])
        scalars, arrays = b.get_state()
        c = optimizers.Nadam(beta_1=beta_1)
        c.set_state(scalars, arrays, [w_b])
        _steps(c, w_b, grads[done:])
        np.testing.assert_array_equal(w_a, w_b)


@pytest.mark.parametrize("u_product", ["0.5", True, float("nan"), -0.1, 1.5, 2.0])
def test_nadam_refuses_a_damaged_momentum_product(u_product) -> None:
    w = np.ones(3, np.float32)
    scalars, arrays = optimizers.Nadam().get_state()
    scalars["u_product"] = u_product
    with pytest.raises(ValueError, match=r"^Nadam u_product must be"):
        optimizers.Nadam().set_state(scalars, arrays, [w])


def test_a_switch_that_is_not_true_or_false_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"^centered must be True or False, got 'yes'$"):
        optimizers.RMSprop(centered="yes")
    with pytest.raises(ValueError, match=r"^amsgrad must be True or False, got 1$"):
        optimizers.Adam(amsgrad=1)
    with pytest.raises(ValueError, match=r"^nesterov must be True or False, got None$"):
        optimizers.SGD(nesterov=None)


def test_sgd_keeps_momentum_only_when_it_has_some() -> None:
    for momentum, kept in ((0.0, {}), (0.5, {"momentum"}), (1.0, {"momentum"})):
        w = np.ones(2, np.float32)
        optimizer = optimizers.SGD(learning_rate=0.1, momentum=momentum)
        optimizer.apply_gradients([(np.ones(2, np.float32), w)])
        optimizer.apply_gradients([(np.ones(2, np.float32), w)])
        assert set(optimizer.slots(w)) == set(kept)
        # two steps of 0.1 each, the second one carrying `momentum` times the first
        np.testing.assert_allclose(w, 1 - 0.1 * (2 + momentum), rtol=1e-6)


def test_state_of_an_array_it_does_not_update_is_refused() -> None:
    optimizer = optimizers.Adam()
    w = np.ones(2, np.float32)
    optimizer.apply_gradients([(np.ones(2, np.float32), w)])
    with pytest.raises(
        ValueError,
        match=r"^this optimizer keeps no state for that array \(not one of its parameters\)$",
    ):
        optimizer.slots(w.copy())


def _saved_adam():
    w = np.ones((2, 3), np.float32)
    optimizer = optimizers.Adam()
    optimizer.apply_gradients([(np.ones((2, 3), np.float32), w)])
    scalars, arrays = optimizer.get_state()
    return w, scalars, arrays


@pytest.mark.parametrize("iterations", [-1, 2.5, True, "3", None])
def test_a_damaged_step_count_is_refused(iterations) -> None:
    w, scalars, arrays = _saved_adam()
    scalars["iterations"] = iterations
    message = rf"^optimizer iterations must be an integer >= 0, got {iterations!r}$"
    with pytest.raises(ValueError, match=message):
        optimizers.Adam().set_state(scalars, arrays, [w])


def test_a_damaged_optimizer_state_is_refused_saying_what_is_wrong() -> None:
    w, scalars, arrays = _saved_adam()
    with pytest.raises(ValueError, match=r"^optimizer state lacks 'built'$"):
        optimizers.Adam().set_state({"iterations": 1}, arrays, [w])
    renamed = {"momentum/0": arrays["momentum/0"], "speed/0": arrays["velocity/0"]}
    with pytest.raises(
        ValueError,
        match=r"^optimizer state arrays do not match: missing \['velocity/0'\], "
        r"extra \['speed/0'\]$",
    ):
        optimizers.Adam().set_state(scalars, renamed, [w])
    reshaped = dict(arrays, **{"velocity/0": np.zeros((3, 2), np.float32)})
    with pytest.raises(
        ValueError,
        match=r"^optimizer state 'velocity/0' has shape \(3, 2\), expected \(2, 3\)$",
    ):
        optimizers.Adam().set_state(scalars, reshaped, [w])


def test_an_optimizer_is_kept_to_the_parameters_it_was_built_for() -> None:
    optimizer = optimizers.SGD(momentum=0.9)
    w, b = np.ones(3, np.float32), np.ones(1, np.float32)
    optimizer.apply_gradients([(np.ones(3, np.float32), w), (np.ones(1, np.float32), b)])
    with pytest.raises(
        ValueError,
        match=r"^this optimizer was built for 2 parameters, got 1; "
        r"use a new optimizer for a different model$",
    ):
        optimizer.apply_gradients([(np.ones(3, np.float32), w)])


def test_settings_go_with_a_name_not_with_a_ready_optimizer() -> None:
    adam = optimizers.Adam()
    assert optimizers.get(adam) is adam
    with pytest.raises(
        ValueError, match=r"^keyword arguments are only allowed with an optimizer name$"
    ):
        optimizers.get(adam, learning_rate=0.1)


def test_a_saved_config_with_more_settings_makes_the_optimizer_it_names() -> None:
    made = optimizers.get({"name": "adam", "beta_1": 0.8}, learning_rate=0.02)
    assert (type(made), made.beta_1, made.learning_rate) == (optimizers.Adam, 0.8, 0.02)
    with pytest.raises(ValueError, match=r"^Unknown optimizer None\."):
        optimizers.get({"learning_rate": 0.1})
    with pytest.raises(
        ValueError,
        match=r"^Unknown argument\(s\) beta_1, rho for optimizer 'sgd'\. "
        r"It takes: learning_rate, momentum, nesterov\.$",
    ):
        optimizers.get("sgd", rho=0.9, beta_1=0.9)


def test_rmsprop_keeps_keras_s_state_for_its_settings() -> None:
    cases = [
        ({}, {"velocity"}),
        ({"momentum": 0.5}, {"velocity", "momentum"}),
        ({"centered": True}, {"velocity", "average_gradient"}),
    ]
    for kwargs, kept in cases:
        w = np.ones(2, np.float32)
        optimizer = optimizers.RMSprop(**kwargs)
        optimizer.apply_gradients([(np.ones(2, np.float32), w)])
        assert set(optimizer.slots(w)) == kept, kwargs
