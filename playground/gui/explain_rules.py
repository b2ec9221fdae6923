"""What each control does, and what its value means now: the rules of "Explain this".

``RULES`` maps a widget's object name to a function of that widget returning one short
paragraph. Each reads the widget's current value, so the text always describes what is set now
(a learning rate of 0.5 gets a warning, a dropout of 0.5 its scaling factor 1/(1 − 0.5) = 2).
Texts go through ``QCoreApplication.translate("Explain", ...)`` so both languages get them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

Rule = Callable[[QWidget], str]
translate = QCoreApplication.translate


def _value(widget: QWidget):
    """The widget's current value: a combo box's data, a spin box's or slider's number."""
    if hasattr(widget, "currentData"):
        return widget.currentData()
    return widget.value()


def _sibling_value(widget: QWidget, name: str):
    other = widget.window().findChild(QWidget, name)
    return None if other is None else _value(other)


def learning_rate(w: QWidget) -> str:
    lr, optimizer = _value(w), _sibling_value(w, "optimizer") or "adam"
    text = translate(
        "Explain",
        "Learning rate η = {lr:g}: every update moves each weight by η times its gradient, "
        "w ← w − η·∂L/∂w.",
    ).format(lr=lr)
    if not math.isfinite(lr) or lr <= 0:
        return (
            text
            + " "
            + translate("Explain", "This is not a usable rate: it must be a number above 0.")
        )
    high = 1.0 if optimizer == "sgd" else 0.01
    if lr > high:
        return (
            text
            + " "
            + translate(
                "Explain",
                "For {opt} that is large: the loss may jump about or explode; try {lower:g}.",
            ).format(opt=optimizer, lower=high / 10)
        )
    if lr < high / 1000:
        return (
            text
            + " "
            + translate(
                "Explain",
                "For {opt} that is small: the loss will fall very slowly; try {higher:g}.",
            ).format(opt=optimizer, higher=high / 100)
        )
    return (
        text + " " + translate("Explain", "For {opt} this is a usual size.").format(opt=optimizer)
    )


def batch_size(w: QWidget) -> str:
    size = int(_value(w))
    text = translate(
        "Explain", "Batch size {n}: the gradient is averaged over {n} digits before each update."
    ).format(n=size)
    if size == 1:
        return text + " " + translate("Explain", "One digit per update: many quick, noisy steps.")
    if size >= 1000:
        return text + " " + translate("Explain", "Large batches: smooth but few updates per epoch.")
    return (
        text + " " + translate("Explain", "Smaller batches mean more, noisier updates per epoch.")
    )


def epochs(w: QWidget) -> str:
    return translate(
        "Explain", "{n} epochs: the network sees every training digit {n} times."
    ).format(n=_value(w))


def seed(w: QWidget) -> str:
    return translate(
        "Explain",
        "Seed {s}: fixes the first weights, the shuffling and dropout's random choices. The "
        "same seed repeats the run exactly; another one gives a different but similar run.",
    ).format(s=_value(w))


ACTIVATIONS = {
    "sigmoid": QT_TRANSLATE_NOOP(
        "Explain",
        "Sigmoid squeezes z into 0..1; its slope is at most 0.25, so deep sigmoid "
        "networks learn slowly (vanishing gradients).",
    ),
    "tanh": QT_TRANSLATE_NOOP(
        "Explain",
        "tanh squeezes z into −1..1; centred on 0, it learns faster than sigmoid.",
    ),
    "relu": QT_TRANSLATE_NOOP(
        "Explain",
        "ReLU passes positive z and gives 0 otherwise; cheap and fast to learn, but a unit "
        "that is always negative stops learning (a dead unit).",
    ),
    "leaky_relu": QT_TRANSLATE_NOOP(
        "Explain",
        "Leaky ReLU is ReLU with a small slope for negative z, so no unit dies.",
    ),
    "elu": QT_TRANSLATE_NOOP(
        "Explain",
        "ELU is z for positive z and α(eᶻ − 1) below: smooth, with outputs near 0 on average.",
    ),
    "maxout": QT_TRANSLATE_NOOP(
        "Explain",
        "Maxout takes the largest of k linear pieces: it learns its own activation.",
    ),
    "linear": QT_TRANSLATE_NOOP(
        "Explain",
        "Linear: no activation. Layers of it add up to one matrix: the network can only "
        "draw straight boundaries.",
    ),
}


def activation(w: QWidget) -> str:
    key = _value(w)
    detail = translate("Explain", ACTIVATIONS[key]) if key in ACTIVATIONS else ""
    return (
        translate("Explain", "Activation f of every hidden layer, now {name}.").format(
            name=w.currentText()
        )
        + " "
        + detail
    ).strip()


OPTIMIZERS = {
    "sgd": QT_TRANSLATE_NOOP(
        "Explain",
        "SGD steps against the gradient by the learning rate, nothing more (momentum, if "
        "set, keeps some of the last step).",
    ),
    "adam": QT_TRANSLATE_NOOP(
        "Explain",
        "Adam keeps a running mean of each weight's gradient and of its square, and steps "
        "by their ratio: every weight gets a step size of its own.",
    ),
    "rmsprop": QT_TRANSLATE_NOOP(
        "Explain",
        "RMSprop divides each step by a running root mean square of the gradient.",
    ),
    "adagrad": QT_TRANSLATE_NOOP(
        "Explain",
        "Adagrad divides each step by the root of all past squared gradients: steps "
        "only get smaller.",
    ),
    "adadelta": QT_TRANSLATE_NOOP(
        "Explain",
        "Adadelta adapts each step from running averages; it needs a learning rate near 1.",
    ),
    "adamax": QT_TRANSLATE_NOOP(
        "Explain",
        "Adamax is Adam with the largest past gradient in place of the root mean square.",
    ),
    "nadam": QT_TRANSLATE_NOOP(
        "Explain",
        "Nadam is Adam with a Nesterov look-ahead.",
    ),
}


def optimizer(w: QWidget) -> str:
    key = _value(w)
    detail = translate("Explain", OPTIMIZERS[key]) if key in OPTIMIZERS else ""
    return (
        translate("Explain", "Optimizer, now {name}.").format(name=w.currentText()) + " " + detail
    ).strip()


def loss(w: QWidget) -> str:
    if _value(w) == "categorical_crossentropy":
        return translate(
            "Explain",
            "Loss, now cross-entropy: C = −ln p(right digit). Near 0 when the network is sure "
            "and right; it grows without bound when it is sure and wrong.",
        )
    return translate(
        "Explain",
        "Loss, now mean squared error: the squared distance between the output and the one-hot "
        "answer. With softmax it learns more slowly than cross-entropy.",
    )


def dropout(w: QWidget) -> str:
    rate = float(_value(w))
    if rate == 0:
        return translate(
            "Explain",
            "Dropout is off (0). Set a rate such as 0.5 to switch off that share of hidden "
            "units at random in every training batch: the network cannot rely on any one unit.",
        )
    return translate(
        "Explain",
        "Dropout {r:g}: in training each hidden unit is switched off with probability {r:g} and "
        "the others are scaled by 1/(1 − {r:g}) = {s:.2f}, so their sum stays the same on "
        "average. Testing uses every unit.",
    ).format(r=rate, s=1 / (1 - rate))


def l2(w: QWidget) -> str:
    strength = float(_value(w))
    if strength == 0:
        return translate(
            "Explain",
            "The L2 penalty is off (0). A strength λ adds λ·ΣW² to the loss, which pulls "
            "every weight towards 0 (weight decay).",
        )
    return translate(
        "Explain",
        "L2 penalty λ = {l:g}: the loss gains {l:g}·ΣW², so each update also shrinks every "
        "weight by η·2·{l:g}·w. Small weights make smoother decisions that overfit less.",
    ).format(l=strength)


def schedule(w: QWidget) -> str:
    key = _value(w)
    if key == "cosine":
        return translate(
            "Explain",
            "Cosine decay: the learning rate falls from its start to 0 along half a cosine "
            "by the last epoch: big steps first, small ones at the end.",
        )
    if key == "exponential":
        return translate(
            "Explain", "Exponential decay: the learning rate shrinks by the same factor each epoch."
        )
    return translate(
        "Explain", "Constant: the same learning rate from the first update to the last."
    )


def rotation(w: QWidget) -> str:
    degrees = float(_value(w))
    if degrees == 0:
        return translate("Explain", "Rotation is off: training digits are not turned.")
    return translate(
        "Explain",
        "Each training digit is turned by a random angle between −{d:g}° and {d:g}°, anew "
        "every epoch. Test digits stay upright.",
    ).format(d=degrees)


def shift(w: QWidget) -> str:
    pixels = float(_value(w))
    if pixels == 0:
        return translate("Explain", "Shift is off: training digits are not moved.")
    return translate(
        "Explain",
        "Each training digit is moved by up to {p:g} pixels in each direction, anew every epoch.",
    ).format(p=pixels)


def noise(w: QWidget) -> str:
    sigma = float(_value(w))
    if sigma == 0:
        return translate("Explain", "Noise is off: training digits are used as they are.")
    return translate(
        "Explain",
        "Each training pixel gets random noise with standard deviation {s:g} (pixels run from "
        "0 to 1), anew in every batch.",
    ).format(s=sigma)


def train_size(w: QWidget) -> str:
    n = int(_value(w))
    text = translate("Explain", "{n} training digits.").format(n=n)
    if 0 < n <= 2000:
        text += " " + translate(
            "Explain",
            "So few that a large network can learn them by heart: watch for the training "
            "accuracy pulling away from the test accuracy (overfitting).",
        )
    return text


def validation_split(w: QWidget) -> str:
    share = float(_value(w))
    if share == 0:
        return translate("Explain", "No validation set: every training digit is used for training.")
    return translate(
        "Explain",
        "{p:.0f}% of the training digits are held out: the network never trains on them, so "
        "their accuracy shows how well it generalises while it trains.",
    ).format(p=100 * share)


def layer_units(w: QWidget) -> str:
    return translate(
        "Explain",
        "A hidden layer of {n} units: each computes f(x·w + b) from every output of the layer "
        "before. More units can learn more, and can also memorise more.",
    ).format(n=int(_value(w)))


def initializer(w: QWidget) -> str:
    return translate(
        "Explain",
        "How the first weights are drawn, now {name}. Glorot and He scale them to the layer's "
        "size so signals neither die out nor blow up through the layers.",
    ).format(name=w.currentText())


def threshold(w: QWidget) -> str:
    p = float(_value(w))
    if p == 0:
        return translate(
            "Explain", "Confidence threshold 0: the network always answers with its top digit."
        )
    return translate(
        "Explain",
        "Confidence threshold {p:.0%}: the network answers only when its top probability is at "
        "least {p:.0%}, otherwise it says 'not sure'. The dashed curve shows how often it "
        "still answers.",
    ).format(p=p)


def temperature(w: QWidget) -> str:
    t = float(_value(w))
    return translate(
        "Explain",
        "Softmax temperature T = {t:.2f}: the scores are divided by T before the softmax. "
        "Below 1 the answer gets surer, above 1 the probabilities even out; T = 1 is what "
        "the network computes.",
    ).format(t=t)


def slow_motion(w: QWidget) -> str:
    ms = int(_value(w))
    if ms == 0:
        return translate("Explain", "Full speed: no pause between mini-batches.")
    return translate(
        "Explain", "Slow motion: a pause of {ms} ms after every mini-batch, to follow each update."
    ).format(ms=ms)


def damage(w: QWidget) -> str:
    return translate(
        "Explain",
        "Which damage the curve shows, now {name}: the x axis is how strong it is, the y axis "
        "the share of damaged test digits still classified right.",
    ).format(name=w.currentText())


def embedding_layer(w: QWidget) -> str:
    return translate(
        "Explain",
        "The hidden layer whose outputs are mapped to 2-D, now {name}. Later layers usually "
        "separate the digits more clearly.",
    ).format(name=w.currentText() or "–")


# Object name -> rule. Names ending in a number (layerUnits0, layerUnits1, ...) use their stem.
RULES: dict[str, Rule] = {
    "learningRate": learning_rate,
    "batchSize": batch_size,
    "epochs": epochs,
    "seed": seed,
    "activation": activation,
    "optimizer": optimizer,
    "loss": loss,
    "dropout": dropout,
    "l2": l2,
    "schedule": schedule,
    "rotation": rotation,
    "shift": shift,
    "noise": noise,
    "trainSize": train_size,
    "validationSplit": validation_split,
    "layerUnits": layer_units,
    "initializer": initializer,
    "robustnessThreshold": threshold,
    "robustnessDamage": damage,
    "softmaxTemperature": temperature,
    "slowMotion": slow_motion,
    "embeddingLayer": embedding_layer,
}
