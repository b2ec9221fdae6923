"""nn-playground: a desktop neural-network playground for an introductory deep-learning lecture."""

__version__ = "0.1.0"
