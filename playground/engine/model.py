"""``Sequential``: a stack of Dense layers with Keras's compile / fit / evaluate / predict.

How a training step runs (``_train_step``):

1. forward: for every layer ``z = x @ kernel + bias`` and ``a = activation(z)``;
2. the loss gives the gradient at the output (fused with softmax for the cross-entropies);
3. backward: for every layer, last to first, ``dkernel = x.T @ dz``, ``dbias = sum(dz)``, and
   ``da_previous = dz @ kernel.T`` goes back through the previous layer's activation;
4. the gradients are checked to be finite (from their norms, which the app plots anyway);
5. the optimizer updates every kernel and bias in place.

All arrays are float32. ``forward_pass``, ``backward_pass`` and ``_textbook_step`` are the
plain textbook version of steps 1-5, built from ``Dense.forward``/``Dense.backward``; the
training loop runs the same arithmetic through the fast paths of ``playground.engine.fast``
(work arrays reused between steps, shortcuts for small batches, blocked optimizer steps), or
the textbook step itself when ``use_fast_paths`` is False or when the fast path cannot run
the model (``FastNetwork.supports``: weight penalties, Dropout or noise between layers).

``layers`` holds the Dense layers; ``stack`` holds every layer in order, including those
without weights that change training batches only (``Dropout``, ``GaussianNoise``, and the
augmentation layers, which come first and change the batch before any step runs). Where they
go is ``stack.py``'s business; the epoch loop of ``fit`` is ``fitting.py``'s and the batched
forward passes of ``evaluate``/``predict`` are ``inference.py``'s.
"""

from __future__ import annotations

import math
import secrets
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import checks, fitting, inference, losses, optimizers, regularizers, stack
from .byte_inputs import Rows
from .callbacks import Callback, History
from .errors import NonFiniteError
from .fast import FastNetwork
from .layers import Dense, LayerGradients, LayerTrace
from .summary import LayerSummary, summary_lines, summary_rows
from .training_layers import TrainingLayer


class Sequential:
    """A multilayer perceptron: ``Sequential([Dense(...), Dense(...)], seed=0)``.

    ``seed`` fixes the initial weights and the shuffling in ``fit``: the same seed gives
    bit-identical weights and loss history. Without a seed a random one is drawn (and kept in
    ``model.seed``, so a saved model still continues reproducibly).
    """

    def __init__(
        self,
        layers: Sequence[Dense | TrainingLayer] | None = None,
        seed: int | None = None,
        name: str = "sequential",
    ) -> None:
        if seed is None:  # 128 random bits, as NumPy draws them for an unseeded generator
            seed = secrets.randbits(128)
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
        self.seed = int(seed)
        self.name = name
        self.layers: list[Dense] = []
        self.stack: list[Dense | TrainingLayer] = []
        self.last_regularization_loss = 0.0
        self.loss: str | None = None
        self.metrics: list[str] = []
        self.optimizer: optimizers.Optimizer | None = None
        self.stop_training = False
        # False: every step runs the textbook forward -> loss -> backward -> update, plainly.
        self.use_fast_paths = True
        self._loss_fn: losses.Loss | None = None
        self._shuffle_rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(1,)))
        self._init_state()
        for layer in layers or ():
            self.add(layer)

    def _init_state(self) -> None:
        self._lock = threading.RLock()  # one forward/backward at a time
        self._fast = FastNetwork()
        self._grad_square_norms = np.zeros(0)

    # ------------------------------------------------------------------ building
    def add(self, layer: Dense | TrainingLayer) -> None:
        """Append a layer (Keras's ``model.add``)."""
        if isinstance(layer, TrainingLayer):
            stack.add_training_layer(self.stack, layer, self.seed)
            return
        input_dim, index = stack.dense_input_width(self.layers, layer), len(self.layers)
        if self._loss_fn is not None:  # the new last layer must suit the compiled loss
            self._loss_fn.check_output(layer.activation, layer.units)
        self.layers.append(layer)
        self.stack.append(layer)
        if layer.built:  # weights given already (loading a file): check, do not re-draw
            if layer.kernel.shape != (input_dim, layer.units * layer.pieces):
                raise ValueError(f"layer {layer.name!r} has a kernel of the wrong shape")
        elif input_dim is not None and (index == 0 or self.layers[index - 1].built):
            self._build_layer(index, input_dim)
        self._reset_work_arrays()

    def before(self, index: int) -> list[TrainingLayer]:
        """The layers without weights directly before Dense layer ``index`` (in order)."""
        return stack.before(self.stack, index)

    @property
    def regularized(self) -> bool:
        """True when a layer has a kernel or bias penalty."""
        return any(l.kernel_regularizer or l.bias_regularizer for l in self.layers)  # noqa: E741

    def _build_layer(self, index: int, input_dim: int) -> None:
        # Each layer has its own random stream derived from the seed, so its initial weights
        # do not depend on when it is built.
        rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(0, index)))
        self.layers[index].build(input_dim, rng)

    def build(self, input_dim: int | None = None) -> None:
        """Create all weights (done automatically once the input width is known)."""
        if not self.layers:
            raise ValueError("the model has no layers; add Dense layers first")
        width = input_dim if input_dim is not None else self.layers[0].input_dim
        if width is None:
            raise ValueError(
                "the model does not know its input width yet: give the first layer "
                "input_dim=..., or call fit/predict with data"
            )
        for index, layer in enumerate(self.layers):
            if not layer.built:
                self._build_layer(index, width)
            width = layer.output_dim

    @property
    def built(self) -> bool:
        return bool(self.layers) and all(layer.built for layer in self.layers)

    @property
    def dtype(self) -> np.dtype:
        return self.layers[0].kernel.dtype if self.built else np.dtype(np.float32)

    @property
    def input_dim(self) -> int | None:
        return self.layers[0].input_dim if self.layers else None

    @property
    def output_dim(self) -> int:
        return self.layers[-1].output_dim

    def _reset_work_arrays(self) -> None:
        self._fast.reset()

    # ------------------------------------------------------------------ compiling
    def compile(
        self,
        optimizer: str | dict | optimizers.Optimizer = "rmsprop",
        loss: str | None = None,
        metrics: Sequence[str] | None = None,
    ) -> None:
        """Choose the loss, the optimizer (name or instance) and the metrics (``["accuracy"]``)."""
        if loss is None:
            raise ValueError(f"compile needs a loss. Choose one of: {', '.join(losses.LOSSES)}.")
        loss_fn = losses.get(loss)
        if self.layers:
            last = self.layers[-1]
            loss_fn.check_output(last.activation, last.units)
        if self.layers and self.before(len(self.layers)):
            raise ValueError(
                "a Dropout, noise or augmentation layer after the last Dense layer changes "
                "nothing the loss sees: put it before a Dense layer"
            )
        self.metrics = losses.check_metrics(metrics)
        self.optimizer = optimizers.get(optimizer)
        self._loss_fn = loss_fn
        self.loss = loss_fn.name

    def compiled(self) -> tuple[losses.Loss, optimizers.Optimizer]:
        """The loss and the optimizer given to ``compile``; RuntimeError before ``compile``."""
        if self._loss_fn is None or self.optimizer is None:
            raise RuntimeError("call model.compile(loss=..., optimizer=...) before training")
        return self._loss_fn, self.optimizer

    @property
    def metrics_names(self) -> list[str]:
        return ["loss", *self.metrics]

    # ------------------------------------------------------------------ input checking
    def _check_rows(self, x) -> Rows:
        """Checked inputs for code that reads them a batch at a time (bytes stay bytes)."""
        x = checks.two_dimensional(x)
        if not self.built:
            self.build(x.shape[1])
        return checks.inputs(x, self.layers[0].kernel.shape[0], self.dtype)

    def _check_y(self, y, n: int) -> np.ndarray:
        return checks.targets(y, self.compiled()[0], self.output_dim, self.dtype, n)

    def _check_rows_xy(self, x, y) -> tuple[Rows, np.ndarray]:
        self.compiled()
        x = self._check_rows(x)
        return x, self._check_y(y, len(x))

    def _check_xy(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        x, y = self._check_rows_xy(x, y)
        return np.asarray(x), y

    # ------------------------------------------------------------------ the fast arithmetic
    def _loss_and_gradients(
        self, x: np.ndarray, y: np.ndarray, optimizer: optimizers.Optimizer | None = None
    ) -> tuple[float, int]:
        """Forward and backward pass on checked arrays; returns (mean loss, correct count)."""
        fast, layers, loss_fn = self._fast, self.layers, self.compiled()[0]
        fast.ensure_gradient_arrays(layers, self.dtype)
        buf = fast.work_arrays(layers, len(x), self.dtype, training=True)
        # Overflow is not an error here: a diverging run is detected from the loss and
        # gradient norms, and reported as NonFiniteError.
        with np.errstate(over="ignore", invalid="ignore"):
            rows = fast.nonzero_columns(x)
            out = fast.forward(layers, x, buf, input_rows=rows)
            per_example = loss_fn.per_example(y, out, buf.z[-1])
            loss = float(np.mean(per_example, dtype=np.float64))
            correct = losses.count_correct(y, out, loss_fn.sparse) if self.metrics else 0
            # gradients for the optimizer's step (None: whole gradients, for looking at)
            fast.backward(layers, loss_fn, x, y, buf, optimizer, input_rows=rows)
        return loss, correct

    def loss_and_gradients(self, x, y) -> tuple[float, list[tuple[np.ndarray, np.ndarray]]]:
        """The batch's mean loss and its (dkernel, dbias) per layer, without updating anything.

        The gradient arrays are the model's own buffers: copy them before keeping them.
        """
        with self._lock:
            x, y = self._check_xy(x, y)
            if self._fast_path_runs():
                loss, _ = self._loss_and_gradients(x, y)
            else:  # the textbook pass, in inference mode (no dropout), with the penalties
                loss_fn = self.compiled()[0]
                with np.errstate(over="ignore", invalid="ignore"):
                    traces = self._forward_pass(x)
                    loss = float(np.mean(loss_fn.per_example(y, traces[-1].a, traces[-1].z)))
                    self._keep_gradients(self._backward_pass(traces, y))
                loss += regularizers.penalty(self.layers)
            self._grad_square_norms = self._fast.square_norms()
            return loss, self.last_gradients

    def _check_finite(self, loss: float) -> None:
        """NonFiniteError, before any update, if the loss or a gradient is not finite."""
        lr = self.compiled()[1].learning_rate
        if not math.isfinite(loss):
            raise NonFiniteError("the loss", loss, lr)
        self._grad_square_norms = norms = self._fast.square_norms()
        if not np.isfinite(norms).all():
            i = int(np.flatnonzero(~np.isfinite(norms))[0])
            self._fast.expand_gradients()
            dkernel, dbias = self._fast.grads[i]
            bad = np.concatenate([dkernel[~np.isfinite(dkernel)], dbias[~np.isfinite(dbias)]])
            value = float(bad[0]) if bad.size else math.inf
            raise NonFiniteError(
                f"the gradient of layer {i + 1} ({self.layers[i].name})", value, lr
            )

    def _fast_path_runs(self) -> bool:
        return self.use_fast_paths and self._fast.supports(self.layers, self.stack)

    def _train_step(self, x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        for layer in self.before(0):  # augmentation: a changed copy of the training batch
            x = layer.forward(x, training=True)
        if not self._fast_path_runs():
            return self._textbook_step(x, y)
        optimizer = self.compiled()[1]
        loss, correct = self._loss_and_gradients(x, y, optimizer)
        self._check_finite(loss)
        self._fast.update(optimizer, self.layers)
        return loss, correct

    # ------------------------------------------------------------------ public training API
    def train_on_batch(self, x, y, return_dict: bool = False) -> float | list[float] | dict:
        """One gradient step on this batch; returns its loss (and accuracy) before the step.

        Raises NonFiniteError, without changing the weights, if the loss or a gradient is
        not finite.
        """
        with self._lock:
            x, y = self._check_xy(x, y)
            if len(x) == 0:
                raise ValueError("the batch is empty")
            loss, correct = self._train_step(x, y)
            logs = {"loss": loss}
            if self.metrics:
                logs["accuracy"] = correct / len(x)
        if return_dict:
            return logs
        return loss if len(logs) == 1 else list(logs.values())

    def fit(
        self,
        x,
        y,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int = 0,
        callbacks: Sequence[Callback] | None = None,
        validation_split: float = 0.0,
        validation_data: tuple | None = None,
        shuffle: bool = True,
        initial_epoch: int = 0,
    ) -> History:
        """Train for ``epochs`` passes over the data in mini-batches of ``batch_size`` (32)."""
        return fitting.fit(
            self,
            x,
            y,
            batch_size,
            epochs,
            verbose,
            callbacks,
            validation_split,
            validation_data,
            shuffle,
            initial_epoch,
        )

    # ------------------------------------------------------------------ inference
    def evaluate(
        self, x, y, batch_size: int | None = None, verbose: int = 0, return_dict: bool = False
    ) -> float | list[float] | dict[str, float]:
        """``[loss, accuracy]`` on these examples (the lecture's ``score[0]``, ``score[1]``)."""
        batch_size = 32 if batch_size is None else checks.positive_int("batch_size", batch_size)
        x, y = self._check_rows_xy(x, y)
        with self._lock:
            values = inference.evaluate(self, x, y, batch_size)
        logs = dict(zip(self.metrics_names, values, strict=True))
        if verbose:
            print(" - ".join(f"{k}: {v:.4f}" for k, v in logs.items()))
        if return_dict:
            return logs
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size: int | None = None, verbose: int = 0) -> np.ndarray:
        """The network's outputs (probabilities for a softmax output), shape (n, units)."""
        batch_size = 32 if batch_size is None else checks.positive_int("batch_size", batch_size)
        x = self._check_rows(x)
        with self._lock:
            return inference.predict(self, x, batch_size)

    def forward_trace(self, x) -> list[LayerTrace]:
        """Every layer's inputs, z and a for a (small) batch (the same as ``forward_pass``)."""
        return self.forward_pass(x)

    def forward_pass(self, x) -> list[LayerTrace]:
        """The textbook forward pass: per layer its inputs, z = inputs @ W + b and a = f(z),
        as fresh arrays the caller may keep."""
        with self._lock:
            x = np.asarray(self._check_rows(x))
            return self._forward_pass(x.copy())

    def _forward_pass(self, x: np.ndarray, training: bool = False) -> list[LayerTrace]:
        traces = []
        for i, layer in enumerate(self.layers):
            for between in self.before(i) if i else ():  # Dropout, noise: training only
                x = between.forward(x, training)
            traces.append(layer.forward(x))
            x = traces[-1].a
        return traces

    def backward_pass(self, traces: Sequence[LayerTrace], y) -> list[LayerGradients]:
        """The textbook backward pass (backpropagation) of the batch's mean loss, from the
        traces that ``forward_pass`` returned: per layer delta = dC/dz, dC/dW and dC/db."""
        self.compiled()
        if len(traces) != len(self.layers):
            raise ValueError(f"expected {len(self.layers)} layer traces, got {len(traces)}")
        y = self._check_y(y, len(traces[0].inputs))
        with self._lock:
            return self._backward_pass(list(traces), y)

    def _backward_pass(self, traces: list[LayerTrace], y: np.ndarray) -> list[LayerGradients]:
        # The loss gives dC/dz of the last layer directly (fused with softmax) or dC/da.
        loss_fn, last = self.compiled()[0], traces[-1]
        delta = loss_fn.output_gradient(y, last.a)
        if not loss_fn.fused_with_softmax:
            delta = self.layers[-1].act.backward(last.z, last.a, delta)
        gradients: list[LayerGradients] = []
        for i in range(len(self.layers) - 1, -1, -1):
            layer_gradients, grad_inputs = self.layers[i].backward(traces[i], delta)
            gradients.insert(0, layer_gradients)
            if i > 0:  # the chain rule through the activation of the layer below
                for between in reversed(self.before(i)):
                    grad_inputs = between.backward(grad_inputs)
                below = traces[i - 1]
                delta = self.layers[i - 1].act.backward(below.z, below.a, grad_inputs)
        return gradients

    def _textbook_step(self, x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
        """One training step as the lecture draws it: forward -> loss -> backward -> update."""
        loss_fn, optimizer = self.compiled()
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            traces = self._forward_pass(x, training=True)
            loss = float(np.mean(loss_fn.per_example(y, traces[-1].a, traces[-1].z)))
            gradients = self._backward_pass(traces, y)
        self.last_regularization_loss = regularizers.penalty(self.layers)
        loss += self.last_regularization_loss
        correct = losses.count_correct(y, traces[-1].a, loss_fn.sparse) if self.metrics else 0
        self._keep_gradients(gradients)
        self._check_finite(loss)
        pairs: list[tuple[np.ndarray, np.ndarray]] = []
        for layer, grads in zip(self.layers, gradients, strict=True):
            pairs += [(grads.kernel, layer.kernel), (grads.bias, layer.bias)]
        optimizer.apply_gradients(pairs)
        return loss, correct

    def _keep_gradients(self, gradients: list[LayerGradients]) -> None:
        """Keep the gradients where ``last_gradients`` and ``gradient_norms`` read them."""
        self._fast.keep(self.layers, [(g.kernel, g.bias) for g in gradients])

    # ------------------------------------------------------------------ gradients for views
    @property
    def last_gradients(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(dkernel, dbias) per layer from the last step (the model's buffers: copy to keep)."""
        with self._lock:
            self._fast.expand_gradients()
            return list(self._fast.grads)

    def gradient_norms(self) -> np.ndarray:
        """L2 norm of each layer's gradient [dkernel, dbias] from the last step (zeros before)."""
        if len(self._grad_square_norms) != len(self.layers):
            return np.zeros(len(self.layers))
        return np.sqrt(self._grad_square_norms)

    # ------------------------------------------------------------------ weights
    def count_params(self) -> int:
        if not self.built:
            raise ValueError("the model is not built yet (its input width is unknown)")
        return sum(layer.count_params() for layer in self.layers)

    def get_weights(self) -> list[np.ndarray]:
        """Copies of [kernel_0, bias_0, kernel_1, bias_1, ...]."""
        if not self.built:
            raise ValueError("the model is not built yet (its input width is unknown)")
        return [w.copy() for layer in self.layers for w in (layer.kernel, layer.bias)]

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Copy weights in (same order and shapes as ``get_weights``)."""
        if not self.built:
            raise ValueError("the model is not built yet (its input width is unknown)")
        targets = [w for layer in self.layers for w in (layer.kernel, layer.bias)]
        weights = list(weights)
        if len(weights) != len(targets):
            raise ValueError(f"expected {len(targets)} arrays, got {len(weights)}")
        arrays = [np.asarray(w) for w in weights]
        for i, (target, array) in enumerate(zip(targets, arrays, strict=True)):
            if array.shape != target.shape:
                raise ValueError(f"weight {i} has shape {array.shape}, expected {target.shape}")
        with self._lock:
            for target, array in zip(targets, arrays, strict=True):
                np.copyto(target, array, casting="unsafe")

    # ------------------------------------------------------------------ description
    def summary_rows(self) -> list[LayerSummary]:
        return summary_rows(self.layers)

    def summary(self, print_fn: Callable[[str], Any] = print) -> None:
        """Print a Keras-style table of layers, output shapes and parameter counts."""
        if not self.built:
            raise ValueError(
                "the model is not built yet: give the first layer input_dim=..., or call fit"
            )
        for line in summary_lines(self.name, self.summary_rows(), self.dtype.itemsize):
            print_fn(line)

    def get_config(self) -> dict[str, Any]:
        """A JSON-able description of the layers, loss, metrics and optimizer."""
        return stack.model_config(self)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Sequential:
        """A new model (fresh weights from the seed) compiled as the config says."""
        model = cls(*stack.layers_from_config(config))
        if config.get("loss") is not None:
            optimizer = config.get("optimizer") or "rmsprop"
            model.compile(optimizer=optimizer, loss=config["loss"], metrics=config.get("metrics"))
        return model

    def save(self, path) -> None:
        """Save architecture, weights and optimizer state to an ``.npz`` file (atomically)."""
        from .saving import save_model

        save_model(self, path)

    # copy.deepcopy / pickle: locks and work arrays are rebuilt, not copied
    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"], state["_fast"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._init_state()

    def __repr__(self) -> str:
        return f"<Sequential {self.name!r}: {' -> '.join(map(repr, self.layers))}>"
