"""The textbook layer: forward_pass, backward_pass, the plain training step, optimizer slots."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from playground.engine import OPTIMIZERS, Dense, LayerGradients, Sequential, optimizers


def _model(optimizer="sgd", loss="categorical_crossentropy", seed=1) -> Sequential:
    model = Sequential(
        [
            Dense(12, activation="tanh", input_dim=9),
            Dense(7, activation="relu"),
            Dense(4, activation="softmax"),
        ],
        seed=seed,
    )
    model.compile(loss=loss, optimizer=optimizer, metrics=["accuracy"])
    return model


def _batch(n: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 9)).astype(np.float32)
    return x, np.eye(4, dtype=np.float32)[rng.integers(0, 4, n)]


def test_forward_pass_gives_each_layers_inputs_z_and_a_as_fresh_arrays():
    model = _model()
    x, _ = _batch()
    traces = model.forward_pass(x)
    assert len(traces) == 3
    np.testing.assert_array_equal(traces[0].inputs, x)
    assert traces[0].inputs is not x
    inputs = x.astype(np.float64)
    for layer, trace in zip(model.layers, traces, strict=True):
        np.testing.assert_array_equal(trace.inputs, inputs.astype(np.float32))
        z = inputs @ layer.kernel.astype(np.float64) + layer.bias
        np.testing.assert_allclose(trace.z, z, rtol=1e-5, atol=1e-6)
        inputs = trace.a.astype(np.float64)
    np.testing.assert_allclose(traces[1].a, np.maximum(traces[1].z, 0))
    np.testing.assert_allclose(traces[-1].a, model.predict(x), rtol=1e-6)
    traces[-1].a[:] = 0  # the caller owns them
    assert model.predict(x).any()


def test_backward_pass_is_the_chain_rule_with_the_batch_mean():
    model = _model()
    x, y = _batch(6)
    traces = model.forward_pass(x)
    grads = model.backward_pass(traces, y)
    assert all(isinstance(g, LayerGradients) for g in grads)
    # softmax with cross-entropy: the last delta is (p - y) / n
    np.testing.assert_allclose(grads[-1].delta, (traces[-1].a - y) / 6, rtol=1e-6)
    for trace, g, layer in zip(traces, grads, model.layers, strict=True):
        assert g.delta.shape == trace.z.shape
        np.testing.assert_allclose(g.kernel, trace.inputs.T @ g.delta, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(g.bias, g.delta.sum(axis=0), rtol=1e-5, atol=1e-7)
        assert g.kernel.shape == layer.kernel.shape
    # relu below: delta of layer 2 = (delta_3 @ W3.T) * (z > 0)
    expected = (grads[2].delta @ model.layers[2].kernel.T) * (traces[1].z > 0)
    np.testing.assert_allclose(grads[1].delta, expected, rtol=1e-6)
    with pytest.raises(ValueError, match="3 layer traces"):
        model.backward_pass(traces[:2], y)


def test_backward_pass_agrees_with_the_training_gradients():
    model = _model(loss="sparse_categorical_crossentropy")
    x, y = _batch(8)
    labels = y.argmax(axis=1)
    grads = model.backward_pass(model.forward_pass(x), labels)
    _, trained = model.loss_and_gradients(x, labels)
    for g, (dk, db) in zip(grads, trained, strict=True):
        np.testing.assert_allclose(g.kernel, dk, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(g.bias, db, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", optimizers.NAMES)
@pytest.mark.parametrize("batch", [1, 4, 20])
def test_the_textbook_step_trains_like_the_fast_step(name, batch):
    fast = _model(optimizers.get(name, learning_rate=0.05))
    textbook = copy.deepcopy(fast)
    textbook.use_fast_paths = False
    for step in range(3):
        x, y = _batch(batch, seed=step)
        x[x < 0.3] = 0  # some inputs exactly zero, as on MNIST
        got = textbook.train_on_batch(x, y)
        want = fast.train_on_batch(x, y)
        np.testing.assert_allclose(got, want, rtol=1e-5)
        for a, b in zip(textbook.get_weights(), fast.get_weights(), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
        np.testing.assert_allclose(textbook.gradient_norms(), fast.gradient_norms(), rtol=1e-4)
    assert textbook.optimizer.iterations == fast.optimizer.iterations == 3


def test_slots_are_copies_of_the_state_of_one_parameter():
    model = _model(optimizers.Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.9))
    kernel = model.layers[0].kernel
    assert model.optimizer.slots(kernel) == {}  # nothing before the first update
    x, y = _batch()
    traces = model.forward_pass(x)
    g = model.backward_pass(traces, y)[0].kernel
    model.train_on_batch(x, y)
    slots = model.optimizer.slots(kernel)
    assert set(slots) == {"momentum", "velocity"}
    # after one step from zero: m = (1 - beta_1) g, v = (1 - beta_2) g^2
    np.testing.assert_allclose(slots["momentum"], 0.2 * g, rtol=1e-4, atol=1e-8)
    np.testing.assert_allclose(slots["velocity"], 0.1 * g * g, rtol=1e-4, atol=1e-10)
    slots["momentum"][:] = 7
    assert not (model.optimizer.slots(kernel)["momentum"] == 7).any()
    assert model.optimizer.iterations == 1
    with pytest.raises(ValueError, match="no state"):
        model.optimizer.slots(kernel.copy())


def test_sgd_momentum_slot_after_one_step():
    model = _model(optimizers.SGD(learning_rate=0.1, momentum=0.9))
    x, y = _batch()
    g = model.backward_pass(model.forward_pass(x), y)[1].bias
    model.train_on_batch(x, y)
    momentum = model.optimizer.slots(model.layers[1].bias)["momentum"]
    np.testing.assert_allclose(momentum, -0.1 * g, rtol=1e-5, atol=1e-9)
    assert _model("sgd").optimizer.slots(np.zeros(1)) == {}


def test_the_optimizer_registry_names_every_class_and_its_defaults():
    assert tuple(OPTIMIZERS) == optimizers.NAMES
    for name, cls in OPTIMIZERS.items():
        assert cls.name == name
        assert optimizers.get(name).get_config() == {
            "name": name,
            **optimizers.hyperparameters(name),
        }


def test_textbook_texts_are_the_code_that_runs():
    import inspect

    from playground.engine import ACTIVATIONS, activations, losses, textbook

    for name, cls in OPTIMIZERS.items():
        book = textbook.optimizer(name)
        assert inspect.getsource(cls.update_step) in book.source
        assert "w = " in book.formula  # the update of the weights, as on the slide
    for name in ACTIVATIONS:
        book = textbook.activation(name)
        act = type(activations.get(name))
        assert inspect.getsource(act.forward) in book.source
        assert "f(z)" in book.formula
        assert "_into" not in book.source  # the in-place twins are not the textbook
    for name in ("categorical_crossentropy", "mse"):
        book = textbook.loss(name)
        assert inspect.getsource(type(losses.get(name)).output_gradient) in book.source
    with pytest.raises(ValueError, match="Unknown optimizer"):
        textbook.optimizer("lion")


def test_each_textbook_says_what_it_is_and_takes_its_formula_from_the_docstring():
    import inspect

    from playground.engine import activations, losses, textbook

    adam = textbook.optimizer("Adam")
    assert (adam.kind, adam.name) == ("optimizer", "adam")
    assert adam.formula == inspect.getdoc(type(optimizers.get("adam")))
    relu = textbook.activation("ReLU")
    assert (relu.kind, relu.name) == ("activation", "relu")
    assert relu.formula == inspect.getdoc(activations.ReLU)
    mse = textbook.loss("mse")
    assert (mse.kind, mse.name) == ("loss", "mean_squared_error")
    assert mse.formula == "mean_k (a_k - y_k)^2 per example."
    assert mse.formula == inspect.getdoc(type(losses.get("mse")))
