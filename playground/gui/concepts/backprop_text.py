"""The formulas of each stage of one update, with the trace's own numbers put in.

``stage_html(trace, stage, example)`` writes what a lecturer would write on the board at that
stage, for one example of the batch: z = Σ a·w + b, a = f(z), the loss C, δ at the output,
δ flowing back with the chain rule, ∂C/∂W = aᵀδ and the optimizer's update.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from playground.engine import activations
from playground.training.backprop import Stage, StepTrace


def _html(title: str, lines: list[str], gap: str = "<br>") -> str:
    return f"<h3>{title}</h3><p>" + gap.join(lines) + "</p>"


def num(value: float) -> str:
    """A number as the view prints it: four significant digits."""
    value = float(value)
    return "0" if abs(value) < 5e-13 else f"{value:.4g}"  # no 1e-17 from rounding


def signed(value: float) -> str:
    """A term after + or −: negative numbers in parentheses."""
    text = num(value)
    return f"({text})" if float(value) < 0 else text


def sub(*indices: int) -> str:
    return "<sub>" + "".join(str(i) for i in indices) + "</sub>"


def sup(layer: int) -> str:
    return f"<sup>{layer}</sup>"


# The update rules of the seven optimizers, in the lecture's symbols (g = ∂L'/∂w).
UPDATE_RULES: dict[str, str] = {
    "sgd": "w ← w − η g",
    "sgd_momentum": "m ← μ m − η g; &nbsp; w ← w + m",
    "rmsprop": "v ← ρ v + (1 − ρ) g²; &nbsp; w ← w − η g / (√v + ε)",
    "adagrad": "s ← s + g²; &nbsp; w ← w − η g / √(s + ε)",
    "adadelta": (
        "E[g²] ← ρ E[g²] + (1 − ρ) g²; &nbsp; Δ = √(E[Δ²] + ε) g / √(E[g²] + ε); "
        "&nbsp; E[Δ²] ← ρ E[Δ²] + (1 − ρ) Δ²; &nbsp; w ← w − η Δ"
    ),
    "adam": (
        "m ← β₁ m + (1 − β₁) g; &nbsp; v ← β₂ v + (1 − β₂) g²; &nbsp; "
        "w ← w − η (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε̂)"
    ),
    "adamax": (
        "m ← β₁ m + (1 − β₁) g; &nbsp; u ← max(β₂ u, |g|); &nbsp; w ← w − η m / ((1 − β₁ᵗ)(u + ε))"
    ),
    "nadam": (
        "m ← β₁ m + (1 − β₁) g; &nbsp; v ← β₂ v + (1 − β₂) g²; &nbsp; "
        "m̂ = uₜ₊₁ m / (1 − u₁⋯uₜ₊₁) + (1 − uₜ) g / (1 − u₁⋯uₜ); &nbsp; "
        "w ← w − η m̂ / (√(v / (1 − β₂ᵗ)) + ε)"
    ),
}


def derivative_rule(activation: str) -> str:
    """f′ of the activation as the board writes it (in the current language)."""
    rules = {
        "sigmoid": "σ′(z) = a (1 − a)",
        "tanh": "tanh′(z) = 1 − a²",
        "relu": QCoreApplication.translate("Backprop", "relu′(z) = 1 if z > 0, else 0"),
        "elu": QCoreApplication.translate("Backprop", "elu′(z) = 1 if z > 0, else a + α"),
        "linear": "f′(z) = 1",
        "maxout": QCoreApplication.translate(
            "Backprop", "maxout′ = 1 for the winning piece, else 0"
        ),
        "softmax": QCoreApplication.translate("Backprop", "∂a/∂z: the softmax Jacobian"),
    }
    return rules.get(activation, "")


def update_rule(trace: StepTrace) -> str:
    name = trace.optimizer_name
    if name == "sgd" and trace.hyperparameters.get("momentum"):
        return UPDATE_RULES["sgd_momentum"]
    return UPDATE_RULES[name]


def derivative(activation: str, z: np.ndarray) -> np.ndarray:
    """f′(z) from the engine's own activation (for softmax: its Jacobian's diagonal)."""
    return np.asarray(activations.get(activation).derivative(z), np.float64)


def _input(trace: StepTrace, n: int) -> str:
    x = trace.layers[0].inputs[n]
    values = ", ".join(f"x{sub(i + 1)} = {num(v)}" for i, v in enumerate(x))
    hint = QCoreApplication.translate("Backprop", "Press → for the next stage, ← to go back.")
    return _html(QCoreApplication.translate("Backprop", "The input"), [values, "", hint])


def _forward(trace: StepTrace, n: int, layer: int) -> str:
    step = trace.layers[layer]
    a_in, kernel, bias = step.inputs[n], step.kernel_before, step.bias_before
    name = "x" if layer == 0 else "a" + sup(layer)
    lines = []
    for j in range(kernel.shape[1]):
        terms = " + ".join(f"{num(a_in[i])}·{signed(kernel[i, j])}" for i in range(len(a_in)))
        lines.append(
            f"z{sup(layer + 1)}{sub(j + 1)} = {terms} + {signed(bias[j])}"
            f" = <b>{num(step.z[n, j])}</b>"
        )
    if step.activation == "softmax":
        exps = " + ".join(f"e<sup>{num(v)}</sup>" for v in step.z[n])
        for j in range(step.a.shape[1]):
            lines.append(
                f"a{sup(layer + 1)}{sub(j + 1)} = e<sup>{num(step.z[n, j])}</sup> / ({exps})"
                f" = <b>{num(step.a[n, j])}</b>"
            )
    else:
        for j in range(step.a.shape[1]):
            lines.append(
                f"a{sup(layer + 1)}{sub(j + 1)} = {step.activation}({num(step.z[n, j])})"
                f" = <b>{num(step.a[n, j])}</b>"
            )
    title = QCoreApplication.translate(
        "Backprop", "Forward, layer {l}: z = {a} W + b, a = f(z)"
    ).format(l=layer + 1, a=name)
    return _html(title, lines)


def _loss(trace: StepTrace, n: int, target: np.ndarray) -> str:
    out = trace.layers[-1].a[n]
    y = target[n]
    if trace.loss_name == "mean_squared_error":
        terms = " + ".join(f"({num(a)} − {num(t)})²" for a, t in zip(out, y, strict=True))
        formula = f"C = (1/{len(out)}) Σ<sub>k</sub> (a<sub>k</sub> − y<sub>k</sub>)²"
        worked = f"= ({terms}) / {len(out)}"
    else:
        terms = " + ".join(f"{num(t)}·ln {num(a)}" for a, t in zip(out, y, strict=True))
        formula = "C = −Σ<sub>k</sub> y<sub>k</sub> ln p<sub>k</sub>"
        worked = f"= −({terms})"
    lines = [f"{formula} {worked} = <b>{num(trace.per_example[n])}</b>"]
    if len(trace.per_example) > 1:
        lines.append(
            QCoreApplication.translate(
                "Backprop", "Batch of {b}: Σ Cⁿ = {s}; the update minimises L′ = Σ Cⁿ / {b} = {m}"
            ).format(b=len(trace.per_example), s=num(trace.total), m=num(trace.mean))
        )
    return _html(QCoreApplication.translate("Backprop", "The loss of this example"), lines)


def _output_delta(trace: StepTrace, n: int, target: np.ndarray) -> str:
    step = trace.layers[-1]
    batch = len(trace.per_example)
    scale = f" / {batch}" if batch > 1 else ""
    L = len(trace.layers)
    lines = []
    if trace.fused_output:
        lines.append(
            QCoreApplication.translate(
                "Backprop", "Softmax with cross-entropy: δ at the output is simply p − y."
            )
            + f" &nbsp; δ{sup(L)}{sub('k')} = (p{sub('k')} − y{sub('k')}){scale}"
        )
        for k in range(step.delta.shape[1]):
            lines.append(
                f"δ{sup(L)}{sub(k + 1)} = ({num(step.a[n, k])} − {num(target[n, k])}){scale}"
                f" = <b>{num(step.delta[n, k])}</b>"
            )
    else:
        d = derivative(step.activation, step.z[n : n + 1])[0]
        units = step.a.shape[1]
        factor = 2 / (units * batch)
        lines.append(
            f"δ{sup(L)}{sub('k')} = ∂C/∂z{sub('k')} = (2/{units * batch}) (a{sub('k')} − "
            f"y{sub('k')}) · f′(z{sub('k')}); &nbsp; {derivative_rule(step.activation)}"
        )
        for k in range(units):
            lines.append(
                f"δ{sup(L)}{sub(k + 1)} = {num(factor)}·({num(step.a[n, k])} − "
                f"{num(target[n, k])})·{num(d[k])} = <b>{num(step.delta[n, k])}</b>"
            )
    return _html(QCoreApplication.translate("Backprop", "δ at the output layer"), lines)


def _hidden_delta(trace: StepTrace, n: int, layer: int) -> str:
    step, upper = trace.layers[layer], trace.layers[layer + 1]
    d = derivative(step.activation, step.z[n : n + 1])[0]
    here, up = layer + 1, layer + 2
    lines = [
        f"δ{sup(here)} = (δ{sup(up)} W{sup(up)}ᵀ) ∘ f′(z{sup(here)}); &nbsp; "
        + derivative_rule(step.activation)
    ]
    for j in range(step.delta.shape[1]):
        terms = " + ".join(
            f"{signed(upper.delta[n, k])}·{signed(upper.kernel_before[j, k])}"
            for k in range(upper.delta.shape[1])
        )
        lines.append(
            f"δ{sup(here)}{sub(j + 1)} = ({terms}) · {num(d[j])} = <b>{num(step.delta[n, j])}</b>"
        )
    title = QCoreApplication.translate(
        "Backprop", "δ flows back to layer {l} (the chain rule)"
    ).format(l=here)
    return _html(title, lines)


def _gradients(trace: StepTrace, n: int) -> str:
    batch = len(trace.per_example)
    lines = [
        QCoreApplication.translate(
            "Backprop", "∂C/∂W = aᵀ δ (input of the weight times δ of its neuron); ∂C/∂b = δ"
        )
    ]
    if batch > 1:
        lines.append(
            QCoreApplication.translate(
                "Backprop", "Summed over the {b} examples of the batch."
            ).format(b=batch)
        )
    for index, step in enumerate(trace.layers):
        here = index + 1
        parts = []
        for i in range(step.grad_kernel.shape[0]):
            for j in range(step.grad_kernel.shape[1]):
                how = (
                    f"{num(step.inputs[n, i])}·{signed(step.delta[n, j])} = " if batch == 1 else ""
                )
                parts.append(
                    f"∂C/∂W{sup(here)}{sub(i + 1, j + 1)} = {how}"
                    f"<b>{num(step.grad_kernel[i, j])}</b>"
                )
        for j, g in enumerate(step.grad_bias):
            parts.append(f"∂C/∂b{sup(here)}{sub(j + 1)} = <b>{num(g)}</b>")
        lines.append("<br>".join(parts))
    return _html(QCoreApplication.translate("Backprop", "The gradients"), lines, "<br><br>")


def _update(trace: StepTrace) -> str:
    eta = trace.learning_rate
    optimizer = QCoreApplication.translate("Backprop", "Optimizer")
    rule = update_rule(trace)
    lines = [f"{optimizer} {trace.optimizer_name}: &nbsp; {rule}; &nbsp; η = {num(eta)}"]
    if trace.bias_correction:
        values = ", ".join(
            f"{k.replace('beta_', 'β')} = {num(v)}" for k, v in trace.bias_correction.items()
        )
        lines.append(
            QCoreApplication.translate("Backprop", "Bias correction at t = {t}: {values}").format(
                t=trace.iteration, values=values
            )
        )
    plain = trace.optimizer_name == "sgd" and not trace.hyperparameters.get("momentum")
    for index, step in enumerate(trace.layers):
        here = index + 1
        parts = []
        for name, before, after, grad, slots in (
            ("W", step.kernel_before, step.kernel_after, step.grad_kernel, step.kernel_slots),
            ("b", step.bias_before, step.bias_after, step.grad_bias, step.bias_slots),
        ):
            for where in np.ndindex(before.shape):
                label = f"{name}{sup(here)}{sub(*(i + 1 for i in where))}"
                if plain:
                    how = f"{num(before[where])} − {num(eta)}·{signed(grad[where])}"
                else:
                    state = ", ".join(f"{s} = {num(v[where])}" for s, v in slots.items())
                    how = f"{num(before[where])} + {signed(after[where] - before[where])}"
                    how += f" &nbsp; ({state})" if state else ""
                parts.append(f"{label} ← {how} = <b>{num(after[where])}</b>")
        lines.append("<br>".join(parts))
    return _html(QCoreApplication.translate("Backprop", "The update"), lines, "<br><br>")


def stage_html(trace: StepTrace, stage: Stage, target: np.ndarray, example: int = 0) -> str:
    """The stage's formulas for example ``example`` of the batch (``target``: its y rows)."""
    n = example
    if stage.kind == "input":
        return _input(trace, n)
    if stage.kind == "forward":
        return _forward(trace, n, stage.layer)
    if stage.kind == "loss":
        return _loss(trace, n, target)
    if stage.kind == "delta":
        if stage.layer == len(trace.layers) - 1:
            return _output_delta(trace, n, target)
        return _hidden_delta(trace, n, stage.layer)
    if stage.kind == "gradients":
        return _gradients(trace, n)
    return _update(trace)
