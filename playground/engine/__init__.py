"""A multilayer perceptron in plain NumPy with a Keras-shaped API.

from playground.engine import Sequential, Dense
model = Sequential([Dense(500, activation="relu", input_dim=784),
                    Dense(10, activation="softmax")], seed=0)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=100, epochs=2)
loss, accuracy = model.evaluate(x_test, y_test)
"""

from . import activations, callbacks, initializers, losses, optimizers, regularizers
from .activations import ACTIVATIONS
from .augmentation import RandomRotation, RandomTranslation
from .callbacks import Callback, EarlyStopping, History, LambdaCallback, ReduceLROnPlateau
from .errors import ModelFileError, NonFiniteError
from .initializers import INITIALIZERS
from .layers import Dense, LayerGradients, LayerTrace
from .losses import LOSSES
from .model import Sequential
from .optimizers import OPTIMIZERS
from .saving import FORMAT_VERSION, load_model, save_model
from .summary import LayerSummary
from .training_layers import Dropout, GaussianNoise

__all__ = [
    "ACTIVATIONS",
    "FORMAT_VERSION",
    "INITIALIZERS",
    "LOSSES",
    "OPTIMIZERS",
    "Callback",
    "Dense",
    "Dropout",
    "EarlyStopping",
    "GaussianNoise",
    "History",
    "LambdaCallback",
    "LayerGradients",
    "LayerSummary",
    "LayerTrace",
    "ModelFileError",
    "NonFiniteError",
    "RandomRotation",
    "RandomTranslation",
    "ReduceLROnPlateau",
    "Sequential",
    "activations",
    "callbacks",
    "initializers",
    "load_model",
    "losses",
    "optimizers",
    "regularizers",
    "save_model",
]
