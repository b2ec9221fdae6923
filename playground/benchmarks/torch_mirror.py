"""The same network in PyTorch on the CPU: same initial weights, data order and optimizer.

PyTorch is an optional benchmark extra (``pip install torch==2.13.0``); this module imports it
only inside its functions, so that importing it costs nothing without PyTorch.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np


def available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def build_network(kernels_biases: list[np.ndarray]):
    """``nn.Sequential`` of Linear+ReLU layers holding copies of our kernels and biases.

    ``kernels_biases`` is ``model.get_weights()``: kernel (in, out), bias (out,), per layer.
    torch keeps a Linear's weight as (out, in), so each kernel goes in transposed. The last
    layer stays linear: PyTorch's cross-entropy applies the softmax itself (fused, as ours is).
    """
    import torch
    from torch import nn

    pairs = list(zip(kernels_biases[0::2], kernels_biases[1::2], strict=True))
    modules: list[nn.Module] = []
    for i, (kernel, bias) in enumerate(pairs):
        linear = nn.Linear(kernel.shape[0], kernel.shape[1])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(kernel.T)))
            linear.bias.copy_(torch.from_numpy(np.asarray(bias)))
        modules.append(linear)
        if i < len(pairs) - 1:
            modules.append(nn.ReLU())
    return nn.Sequential(*modules)


_KERAS_TO_TORCH: dict[str, tuple[str, dict[str, str]]] = {
    # name: (torch.optim class, {keras argument: torch argument})
    "sgd": ("SGD", {"learning_rate": "lr", "momentum": "momentum", "nesterov": "nesterov"}),
    "adam": (
        "Adam",
        {"learning_rate": "lr", "epsilon": "eps", "amsgrad": "amsgrad"},
    ),
    "adamax": ("Adamax", {"learning_rate": "lr", "epsilon": "eps"}),
    "nadam": ("NAdam", {"learning_rate": "lr", "epsilon": "eps"}),
    "rmsprop": (
        "RMSprop",
        {
            "learning_rate": "lr",
            "rho": "alpha",
            "momentum": "momentum",
            "centered": "centered",
            "epsilon": "eps",
        },
    ),
    "adagrad": (
        "Adagrad",
        {
            "learning_rate": "lr",
            "initial_accumulator_value": "initial_accumulator_value",
            "epsilon": "eps",
        },
    ),
    "adadelta": ("Adadelta", {"learning_rate": "lr", "rho": "rho", "epsilon": "eps"}),
}
_BETAS = ("adam", "adamax", "nadam")


def build_optimizer(name: str, hyperparameters: dict[str, Any], parameters):
    """The torch.optim counterpart of our optimizer ``name`` with the same hyperparameters.

    SGD, Adam (with :func:`epsilon_schedule`) and Nadam follow Keras 3's formulas; the others
    differ in where epsilon enters (RMSprop and Adagrad add it inside the square root in Keras),
    which changes the numbers of tiny gradients but not the work of a step. Missing arguments
    take our (Keras') defaults. Arguments without a PyTorch counterpart are ignored when they
    hold Keras' neutral values and rejected otherwise.
    """
    import torch

    from playground.engine import optimizers

    if name not in _KERAS_TO_TORCH:
        raise ValueError(f"no PyTorch counterpart for optimizer {name!r}")
    # Our defaults (Keras') fill in what is not given: PyTorch's own defaults differ.
    hyperparameters = {**optimizers.hyperparameters(name), **hyperparameters}
    cls_name, mapping = _KERAS_TO_TORCH[name]
    kwargs: dict[str, Any] = {}
    for key, value in hyperparameters.items():
        if key in mapping:
            kwargs[mapping[key]] = value
        elif (key in ("beta_1", "beta_2") and name in _BETAS) or value in (None, False, 0, 0.0):
            continue
        else:
            raise ValueError(f"optimizer argument {key}={value!r} has no PyTorch counterpart")
    if name in _BETAS:
        kwargs["betas"] = (hyperparameters.get("beta_1", 0.9), hyperparameters.get("beta_2", 0.999))
    if name == "nadam":
        # torch's mu_t = beta_1 (1 - 0.5 * 0.96 ** (t * momentum_decay)); Keras 3 uses 0.96 ** t
        kwargs["momentum_decay"] = 1.0
    return getattr(torch.optim, cls_name)(parameters, **kwargs)


def epsilon_schedule(name: str, hyperparameters: dict[str, Any]):
    """For Adam, a function ``(optimizer, step)`` that moves PyTorch's epsilon to where Keras
    has it; None for the others (Nadam's already agree).

    Keras divides by ``sqrt(v) + eps`` with the bias correction folded into the learning rate,
    PyTorch by ``sqrt(v / (1 - beta_2^t)) + eps``: the same when PyTorch's epsilon is
    ``eps / sqrt(1 - beta_2^t)``. It matters for small gradients, which the first steps have.
    """
    if name != "adam":
        return None
    from playground.engine import optimizers

    params = {**optimizers.hyperparameters(name), **hyperparameters}
    eps, beta_2 = params["epsilon"], params["beta_2"]

    def set_epsilon(optimizer, step: int) -> None:
        value = eps / (1.0 - beta_2**step) ** 0.5
        for group in optimizer.param_groups:
            group["eps"] = value

    return set_epsilon


class TorchRun:
    """A torch network, its optimizer factory and the epoch's tensors, ready to be timed."""

    def __init__(
        self,
        initial_weights: list[np.ndarray],
        optimizer: str,
        hyperparameters: dict[str, Any],
        x: np.ndarray,
        labels: np.ndarray,
        threads: int | None = None,
    ):
        import torch

        if threads:
            torch.set_num_threads(threads)
        self._torch = torch
        self.initial_weights = initial_weights
        self.optimizer = optimizer
        self.hyperparameters = hyperparameters
        self.x = torch.from_numpy(x)  # shares the memory: no copy, same order
        self.labels = torch.from_numpy(labels)
        self.clock = time.perf_counter  # or time.process_time: `bench --clock cpu`

    def train(self, batch_size: int, n_samples: int) -> float:
        """Seconds for ``n_samples`` samples of training from the initial weights."""
        from torch.nn import functional

        net = build_network(self.initial_weights)
        opt = build_optimizer(self.optimizer, self.hyperparameters, net.parameters())
        schedule = epsilon_schedule(self.optimizer, self.hyperparameters)
        x, labels = self.x, self.labels
        start = self.clock()
        for step, i in enumerate(range(0, n_samples, batch_size), start=1):
            loss = functional.cross_entropy(net(x[i : i + batch_size]), labels[i : i + batch_size])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if schedule is not None:
                schedule(opt, step)
            opt.step()
        return self.clock() - start


def loss_after_steps(
    initial_weights: list[np.ndarray],
    optimizer: str,
    hyperparameters: dict[str, Any],
    batches: list[tuple[np.ndarray, np.ndarray]],
    x_eval: np.ndarray,
    labels_eval: np.ndarray,
) -> tuple[float, list[np.ndarray]]:
    """Train on ``batches`` (x, int labels) one step each; the loss on the evaluation batch
    afterwards and the weights in our layout (kernel (in, out), bias), for checking the
    mirror against the engine."""
    import torch
    from torch.nn import functional

    net = build_network(initial_weights)
    opt = build_optimizer(optimizer, hyperparameters, net.parameters())
    schedule = epsilon_schedule(optimizer, hyperparameters)
    for step, (xb, yb) in enumerate(batches, start=1):
        target = torch.from_numpy(yb.astype(np.int64))
        loss = functional.cross_entropy(net(torch.from_numpy(xb)), target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if schedule is not None:
            schedule(opt, step)
        opt.step()
    with torch.no_grad():
        loss = functional.cross_entropy(
            net(torch.from_numpy(x_eval)), torch.from_numpy(labels_eval.astype(np.int64))
        )
    weights = []
    for module in net:
        if isinstance(module, torch.nn.Linear):
            kernel, bias = module.weight.detach().numpy(), module.bias.detach().numpy()
            weights += [kernel.T.copy(), bias.copy()]
    return float(loss), weights
