"""What each view shows, and what it shows now: the views' rules of "Explain this" (the
controls' rules are in ``explain_rules``). Keyed by class name, asked when a click lands on a
view but on none of its controls."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from playground.gui.explain_rules import Rule, translate


def robustness_view(w: QWidget) -> str:
    text = translate(
        "Explain",
        "The robustness lab: test digits damaged on purpose (noise, rotation, shift, an erased "
        "patch), and the share the network still gets right at each strength.",
    )
    result = getattr(w, "result", None)
    if not result:
        return text + " " + translate("Explain", "Press Measure to draw the curves.")
    kind = w.kind.currentData()
    points = result.get(kind) or next(iter(result.values()))
    return (
        text
        + " "
        + translate(
            "Explain", "Now: {clean:.0%} right undamaged, {worst:.0%} at the strongest {kind}."
        ).format(clean=points[0].accuracy, worst=points[-1].accuracy, kind=w.kind.currentText())
    )


def embedding_view(w: QWidget) -> str:
    text = translate(
        "Explain",
        "A map of what a hidden layer learned: its outputs for test digits, squeezed to two "
        "dimensions, one colour per digit. Digits the layer tells apart form separate clouds.",
    )
    result = getattr(w, "result", None)
    if result is None:
        return text + " " + translate("Explain", "Press Compute to draw the map.")
    if result.explained is None:
        return (
            text
            + " "
            + translate(
                "Explain",
                "Now t-SNE: it keeps near neighbours near; distances between clouds mean little.",
            )
        )
    a, b = result.explained
    return (
        text
        + " "
        + translate(
            "Explain",
            "Now PCA: the two axes are the directions of largest spread and hold {a:.0%} and "
            "{b:.0%} of the layer's variance.",
        ).format(a=a, b=b)
    )


def surgery_view(w: QWidget) -> str:
    text = translate(
        "Explain",
        "Neuron surgery: change one weight or bias by hand, switch a unit off or prune the "
        "weakest weights, and see the prediction and the test accuracy change at once.",
    )
    probabilities = getattr(w, "probabilities", None)
    if probabilities is None:
        return text
    guess = int(probabilities.argmax())
    return (
        text
        + " "
        + translate(
            "Explain",
            "Now the chosen digit is read as {d} ({p:.0%}); {n} change(s) can be undone.",
        ).format(d=guess, p=float(probabilities[guess]), n=len(w.undos))
    )


def advisor_view(w: QWidget) -> str:
    text = translate(
        "Explain",
        "The advisor watches the run for common mistakes (a learning rate too high or too low, "
        "overfitting, dead ReLU units, extreme settings); each hint has a one-click fix.",
    )
    advice = getattr(w, "advice", [])
    if not advice:
        return text + " " + translate("Explain", "Now: nothing noticed.")
    return text + " " + translate("Explain", "Now: {n} hint(s).").format(n=len(advice))


def _last(series) -> float | None:
    return float(series.y[-1]) if series is not None and len(series) else None


def loss_view(w: QWidget) -> str:
    text = translate(
        "Explain",
        "The loss (top) and the accuracy (bottom) as training goes on, for the training "
        "digits and the test digits. When the training curve keeps improving while the test "
        "curve stalls or turns, the network is learning its training digits by heart.",
    )
    snap = getattr(w, "_snapshot", None)
    batch = None if snap is None else _last(snap.batch_loss)
    if batch is None:
        return text + " " + translate("Explain", "Press Start to draw the curves.")
    now = translate("Explain", "Now, after {u:,} updates: mini-batch loss {l:.3g}.").format(
        u=snap.updates, l=batch
    )
    test = _last(snap.test_accuracy)
    if test is not None:
        now += " " + translate("Explain", "Test accuracy {a:.1%}.").format(a=test)
    return text + " " + now


def weights_view(w: QWidget) -> str:
    text = translate(
        "Explain",
        "The weights of each layer: blue positive, vermillion negative. Watch them grow "
        "from their small random start into patterns as the network learns.",
    )
    snap = getattr(w, "_last_snapshot", None)
    histograms = [] if snap is None else snap.weight_histograms
    if not histograms:
        return text
    edges = histograms[0].edges
    return (
        text
        + " "
        + translate(
            "Explain", "Now the first layer's weights lie between {low:.2g} and {high:.2g}."
        ).format(low=float(edges[0]), high=float(edges[-1]))
    )


def predictions_view(w: QWidget) -> str:
    text = translate(
        "Explain",
        "Test digits with the network's answer and its probability; wrong answers are marked.",
    )
    snap = getattr(w, "_snapshot", None)
    confusion = None if snap is None else snap.confusion
    if confusion is None or not confusion.sum():
        return text
    right, total = int(confusion.trace()), int(confusion.sum())
    return (
        text
        + " "
        + translate(
            "Explain", "Now {right:,} of {total:,} test digits are right ({a:.1%})."
        ).format(right=right, total=total, a=right / total)
    )


# Views, by class name: asked when the click lands on a view but on no control of it.
VIEW_RULES: dict[str, Rule] = {
    "RobustnessView": robustness_view,
    "EmbeddingView": embedding_view,
    "SurgeryView": surgery_view,
    "AdvisorView": advisor_view,
    "LossView": loss_view,
    "WeightsView": weights_view,
    "PredictionsView": predictions_view,
}
